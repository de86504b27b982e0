"""One session uploads a large hostile file while another changes the map layer (issue 12): the
second is not slowed down by more than 2x.

Session A is a real headless Chromium on 'Eigen data' (every non-loopback request blocked) that
uploads the issue's CSV of every gemeente code repeated (generated here, never committed): at
full size 49 MB and 4,310,910 rows (``-m slow``, refused by the read budget after 200,000 rows),
and in the default run 190,000 rows (2 MB) that are read and checked whole (about 3 s of work:
in the web process it would hold the interpreter lock that session B needs).
Session B is a Streamlit protocol client (:class:`bench.load.Client`) on Kaart at gemeente level
that changes the layer back and forth. B's time per layer change (until its script finished)
is measured in the same run, in turns with A idle on the page and while A's upload is being
received and checked (A uploads again until B has its samples in both phases); the test compares
the medians (a ratio, not an absolute time). A's browser runs at a lower priority: in use it is
on the uploader's own machine. The figures go to ``test-artifacts/upload-concurrency.json``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import statistics
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bench.hostile import many_rows_csv
from bench.load import Client, stream
from bench.session_memory import default_layers
from geodata.store import read_attributes
from geodata.upload.limits import MAX_ROWS
from tests.e2e.app_server import app_url  # noqa: F401 - fixture

if TYPE_CHECKING:
    from geodata.settings import Settings

pytestmark = pytest.mark.e2e

SLOWDOWN = 2.0
SAMPLES = 10  # layer changes per phase
PER_UPLOAD = 3  # at most this many of them during one upload: the phases take turns
MAX_UPLOADS = 20
TIMEOUT = 180_000
FULL_ROWS = 4_310_910
DEFAULT_ROWS = MAX_ROWS - 10_000  # read and checked whole: seconds of work


class _OtherSession(threading.Thread):
    """Session B: Kaart at gemeente level, changing the layer again and again. Each change is
    a sample of the phase it started and ended in: A idle (baseline) or A uploading (during);
    the two phases alternate, so both see the same background load of the machine."""

    def __init__(self, url: str, labels: list[str]) -> None:
        super().__init__(name="session-b", daemon=True)
        self.url, self.labels = url, labels
        self.baseline: list[float] = []
        self.during: list[float] = []
        self.errors: list[str] = []
        self.warm = threading.Event()  # every layer drawn once
        self.uploading = threading.Event()  # set by A while an upload is received or checked
        self.upload = 0  # A's upload number
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception as error:  # reported by the test
            self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            self.warm.set()

    async def _change(self, client: Client, i: int) -> float:
        client.choose("Kaartlaag", self.labels[i % len(self.labels)])
        run = await client.run(timeout=120)
        self.errors.extend(run.errors)
        if run.finished_seconds is None or run.map_seconds is None:
            self.errors.append(f"layer change {i}: no map")
            return float("nan")
        return run.finished_seconds

    async def _main(self) -> None:
        async with stream(self.url) as socket:
            client = Client(socket, query="niveau=gemeente&laag=kloof")
            await client.run(timeout=120)
            for i in range(2 * len(self.labels)):  # every layer drawn once: caches warm
                await self._change(client, i)
            self.warm.set()
            i = 0
            per_upload: dict[int, int] = {}
            while not self.stop.is_set():
                before, upload = self.uploading.is_set(), self.upload
                if before and per_upload.get(upload, 0) >= PER_UPLOAD:
                    await asyncio.sleep(0.05)  # enough of this upload: wait for the next turn
                    continue
                seconds = await self._change(client, i)
                after = self.uploading.is_set()
                if before:
                    self.during.append(seconds)
                    per_upload[upload] = per_upload.get(upload, 0) + 1
                elif not after:
                    self.baseline.append(seconds)
                i += 1
                await asyncio.sleep(0.1)


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (from /proc: each one's parent)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, p in parents.items() if p == parent]
        found += children
        todo += children
    return found


def _lower_priority_of_the_browser() -> None:
    """Session A's browser (and Playwright's driver) at nice +10, every thread: in use it runs
    on the uploader's own machine, so its drawing and sending must not count as the server
    slowing session B down."""
    for pid in _descendants(os.getpid()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"chromium" not in command and b"playwright" not in command:
            continue  # the app server and its workers keep their priority
        for task in Path(f"/proc/{pid}/task").glob("[0-9]*"):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, int(task.name), 10)


def _upload_and_wait(page, path: Path, rows: int) -> None:
    """Upload ``path`` (``rows`` rows) and wait for its own report (not the previous one's)."""
    page.locator("input[type='file']").first.set_input_files(str(path))
    if rows > MAX_ROWS:
        done = rf"{re.escape(path.name)}: Het bestand heeft meer dan 200\.000 rijen"
    else:
        done = rf"^{rows} rijen gelezen = "
    page.get_by_text(re.compile(done)).first.wait_for(timeout=TIMEOUT)


def _run(page, page_log, url: str, settings: Settings, tmp_path: Path, rows: int) -> dict:
    codes = sorted(read_attributes(settings.store_path, "gemeente")["code"].astype(str))
    other = _OtherSession(url, default_layers()["gemeente"])
    page.goto(f"{url}/eigen-data")
    page.get_by_role("heading", name=re.compile("Eigen data")).wait_for(timeout=TIMEOUT)
    _lower_priority_of_the_browser()
    other.start()
    assert other.warm.wait(300), "session B did not start"
    uploads = 0
    try:
        while uploads < MAX_UPLOADS and other.is_alive():
            # A idle until B has as many baseline samples as during ones (and one more)
            wanted = min(len(other.during) + 1, SAMPLES)
            deadline = time.monotonic() + 120
            while len(other.baseline) < wanted and time.monotonic() < deadline:
                time.sleep(0.05)
            if min(len(other.baseline), len(other.during)) >= SAMPLES:
                break
            # other bytes each time (one row more): the page's memo must not answer
            path = tmp_path / f"alle-codes-{uploads}.csv"
            many_rows_csv(path, codes, rows=rows + uploads)
            other.upload = uploads
            other.uploading.set()
            try:
                _upload_and_wait(page, path, rows + uploads)
            finally:
                other.uploading.clear()
            uploads += 1
    finally:
        other.stop.set()
        other.join(timeout=300)
    assert not other.errors, other.errors
    assert min(len(other.baseline), len(other.during)) >= SAMPLES, (uploads, other.during)
    assert not page_log.blocked, page_log.blocked
    assert not page_log.page_errors, page_log.page_errors
    assert page.locator("[data-testid='stException']").count() == 0
    baseline, during = statistics.median(other.baseline), statistics.median(other.during)
    return {
        "rows": rows,
        "bytes": (tmp_path / "alle-codes-0.csv").stat().st_size,
        "uploads": uploads,
        "baseline_seconds": other.baseline,
        "during_seconds": other.during,
        "baseline_median": baseline,
        "during_median": during,
        "ratio": during / baseline,
    }


def _check(result: dict, artifacts_dir: Path, name: str) -> None:
    (artifacts_dir / name).write_text(json.dumps(result, indent=2), encoding="utf-8")
    assert result["ratio"] <= SLOWDOWN, result


def test_an_upload_does_not_slow_another_session_down(
    page,
    page_log,
    app_url,  # noqa: F811
    settings,
    tmp_path,
    artifacts_dir,
):
    result = _run(page, page_log, app_url, settings, tmp_path, DEFAULT_ROWS)
    if result["ratio"] > SLOWDOWN:
        # One more measurement: a stall of a busy machine rarely repeats, while a check in the
        # web process (ratio about 2.5 on the old code) slows B down every time.
        first = result
        again = tmp_path / "again"
        again.mkdir()
        result = _run(page, page_log, app_url, settings, again, DEFAULT_ROWS)
        result["first_try"] = first
    _check(result, artifacts_dir, "upload-concurrency.json")


@pytest.mark.slow
def test_slow_the_49_mb_upload_does_not_slow_another_session_down(
    page,
    page_log,
    app_url,  # noqa: F811
    settings,
    tmp_path,
    artifacts_dir,
    request,
):
    expression = str(request.config.getoption("markexpr") or "")
    if "slow" not in expression or "not slow" in expression:
        pytest.skip("groot gegenereerd bestand: draai met -m slow")
    result = _run(page, page_log, app_url, settings, tmp_path, FULL_ROWS)
    assert result["bytes"] > 45_000_000
    _check(result, artifacts_dir, "upload-concurrency-49mb.json")
