"""Pages in a real headless Chromium (issue 11): uploaded meeting places, then a unit selected on
Kaart shows its figures (bug 4); a hand-edited link shows a Dutch note, never a traceback (bug 3).
Every non-loopback request is blocked."""

from __future__ import annotations

import re

import pytest

from tests.e2e.app_server import app_url  # noqa: F401 - fixture

pytestmark = pytest.mark.e2e

TIMEOUT = 90_000
PLACES = "naam;lat;lon\nDienstencentrum;51,21895;4,40254\nBuurthuis;51,05434;3,72504\n"


def _no_traceback(page, page_log) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Er ging iets mis in Verbonden zelf").count() == 0
    assert page.get_by_text("Traceback").count() == 0
    assert not page_log.blocked, page_log.blocked
    assert not page_log.page_errors, page_log.page_errors


def test_uploaded_meeting_places_then_a_unit_on_kaart(page, page_log, app_url, artifacts_dir):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 2600})
    page.goto(f"{app_url}/eigen-data?soort=ontmoetingsplaatsen")
    page.get_by_text("Eén rij per ontmoetingsplaats").wait_for(timeout=TIMEOUT)
    page.locator("input[type='file']").first.set_input_files(
        files=[{"name": "plaatsen.csv", "mimeType": "text/csv", "buffer": PLACES.encode()}]
    )
    page.get_by_role("button", name="Gebruiken als ontmoetingsplaatsen").click(timeout=TIMEOUT)
    page.get_by_text("Ontmoetingsplaatsen: 2 punten").wait_for(timeout=TIMEOUT)

    # Same browser session: navigate inside the app, then pick a unit in "Gebied bekijken".
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text="Kaart").first.click()
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Gebied bekijken").first
    picker.wait_for(timeout=TIMEOUT)
    picker.click()
    page.keyboard.type("Antwerpen")
    page.get_by_role("option", name="Antwerpen", exact=True).click(timeout=TIMEOUT)
    page.get_by_role("heading", name="Antwerpen").wait_for(timeout=TIMEOUT)
    page.get_by_text(re.compile("Nood-index:")).first.wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "kaart-na-upload-eenheid.png", full_page=True)
    _no_traceback(page, page_log)


def test_a_hand_edited_link_shows_a_dutch_note(page, page_log, app_url, artifacts_dir):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{app_url}/?w_alleenwonend=5&w_leeftijd=-1&niveau=provincie")
    page.get_by_text("Deze link bevat waarden die hier niet kunnen").wait_for(timeout=TIMEOUT)
    page.get_by_role("heading", name="Grootste actiekloof").wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "link-met-de-hand.png", full_page=True)
    _no_traceback(page, page_log)
