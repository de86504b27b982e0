"""The A4 municipality report: a valid PDF with the name, the vector map and every section."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from layers.initiatives.checklist import element_checklist, hints, target_groups_reached
from layers.maps.colour import hex_to_rgb
from layers.maps.palettes import sequential
from layers.reports.pdf import FONT_DIR, dutch_date, municipality_report_pdf

NAAM = "Beveren-Kruibeke-Zwijndrecht"
HOSTILE = (
    "Café ‘De Ster’ – ontmoeting\x00\x07 {nb} {vb-nb} (haakjes) \\ back\\slash 👵🏼 北京 שלום "
    + "https://voorbeeld.be/"
    + "x" * 300
)


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def _streams(data: bytes) -> bytes:
    """All content streams, inflated (fpdf2 compresses them with zlib)."""
    parts = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            parts.append(raw)
    return b"\n".join(parts)


def _text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())  # wrapped lines joined


def _wijken() -> gpd.GeoDataFrame:
    shapes = [
        box(4.20, 51.20, 4.25, 51.25),
        box(4.25, 51.20, 4.30, 51.25),
        box(4.20, 51.25, 4.30, 51.28),
    ]
    ring = Polygon(
        [(4.30, 51.20), (4.36, 51.20), (4.36, 51.28), (4.30, 51.28)],
        [[(4.32, 51.22), (4.34, 51.22), (4.34, 51.24), (4.32, 51.24)]],
    )
    shapes += [ring, box(4.32, 51.22, 4.34, 51.24), box(3.0, 50.0, 3.1, 50.1)]
    return gpd.GeoDataFrame(
        {
            "code": ["46030W01", "46030W02", "46030W03", "46030W04", "46030W05", "44021W01"],
            "gemeente_code": ["46030"] * 5 + ["44021"],
        },
        geometry=shapes,
        crs="EPSG:4326",
    )


def _summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["alleenwonend", "uitrustingsgraad"],
            "label": ["Alleenwonenden", "Uitrustingsgraad"],
            "eenheid": ["%", "klasse"],
            "decimalen": [1, 0],
            "gemeente": [30.1, 3.0],
            "vlaanderen": [32.5, 5.0],
            "provincie": [31.0, 4.0],
            "vergelijkbaar": [29.9, 3.0],
            "methode": ["som van tellers en noemers", "mediaan van de gemeenten"],
            "gemeente_tekst": ["30,1 %", "c1: goed uitgerust"],
            "vlaanderen_tekst": ["32,5 %", "5 klasse (mediaan)"],
            "provincie_tekst": ["31,0 %", "4 klasse (mediaan)"],
            "vergelijkbaar_tekst": ["29,9 %", "3 klasse (mediaan)"],
            "rang": [120.0, 80.0],
            "rang_van": [285, 285],
            "reden": ["", ""],
            "kanttekening": ["Census 2021.", ""],
            "bron": ["Statbel, Census 2021", "Provincies in Cijfers"],
            "jaar": ["2021", "2025"],
            "licentie": ["Statbel open data", "Modellicentie Gratis Hergebruik"],
        }
    )


def _initiatives(name: str = "Kinderdagen in WZC De Notelaar") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["notelaar"],
            "naam": [name],
            "gemeente_code": ["46030"],
            "organisator": [HOSTILE],
            "doelgroepen": [("wzc-bewoners", "kinderen")],
            "actietypes": [("intergenerationeel",)],
            "effectieve_elementen": [("ontmoeting", "activiteiten")],
            "bron_url": ["https://" + "lang" * 60 + ".be"],
            "geldig": [True],
        }
    )


def _report(*, initiatives: pd.DataFrame | None = None, font_dir: Path | None = FONT_DIR) -> bytes:
    own = _initiatives() if initiatives is None else initiatives
    checklist, groups = element_checklist(own), target_groups_reached(own)
    values = pd.Series(
        [10.0, 20.0, 30.0, None, 25.0, 99.0],
        index=["46030W01", "46030W02", "46030W03", "46030W04", "46030W05", "44021W01"],
        name="65-plussers",
    )
    return municipality_report_pdf(
        naam=NAAM,
        code="46030",
        summary=_summary(),
        wijken=_wijken(),
        wijk_values=values,
        initiatives=own,
        checklist=checklist,
        hints=hints(checklist, groups, _summary(), initiatives=own),
        generated_on=date(2025, 3, 5),
        notes=["Fusie van 2025: Beveren, Kruibeke en Zwijndrecht."],
        groups=groups,
        province="Oost-Vlaanderen",
        map_unit="%",
        map_source="Statbel, wijken 2025",
        font_dir=font_dir,
    )


def test_report_is_a_pdf_with_the_name_sections_and_footer(tmp_path):
    data = _report()
    assert data.startswith(b"%PDF")
    pages = _pdf_pages(data)
    assert pages >= 1
    text = _text(data, tmp_path)
    assert NAAM in text
    assert "5 maart 2025" in text
    for section in ("Cijfers", "Initiatieven (1)", "Zeven werkzame elementen", "Tips uit"):
        assert section in text
    assert "Kinderdagen in WZC De Notelaar" in text
    assert "Alleenwonenden" in text and "32,5 %" in text and "Statbel, Census 2021" in text
    assert "5 klasse *" in text  # medians are marked
    assert text.count("Bronnen:") == pages  # footer with sources on every page
    assert f"pagina {pages} van {pages}" in text
    assert b"Beveren-Kruibeke-Zwijndrecht" in data  # document title in the metadata


def test_dutch_characters_survive_with_the_ttf_font(tmp_path):
    if not (FONT_DIR / "DejaVuSans.ttf").is_file():
        pytest.skip("DejaVu fonts are not installed")
    text = _text(_report(initiatives=_initiatives("Café ‘De Ster’ – één")), tmp_path)
    assert "Café ‘De Ster’ – één" in text


def test_core_font_fallback_transliterates_and_keeps_the_name(tmp_path):
    data = _report(initiatives=_initiatives("Café ‘De Ster’ – één"), font_dir=None)
    assert data.startswith(b"%PDF")
    streams = _streams(data)
    assert b"Beveren-Kruibeke-Zwijndrecht" in streams  # core fonts write plain text
    assert "Café 'De Ster' - één".encode("latin-1") in streams
    missing_dir = _report(font_dir=tmp_path / "geen-fonts")
    assert missing_dir.startswith(b"%PDF")


def test_hostile_uploaded_strings_do_not_break_the_pdf(tmp_path):
    for font_dir in (FONT_DIR, None):
        data = _report(initiatives=_initiatives(HOSTILE), font_dir=font_dir)
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    text = _text(_report(initiatives=_initiatives(HOSTILE)), tmp_path)
    assert "(haakjes)" in text
    pages = _pdf_pages(_report(initiatives=_initiatives(HOSTILE)))
    assert f"pagina 1 van {pages}" in text  # "{nb}" in user text is not a page-count alias


def test_map_is_drawn_as_vectors_in_the_legend_colours():
    streams = _streams(_report(font_dir=None))
    fills = set(re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", streams))
    colours = sequential("YlOrRd", 4)  # four distinct values among the municipality's wijken

    def key(colour: str) -> tuple[float, ...]:
        return tuple(round(c, 3) for c in hex_to_rgb(colour))

    drawn = {tuple(round(float(c), 3) for c in fill) for fill in fills}
    assert {key(c) for c in colours} <= drawn
    # polygons: a path of several line segments, filled and stroked (B), at least one per wijk
    assert len(re.findall(rb"(?:[\d.]+ [\d.]+ l\s+){3,}h\s+B\b", streams)) >= 5


def test_dutch_date():
    assert dutch_date(date(2025, 12, 1)) == "1 december 2025"


def test_real_report_for_beveren_kruibeke_zwijndrecht(store_path, tmp_path):
    from geodata.store import read_layer
    from layers.initiatives.inventory import default_inventory_path, read_inventory

    inventory, _ = read_inventory(default_inventory_path(), filename="initiatives.csv")
    own = inventory[inventory["gemeente_code"] == "46030"]
    wijken = read_layer(store_path, "wijk", display=True)
    values = pd.Series(range(len(wijken)), index=wijken["code"], dtype=float, name="test")
    checklist, groups = element_checklist(own), target_groups_reached(own)
    data = municipality_report_pdf(
        naam=NAAM,
        code="46030",
        summary=_summary(),
        wijken=wijken,
        wijk_values=values,
        initiatives=own,
        checklist=checklist,
        hints=hints(checklist, groups, None, initiatives=own, inventory=inventory, code="46030"),
        generated_on=date(2025, 3, 5),
        groups=groups,
    )
    assert data.startswith(b"%PDF") and _pdf_pages(data) >= 1
    text = _text(data, tmp_path)
    assert NAAM in text and "WZC De Notelaar" in text
    n_wijken = int((wijken["gemeente_code"] == "46030").sum())
    assert f"({n_wijken} wijken)" in text


def test_map_without_values_or_without_wijken_still_gives_a_report(tmp_path):
    own = _initiatives()
    checklist = element_checklist(own)
    options = {
        "naam": NAAM,
        "code": "46030",
        "summary": _summary().iloc[0:0],
        "initiatives": own.iloc[0:0],
        "checklist": checklist,
        "hints": [],
        "generated_on": date(2025, 3, 5),
    }
    plain = _text(municipality_report_pdf(wijken=_wijken(), wijk_values=None, **options), tmp_path)
    assert "Wijken van de gemeente (5 wijken)" in plain
    assert "Geen indicatoren beschikbaar" in plain and "Geen initiatieven bekend" in plain
    empty = municipality_report_pdf(wijken=_wijken().iloc[0:0], wijk_values=None, **options)
    assert "Geen wijkgrenzen beschikbaar" in _text(empty, tmp_path)


def test_report_with_a_scenario_section(tmp_path):
    own = _initiatives()
    checklist, groups = element_checklist(own), target_groups_reached(own)
    data = municipality_report_pdf(
        naam=NAAM,
        code="46030",
        summary=_summary(),
        wijken=_wijken(),
        wijk_values=None,
        initiatives=own,
        checklist=checklist,
        hints=[],
        generated_on=date(2025, 3, 5),
        groups=groups,
        scenario=[
            "Scenario: twee nieuwe ontmoetingsplekken in Beveren (binnen 800 m): 1.569 "
            "65-plussers erbij.",
            "Wijk Melsele: " + HOSTILE,
        ],
    )
    text = _text(data, tmp_path)
    assert "Scenario Scenario: twee nieuwe ontmoetingsplekken in Beveren" in text
    assert "Wijk Melsele: Café" in text
