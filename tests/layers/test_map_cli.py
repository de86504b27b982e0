"""``verbonden map FILE --out MAP.html``: standalone maps of uploaded files, escaped, offline."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest

from layers.cli import main
from layers.maps import html_text

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${alert(1)}",
    "back`tick",
    "back\\slash",
)
HEADER_PAYLOAD = "score <img src=x onerror=alert(2)> `${alert(3)}` \\x"
TITLE_PAYLOAD = "Titel <script>alert(4)</script> ${alert(5)}"
_LEAFLET_BLOCK = re.compile(
    r"<style>/\* required styles \*/.*?</style>\s*<script>/\* @preserve\s+\* Leaflet.*?</script>",
    re.DOTALL,
)
_URL = re.compile(r"https?://[^\s\"'<>)\\]+")
_JS_STRING = r'"(?:[^"\\]|\\.)*"'


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["map", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def layers_data(page: str) -> list[list[dict]]:
    """The features of every GeoJSON layer in the page, in order of appearance."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"\.addData\((?=\{)", page):
        data, _ = decoder.raw_decode(page, match.end())
        found.append(data["features"])
    return found


def legends(page: str) -> list[str]:
    """The HTML of every legend/title control (decoded from its JavaScript string)."""
    return [json.loads(m) for m in re.findall(rf"div\.innerHTML = ({_JS_STRING});", page)]


def tip_labels(page: str) -> list[list[str]]:
    return [json.loads(m) for m in re.findall(r"_labels = (\[.*?\]);\n", page)]


def by_code(features: list[dict]) -> dict[str, dict]:
    return {f["id"]: f["properties"] for f in features}


def assert_offline(page: str) -> None:
    """No script, style or image from elsewhere; no URL at all outside the inlined Leaflet,
    whose own URLs are its attribution link, the SVG namespace and a CSS comment."""
    assert not re.search(r"<script[^>]+src=", page, flags=re.IGNORECASE)
    assert not re.search(r"<link\b", page, flags=re.IGNORECASE)
    blocks = _LEAFLET_BLOCK.findall(page)
    assert len(blocks) == 1
    assert _URL.findall(_LEAFLET_BLOCK.sub("", page)) == []
    hosts = {re.sub(r"^https?://([^/]+).*$", r"\1", url) for url in _URL.findall(blocks[0])}
    assert hosts <= {"leafletjs.com", "www.w3.org", "bugzilla.mozilla.org"}


def test_indicator_file_gives_a_standalone_choropleth(settings, tmp_path, capsys):
    source = tmp_path / "ouderen.csv"
    source.write_text(
        "gemeente;aantal 80+;aandeel\n11007;10;1,5\nAnvers;5;2,5\n44021;7;3\n24062;3,5;4\n",
        encoding="utf-8",
    )
    out = tmp_path / "kaart.html"
    code, stdout, _ = run(
        capsys, source, "--out", out, "--aggregation", "sum", "--home", settings.home
    )
    assert code == 0
    assert "4 van 4 rijen gebruikt" in stdout and str(out) in stdout and "MB" in stdout
    assert "'aandeel'" in stdout  # the other value column is named
    page = out.read_text(encoding="utf-8")
    assert_offline(page)
    [features] = layers_data(page)
    assert len(features) == 285 and len({f["id"] for f in features}) == 285
    props = by_code(features)
    assert props["11002"]["t"] == ["Antwerpen", "15,0"]  # old code 11007 + "Anvers", summed
    assert props["44021"]["t"] == ["Gent", "7,0"]
    assert props["24062"]["t"][1] == "3,5"
    assert props["11001"]["nd"] == 1 and props["11001"]["t"][1] == "geen gegevens"
    assert sum("nd" in p for p in props.values()) == 282
    assert tip_labels(page)[0] == ["aantal 80+"]
    legend = next(t for t in legends(page) if "vb-legend-box" in t)
    assert "aantal 80+" in legend and "Eenheid" not in legend
    assert "Bron: Eigen bestand: ouderen.csv · kaartgrenzen: Provincies in Cijfers / Statbel" in (
        html_lib.unescape(legend)
    )
    assert "geen gegevens" in legend
    assert "<title>aantal 80+ — ouderen.csv</title>" in page


def test_rows_not_used_are_named_on_the_map(settings, tmp_path, capsys):
    source = tmp_path / "dubbel.csv"
    source.write_text("NIS;waarde\n11007;10\nAnvers;5\n44021;7\n", encoding="utf-8")
    out = tmp_path / "kaart.html"
    code, stdout, stderr = run(capsys, source, "--out", out, "--home", settings.home)
    assert code == 0 and "1 van 3 rijen gebruikt" in stdout
    assert "waarschuwing:" in stderr and "Antwerpen" in stderr
    page = out.read_text(encoding="utf-8")
    props = by_code(layers_data(page)[0])
    assert props["11002"].get("nd") == 1 and props["44021"]["t"][1] == "7"
    legend = html_lib.unescape(next(t for t in legends(page) if "vb-legend-box" in t))
    assert "Niet op de kaart: regel 2: meerdere rijen horen bij Antwerpen" in legend
    assert "Niet op de kaart: regel 3:" in legend


def test_column_choice_and_unknown_column(settings, tmp_path, capsys):
    source = tmp_path / "twee.csv"
    source.write_text("NIS,eerste,provincie,opmerking\n44021,1,20,a\n11002,2,30,b\n", "utf-8")
    out = tmp_path / "kaart.html"
    code, _, _ = run(capsys, source, "--out", out, "--column", "provincie", "--home", settings.home)
    assert code == 0
    assert by_code(layers_data(out.read_text("utf-8"))[0])["44021"]["t"][1] == "20"
    out.unlink()
    code, _, stderr = run(
        capsys, source, "--out", out, "--column", "derde", "--home", settings.home
    )
    assert code == 2 and not out.exists()
    assert "kolom 'derde' bestaat niet" in stderr and "'eerste', 'provincie'" in stderr
    code, _, stderr = run(
        capsys, source, "--out", out, "--column", "opmerking", "--home", settings.home
    )
    assert code == 2 and "geen bruikbare getallen" in stderr and not out.exists()


def test_payloads_in_names_header_and_title_are_escaped(settings, tmp_path, capsys):
    rows = "".join(f"{p};{i}\n" for i, p in enumerate(PAYLOADS))
    source = tmp_path / "payload.csv"
    source.write_text(f"gemeente;{HEADER_PAYLOAD}\n{rows}44021;7\n11002;12,5\n", "utf-8")
    out = tmp_path / "payload.html"
    code, _, _ = run(
        capsys,
        *(source, "--out", out, "--key-column", "gemeente", "--title", TITLE_PAYLOAD),
        *("--home", settings.home),
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    for text in (*PAYLOADS, HEADER_PAYLOAD, TITLE_PAYLOAD, "<img src=x", "<script>alert"):
        assert text not in page
    assert tip_labels(page)[0] == [html_text(HEADER_PAYLOAD)]
    shown = legends(page)
    legend = next(t for t in shown if "vb-legend-box" in t)
    assert html_text(HEADER_PAYLOAD) in legend
    for payload in PAYLOADS:  # each unknown name is listed, escaped, with its line
        assert html_text(f"'{payload}' niet gevonden") in legend
    for fragment in shown:
        assert "<img" not in fragment and "<script" not in fragment
        assert "`" not in fragment and "${" not in fragment and "\\" not in fragment
    assert any(html_text(TITLE_PAYLOAD) in t for t in shown)
    assert f"<title>{html_text(TITLE_PAYLOAD)}</title>" in page
    assert_offline(page)


def test_gtfs_stops_give_a_point_map(settings, tmp_path, capsys):
    source = tmp_path / "stops.txt"
    source.write_text(
        "stop_id,stop_code,stop_name,stop_desc,stop_lat,stop_lon,location_type\n"
        "101,,Gent Sint-Pieters,,51.0359,3.7108,0\n"
        "102,,Leuven <b>station</b>,perron 3,50.8814,4.7157,0\n"
        "103,,Brussel-Centraal,,50.8455,4.3571,0\n"
        "104,,Hasselt,,50.9311,5.3265,0\n",
        encoding="utf-8",
    )
    out = tmp_path / "haltes.html"
    code, stdout, stderr = run(capsys, source, "--out", out, "--home", settings.home)
    assert code == 0 and "3 van 4 rijen gebruikt" in stdout and "3 punten" in stdout
    assert "buiten Vlaanderen" in stderr
    page = out.read_text(encoding="utf-8")
    assert_offline(page)
    outlines, points = layers_data(page)
    assert len(outlines) == 285
    assert {f["geometry"]["type"] for f in points} == {"Point"}
    labels = sorted(f["properties"]["t"][0] for f in points)
    assert labels == ["Gent Sint-Pieters", "Hasselt", html_text("Leuven <b>station</b>")]
    leuven = next(f for f in points if "Leuven" in f["properties"]["t"][0])["properties"]["pop"]
    assert "<td>24062</td>" not in leuven and "<td>Leuven</td>" in leuven  # gemeente name
    assert "<td>perron 3</td>" in leuven
    notes = html_lib.unescape(" ".join(legends(page)))
    assert "Niet op de kaart: regel 4: punt buiten Vlaanderen" in notes
    assert "<title>Punten uit stops.txt</title>" in page


def test_wijk_file_draws_wijken_with_municipality_outlines(settings, tmp_path, capsys):
    source = tmp_path / "wijken.csv"
    source.write_text("wijk,score\n11001W01,1.5\n11001W02,2.5\n44021W10,3\n", "utf-8")
    out = tmp_path / "wijken.html"
    code, stdout, _ = run(capsys, source, "--out", out, "--home", settings.home)
    assert code == 0 and "3 van 2563 wijken met een waarde" in stdout
    wijken, outlines = layers_data(out.read_text(encoding="utf-8"))
    assert len(wijken) == 2563 and len(outlines) == 285
    assert sum("nd" not in f["properties"] for f in wijken) == 3


def test_rejected_file_writes_nothing(settings, tmp_path, capsys):
    source = tmp_path / "geen-sleutel.csv"
    source.write_text("a;b\nfoo;bar\nbaz;qux\n", encoding="utf-8")
    out = tmp_path / "kaart.html"
    code, stdout, stderr = run(capsys, source, "--out", out, "--home", settings.home)
    assert code == 1 and not out.exists() and stdout == ""
    assert "Geen kolom met NIS-codes" in stderr and "Geen kaart geschreven" in stderr
    png = tmp_path / "foto.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    code, _, stderr = run(capsys, png, "--out", out, "--home", settings.home)
    assert code == 1 and not out.exists() and "afbeelding (PNG)" in stderr
    text_only = tmp_path / "tekst.csv"
    text_only.write_text("NIS;opmerking\n44021;goed\n11002;slecht\n", encoding="utf-8")
    code, _, stderr = run(capsys, text_only, "--out", out, "--home", settings.home)
    assert code == 1 and not out.exists()
    assert "Geen kaart geschreven: het bestand heeft geen kolom met getallen" in stderr


def test_usage_errors_exit_2(settings, tmp_path, capsys):
    out = tmp_path / "kaart.html"
    code, _, stderr = run(capsys, tmp_path / "weg.csv", "--out", out, "--home", settings.home)
    assert code == 2 and "bestaat niet" in stderr and "weg.csv" in stderr
    source = tmp_path / "ok.csv"
    source.write_text("NIS;waarde\n44021;7\n", encoding="utf-8")
    code, _, stderr = run(
        capsys, source, "--out", tmp_path / "nergens" / "k.html", "--home", settings.home
    )
    assert code == 2 and "bestaat niet" in stderr
    code, _, stderr = run(capsys, source, "--out", tmp_path, "--home", settings.home)
    assert code == 2 and "is een map" in stderr
    code, _, stderr = run(capsys, source, "--out", out, "--home", tmp_path / "leeg")
    assert code == 2 and "gegevensopslag ontbreekt" in stderr and not out.exists()
    code, _, _ = run(capsys, source, "--home", settings.home)  # --out is required
    assert code == 2


def test_map_is_listed_in_the_help(capsys):
    assert main(["--help"]) == 0
    assert "een eigen bestand als losse HTML-kaart" in capsys.readouterr().out
