"""Maps whose user text carries script payloads: nothing runs, text shows literally, map draws.

The maps are opened as standalone files (file://) and, localised, from a 127.0.0.1 server; every
other request is blocked by the ``page`` fixture and must not be needed.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from layers.maps import (
    NO_DATA,
    base_map,
    choropleth_layer,
    install_vendor_assets,
    localise_map,
    outline_layer,
    point_layer,
    standalone_html,
)

pytestmark = pytest.mark.e2e

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${alert(1)}",
    "back`tick ${alert(2)}`",
    "back\\slash \\u003cb\\u003e",
    "</script><img src=x onerror=alert(3)>",
)
LAYER_NAME = "Laag <img src=x onerror=alert(4)> `${alert(5)}`"
POINTS_NAME = "Punten <script>alert(6)</script>"
LEGEND_SOURCE = "Bron <img src=x onerror=alert(7)> ${alert(8)}"


def _frames() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    squares = gpd.GeoDataFrame(
        {
            "code": [f"9900{i}" for i in range(len(PAYLOADS))],
            "naam": list(PAYLOADS),
            "waarde": [1.5, 2.5, None, 4.0, 5.5, 6.5],
            "opmerking": [f"noot {p}" for p in PAYLOADS],
        },
        geometry=[box(4 + i * 0.1, 51, 4.09 + i * 0.1, 51.09) for i in range(len(PAYLOADS))],
        crs=4326,
    )
    points = gpd.GeoDataFrame(
        {
            "naam": list(PAYLOADS),
            "actietype": ["huisbezoek", PAYLOADS[0], None, "huisbezoek", "x", "y"],
            "benaderd": [True, False, False, False, False, False],
            "bron": ["https://example.org", "javascript:alert(9)", None, None, None, None],
        },
        geometry=[Point(4.045 + i * 0.1, 51.13) for i in range(len(PAYLOADS))],
        crs=4326,
    )
    return squares, points


def _payload_map() -> folium.Map:
    squares, points = _frames()
    m = base_map(bounds=[[50.98, 3.98], [51.16, 4.62]], attribution="Gegevens " + PAYLOADS[1])
    choropleth_layer(
        squares,
        value_column="waarde",
        label=LAYER_NAME,
        unit="%",
        source=LEGEND_SOURCE,
        tooltip_columns=[("opmerking", "Opmerking " + PAYLOADS[2])],
    ).add_to(m)
    point_layer(
        points,
        name=POINTS_NAME,
        label_column="naam",
        popup_columns=[("actietype", "Type " + PAYLOADS[3])],
        colour_by="actietype",
        approximate_column="benaderd",
        link_column="bron",
        source=LEGEND_SOURCE,
    ).add_to(m)
    outline_layer(squares, name="Omtrek " + PAYLOADS[4]).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


_FIND_LAYER = """
([layerId, isPoint]) => {
    const container = document.querySelector('.folium-map');
    const map = window[container.id];
    let found = null;
    map.eachLayer(l => { if (l.feature && l.feature.id === layerId && l.getTooltip() &&
        (isPoint === !!l.getLatLng)) { found = l; } });
    window.__vbLayer = found;
    const latlng = isPoint ? found.getLatLng()
        : L.latLng(found.getBounds().getNorth() - 0.015, found.getBounds().getWest() + 0.02);
    const p = map.latLngToContainerPoint(latlng);
    const r = container.getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
}
"""


def _hover_tooltip(page, code: str) -> str:
    x, y = page.evaluate(_FIND_LAYER, [code, False])
    page.mouse.move(x, y)
    page.wait_for_function("window.__vbLayer.isTooltipOpen()")
    text = page.evaluate("window.__vbLayer.getTooltip().getElement().innerText")
    page.mouse.move(x, 5)
    return text


def _assert_nothing_ran(page, page_log) -> None:
    assert page_log.dialogs == []
    assert page_log.page_errors == []
    assert page_log.console_errors == []
    assert page_log.blocked == []
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("document.querySelectorAll('body script:not([src])').length") >= 1
    assert page.evaluate("document.querySelectorAll('.leaflet-container b').length") == 0


def test_payloads_show_literally_and_never_run(page, page_log, tmp_path, artifacts_dir):
    path = tmp_path / "kaart.html"
    path.write_text(standalone_html(_payload_map()), encoding="utf-8")
    page.goto(path.as_uri())
    shapes = page.locator("path.leaflet-interactive")
    shapes.nth(11).wait_for(state="attached")
    assert shapes.count() == 12  # 6 areas + 6 points; the outline layer is not interactive

    for i, payload in enumerate(PAYLOADS):
        text = _hover_tooltip(page, f"9900{i}")
        assert payload in text
        assert f"noot {payload}" in text
        assert f"Opmerking {PAYLOADS[2]}" in text

    # popups of points: click the first two (approximate one, and a javascript: link)
    points = page.evaluate(
        """() => { const out = []; const map = window[document.querySelector('.folium-map').id];
        map.eachLayer(l => { if (l.feature && l.getLatLng) { out.push(l.feature.id); } });
        return out; }"""
    )
    assert len(points) == 6
    x, y = page.evaluate(_FIND_LAYER, ["0", True])
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert PAYLOADS[0] in popup.inner_text()
    assert "(benaderde locatie)" in popup.inner_text()
    assert f"Type {PAYLOADS[3]}" in popup.inner_text()
    assert popup.locator("a[href='https://example.org']").count() == 1
    page.locator(".leaflet-popup-close-button").click()
    page.wait_for_function("!document.querySelector('.leaflet-popup')")
    x, y = page.evaluate(_FIND_LAYER, ["1", True])
    page.mouse.click(x, y)
    page.wait_for_function(
        """(text) => { const c = document.querySelector('.leaflet-popup-content');
        return c && c.innerText.includes(text); }""",
        arg=PAYLOADS[1],
    )
    assert page.locator(".leaflet-popup-content a").count() == 0  # javascript: link refused
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    page.screenshot(path=str(artifacts_dir / "map_payloads_popup.png"))

    controls = page.locator(".leaflet-control-layers-overlays").inner_text()
    assert LAYER_NAME in controls and POINTS_NAME in controls
    assert f"Omtrek {PAYLOADS[4]}" in controls
    legends = page.locator(".vb-legend").all_inner_texts()
    assert any(LAYER_NAME in t and LEGEND_SOURCE in t and "geen gegevens" in t for t in legends)
    assert any(PAYLOADS[0] in t for t in legends)  # category label in the point legend
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert PAYLOADS[1] in attribution and LEGEND_SOURCE in attribution

    # the missing value is hatched (SVG pattern), the others filled with their class colour
    fills = page.evaluate(
        """() => [...document.querySelectorAll('path.leaflet-interactive')]
        .map(p => getComputedStyle(p).fill)"""
    )
    assert sum(f'url("#{NO_DATA.pattern_id}")' in f for f in fills) == 1
    page.locator(".leaflet-popup-close-button").click()
    page.mouse.move(5, 700)
    page.screenshot(path=str(artifacts_dir / "map_payloads.png"))
    _assert_nothing_ran(page, page_log)


def test_localised_map_loads_only_from_the_local_server(page, page_log, tmp_path, artifacts_dir):
    install_vendor_assets(tmp_path / "app" / "static" / "vendor")
    m = localise_map(_payload_map(), base_url="/app/static/vendor")
    (tmp_path / "index.html").write_text(m.get_root().render(), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # keep the test output clean
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
        page.locator("path.leaflet-interactive").nth(11).wait_for(state="attached")
        assert page.locator("path.leaflet-interactive").count() == 12
        page.screenshot(path=str(artifacts_dir / "map_localised.png"))
    finally:
        server.shutdown()
        server.server_close()
    assert any(url.endswith("/app/static/vendor/leaflet/leaflet.js") for url in requested)
    _assert_nothing_ran(page, page_log)


def test_all_municipalities_draw_offline(page, page_log, tmp_path, artifacts_dir):
    shp = (
        Path(__file__).resolve().parents[2].parent
        / "shared/data/provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente.shp"
    )
    if not shp.exists():
        pytest.skip("mirror not available")
    gdf = gpd.read_file(shp).rename(columns={"geoitem": "code"})
    gdf = gdf[gdf["code"].astype(str).str.match(r"^(1|3|4|7|2[34])")].reset_index(drop=True)
    gdf["geometry"] = gdf.geometry.simplify(100)
    gdf = gdf.to_crs(4326)
    gdf["aandeel"] = (gdf["code"].astype(int) % 97) / 10
    assert (gdf["code"] == "44021").sum() == 1
    gdf.loc[gdf["code"] == "44021", "aandeel"] = None
    m = base_map(bounds=gdf.total_bounds, attribution="Provincies in Cijfers, Statbel")
    choropleth_layer(
        gdf,
        value_column="aandeel",
        label="Testindicator",
        unit="%",
        source="Provincies in Cijfers (2025)",
        highlight_code="11002",
    ).add_to(m)
    path = tmp_path / "gemeenten.html"
    path.write_text(standalone_html(m), encoding="utf-8")
    page.goto(path.as_uri())
    page.locator("path.leaflet-interactive").nth(284).wait_for(state="attached")
    assert page.locator("path.leaflet-interactive").count() == 285
    assert page.locator(".vb-legend").count() == 1
    assert "geen gegevens (1)" in page.locator(".vb-legend").inner_text()
    hatched = page.evaluate(
        """() => [...document.querySelectorAll('path.leaflet-interactive')]
        .filter(p => getComputedStyle(p).fill.includes('url(')).length"""
    )
    assert hatched == 1
    page.screenshot(path=str(artifacts_dir / "map_gemeenten.png"))
    _assert_nothing_ran(page, page_log)
