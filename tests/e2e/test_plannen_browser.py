"""The Plannen page in headless Chromium: a click on the map adds a point to the scenario."""

from __future__ import annotations

import re

import pytest

from tests.e2e.app_server import app_url  # noqa: F401 - fixture

pytestmark = pytest.mark.e2e

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT = 120_000


def test_click_on_the_map_adds_a_point_and_keeps_it_in_the_url(
    page,
    page_log,
    app_url,  # noqa: F811 - the fixture imported above
    artifacts_dir,
):
    page.goto(f"{app_url}/plannen?gemeente=13013")
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-container").first.wait_for(timeout=TIMEOUT)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=TIMEOUT)
    page.get_by_text("0 nieuwe plek(ken) in Herselt").wait_for(timeout=TIMEOUT)
    box = frame.locator(".leaflet-container").first.bounding_box()
    frame.locator(".leaflet-container").first.click(
        position={"x": box["width"] / 2, "y": box["height"] / 2}
    )
    page.get_by_text(re.compile(r"1 nieuwe plek\(ken\) in Herselt")).wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => location.search.includes('punten=')", timeout=TIMEOUT)
    assert re.search(r"punten=5\d\.\d{5}_4\.\d{5}", page.url)
    page.screenshot(path=artifacts_dir / "plannen.png", full_page=True)
    assert not page_log.blocked, page_log.blocked
    assert page.locator("[data-testid='stException']").count() == 0


def test_suggested_sites_and_hot_spots_are_drawn(
    page,
    page_log,
    app_url,  # noqa: F811 - the fixture imported above
    artifacts_dir,
):
    page.goto(f"{app_url}/plannen?gemeente=13013&k=3&hotspots=1")
    frame = page.frame_locator(MAP_FRAME).first
    frame.get_by_text("cluster van hoge nood").first.wait_for(timeout=TIMEOUT)
    frame.locator(".leaflet-marker-icon").nth(2).wait_for(timeout=TIMEOUT)  # three sites
    page.get_by_text("Voorstel: de 3 beste plek(ken)").wait_for(timeout=TIMEOUT)
    page.locator(MAP_FRAME).first.screenshot(path=artifacts_dir / "plannen-voorstel.png")
    assert not page_log.blocked, page_log.blocked
    assert page.locator("[data-testid='stException']").count() == 0
