"""Generate the corpus of bad and tricky upload files into a folder.

    python tests/corpus/make_corpus.py OUTPUT_FOLDER

Every file is built from scratch here (no data copied from the mirror); ``expected.json`` next
to this script says what ``read_upload`` must make of each one. Binary files are never
committed: the tests call :func:`make_corpus` into a temporary folder.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
from openpyxl import Workbook
from shapely.geometry import Point, Polygon, box

HERE = Path(__file__).parent
EXPECTED = HERE / "expected.json"
PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    "${alert(1)}",
    "`${document.cookie}`",
    "back`tick\\n",
)
FORMULAS = ('=HYPERLINK("http://evil.example","klik")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1")
# Real 2025 NIS codes with their Dutch name; values are made up.
GEMEENTEN = [("11002", "Antwerpen"), ("44021", "Gent"), ("31005", "Brugge"), ("24062", "Leuven"),
             ("12025", "Mechelen"), ("71072", "Hasselt"), ("34022", "Kortrijk"), ("41002", "Aalst")]  # fmt: skip
# Points inside Flanders (lon, lat): stations of Gent, Antwerpen, Leuven, Brugge, Hasselt.
POINTS_IN = [(3.7106, 51.0357), (4.4211, 51.2172), (4.7156, 50.8814), (3.2170, 51.1972), (5.3273, 50.9310)]
POINTS_OUT = [(2.3522, 48.8566), (4.3571, 50.8456), (5.5667, 50.6245)]  # Paris, Brussel, Luik


def _csv(rows: list[list[object]], sep: str = ";") -> str:
    return "\r\n".join(sep.join(str(v) for v in row) for row in rows) + "\r\n"


def _write(folder: Path, name: str, content: bytes | str, encoding: str = "utf-8") -> None:
    data = content.encode(encoding) if isinstance(content, str) else content
    (folder / name).write_bytes(data)


def _table(sep: str = ";", value: Callable[[int], str] = lambda i: f"{10 + i},5") -> str:
    rows: list[list[object]] = [["NIS-code", "Gemeente", "Aandeel 80+"]]
    rows += [[code, naam, value(i)] for i, (code, naam) in enumerate(GEMEENTEN)]
    return _csv(rows, sep)


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def _shapefile_members(gdf: gpd.GeoDataFrame, stem: str, *, encoding: str = "UTF-8") -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{stem}.shp"
        gdf.to_file(path, driver="ESRI Shapefile", encoding=encoding)
        return {p.suffix: p.read_bytes() for p in Path(tmp).iterdir()}


def _gemeente_squares(crs: str) -> gpd.GeoDataFrame:
    """Small squares on real gemeenten, keyed by NIS code (Lambert 72 or WGS84)."""
    centres = gpd.GeoSeries([Point(x, y) for x, y in POINTS_IN], crs="EPSG:4326").to_crs(crs)
    size = 500 if crs != "EPSG:4326" else 0.005
    shapes = [box(p.x - size, p.y - size, p.x + size, p.y + size) for p in centres]
    codes = ["44021", "11002", "24062", "31005", "71072"]
    return gpd.GeoDataFrame({"niscode": codes, "waarde": [1.5, 2.5, 3.5, 4.5, 5.5]}, geometry=shapes, crs=crs)


def _xlsx_two_sheets() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Toelichting"
    ws.append(["Dit blad bevat uitleg."])
    ws.append(["Bron: eigen telling"])
    data = wb.create_sheet("Cijfers")
    data.append(["niscode", "gemeente", "inwoners"])
    for i, (code, naam) in enumerate(GEMEENTEN):
        data.append([int(code), naam, 1000 * (i + 1)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_formulas() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(["niscode", "inwoners", "dubbel"])
    for i, (code, _) in enumerate(GEMEENTEN, start=2):
        ws.append([code, 100 * i, f"=B{i}*2" if i % 2 == 0 else 200 * i])
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl saves formulas without cached values
    return buffer.getvalue()


def _geojson(features: list[dict[str, object]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features})


def _point_feature(lon: float, lat: float, naam: str) -> dict[str, object]:
    return {"type": "Feature", "properties": {"naam": naam},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}  # fmt: skip


def _gpkg_two_layers() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lagen.gpkg"
        points = gpd.GeoDataFrame({"naam": ["a", "b", "c"]}, geometry=[Point(*p) for p in POINTS_IN[:3]], crs=4326)
        points.to_file(path, layer="initiatieven", driver="GPKG")
        _gemeente_squares("EPSG:31370").to_file(path, layer="zones", driver="GPKG")
        return path.read_bytes()


def _png() -> bytes:
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
            b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
            b"\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip


def _oversize(folder: Path, name: str) -> None:
    line = b"11002;Antwerpen;" + b"9" * 80 + b"\n"
    with (folder / name).open("wb") as handle:
        handle.write(b"niscode;gemeente;waarde\n")
        block = line * 10_000
        for _ in range(55 * 1024 * 1024 // len(block) + 1):
            handle.write(block)


def _builders() -> dict[str, Callable[[Path, str], None]]:  # noqa: C901, PLR0915 - one entry per case
    b: dict[str, Callable[[Path, str], None]] = {}

    def text(name: str, content: str, encoding: str = "utf-8") -> None:
        b[name] = lambda f, n: _write(f, n, content, encoding)

    def raw(name: str, make: Callable[[], bytes]) -> None:
        b[name] = lambda f, n: _write(f, n, make())

    text("utf8_bom_semicolon.csv", "\ufeff" + _table(";"))
    text("cp1252_accents.csv", _csv([["gemeente", "opmerking", "aantal"], ["Gent", "café", 3],
                                     ["Leuven", "crèche", 4], ["Brugge", "één", 5]]), "cp1252")  # fmt: skip
    text("utf16_unicode_text.txt", "\ufeff" + _table("\t"), "utf-16-le")
    text("utf16_be_no_bom.txt", _table("\t"), "utf-16-be")
    text("comma_international.csv", _table(",", lambda i: f'"{i + 1},234.5"'))
    text("tab_separated.tsv", _table("\t", lambda i: f"{i}.25"))
    text("pipe_separated.txt", _table("|"))
    text("notes_and_totals.csv", "Bevolking 80+ per gemeente\r\nBron: Statbel, bewerking VVSG\r\n;;\r\n"
         + _table(";") + "Totaal;;100,0\r\nVlaams Gewest;;6,2\r\n")  # fmt: skip
    text("decimal_comma_thousands.csv", _table(";", lambda i: f"{i + 1}.{i:03d},{i}"))
    text("ambiguous_thousands.csv", _csv([["niscode", "aantal"], ["11002", "1.234"], ["44021", "12.345"],
                                          ["31005", "567"]]))  # fmt: skip
    text("mixed_decimal_marks.csv", _csv([["niscode", "aandeel"], ["11002", "12,5"], ["44021", "12.5"],
                                          ["31005", "13,1"], ["24062", "14,2"]]))  # fmt: skip
    text("missing_markers.csv", _csv([["niscode", "aandeel"], ["11002", "n.b."], ["44021", "nb"], ["31005", "-"],
                                      ["24062", "x"], ["12025", ""], ["71072", "3,5"]]))  # fmt: skip
    raw("two_sheets.xlsx", _xlsx_two_sheets)
    raw("formula_without_cache.xlsx", _xlsx_formulas)
    text("points.geojson", _geojson([_point_feature(x, y, f"punt {i}") for i, (x, y) in enumerate(POINTS_IN)]
                                    + [_point_feature(*POINTS_OUT[0], "Parijs")]))  # fmt: skip
    raw("two_layers.gpkg", _gpkg_two_layers)

    def shp_zip(f: Path, n: str, *, crs: str, folder: str, drop: tuple[str, ...] = (), encoding: str = "UTF-8",
                gdf: gpd.GeoDataFrame | None = None) -> None:  # fmt: skip
        parts = _shapefile_members(gdf if gdf is not None else _gemeente_squares(crs), "zones", encoding=encoding)
        _write(f, n, _zip({f"{folder}zones{ext}": c for ext, c in parts.items() if ext not in drop}))

    b["shapefile_in_subfolder.zip"] = lambda f, n: shp_zip(f, n, crs="EPSG:31370", folder="export/2025/")
    b["shapefile_no_prj_lambert72.zip"] = lambda f, n: shp_zip(f, n, crs="EPSG:31370", folder="", drop=(".prj",))
    b["shapefile_no_prj_lambert2008.zip"] = lambda f, n: shp_zip(f, n, crs="EPSG:3812", folder="", drop=(".prj",))
    names = gpd.GeoDataFrame({"naam": ["Café De Zwaan", "Ontmoetingsruimte Ré", "Buurthuis Noël"]},
                             geometry=[Point(*p) for p in POINTS_IN[:3]], crs=4326)  # fmt: skip
    b["shapefile_no_cpg_cp1252.zip"] = lambda f, n: shp_zip(
        f, n, crs="EPSG:4326", folder="", drop=(".cpg",), encoding="cp1252", gdf=names
    )
    bowtie = Polygon([(3.70, 51.03), (3.72, 51.05), (3.72, 51.03), (3.70, 51.05), (3.70, 51.03)])
    text("invalid_bowtie.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"niscode": "44021"}, "geometry": bowtie.__geo_interface__},
        {"type": "Feature", "properties": {"niscode": "11002"},
         "geometry": box(4.40, 51.20, 4.42, 51.22).__geo_interface__}]}))  # fmt: skip
    text("swapped_latlon.csv", _csv([["naam", "lat", "lon"]] + [[f"p{i}", y, x] for i, (x, y) in enumerate(POINTS_IN[:3])]
                                    + [["omgedraaid", x, y] for x, y in POINTS_IN[3:]], ","))  # fmt: skip
    text("points_outside_flanders.csv", _csv([["naam", "latitude", "longitude"]]
                                             + [[f"in {i}", y, x] for i, (x, y) in enumerate(POINTS_IN)]
                                             + [[f"uit {i}", y, x] for i, (x, y) in enumerate(POINTS_OUT)], ","))  # fmt: skip
    stops = ["stop_id,stop_code,stop_name,stop_desc,stop_lat,stop_lon,zone_id,stop_url,location_type,"
             "parent_station,platform_code,wheelchair_boarding"]  # fmt: skip
    for i, (x, y) in enumerate(POINTS_IN * 4):
        stops.append(f'{100000 + i},{200000 + i},"Halte {i}, perron A",,{y + i * 1e-4:.6f},{x:.6f},,,0,,,1')
    text("stops.txt", "\n".join(stops) + "\n")
    text("lambert72_xy.csv", _csv([["naam", "x", "y"], ["Gent", "104000", "194000"], ["Antwerpen", "152500", "212000"],
                                   ["Leuven", "173000", "174500"]]))  # fmt: skip
    text("old_codes_2024.csv", _csv([["nis", "inwoners"], ["11002", "530000"], ["11007", "11000"], ["37012", "6300"],
                                     ["37018", "14500"], ["44021", "265000"]]))  # fmt: skip
    text("old_codes_2024_sum.csv", _csv([["nis", "inwoners"], ["11002", "530000"], ["11007", "11000"],
                                         ["37012", "6300"], ["37018", "14500"], ["44021", "265000"]]))  # fmt: skip
    text("old_codes_rate.csv", _csv([["nis", "tachtigplus", "inwoners", "aandeel"], ["37012", "600", "6300", "9,52"],
                                     ["37018", "1300", "14500", "8,97"], ["44021", "15000", "265000", "5,66"]]))  # fmt: skip
    text("borsbeek_missing.csv", _csv([["nis", "huishoudens"], ["11002", "237521"], ["37012", "2600"],
                                       ["37018", "6000"], ["44021", "120000"]]))  # fmt: skip
    text("french_names.csv", _csv([["commune", "valeur"], ["Anvers", "1"], ["Gand", "2"], ["Louvain", "3"],
                                   ["Malines", "4"], ["Bruges", "5"]]))  # fmt: skip
    text("statsec_codes.csv", _csv([["cd_sector", "inwoners"], ["11001A00-", "500"], ["11001A01-", "700"],
                                    ["44021A00-", "900"], ["44021A01-", "1100"]]))  # fmt: skip
    text("statsec_codes_sum.csv", _csv([["cd_sector", "inwoners"], ["11001A00-", "500"], ["11001A01-", "700"],
                                        ["44021A00-", "900"], ["44021A01-", "1100"], ["44021W01", "5"]]))  # fmt: skip
    text("wijk_codes.csv", _csv([["wijkcode", "score"], ["11001W01", "1,5"], ["11001W02", "2,5"], ["44021W01", "3,5"],
                                 ["11002P01", "4,5"]]))  # fmt: skip
    text("duplicate_keys.csv", _csv([["niscode", "waarde"], ["11002", "1"], ["44021", "2"], ["11002", "3"],
                                     ["31005", "4"]]))  # fmt: skip
    text("two_years.csv", _csv([["niscode", "jaar", "waarde"], ["11002", "2023", "1"], ["11002", "2024", "2"],
                                ["44021", "2023", "3"], ["44021", "2024", "4"]]))  # fmt: skip
    raw("png_renamed.csv", _png)
    text("html_renamed.csv", "<!DOCTYPE html><html><body><script>alert(1)</script><table><tr><td>11002</td></tr>"
         "</table></body></html>")  # fmt: skip
    text("pdf_renamed.csv", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    b["oversize.csv"] = _oversize
    raw("zip_bomb.zip", lambda: _zip({"bom.csv": b"niscode;waarde\n" + b"0" * (40 * 1024 * 1024)}))
    raw("path_traversal.zip", lambda: _zip({"../../etc/cron.d/evil.csv": _table().encode(), "ok.csv": b"a;b\n"}))
    raw("absolute_path.zip", lambda: _zip({"/tmp/evil.csv": _table().encode()}))
    raw("too_many_members.zip", lambda: _zip({f"deel_{i:02d}.csv": _table().encode() for i in range(60)}))
    raw("zipped_csv_in_folder.zip", lambda: _zip({"export/cijfers.csv": _table().encode("utf-8")}))
    raw("broken.zip", lambda: _zip({"a.csv": _table().encode()})[:60])
    text("payload_names.csv", _csv([["niscode", "initiatief", "aantal"]]
                                   + [[code, p, i] for i, (p, (code, _)) in enumerate(zip(PAYLOADS, GEMEENTEN, strict=False))]
                                   + [[p, "sleutel is een payload", 1] for p in PAYLOADS[:3]]))  # fmt: skip
    text("formula_payloads.csv", _csv([["niscode", "opmerking", "waarde"]]
                                      + [[code, f, i] for i, (f, (code, _)) in enumerate(zip(FORMULAS, GEMEENTEN, strict=False))]
                                      + [['=HYPERLINK("http://evil.example")', "sleutel", 1]]))  # fmt: skip
    text("empty.csv", "")
    text("header_only.csv", "niscode;waarde\r\n")
    text("no_key_column.csv", _csv([["kleur", "aantal"], ["rood", "1"], ["blauw", "2"]]))
    text("ragged_rows.csv", _csv([["niscode", "waarde"], ["11002", "1"], ["44021", "2", "extra", "velden"],
                                  ["31005", "3"]]))  # fmt: skip
    text("ambiguous_and_brussels_names.csv", _csv([["gemeente", "waarde"], ["Deurne", "1"], ["21004", "2"],
                                                   ["Gent", "3"], ["Atlantis", "4"]]))  # fmt: skip
    b["garbage_binary.csv"] = lambda f, n: _write(f, n, bytes(range(256)) * 40)
    return b


def make_corpus(folder: Path) -> list[Path]:
    """Write every corpus file into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, build in _builders().items():
        build(folder, name)
        paths.append(folder / name)
    return paths


def expected() -> dict[str, dict[str, object]]:
    """The expected outcome per corpus file (from expected.json)."""
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("corpus-out")
    for path in make_corpus(target):
        print(path)
