"""Checking an upload in a worker process (issue 12): the same answer as in the web process,
and a worker that is cancelled, runs out of time or memory or dies gives a Dutch message while
the caller carries on."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from bench.hostile import many_rows_csv, wide_csv
from geodata.store import read_layer
from layers.uploads import CheckRequest, check_in_worker, process_upload, start_check
from layers.uploads.worker import crash_message, running_workers

CSV = b"nis;gemeente;leden\n11002;Antwerpen;340\n44021;Gent;250\n99999;Nergens;3\n"
CODES = ["11002", "44021", "31005", "12025", "71072"]


@pytest.fixture(scope="module")
def gemeenten(settings):
    return read_layer(settings.store_path, "gemeente", columns=["code"])


def _error(processed) -> str:
    assert processed.report.status == "rejected", processed.report
    [error] = [m.message for m in processed.report.messages if m.level == "error"]
    return error


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:  # noqa: PTH123
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_worker_answers_as_the_web_process_would(resolver, gemeenten):
    request = CheckRequest(CSV, "leden.csv", "indicator", None, resolver, gemeenten)
    in_worker = check_in_worker(request)
    here = process_upload(
        CSV, filename="leden.csv", kind="indicator", resolver=resolver, gemeenten=gemeenten
    )
    assert in_worker.report.as_dict() == here.report.as_dict()
    assert (in_worker.report.rows_in, in_worker.report.rows_matched) == (3, 2)
    assert in_worker.table is not None and in_worker.table.equals(here.table)


def test_the_worker_is_not_the_calling_process_and_runs_at_a_lower_priority(resolver):
    job = start_check(CheckRequest(CSV, "leden.csv", "indicator", None, resolver))
    assert job.pid is not None and job.pid != os.getpid()
    with open(f"/proc/{job.pid}/stat", encoding="utf-8") as handle:  # noqa: PTH123
        nice = int(handle.read().rsplit(")", 1)[1].split()[16])  # until it is reaped by wait()
    job.wait()
    assert job.outcome().report.rows_in == 3
    assert nice == min(19, os.nice(0) + 10)


def test_cancel_kills_the_worker(tmp_path, resolver):
    data = many_rows_csv(tmp_path / "groot.csv", CODES).read_bytes()
    job = start_check(CheckRequest(data, "groot.csv", "indicator", None, resolver))
    pid = job.pid
    assert pid is not None
    job.cancel()
    assert job.done and job.cancelled
    assert not _alive(pid)
    with pytest.raises(RuntimeError, match="cancelled"):
        job.outcome()


def test_a_worker_over_its_time_is_stopped_with_a_message(tmp_path, resolver):
    data = many_rows_csv(tmp_path / "groot.csv", CODES).read_bytes()
    job = start_check(CheckRequest(data, "groot.csv", "indicator", None, resolver), seconds=0.01)
    job.wait(timeout=30)
    text = _error(job.outcome())
    assert "duurde langer dan 0 seconden" in text and "Splits het bestand" in text
    assert not _alive(job.pid or 0)


def test_a_worker_over_its_memory_is_stopped_with_a_message(tmp_path, resolver):
    data = wide_csv(tmp_path / "breed.csv", CODES).read_bytes()
    # a limit below what the worker holds already: its first large allocation fails
    processed = check_in_worker(
        CheckRequest(data, "breed.csv", "indicator", None, resolver), memory_bytes=64 * 1024**2
    )
    text = _error(processed)
    assert "meer dan 64 MB geheugen" in text or "de grens is 64 MB" in text
    assert "splits het bestand" in text.lower()


def test_a_worker_that_dies_gives_a_message_and_the_caller_goes_on(tmp_path, resolver):
    data = many_rows_csv(tmp_path / "groot.csv", CODES).read_bytes()
    job = start_check(CheckRequest(data, "groot.csv", "indicator", None, resolver))
    os.kill(job.pid or 0, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    job.wait(timeout=30)
    assert _error(job.outcome()) == crash_message()
    # the next file is checked as usual
    assert check_in_worker(CheckRequest(CSV, "leden.csv", "indicator", None, resolver)).usable


@pytest.mark.skipif(sys.platform != "linux", reason="the worker's limits are Linux ones")
def test_the_streamlit_page_module_is_not_run_in_the_worker(resolver, monkeypatch, tmp_path):
    # Streamlit runs each page as ``__main__``; the worker must not run it again.
    page = tmp_path / "page.py"
    page.write_text("raise SystemExit('de pagina liep in de worker')\n", encoding="utf-8")
    fake_main = type(sys)("__main__")
    fake_main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    assert check_in_worker(CheckRequest(CSV, "leden.csv", "indicator", None, resolver)).usable


def test_a_check_beyond_the_workers_allowed_waits_for_a_free_one(tmp_path, resolver):
    data = many_rows_csv(tmp_path / "groot.csv", CODES, rows=400_000).read_bytes()
    first = start_check(CheckRequest(data, "groot.csv", "indicator", None, resolver))
    second = start_check(CheckRequest(CSV, "leden.csv", "indicator", None, resolver), max_workers=1)
    assert second.queued and second.pid is None and not second.done
    assert first.wait(timeout=60) and first.outcome().report.status == "rejected"
    assert second.wait(timeout=60)
    assert second.pid is not None and second.outcome().report.rows_in == 3
    assert running_workers() == 0
