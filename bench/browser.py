"""Timed browser sessions for the benchmark: sessions, byte meters, timed waits.

The browser comes from :func:`bench.chromium.launch` (the one shared with the browser tests).
Every session is a fresh browser context (empty cache). Only this machine is reachable: the
browser resolves no other host, and any request elsewhere is recorded. Requests are not routed
through Playwright here (that would add to the times measured).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bench.chromium import is_local

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        Locator,
        Page,
        Request,
        ViewportSize,
        WebSocket,
    )

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
MAP_PATHS = ("/component/", "/app/static/")
VIEWPORT: ViewportSize = {"width": 1400, "height": 900}

#: True when the document (the page's, or the map iframe's) shows ``layer`` with >= ``units``
#: shapes; with ``svg`` the SVG paths must exist too.
_DRAWN = """
([frame, layer, units, svg]) => {
    let doc = document;
    if (frame) {
        const f = document.querySelector(frame);
        doc = f && f.contentDocument;
    }
    const body = doc && doc.body;
    if (!body) { return false; }
    if (layer !== null && body.getAttribute("data-vb-layer") !== layer) { return false; }
    if (Number(body.getAttribute("data-vb-units") || 0) < units) { return false; }
    if (svg && doc.querySelectorAll("path.leaflet-interactive").length < units) { return false; }
    window.__vbMarks = window.__vbMarks || {};
    window.__vbMarks.drawn = performance.timeOrigin + performance.now();
    return true;
}
"""

#: Runs first in every document of a session (page and iframes): marks, on the browser's clock
#: (ms since the epoch), when the websocket opened and got its first message, and when the first
#: element of the script with text appeared in the main area.
_MARKS = """
(() => {
    const now = () => performance.timeOrigin + performance.now();
    const marks = (window.__vbMarks = window.__vbMarks || {});
    const Native = window.WebSocket;
    if (Native) {
        window.WebSocket = class extends Native {
            constructor(...args) {
                super(...args);
                marks.ws_created = marks.ws_created || now();
                this.addEventListener("open", () => { marks.ws_open = marks.ws_open || now(); });
                this.addEventListener("message", () => {
                    marks.ws_first_message = marks.ws_first_message || now();
                });
            }
        };
    }
    const main = '[data-testid="stMain"] [data-testid="stElementContainer"]';
    const shown = () => Array.from(document.querySelectorAll(main)).some(
        (el) => el.textContent.trim() !== ""
    );
    const observer = new MutationObserver(() => {
        if (shown()) {
            marks.first_element = now();
            observer.disconnect();
        }
    });
    observer.observe(document, {subtree: true, childList: true});
})();
"""

#: Collected in a document after the visit: its marks, its origin and the resource timings that
#: matter (as ms since the epoch).
_COLLECT = """
() => {
    const origin = performance.timeOrigin;
    const nav = performance.getEntriesByType("navigation")[0];
    const resources = performance.getEntriesByType("resource").map((r) => ({
        name: r.name, type: r.initiatorType,
        start: origin + r.startTime, end: origin + r.responseEnd,
    }));
    return {
        origin: origin,
        marks: window.__vbMarks || {},
        dom_loaded: nav ? origin + nav.domContentLoadedEventEnd : null,
        resources: resources,
    };
}
"""


def is_map_frame(payload: bytes | str) -> bool:
    """True for a Streamlit message that carries an ``st_folium`` component (the map)."""
    if isinstance(payload, str) or len(payload) < 64:
        return False
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # not a ForwardMsg: not a map message
        return False
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return False
    element = message.delta.new_element
    return (
        element.WhichOneof("type") == "component_instance"
        and "st_folium" in element.component_instance.component_name
    )


@dataclass
class Meter:
    """Bytes a page received: HTTP response bodies (as transferred) and websocket frames."""

    all_map: bool = False
    requests: list[Request] = field(default_factory=list)
    ws_total: int = 0
    ws_map: int = 0
    foreign: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Start listening to ``page``."""
        page.on("requestfinished", self._finished)
        page.on("request", self._check_host)
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._frame)

    def _finished(self, request: Request) -> None:  # a bound method: Playwright needs a function
        self.requests.append(request)

    def _check_host(self, request: Request) -> None:
        if not is_local(request.url):
            self.foreign.append(request.url)

    def _frame(self, payload: bytes | str) -> None:
        size = len(payload)
        self.ws_total += size
        if is_map_frame(payload):
            self.ws_map += size

    def mark(self) -> tuple[int, int, int]:
        """A point in time to count bytes from."""
        return len(self.requests), self.ws_total, self.ws_map

    def since(self, mark: tuple[int, int, int]) -> dict[str, int]:
        """Bytes since ``mark``: ``map`` (map requests + map messages) and ``total``."""
        http_total = http_map = 0
        for request in self.requests[mark[0] :]:
            try:
                size = max(int(request.sizes()["responseBodySize"]), 0)
            except Exception:  # a request without a body/size counts as 0
                size = 0
            http_total += size
            if self.all_map or urlsplit(request.url).path.startswith(MAP_PATHS):
                http_map += size
        ws_total, ws_map = self.ws_total - mark[1], self.ws_map - mark[2]
        return {
            "map": http_map + ws_map,
            "total": http_total + ws_total,
            "http_map": http_map,
            "ws_map": ws_map,
        }


