"""Memory is given back after sessions close (issue 16): RSS returns within 10 % of the server's
RSS after one warm-up session.

Sessions are websocket clients (:mod:`bench.session_memory`) that load Kaart at gemeente and
wijk level and change layers, then disconnect. The app runs with a short
``server.disconnectedSessionTTL`` so the test need not wait the default 120 s before Streamlit
may drop the closed sessions; ``dashboard.memory`` then removes them and trims the heap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.e2e.app_server import REPO_ROOT, start_app, stop_app

if TYPE_CHECKING:
    from geodata.settings import Settings

pytestmark = pytest.mark.e2e

SESSIONS = 10
TTL_SECONDS = 10
WAIT_SECONDS = 60  # TTL + the reaper's 15 s + margin


def test_rss_returns_within_ten_percent_after_sessions_close(settings: Settings) -> None:
    from bench.session_memory import measure

    process, url = start_app(
        settings,
        REPO_ROOT / "test-artifacts" / "streamlit-session-memory.log",
        ["--server.disconnectedSessionTTL", str(TTL_SECONDS)],
    )
    try:
        outcome = measure(url, process.pid, sessions=SESSIONS, wait=WAIT_SECONDS)
    finally:
        stop_app(process)
    summary = outcome.as_dict()
    assert not outcome.errors, summary
    assert outcome.peak_mb > outcome.baseline_mb * 1.1, f"the sessions used no memory: {summary}"
    assert outcome.final_mb <= outcome.baseline_mb * 1.10, summary
