"""The Kaart map with a real mouse and a real keyboard (issue 11): hover and click on shapes with
the initiatives shown, tab order, the skip link, the legend beside the map, a phone-sized view.

Clicks go through ``page.mouse`` at the pixel of a point inside a unit's shape (found with
Leaflet's own hit test, away from every initiative marker), so a layer drawn on top of the
shapes that swallows events makes the test fail, as a user would notice.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.app_server import app_url  # noqa: F401 - fixture

pytestmark = pytest.mark.e2e

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT = 90_000
UNIT_LIST = "Gebied bekijken"

# Points well inside one shape, in map-container pixels, at least 20 px from any initiative marker.
_CLICKABLE_UNITS = """(sel) => {
    const w = document.querySelector(sel).contentWindow;
    const units = w.vbUnits, map = units._map, L = w.L;
    const marks = [];
    map.eachLayer((l) => {
        if (l instanceof L.CircleMarker) { marks.push(map.latLngToContainerPoint(l.getLatLng())); }
    });
    const size = map.getSize();
    const out = [];
    for (const layer of units.getLayers()) {
        const centre = layer.getBounds().getCenter();
        const p = map.latLngToContainerPoint(centre);
        if (p.x < 60 || p.y < 60 || p.x > size.x - 60 || p.y > size.y - 60) { continue; }
        const lp = map.latLngToLayerPoint(centre);
        const near = [[0, 0], [8, 0], [-8, 0], [0, 8], [0, -8]].map(([dx, dy]) => lp.add([dx, dy]));
        // inside this shape only, also 8 px around (hit tests include a stroke tolerance)
        const alone = near.every((q) => units.getLayers().filter(
            (other) => other._containsPoint(q)).length === 1 && layer._containsPoint(q));
        if (!alone) { continue; }
        if (marks.some((m) => Math.hypot(m.x - p.x, m.y - p.y) < 20)) { continue; }
        const ne = map.latLngToContainerPoint(layer.getBounds().getNorthEast());
        const sw = map.latLngToContainerPoint(layer.getBounds().getSouthWest());
        const area = (ne.x - sw.x) * (sw.y - ne.y);
        out.push({code: layer.feature.properties.code, x: p.x, y: p.y, markers: marks.length,
                  area: area});
    }
    return out.sort((a, b) => b.area - a.area);  // large shapes first
}"""


def _map_ready(page, layer: str | None = None) -> None:
    page.wait_for_function(
        """([sel, layer]) => { const f = document.querySelector(sel);
            const d = f && f.contentDocument; const w = f && f.contentWindow;
            return !!(d && d.body && d.body.getAttribute('data-vb-units') && w.vbUnits
                && (!layer || d.body.getAttribute('data-vb-layer') === layer)); }""",
        arg=[MAP_FRAME, layer],
        timeout=TIMEOUT,
    )
    page.wait_for_timeout(700)  # the second fitBounds of the restyle (250 ms)


def _clickable_unit(page, *, need_markers: bool) -> dict[str, Any]:
    candidates = page.evaluate(_CLICKABLE_UNITS, MAP_FRAME)
    assert candidates, "no unit of the map has a free point inside it"
    if need_markers:
        assert candidates[0]["markers"] > 0, "the initiatives are not on the map"
    return candidates[0]


def _unit_list_value(page) -> str:
    return page.get_by_role("combobox", name=UNIT_LIST).input_value()


def _click_selects_the_unit(page, names: dict[str, str]) -> None:
    unit = _clickable_unit(page, need_markers=True)
    box = page.locator(MAP_FRAME).first.bounding_box()
    x, y = box["x"] + unit["x"], box["y"] + unit["y"]
    page.mouse.move(x, y)
    tooltip = page.frame_locator(MAP_FRAME).first.locator(".vb-tooltip")
    tooltip.first.wait_for(timeout=10_000)
    name = names[unit["code"]]
    assert name in tooltip.first.inner_text()
    page.mouse.click(x, y)
    page.wait_for_function(
        """([label, name]) => { const box = Array.from(document.querySelectorAll('input'))
            .find((i) => i.getAttribute('aria-label') && i.getAttribute('aria-label')
            .startsWith(label)); return !!box && box.value === name; }""",
        arg=[UNIT_LIST, name],
        timeout=TIMEOUT,
    )
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def unit_names(settings) -> dict[str, dict[str, str]]:
    import geopandas as gpd

    out = {}
    for level in ("gemeente", "wijk"):
        frame = gpd.read_file(settings.store_path, layer=level, ignore_geometry=True)
        out[level] = dict(zip(frame["code"].astype(str), frame["naam"].astype(str), strict=True))
    return out


def _no_errors(page, page_log) -> None:
    assert not page_log.blocked, page_log.blocked
    assert not page_log.page_errors, page_log.page_errors
    assert page.locator("[data-testid='stException']").count() == 0


def test_mouse_click_on_a_gemeente_with_initiatives_shown_opens_it(
    page,
    page_log,
    app_url,  # noqa: F811
    unit_names,
    artifacts_dir,
):
    page.goto(app_url)
    _map_ready(page)
    assert page.get_by_role("switch", name="Initiatieven tonen").is_checked()
    _click_selects_the_unit(page, unit_names["gemeente"])
    page.screenshot(path=artifacts_dir / "kaart-klik-gemeente.png", full_page=True)
    _no_errors(page, page_log)


@pytest.mark.parametrize("scope", ["g:44021", "p:40000"])
def test_mouse_click_on_a_wijk_with_initiatives_shown_opens_it(
    page,
    page_log,
    app_url,  # noqa: F811
    unit_names,
    artifacts_dir,
    scope,
):
    page.goto(f"{app_url}/?niveau=wijk&gebied={scope}")
    _map_ready(page)
    assert page.get_by_role("switch", name="Initiatieven tonen").is_checked()
    _click_selects_the_unit(page, unit_names["wijk"])
    page.screenshot(path=artifacts_dir / f"kaart-klik-wijk-{scope[2:]}.png", full_page=True)
    _no_errors(page, page_log)


def _focused(page) -> str:
    """What has the keyboard focus: ``label`` of an input, else tag and text, map shapes named."""
    return page.evaluate(
        """() => { let a = document.activeElement;
            if (a && a.tagName === 'IFRAME') {
                const inner = a.contentDocument && a.contentDocument.activeElement;
                return 'map:' + (inner ? inner.tagName.toLowerCase() : '');
            }
            if (!a) { return ''; }
            return (a.getAttribute('aria-label') || a.textContent || a.tagName).trim(); }"""
    )


def test_keyboard_reaches_the_unit_list_without_tabbing_through_shapes(
    page,
    page_log,
    app_url,  # noqa: F811
    unit_names,
):
    page.goto(app_url)
    _map_ready(page)
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(_focused(page))
        if seen[-1].startswith(UNIT_LIST):
            break
    assert seen[-1].startswith(UNIT_LIST), seen
    assert "map:path" not in seen, "a map shape is a tab stop"
    assert len(seen) < 40, seen
    # the unit list is the keyboard path: type a name, Enter selects it
    page.keyboard.type("Herselt")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Herselt", exact=True).wait_for(timeout=TIMEOUT)
    _no_errors(page, page_log)


def test_skip_link_jumps_over_the_map_to_the_unit_list(
    page,
    page_log,
    app_url,  # noqa: F811
):
    page.goto(app_url)
    _map_ready(page)
    link = page.get_by_role("link", name=re.compile("Kaart overslaan"))
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(_focused(page))
        if seen[-1].startswith("Kaart overslaan"):
            break
    assert seen[-1].startswith("Kaart overslaan"), seen
    assert "map:" not in "".join(seen), "the skip link comes before the map"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert _focused(page).startswith(UNIT_LIST), _focused(page)
    assert link.count() == 1
    _no_errors(page, page_log)


def _sized_page(browser, page_log, width: int, height: int):
    from bench.chromium import block_non_local

    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-BE")
    block_non_local(context, page_log.blocked.append)
    sized = context.new_page()
    sized.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    return context, sized


def test_legend_sits_beside_the_map_above_the_fold(browser, page_log, app_url, artifacts_dir):  # noqa: F811
    context, page = _sized_page(browser, page_log, 1440, 900)
    try:
        page.goto(app_url)
        _map_ready(page)
        map_box = page.locator(MAP_FRAME).first.bounding_box()
        legend = page.locator(".vb-legend-box").filter(has_text="Actiekloof").first
        legend.wait_for(timeout=TIMEOUT)
        box = legend.bounding_box()
        assert box["y"] + 120 < 900, box  # its grid is visible without scrolling
        assert box["x"] >= map_box["x"] + map_box["width"] - 1, (box, map_box)  # beside the map
        assert box["y"] < map_box["y"] + map_box["height"], (box, map_box)
        credits = page.frame_locator(MAP_FRAME).first.locator(".leaflet-control-attribution")
        text = credits.inner_text()
        assert text.count("VVSG") == 1, text
        page.screenshot(path=artifacts_dir / "kaart-1440x900.png")
        _no_errors(page, page_log)
    finally:
        context.close()


def test_phone_width_shows_all_of_flanders(browser, page_log, app_url, artifacts_dir):  # noqa: F811
    context, page = _sized_page(browser, page_log, 390, 844)
    try:
        page.goto(app_url)
        _map_ready(page)
        fit = page.evaluate(
            """(sel) => { const w = document.querySelector(sel).contentWindow;
                const map = w.vbUnits._map, b = w.vbUnits.getBounds();
                const nw = map.latLngToContainerPoint(b.getNorthWest());
                const se = map.latLngToContainerPoint(b.getSouthEast());
                return {left: nw.x, right: se.x, top: nw.y, bottom: se.y,
                        width: map.getSize().x, height: map.getSize().y}; }""",
            MAP_FRAME,
        )
        assert fit["left"] >= -1 and fit["right"] <= fit["width"] + 1, fit  # nothing cut off
        assert fit["right"] - fit["left"] > 0.85 * fit["width"], fit  # and it fills the width
        assert fit["top"] >= 0 and fit["bottom"] <= fit["height"], fit
        page.screenshot(path=artifacts_dir / "kaart-telefoon.png")
        _no_errors(page, page_log)
    finally:
        context.close()
