"""Offline map assets: serve Leaflet from installed packages, never from a CDN.

folium and streamlit-folium load Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from
CDNs by default. Verbonden's map layers need only Leaflet (they use plain CSS, inline SVG and
circle markers), so :func:`localise_map` points Leaflet at local copies and drops the rest, and
:func:`standalone_html` inlines Leaflet into one self-contained HTML file.

Any other external asset in the map tree (a folium plugin, a colour map that needs d3) makes both
functions raise ``ValueError``: the app must work without internet, so it fails loudly instead.
"""

from __future__ import annotations

import base64
import filecmp
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink

from layers.maps.escape import html_text

#: folium asset names served locally, with their path below the vendor folder.
LOCAL_ASSETS: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
}
#: folium asset names that Verbonden's layers never need.
DROPPED_ASSETS: frozenset[str] = frozenset(
    {
        "jquery",
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)
_IMAGES = (
    "layers.png",
    "layers-2x.png",
    "marker-icon.png",
    "marker-icon-2x.png",
    "marker-shadow.png",
)
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((images/[A-Za-z0-9_.-]+\.png)\)")


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet

    return Path(xstatic.pkg.leaflet.BASE_DIR)


def vendor_files() -> dict[str, Path]:
    """Files to serve, as {path below the vendor folder: source file in an installed package}."""
    base = _leaflet_dir()
    files = {
        "leaflet/leaflet.js": base / "leaflet.js",
        "leaflet/leaflet.js.map": base / "leaflet.js.map",
        "leaflet/leaflet.css": base / "leaflet.css",
    }
    files.update({f"leaflet/images/{name}": base / "images" / name for name in _IMAGES})
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError(
            "Leaflet-bestanden ontbreken in het geïnstalleerde pakket xstatic-leaflet: "
            + ", ".join(missing)
        )
    return files


def install_vendor_assets(target_dir: Path) -> Path:
    """Copy the vendor files into ``target_dir`` (real copies, no symlinks); returns it.

    Idempotent: a file is only written when it is missing or differs, and then atomically, so
    several app processes may call this at start.
    """
    target_dir = Path(target_dir)
    for relative, source in vendor_files().items():
        destination = target_dir / relative
        if (
            destination.is_file()
            and not destination.is_symlink()
            and filecmp.cmp(source, destination, shallow=False)
        ):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=destination.parent, prefix=".tmp-", suffix=".part")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp_name)
            Path(tmp_name).chmod(0o644)
            Path(tmp_name).replace(destination)
        finally:
            Path(tmp_name).unlink(missing_ok=True)
    return target_dir


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def _check_no_colormap(element: Element) -> None:
    from branca.colormap import ColorMap

    if isinstance(element, ColorMap):
        raise ValueError(
            "Een branca-kleurschaal (ColorMap) laadt d3 van internet; gebruik de legende van "
            "layers.maps.legend."
        )


def _rewrite(
    links: list[tuple[str, str]], resolve: dict[str, str], owner: Any
) -> list[tuple[str, str]]:
    """Map asset names to local URLs, drop unneeded ones, refuse unknown external ones."""
    out: list[tuple[str, str]] = []
    for name, url in links:
        if name in DROPPED_ASSETS:
            continue
        if name in resolve:
            if resolve[name]:
                out.append((name, resolve[name]))
            continue
        if re.match(r"^(https?:)?//", url, flags=re.IGNORECASE):
            raise ValueError(
                f"{type(owner).__name__} heeft een extern bestand nodig dat offline niet "
                f"beschikbaar is: {name} ({url})."
            )
        out.append((name, url))
    return out


def _apply(m: folium.Map, resolve: dict[str, str]) -> None:
    root = m.get_root()
    for element in _walk(root):
        _check_no_colormap(element)
        if hasattr(element, "default_js"):
            element.default_js = _rewrite(list(element.default_js), resolve, element)
        if hasattr(element, "default_css"):
            element.default_css = _rewrite(list(element.default_css), resolve, element)
    # Links left in the figure header by an earlier render (names of dropped or remote assets).
    header = getattr(root, "header", None)
    if header is not None:
        for key, child in list(header._children.items()):
            if isinstance(child, JavascriptLink | CssLink) and (
                key in DROPPED_ASSETS or key in resolve
            ):
                del header._children[key]


def localise_map(m: folium.Map, *, base_url: str) -> folium.Map:
    """Point every asset link in the map tree at ``base_url`` (e.g. ``/app/static/vendor``).

    jQuery, Bootstrap, glyphicons and awesome-markers are dropped; an unknown external asset raises
    ``ValueError``. Modifies and returns ``m`` (per-instance lists; folium's class defaults stay).
    """
    base = base_url.rstrip("/")
    _apply(m, {name: f"{base}/{path}" for name, path in LOCAL_ASSETS.items()})
    return m


def _inline_css() -> str:
    base = _leaflet_dir()
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match[str]) -> str:
        payload = base64.b64encode((base / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{payload})"

    return _CSS_URL.sub(data_uri, css).replace("</", "<\\/")


def _inline_js() -> str:
    js = _SOURCE_MAP.sub("", (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"))
    if re.search(r"</script|<!--", js, flags=re.IGNORECASE):
        raise ValueError("leaflet.js kan niet veilig inline worden opgenomen.")
    return js


def standalone_html(m: folium.Map, *, title: str = "Verbonden – kaart") -> str:
    """One self-contained HTML document for the map, with Leaflet's JS and CSS inlined.

    No script, style sheet or image is loaded from elsewhere; only links in the attribution text
    remain. The map is rendered (and its asset lists changed) in the process.
    """
    _apply(m, dict.fromkeys(LOCAL_ASSETS, ""))
    root = m.get_root()
    if not isinstance(root, Figure):  # a folium Map always sits in a Figure
        raise TypeError("the map is not part of a branca Figure")
    root.title = html_text(title)
    root.header.add_child(
        Element(f"<style>{_inline_css()}</style>\n<script>{_inline_js()}</script>"),
        name="verbonden_inline_leaflet",
        index=0,
    )
    html = root.render()
    leftover = re.findall(
        r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
        html,
        flags=re.IGNORECASE,
    )
    if leftover:
        raise ValueError(f"De kaart verwijst nog naar externe bestanden: {leftover[:3]}")
    return html