@dataclass
class Session:
    """One browser context with one page and its meter."""

    context: BrowserContext
    page: Page
    meter: Meter

    def close(self) -> None:
        """Close the context (the server sees the session end)."""
        self.context.close()


def open_session(browser: Browser, *, all_map: bool = False) -> Session:
    """A fresh context (empty cache), its page and a meter."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-BE")
    context.set_default_timeout(120_000)
    context.add_init_script(_MARKS)
    page = context.new_page()
    meter = Meter(all_map=all_map)
    meter.attach(page)
    return Session(context, page, meter)


@dataclass(frozen=True)
class Target:
    """How to drive one of the three: where the map lives and how to pick a layer."""

    name: str
    frame: str | None  # map iframe selector, None for the static page
    picker: str | None  # label of the layer selectbox (Streamlit); None: <select id="laag">
    labels: dict[str, str]  # layer id -> option text
    ready: str | None = None  # JS predicate for pages without a map (the empty Streamlit page)


#: The empty Streamlit page is ready when the script's one element shows its text.
EMPTY_READY = """
() => {
    const el = document.querySelector('[data-testid="stMain"] [data-testid="stMarkdown"]');
    if (!el || !el.textContent.includes("Leeg")) { return false; }
    window.__vbMarks = window.__vbMarks || {};
    window.__vbMarks.drawn = performance.timeOrigin + performance.now();
    return true;
}
"""


def wait_drawn(
    session: Session, target: Target, *, layer: str | None, units: int, svg: bool, timeout: float
) -> None:
    """Wait until the map shows ``layer`` with ``units`` shapes (polled every frame)."""
    if target.ready is not None:
        session.page.wait_for_function(target.ready, polling="raf", timeout=timeout * 1000)
        return
    session.page.wait_for_function(
        _DRAWN,
        arg=[target.frame, layer, units, svg],
        polling="raf",
        timeout=timeout * 1000,
    )


def timed_visit(
    session: Session,
    target: Target,
    url: str,
    *,
    layer: str | None,
    units: int,
    svg: bool,
    timeout: float = 120,
    settle: float = 1.0,
) -> dict[str, Any]:
    """Navigate and wait until drawn: ``{"seconds", "map_bytes", "total_bytes", ...}``."""
    mark = session.meter.mark()
    start = time.perf_counter()
    session.page.goto(url, wait_until="commit", timeout=timeout * 1000)
    wait_drawn(session, target, layer=layer, units=units, svg=svg, timeout=timeout)
    seconds = time.perf_counter() - start
    phases = first_look_phases(session)
    time.sleep(settle)  # late responses of this render still count as its bytes
    counted = session.meter.since(mark)
    return {
        "seconds": seconds,
        "map_bytes": counted["map"],
        "total_bytes": counted["total"],
        "phases": phases,
    }


def _last_end(resources: list[dict[str, Any]], part: str) -> float | None:
    ends = [r["end"] for r in resources if part in r["name"] and r["end"]]
    return max(ends) if ends else None


def first_look_phases(session: Session) -> dict[str, float]:
    """Seconds from navigation to each step of the first look (see ``report.PHASES``), read
    from the browser's own clock; steps that did not happen are left out."""
    page = session.page
    main: dict[str, Any] = page.evaluate(_COLLECT)
    origin = float(main["origin"])
    marks = main["marks"]
    points: dict[str, float | None] = {
        "ws_open": marks.get("ws_open"),
        "first_element": marks.get("first_element"),
        "drawn": marks.get("drawn"),
    }
    frames = [r for r in main["resources"] if r["type"] == "iframe" and "/component/" in r["name"]]
    if frames:
        points["iframe_start"] = min(r["start"] for r in frames)
    for frame in page.frames:
        if "/component/" not in frame.url:
            continue
        try:
            inner: dict[str, Any] = frame.evaluate(_COLLECT)
        except Exception:  # a frame that went away: its steps stay unknown
            continue
        points["iframe_loaded"] = inner["dom_loaded"]
        points["leaflet_loaded"] = _last_end(inner["resources"], "/vendor/leaflet/leaflet.js")
        points["shapes_fetched"] = _last_end(inner["resources"], "/app/static/geo/")
        break
    return {key: (value - origin) / 1000 for key, value in points.items() if value}


def _open_picker(session: Session, target: Target, label: str) -> Locator:
    page = session.page
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=target.picker).first
    box.click()
    page.keyboard.type(label)
    option = page.get_by_role("option", name=label, exact=True).first
    option.wait_for(state="visible")
    return option


def timed_change(
    session: Session,
    target: Target,
    layer: str,
    *,
    units: int,
    svg: bool,
    timeout: float = 120,
    settle: float = 0.5,
) -> dict[str, float]:
    """Pick ``layer`` in the layer picker and wait until the map shows it."""
    label = target.labels[layer]
    option = None if target.picker is None else _open_picker(session, target, label)
    mark = session.meter.mark()
    start = time.perf_counter()
    if option is None:
        session.page.select_option("#laag", value=layer)
    else:
        option.click()
    wait_drawn(session, target, layer=layer, units=units, svg=svg, timeout=timeout)
    seconds = time.perf_counter() - start
    time.sleep(settle)
    counted = session.meter.since(mark)
    return {"seconds": seconds, "map_bytes": counted["map"], "total_bytes": counted["total"]}
