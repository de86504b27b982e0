"""Browser fixtures: Debian's Chromium through Playwright, with the network closed.

Every request leaving the machine is aborted and recorded, so a test can assert that a page
needed nothing from the internet. Screenshots go to ``test-artifacts/`` at the repository root.
Never run ``playwright install``: the system browser at ``/usr/bin/chromium`` is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"file", "data", "about", "blob"}
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class PageLog:
    """What happened in a page: blocked requests, console errors, page errors and dialogs."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    """True for file:, data:, about:, blob: and requests to this machine."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium (the system one), shared by the session."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make system-deps'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page_log() -> PageLog:
    """The log of the test's page (see :class:`PageLog`)."""
    return PageLog()


@pytest.fixture
def page(browser, page_log: PageLog) -> Iterator[object]:
    """A fresh page whose context allows only local requests; dialogs are dismissed and logged."""
    context = browser.new_context(viewport={"width": 1100, "height": 760}, locale="nl-BE")

    def route(route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            page_log.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    new_page = context.new_page()

    def on_dialog(dialog) -> None:
        page_log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    new_page.on("dialog", on_dialog)
    new_page.on(
        "console",
        lambda message: (
            page_log.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    new_page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    yield new_page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``test-artifacts/`` at the repository root (gitignored), for screenshots."""
    path = REPO_ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
