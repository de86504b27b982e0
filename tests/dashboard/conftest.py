"""AppTest fixtures: the app runs in-process against the store built from the mirror."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="session")
def upload_worker() -> None:
    """The upload workers' forkserver, started and answering once per test session: its first
    start imports the reading code (seconds on a busy machine), which a page run that checks a
    file would otherwise wait for."""
    from layers.uploads import CheckRequest, check_in_worker

    check_in_worker(CheckRequest(b"a;b\n1;2\n", "warm.csv", "indicator", None, resolver=None))


@pytest.fixture
def app(settings, monkeypatch, upload_worker):
    """A fresh AppTest of the whole app (navigation included), not yet run."""
    monkeypatch.setenv("VERBONDEN_HOME", str(settings.home))
    monkeypatch.setenv("VERBONDEN_MIRROR", str(settings.mirror))
    return AppTest.from_file(APP, default_timeout=240)
