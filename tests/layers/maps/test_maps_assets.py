"""Offline assets: local copies, local URLs in the app, inlined assets in standalone files."""

from __future__ import annotations

import os
import re

import folium
import folium.plugins
import pytest

from layers.maps.assets import (
    install_vendor_assets,
    localise_map,
    standalone_html,
    vendor_files,
)
from layers.maps.choropleth import base_map, choropleth_layer

EXTERNAL_ASSET = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|@import\s+url\(\s*[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


def _map(squares) -> folium.Map:
    m = base_map(bounds=squares.total_bounds, attribution="Statbel, Provincies in Cijfers")
    choropleth_layer(
        squares, value_column="waarde", label="Waarde", unit="%", source="Statbel (2024)"
    ).add_to(m)
    folium.LayerControl().add_to(m)
    return m


def _collected_links(m: folium.Map) -> list[str]:
    """The js/css links streamlit-folium would hand to its iframe (same walk as st_folium)."""
    links: list[str] = []

    def walk(element):
        links.extend(url for _, url in getattr(element, "default_js", []))
        links.extend(url for _, url in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return links


def test_vendor_files_come_from_installed_packages():
    files = vendor_files()
    assert {"leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/layers.png"} <= set(files)
    assert all(path.is_file() for path in files.values())
    assert 'version="1.9.3"' in files["leaflet/leaflet.js"].read_text(encoding="utf-8")


def test_install_is_idempotent_and_repairs_changed_files(tmp_path):
    target = install_vendor_assets(tmp_path / "vendor")
    js = target / "leaflet" / "leaflet.js"
    assert js.is_file() and not js.is_symlink()
    assert (target / "leaflet" / "images" / "layers.png").is_file()
    before = {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()}
    os.utime(js, ns=(1, 1))
    install_vendor_assets(target)
    assert js.stat().st_mtime_ns == 1  # unchanged content is not rewritten
    assert {p for p in target.rglob("*") if p.is_file()} == set(before)
    js.write_text("tampered", encoding="utf-8")
    install_vendor_assets(target)
    assert js.read_bytes() == vendor_files()["leaflet/leaflet.js"].read_bytes()
    assert not list(target.rglob(".tmp-*"))


def test_localise_map_points_to_local_urls_and_drops_the_rest(squares):
    m = _map(squares)
    m.get_root().render()  # an earlier render left CDN links in the header
    localise_map(m, base_url="/app/static/vendor/")
    links = _collected_links(m)
    assert links == [
        "/app/static/vendor/leaflet/leaflet.js",
        "/app/static/vendor/leaflet/leaflet.css",
    ]
    html = m.get_root().render()
    assert not EXTERNAL_ASSET.search(html)
    assert '<script src="/app/static/vendor/leaflet/leaflet.js"></script>' in html
    for dropped in ("jquery", "bootstrap", "awesome-markers", "fontawesome", "glyphicons"):
        assert dropped not in html.lower()
    # folium's class-level defaults are untouched for other maps
    assert any("cdn.jsdelivr.net" in url for _, url in folium.Map.default_js)


def test_unknown_external_assets_are_refused(squares):
    m = _map(squares)
    folium.plugins.MiniMap().add_to(m)
    with pytest.raises(ValueError, match="extern bestand"):
        localise_map(m, base_url="/app/static/vendor")


def test_standalone_html_inlines_everything(squares):
    html = standalone_html(_map(squares), title="Kaart <script>")
    assert not EXTERNAL_ASSET.search(html)
    assert "<script src=" not in html and "<link " not in html
    assert "sourceMappingURL" not in html
    assert 'version="1.9.3"' in html  # leaflet.js inlined
    assert ".leaflet-container" in html and "data:image/png;base64," in html  # css + images
    assert "<title>Kaart &lt;script&gt;</title>" in html
    # any http(s) address left is text inside Leaflet itself (credit link, SVG namespace,
    # comments), never something the page loads
    leaflet_text = "".join(
        vendor_files()[name].read_text(encoding="utf-8")
        for name in ("leaflet/leaflet.js", "leaflet/leaflet.css")
    )
    for url in set(re.findall(r"https?://[^\s\"'<>)]+", html)):
        assert url in leaflet_text, url


def test_template_syntax_in_data_stays_text_in_a_standalone_map(squares):
    """A name, label or source from an uploaded file that looks like Jinja syntax is shown as
    written: it is never evaluated while the map is rendered (``{{ 6*7 }}`` stays, no ``42``)."""
    data = squares.assign(naam=[f"Gemeente {{{{ 6*7 }}}} {i}" for i in range(len(squares))])
    m = base_map(bounds=data.total_bounds, attribution="Bron {{ 5*5 }}")
    choropleth_layer(
        data,
        value_column="waarde",
        label="Laag {% if true %}ja{% endif %}",
        unit="%",
        source="Statbel {{ 3*3 }}",
        tooltip_columns=[("naam", "Naam")],
    ).add_to(m)
    html = standalone_html(m)
    for text in ("Gemeente {{ 6*7 }} 0", "Bron {{ 5*5 }}", "Statbel {{ 3*3 }}", "{% if true %}"):
        assert text in html, text
    for evaluated in ("Gemeente 42", "Bron 25", "Statbel 9", "Laag ja"):
        assert evaluated not in html, evaluated
