"""Maps written by ``verbonden map`` from files carrying payloads, opened in headless Chromium.

The files are opened as standalone files (file://) with every non-local request blocked by the
``page`` fixture: nothing may run, every payload shows literally and the map still draws.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geodata.store import read_layer
from layers.cli import main

pytestmark = pytest.mark.e2e

NAME_PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${alert(1)}",
    "back`tick ${alert(2)}`",
    "back\\slash \\u003cb\\u003e",
)
HEADER = "score <img src=x onerror=alert(3)> `${alert(4)}` \\x"
TITLE = "Titel <script>alert(5)</script> <img src=x onerror=alert(6)> ${alert(7)}"

_POSITION = """
([layerId, lat, lng]) => {
    const container = document.querySelector('.folium-map');
    const map = window[container.id];
    let found = null;
    map.eachLayer(l => { if (l.feature && l.feature.id === layerId && l.getTooltip()) {
        found = l; } });
    window.__vbLayer = found;
    const latlng = lat === null ? found.getLatLng() : L.latLng(lat, lng);
    const p = map.latLngToContainerPoint(latlng);
    const r = container.getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
}
"""


def _write_map(tmp_path: Path, name: str, content: str, *extra: str, home: Path) -> Path:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    out = tmp_path / f"{source.stem}.html"
    assert main(["map", str(source), "--out", str(out), *extra, "--home", str(home)]) == 0
    return out


def _hover_tooltip(
    page,
    layer_id: str,
    lat: float | None = None,
    lng: float | None = None,
    shot: Path | None = None,
) -> str:
    """The tooltip text of a layer after hovering it (``shot``: screenshot while it is open)."""
    x, y = page.evaluate(_POSITION, [layer_id, lat, lng])
    page.mouse.move(x, y)
    page.wait_for_function("window.__vbLayer.isTooltipOpen()")
    text = page.evaluate("window.__vbLayer.getTooltip().getElement().innerText")
    if shot is not None:
        page.screenshot(path=str(shot))
    page.mouse.move(x, 5)
    # Chrome does not always deliver mouseout to a shape that was just brought to front, so close
    # the tooltip and reset the hover style directly before the next hover.
    page.evaluate("() => { window.__vbLayer.fire('mouseout'); window.__vbLayer.closeTooltip(); }")
    return text


def _assert_nothing_ran(page, page_log) -> None:
    assert page_log.dialogs == []
    assert page_log.page_errors == []
    assert page_log.console_errors == []
    assert page_log.blocked == []
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("document.querySelectorAll('.leaflet-container b').length") == 0


def test_indicator_map_with_payloads(page, page_log, settings, tmp_path, artifacts_dir):
    rows = "".join(f"{p};{i}\n" for i, p in enumerate(NAME_PAYLOADS))
    out = _write_map(
        tmp_path,
        "eigen.csv",
        f"gemeente;{HEADER}\n{rows}44021;7\n11002;12,5\n24062;3\n",
        *("--key-column", "gemeente", "--title", TITLE),
        home=settings.home,
    )
    page.goto(out.as_uri())
    shapes = page.locator("path.leaflet-interactive")
    shapes.nth(284).wait_for(state="attached")
    assert shapes.count() == 285

    gemeenten = read_layer(settings.store_path, "gemeente", display=True).set_index("code")
    inside = gemeenten.loc["44021"].geometry.representative_point()
    shot = artifacts_dir / "map_cli_payload_tooltip.png"
    text = _hover_tooltip(page, "44021", inside.y, inside.x, shot=shot)
    assert text.splitlines() == ["Gent", f"{HEADER}: 7,0"]

    assert page.locator(".vb-map-title").inner_text() == TITLE
    assert page.title() == TITLE
    legend = page.locator(".vb-legend").inner_text()
    assert HEADER in legend and "geen gegevens (282)" in legend
    assert "Bron: Eigen bestand: eigen.csv · kaartgrenzen: Provincies in Cijfers / Statbel" in (
        legend
    )
    for line, payload in enumerate(NAME_PAYLOADS, start=2):
        assert f"Niet op de kaart: regel {line}: '{payload}' niet gevonden" in legend
    hatched = page.evaluate(
        """() => [...document.querySelectorAll('path.leaflet-interactive')]
        .filter(p => getComputedStyle(p).fill.includes('url(')).length"""
    )
    assert hatched == 282
    page.mouse.move(5, 740)
    page.screenshot(path=str(artifacts_dir / "map_cli_payload.png"))
    _assert_nothing_ran(page, page_log)


def test_point_map_with_payloads(page, page_log, settings, tmp_path, artifacts_dir):
    lines = "".join(
        f"{i},{payload.replace(',', ' ')},{51.0 + i * 0.02},{3.8 + i * 0.3}\n"
        for i, payload in enumerate(NAME_PAYLOADS)
    )
    out = _write_map(
        tmp_path,
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\n" + lines,
        home=settings.home,
    )
    page.goto(out.as_uri())
    points = page.locator("path.leaflet-interactive")
    points.nth(len(NAME_PAYLOADS) - 1).wait_for(state="attached")
    assert points.count() == len(NAME_PAYLOADS)  # the municipality outlines are not interactive
    for i, payload in enumerate(NAME_PAYLOADS):
        assert _hover_tooltip(page, str(i)) == payload
    x, y = page.evaluate(_POSITION, ["0", None, None])
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    try:
        popup.wait_for(state="visible", timeout=3000)
    except PlaywrightTimeout:
        # Headless Chromium sometimes drops a click on an SVG marker that was just brought to
        # the front by its hover style; open the same popup directly (its content is the point).
        page.evaluate("window.__vbLayer.openPopup()")
        popup.wait_for(state="visible")
    assert NAME_PAYLOADS[0] in popup.inner_text() and "Gemeente" in popup.inner_text()
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    page.screenshot(path=str(artifacts_dir / "map_cli_points.png"))
    _assert_nothing_ran(page, page_log)
