"""The dashboard as a real server for browser tests, started like ``make run``
(``python -m dashboard``: ``dashboard/server.py``, Streamlit's ``st.App`` around
``dashboard/app.py``, with a preload).

Import the fixture into a test module with::

    from tests.e2e.app_server import app_url  # noqa: F401 - fixture

The server runs once per test session on a free loopback port, against the store of the
``settings`` fixture (VERBONDEN_HOME / VERBONDEN_MIRROR), and is stopped after the session.
Its output goes to ``test-artifacts/streamlit-server.log``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 180
STOP_TIMEOUT_S = 15


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _log_tail(log: Path, lines: int = 40) -> str:
    if not log.is_file():
        return ""
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def start_app(settings, log: Path, extra: Sequence[str] = ()) -> tuple[subprocess.Popen, str]:
    """Start the app (``extra``: more Streamlit options); returns the process and its base URL
    once ``/_stcore/health`` answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env["VERBONDEN_HOME"] = str(settings.home)
    env["VERBONDEN_MIRROR"] = str(settings.mirror)
    command = [
        sys.executable, "-m", "dashboard",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", *extra,
    ]  # fmt: skip
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit stopped (exit {process.returncode}):\n{_log_tail(log)}")
        if _healthy(url):
            return process, url
        time.sleep(0.5)
    stop_app(process)
    pytest.fail(f"streamlit did not answer within {START_TIMEOUT_S} s:\n{_log_tail(log)}")


def stop_app(process: subprocess.Popen) -> None:
    """Terminate the server (kill it if it does not stop in time)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def app_url(settings) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of the running dashboard."""
    process, url = start_app(settings, REPO_ROOT / "test-artifacts" / "streamlit-server.log")
    try:
        yield url
    finally:
        stop_app(process)


__all__ = ["app_url", "free_port", "start_app", "stop_app"]
