"""The one way Verbonden starts a browser: Debian's headless Chromium, with the network closed.

Used by the benchmark (``bench/browser.py``) and the browser tests (``tests/e2e/conftest.py``).
Two locks keep every page on this machine:

- the browser itself resolves no host name but ``localhost`` (``--host-resolver-rules``), so
  nothing can reach another machine even when nobody watches the requests;
- :func:`block_non_local` aborts and reports each request of a context that leaves this machine,
  so a test can assert that a page needed nothing from the internet.

Never run ``playwright install``: the system browser at ``/usr/bin/chromium`` is used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Playwright, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
LOCAL_SCHEMES = frozenset({"file", "data", "about", "blob"})


def is_local(url: str) -> bool:
    """True for file:, data:, about:, blob: and requests to this machine (loopback)."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


def launch(playwright: Playwright) -> Browser:
    """The system Chromium, headless, resolving no host but this machine."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM} (run 'make system-deps').")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def block_non_local(context: BrowserContext, on_blocked: Callable[[str], object]) -> None:
    """Abort every request of ``context`` that leaves this machine; ``on_blocked`` gets its URL."""

    def _route(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            on_blocked(url)
            route.abort()

    context.route("**/*", _route)
