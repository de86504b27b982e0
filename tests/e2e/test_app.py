"""The dashboard in a real headless Chromium, with every non-loopback request blocked.

Each test starts from the README's way of running the app (``python -m dashboard``,
see ``app_server.py``) and looks at what a person would see. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urlsplit

import pytest

from tests.e2e.app_server import app_url  # noqa: F401 - fixture

pytestmark = pytest.mark.e2e

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT = 90_000


def _map(page):
    return page.frame_locator(MAP_FRAME).first


def _wait_for_shapes(page, count: int):
    frame = _map(page)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=TIMEOUT)
    page.wait_for_function(
        """([sel, n]) => {
            const f = document.querySelector(sel);
            const d = f && f.contentDocument;
            return d && d.querySelectorAll('path.leaflet-interactive').length >= n;
        }""",
        arg=[MAP_FRAME, count],
        timeout=TIMEOUT,
    )
    return frame


def _map_body_attr(page, name: str) -> str | None:
    return page.evaluate(
        "([sel, name]) => { const f = document.querySelector(sel);"
        " return f && f.contentDocument ? f.contentDocument.body.getAttribute(name) : null; }",
        [MAP_FRAME, name],
    )


def _fills(page) -> list[str]:
    return page.evaluate(
        "(sel) => Array.from(document.querySelector(sel).contentDocument"
        ".querySelectorAll('path.leaflet-interactive')).map(p => p.getAttribute('fill'))",
        MAP_FRAME,
    )


def _choose(page, label: str, option: str):
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option, exact=False).first.click()


def _no_errors(page, page_log):
    assert not page_log.blocked, page_log.blocked
    assert page.locator("[data-testid='stException']").count() == 0


def test_kaart_draws_285_municipalities_offline(page, page_log, app_url, artifacts_dir):  # noqa: F811
    page.goto(app_url)
    frame = _wait_for_shapes(page, 285)
    assert _map_body_attr(page, "data-vb-units") == "285"
    # 285 shapes plus the initiatives' circle markers
    assert frame.locator("path.leaflet-interactive").count() >= 285
    page.get_by_text("Grootste actiekloof").wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "kaart.png", full_page=True)
    _no_errors(page, page_log)


def test_the_first_look_comes_compressed_and_cacheable(page, page_log, app_url):  # noqa: F811
    """Streamlit's frontend and the map's files arrive gzip-compressed, the content-hashed ones
    cacheable for a year (``dashboard.static_cache``): about 2.2 MB instead of 5.5 MB."""
    answers = []
    page.on("response", lambda r: answers.append((r.url, r.headers)))
    page.goto(app_url)
    _wait_for_shapes(page, 285)
    bundles = [h for url, h in answers if urlsplit(url).path.startswith("/static/js/")]
    assert len(bundles) > 50
    assert all(
        h.get("content-encoding") == "gzip"
        for h in bundles
        if h.get("content-type", "").startswith("application/javascript")
        and int(h.get("content-length", "2000")) > 1500
    )
    assert all("immutable" in h.get("cache-control", "") for h in bundles)
    shapes = [h for url, h in answers if "/app/static/geo/" in url]
    assert shapes and shapes[0].get("content-encoding") == "gzip"
    assert "immutable" in shapes[0].get("cache-control", "")
    _no_errors(page, page_log)


def test_layer_change_recolours_the_map(page, page_log, app_url, artifacts_dir):  # noqa: F811
    page.goto(app_url)
    _wait_for_shapes(page, 285)
    before = _fills(page)[:285]
    _choose(page, "Kaartlaag", "80-plussers")
    page.wait_for_function(
        "(sel) => { const d = document.querySelector(sel).contentDocument;"
        " return !!(d && d.body && d.body.getAttribute('data-vb-layer') === 'leeftijd_80plus'); }",
        arg=MAP_FRAME,
        timeout=TIMEOUT,
    )
    after = _fills(page)[:285]
    assert before != after
    page.wait_for_url(re.compile("laag=leeftijd_80plus"), timeout=TIMEOUT)
    page.get_by_text("Eenheid: %").first.wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "kaart-80plus.png", full_page=True)
    _no_errors(page, page_log)


def test_shared_link_restores_the_view(page, page_log, app_url, artifacts_dir):  # noqa: F811
    page.goto(f"{app_url}/?niveau=wijk&gebied=g:44021&laag=afstand_station&w_leeftijd=2")
    page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); const d = f && f.contentDocument;"
        " return !!(d && d.body && d.body.getAttribute('data-vb-layer') === 'afstand_station'); }",
        arg=MAP_FRAME,
        timeout=TIMEOUT,
    )
    gent_wijken = int(_map_body_attr(page, "data-vb-units"))
    assert 20 < gent_wijken < 200, gent_wijken
    assert page.get_by_role("combobox", name="Gebied", exact=True).input_value() == "Gemeente Gent"
    layer = page.get_by_role("combobox", name="Kaartlaag").input_value()
    assert layer == "Afstand tot een treinstation"
    page.screenshot(path=artifacts_dir / "kaart-gedeelde-link.png", full_page=True)
    _no_errors(page, page_log)


def test_gemeente_summary_and_pdf(page, page_log, app_url, artifacts_dir, tmp_path):  # noqa: F811
    page.goto(f"{app_url}/gemeente?zoek=Borsbeek")
    page.get_by_text("Borsbeek hoort sinds 1 januari 2025 bij Antwerpen").wait_for(timeout=TIMEOUT)
    page.get_by_role("heading", name="Antwerpen (NIS 11002)").wait_for(timeout=TIMEOUT)
    page.get_by_role("heading", name="Risico-indicatoren").wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=re.compile("Rapport")).click()
    pdf = tmp_path / "rapport.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "Antwerpen" in text.stdout
    page.screenshot(path=artifacts_dir / "gemeente.png", full_page=True)
    _no_errors(page, page_log)


def test_over_de_data_and_eigen_data_open(page, page_log, app_url, artifacts_dir):  # noqa: F811
    page.goto(f"{app_url}/over-de-data")
    page.get_by_text("Bekende beperkingen").wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "over-de-data.png", full_page=True)
    page.goto(f"{app_url}/eigen-data")
    page.get_by_role("heading", name=re.compile("Eigen data")).wait_for(timeout=TIMEOUT)
    page.screenshot(path=artifacts_dir / "eigen-data.png", full_page=True)
    _no_errors(page, page_log)
