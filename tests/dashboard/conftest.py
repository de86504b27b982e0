"""AppTest fixtures: the app runs in-process against the store built from the mirror."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture
def app(settings, monkeypatch):
    """A fresh AppTest of the whole app (navigation included), not yet run."""
    monkeypatch.setenv("VERBONDEN_HOME", str(settings.home))
    monkeypatch.setenv("VERBONDEN_MIRROR", str(settings.mirror))
    return AppTest.from_file(APP, default_timeout=240)
