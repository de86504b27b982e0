"""'Eigen data' in a real headless Chromium: upload a small CSV, read the report, use it as a
layer and find it in the Kaart page's layer picker. Every non-loopback request is blocked."""

from __future__ import annotations

import re

import pytest

from tests.e2e.app_server import app_url  # noqa: F401 - fixture

pytestmark = pytest.mark.e2e

TIMEOUT = 90_000
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
LAYER_NAME = "Leden babbelclub <b>test</b>"
CSV = (
    "nis;gemeente;leden\n"
    "11007;Borsbeek;12\n"
    "Anvers;Antwerpen;340\n"
    "44021;Gent;250\n"
    "99999;Nergens;3\n"
    "12025;Mechelen;7\n"
)


def _metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def _wait_metric(page, label: str, value: str) -> None:
    page.wait_for_function(
        """([label, value]) => Array.from(document.querySelectorAll("[data-testid='stMetric']"))
            .some(m => m.innerText.includes(label) && m.querySelector(
                "[data-testid='stMetricValue']").innerText.trim() === value)""",
        arg=[label, value],
        timeout=TIMEOUT,
    )


def test_upload_report_use_and_layer_in_picker(page, page_log, app_url, artifacts_dir):  # noqa: F811
    # Streamlit scrolls inside its main block: a tall window lets a screenshot show the page.
    page.set_viewport_size({"width": 1280, "height": 2600})
    page.goto(f"{app_url}/eigen-data")
    page.get_by_role("heading", name=re.compile("Eigen data")).wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "eigen-data-start.png", full_page=True)

    page.locator("input[type='file']").first.set_input_files(
        files=[{"name": "leden.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.get_by_text("Controle van het bestand").wait_for(timeout=TIMEOUT)
    _wait_metric(page, "Rijen gelezen", "5")
    assert (_metric(page, "Gekoppeld"), _metric(page, "Niet gekoppeld")) == ("2", "3")
    assert _metric(page, "Onleesbaar") == "0"
    page.get_by_text("5 rijen gelezen = 2 gekoppeld + 3 niet gekoppeld + 0 onleesbaar").wait_for()
    page.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "eigen-data-rapport.png", full_page=True)
    # the unused rows' CSV is made when the button is clicked
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name="Niet gebruikte rijen downloaden (CSV)").click()
    unused = download.value.path().read_bytes().decode("utf-8-sig")
    assert "Nergens" in unused and "Gent" not in unused

    # Borsbeek (2024 code) and 'Anvers' both belong to Antwerpen (2025): choose to add them up.
    page.get_by_text("optellen (voor aantallen)").click()
    _wait_metric(page, "Gekoppeld", "4")
    assert _metric(page, "Niet gekoppeld") == "1"
    page.get_by_text(re.compile(r"samengevoegd .*Antwerpen \(11002\)")).first.wait_for()
    # the count the wait saw (a second count could land in the preview map's redraw after the
    # rerun, when the iframe is briefly empty)
    drawn = page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); const d = f && f.contentDocument;"
        " const n = d ? d.querySelectorAll('path.leaflet-interactive').length : 0;"
        " return n >= 285 ? n : false; }",
        arg=MAP_FRAME,
        timeout=TIMEOUT,
    ).json_value()
    assert drawn >= 285

    name = page.get_by_label("Naam van de kaartlaag")
    name.fill(LAYER_NAME)
    page.get_by_role("button", name="Gebruiken als indicator").click()
    page.get_by_text("In gebruik: de laag staat nu in de kaartlagen").wait_for(timeout=TIMEOUT)
    page.get_by_text(re.compile(r"Indicator .*uit leden\.csv")).wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "eigen-data-gebruikt.png", full_page=True)

    # Same browser session: navigate inside the app (a reload would start a new session).
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text="Kaart").first.click()
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Kaartlaag").first
    picker.wait_for(timeout=TIMEOUT)
    picker.click()
    option = page.get_by_role("option", name=f"{LAYER_NAME} (eigen bestand)")
    option.wait_for(timeout=TIMEOUT)
    option.click()
    page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); const d = f && f.contentDocument;"
        " return d && d.querySelectorAll('path.leaflet-interactive').length >= 285; }",
        arg=MAP_FRAME,
        timeout=TIMEOUT,
    )
    page.get_by_text("Eigen bestand: leden.csv").first.wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "eigen-data-op-kaart.png", full_page=True)

    assert not page_log.blocked, page_log.blocked
    assert not page_log.page_errors, page_log.page_errors
    assert not page_log.dialogs, page_log.dialogs
    assert page.locator("[data-testid='stException']").count() == 0


def test_meeting_places_upload_shows_points_and_is_used(page, page_log, app_url, artifacts_dir):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 2600})
    page.goto(f"{app_url}/eigen-data?soort=ontmoetingsplaatsen")
    page.get_by_text("Eén rij per ontmoetingsplaats").wait_for(timeout=TIMEOUT)
    csv = (
        "naam;lat;lon\n"
        "Dienstencentrum <img src=x onerror=alert(1)>;51,21895;4,40254\n"
        "Buurthuis `${alert(2)}`;51,05434;3,72504\n"
        "Parijs;48,85;2,35\n"
    )
    page.locator("input[type='file']").first.set_input_files(
        files=[{"name": "plaatsen.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    _wait_metric(page, "Rijen gelezen", "3")
    assert (_metric(page, "Gekoppeld"), _metric(page, "Niet gekoppeld")) == ("2", "1")
    page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); const d = f && f.contentDocument;"
        " return d && d.querySelectorAll('path.leaflet-interactive').length >= 2; }",
        arg=MAP_FRAME,
        timeout=TIMEOUT,
    )
    page.get_by_role("button", name="Gebruiken als ontmoetingsplaatsen").click()
    page.get_by_text("Ontmoetingsplaatsen: 2 punten").wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "eigen-data-punten.png", full_page=True)
    assert not page_log.blocked, page_log.blocked
    assert not page_log.page_errors, page_log.page_errors
    assert not page_log.dialogs, page_log.dialogs
