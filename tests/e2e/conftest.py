"""Browser fixtures: Debian's Chromium through Playwright, with the network closed.

The browser is started by :mod:`bench.chromium` (the one helper shared with the benchmark).
Every request leaving the machine is aborted and recorded, so a test can assert that a page
needed nothing from the internet. Screenshots go to ``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, block_non_local, launch

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class PageLog:
    """What happened in a page: blocked requests, console errors, page errors and dialogs."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium (the system one), shared by the session."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make system-deps'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch(playwright)
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
    block_non_local(context, page_log.blocked.append)
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
