"""Checking an upload in a worker process with resource limits, outside the web process.

:func:`start_check` runs :func:`~layers.uploads.process.process_upload` in a process of its own
and returns a :class:`CheckJob` to poll (:attr:`CheckJob.done`, :attr:`CheckJob.elapsed`), to
collect (:meth:`CheckJob.outcome`, a picklable :class:`Processed`) or to cancel
(:meth:`CheckJob.cancel`, which kills the process). So a hostile or simply large file costs a
worker, never the server that every other session shares (issue 12):

- the worker is forked from a *forkserver* (a clean, single-threaded process that imported the
  reading code once), never from the threaded web server, and it runs at a lower priority
  (``nice`` +:data:`NICENESS`) so other sessions keep the processor first;
- its address space is capped at :data:`MEMORY_LIMIT_BYTES` (``RLIMIT_AS``: an allocation
  beyond it fails) and its wall time at :data:`WALL_SECONDS` (``SIGALRM`` ends it; the caller
  also kills it when it is late, and ``RLIMIT_CPU`` is a last backstop);
- at most :data:`MAX_WORKERS` workers run at once in a server; a check asked for beyond that
  waits for a free one (:attr:`CheckJob.queued`);
- a worker that ran out of memory or time, crashed or was killed gives a rejected report with a
  Dutch message that names the limit and what to do ("splits het bestand"); a bug in Verbonden
  met in the worker is raised in the caller as :class:`WorkerFaultError` with the worker's
  traceback, so the page's one fault boundary logs it.

No Streamlit here: the dashboard draws the progress and the cancel button around a job.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerProcess, set_spawning_popen
from typing import TYPE_CHECKING, Any

from geodata.messages import Message
from geodata.upload import UploadOptions, rejected_file_report
from layers.uploads.process import Processed, process_upload

if TYPE_CHECKING:
    import geopandas as gpd

    from geodata.resolver import Resolver

MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
WALL_SECONDS = 30.0
NICENESS = 10
# The worker may run this long past WALL_SECONDS before the caller kills it (its own alarm
# normally ends it first).
_GRACE_SECONDS = 5.0
# At most this many workers run at once in one server (the others wait): two cores, and no more
# than 2 x MEMORY_LIMIT_BYTES for uploads.
MAX_WORKERS = 2
_LIVE: set[_WorkerProcess] = set()
_LIVE_LOCK = threading.Lock()
_START_LOCK = threading.Lock()
# The caller sets the forkserver's preload once per process.
_PRELOAD_LOCK = threading.Lock()
_PRELOADED: list[bool] = []


class WorkerFaultError(RuntimeError):
    """A bug in Verbonden met while checking a file in the worker; the message holds the
    worker's traceback."""


@dataclass(frozen=True)
class CheckRequest:
    """Everything :func:`process_upload` needs, sent to the worker (picklable)."""

    data: bytes
    filename: str
    kind: str
    options: UploadOptions | None
    resolver: Resolver | None
    gemeenten: gpd.GeoDataFrame | None = None
    localities: Mapping[str, str] | None = None


class _Popen(popen_forkserver.Popen):
    """The forkserver's ``Popen`` without the main module in what the child prepares.

    Streamlit runs every page script as ``__main__`` (``sys.modules['__main__']`` is the page
    while it runs), and multiprocessing would run that module again in the child to prepare
    it: the worker would run a page. The worker needs only :mod:`layers.uploads.worker`, which
    the forkserver imported. Otherwise the same as ``popen_forkserver.Popen._launch``.
    """

    def _launch(self, process_obj: Any) -> None:
        prep_data = {
            name: value
            for name, value in spawn.get_preparation_data(process_obj._name).items()
            if not name.startswith("init_main_from")
        }
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        parent_w = os.dup(w)  # the child's sentinel of this parent, closed with the finalizer
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:  # noqa: PTH123 - a file descriptor, not a path
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _WorkerProcess(ForkServerProcess):
    """A forkserver process started through :class:`_Popen`."""

    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:  # noqa: N802 - multiprocessing's names
        return _Popen(process_obj)


def _preload() -> None:
    """Have the forkserver (started with the first worker) import this module, and so the
    reading code, once; every worker is then a fork of it."""
    with _PRELOAD_LOCK:
        if not _PRELOADED:
            forkserver.set_forkserver_preload([__name__])
            _PRELOADED.append(True)


def _lower_priority(nice: int | None = None) -> int:
    """The niceness a worker gets: its caller's plus :data:`NICENESS` (at most 19)."""
    return min(19, (os.getpriority(os.PRIO_PROCESS, 0) if nice is None else nice) + NICENESS)


def _limit_self(memory_bytes: int, seconds: float, nice: int) -> None:
    """In the worker: lower priority (``nice``), cap the address space, end the process after
    ``seconds`` (SIGALRM's default action) and, as a backstop, after that much CPU time."""
    os.setpriority(os.PRIO_PROCESS, 0, nice)  # the caller may have done it already
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _work(
    connection: Connection, request: CheckRequest, memory_bytes: int, seconds: float, nice: int
) -> None:
    """The worker's entry: check the file, send ``(status, payload, peak RSS in kB)`` and
    exit."""
    _limit_self(memory_bytes, seconds, nice)
    try:
        processed = process_upload(
            request.data,
            filename=request.filename,
            kind=request.kind,
            options=request.options,
            resolver=request.resolver,
            gemeenten=request.gemeenten,
            localities=request.localities,
        )
        reply: tuple[str, Any] = ("ok", processed)
    except MemoryError:
        reply = ("memory", None)
    except Exception:  # a bug: its traceback goes to the caller's fault boundary
        reply = ("fault", traceback.format_exc())
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        connection.send((*reply, peak_kb))
    except MemoryError:
        connection.send(("memory", None, peak_kb))
    finally:
        connection.close()


def _rejected(request_filename: str, kind: str, text: str) -> Processed:
    report = rejected_file_report(
        filename=request_filename,
        kind="points" if kind in ("ontmoetingsplaatsen", "haltes") else "table",
        messages=[Message("error", text, file=request_filename)],
    )
    return Processed(kind, request_filename, report)


def _size(n: int) -> str:
    """``1,5 GB`` or ``64 MB`` (binary units, Dutch decimal comma)."""
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB".replace(".", ",")
    return f"{n / 1024**2:.0f} MB"


def memory_message(memory_bytes: int = MEMORY_LIMIT_BYTES) -> str:
    """Dutch text for a check that needed more memory than its worker may use."""
    return (
        f"Het controleren van dit bestand vroeg meer dan {_size(memory_bytes)} geheugen; dat is "
        "de grens per bestand. Splits het bestand in kleinere delen of verwijder overbodige "
        "kolommen, en laad de delen apart op."
    )


def time_message(seconds: float = WALL_SECONDS) -> str:
    """Dutch text for a check that took longer than its worker may run."""
    return (
        f"Het controleren van dit bestand duurde langer dan {seconds:.0f} seconden; dat is de "
        "grens per bestand. Splits het bestand in kleinere delen en laad die apart op."
    )


def crash_message(memory_bytes: int = MEMORY_LIMIT_BYTES) -> str:
    """Dutch text for a worker that ended without an answer (killed, crashed)."""
    return (
        "Het controleren van dit bestand werd onverwacht afgebroken (het werkproces stopte, "
        f"bijvoorbeeld door te weinig geheugen: de grens is {_size(memory_bytes)}). Probeer het "
        "opnieuw; lukt het niet, splits het bestand dan in kleinere delen."
    )


class _Worker:
    """One started worker process and the pipe it answers on."""

    def __init__(self, request: CheckRequest, memory_bytes: int, seconds: float) -> None:
        receiver, sender = multiprocessing.Pipe(duplex=False)
        _preload()
        nice = _lower_priority()
        self.process = _WorkerProcess(
            target=_work,
            args=(sender, request, memory_bytes, seconds, nice),
            name=f"verbonden-check-{request.filename[:40]}",
            daemon=True,
        )
        self.process.start()
        sender.close()  # the worker holds the other end: its exit closes the pipe
        self.connection = receiver
        if self.process.pid is not None:  # lower its priority now; it does so itself too
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self.process.pid, nice)
        with _LIVE_LOCK:
            _LIVE.add(self.process)


def running_workers() -> int:
    """How many worker processes of this server are alive now."""
    with _LIVE_LOCK:
        _LIVE.difference_update([p for p in _LIVE if not p.is_alive()])
        return len(_LIVE)


class CheckJob:
    """A check in a worker process (see the module docstring). At most :data:`MAX_WORKERS` run
    at once in a server; a job started beyond that waits (:attr:`queued`) and starts as soon as
    a worker ends, when it is polled (:attr:`done`, :meth:`wait`)."""

    def __init__(
        self, request: CheckRequest, *, memory_bytes: int, seconds: float, max_workers: int
    ) -> None:
        self._request: CheckRequest | None = request
        self._filename = request.filename
        self._kind = request.kind
        self._seconds = seconds
        self._memory = memory_bytes
        self._max_workers = max_workers
        self._created = time.monotonic()
        self._started: float | None = None
        self._worker: _Worker | None = None
        self._outcome: Processed | None = None
        self._fault: str | None = None
        self.cancelled = False
        self.peak_mb: float | None = None  # the worker's peak RSS, once it answered
        self._try_start()

    def _try_start(self) -> None:
        if self._worker is not None or self._request is None or self.cancelled:
            return
        with _START_LOCK:
            if running_workers() >= self._max_workers:
                return
            self._worker = _Worker(self._request, self._memory, self._seconds)
        self._request = None  # the worker has the bytes now
        self._started = time.monotonic()

    @property
    def queued(self) -> bool:
        """True while the job waits for a free worker."""
        return self._worker is None and not self.done

    @property
    def elapsed(self) -> float:
        """Seconds since the job was asked for (queued time included)."""
        return time.monotonic() - self._created

    @property
    def pid(self) -> int | None:
        """The worker's process id (None while queued)."""
        return self._worker.process.pid if self._worker is not None else None

    @property
    def done(self) -> bool:
        """True once the worker answered, ended, was cancelled or overran its time (then it is
        killed here)."""
        if self._outcome is not None or self._fault is not None or self.cancelled:
            return True
        self._try_start()
        worker = self._worker
        if worker is None or self._started is None:
            return False
        if worker.connection.poll():
            self._receive(worker)
            return True
        if not worker.process.is_alive():
            self._receive(worker)  # it may have answered just before it ended
            return True
        if time.monotonic() - self._started > self._seconds + _GRACE_SECONDS:
            self._kill()
            self._outcome = _rejected(self._filename, self._kind, time_message(self._seconds))
            return True
        return False

    def wait(self, timeout: float | None = None, *, step: float = 0.05) -> bool:
        """Wait until :attr:`done` (or ``timeout`` seconds); returns :attr:`done`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.done:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            if self._worker is not None:
                self._worker.connection.poll(step)
            else:
                time.sleep(step)
        return True

    def outcome(self) -> Processed:
        """The checked file (a rejected report when the worker ran out of memory or time or
        crashed). Raises :class:`WorkerFaultError` for a bug met in the worker and
        ``RuntimeError`` when the job is not done or was cancelled."""
        if not self.done or self.cancelled:
            msg = "the check is still running" if not self.cancelled else "the check was cancelled"
            raise RuntimeError(msg)
        if self._fault is not None:
            raise WorkerFaultError(self._fault)
        if self._outcome is None:  # done without a fault or a cancel always sets it
            raise RuntimeError("the check ended without an outcome")
        return self._outcome

    def cancel(self) -> None:
        """Stop the check: the worker is killed (nothing is kept)."""
        if self._outcome is None and self._fault is None:
            self.cancelled = True
        self._request = None
        self._kill()

    def _kill(self) -> None:
        if self._worker is None:
            return
        if self._worker.process.is_alive():
            self._worker.process.kill()
        self._worker.process.join(timeout=5)
        self._worker.connection.close()

    def _receive(self, worker: _Worker) -> None:
        try:
            status, payload, peak_kb = worker.connection.recv()
            self.peak_mb = peak_kb / 1024
        except (EOFError, OSError):
            status, payload = "ended", None
        worker.process.join(timeout=5)
        worker.connection.close()
        if status == "ok":
            self._outcome = payload
        elif status == "fault":
            self._fault = str(payload)
        elif status == "memory":
            self._outcome = _rejected(self._filename, self._kind, memory_message(self._memory))
        elif worker.process.exitcode in (-signal.SIGALRM, -signal.SIGXCPU):
            self._outcome = _rejected(self._filename, self._kind, time_message(self._seconds))
        else:
            self._outcome = _rejected(self._filename, self._kind, crash_message(self._memory))


def prepare_workers() -> None:
    """Start the forkserver now (it imports the reading code once, in the background), so the
    first upload does not wait for it; call it early, before the web server starts threads."""
    _preload()
    forkserver.ensure_running()


def start_check(
    request: CheckRequest,
    *,
    memory_bytes: int = MEMORY_LIMIT_BYTES,
    seconds: float = WALL_SECONDS,
    max_workers: int | None = None,
) -> CheckJob:
    """Check ``request`` in a worker process (see the module docstring): started now, or as
    soon as fewer than ``max_workers`` (default :data:`MAX_WORKERS`) run in this server."""
    return CheckJob(
        request,
        memory_bytes=memory_bytes,
        seconds=seconds,
        max_workers=MAX_WORKERS if max_workers is None else max_workers,
    )


def check_in_worker(
    request: CheckRequest,
    *,
    memory_bytes: int = MEMORY_LIMIT_BYTES,
    seconds: float = WALL_SECONDS,
) -> Processed:
    """:func:`start_check` and wait for its :meth:`~CheckJob.outcome`."""
    job = start_check(request, memory_bytes=memory_bytes, seconds=seconds)
    job.wait()
    return job.outcome()


__all__ = [
    "MAX_WORKERS",
    "MEMORY_LIMIT_BYTES",
    "NICENESS",
    "WALL_SECONDS",
    "CheckJob",
    "CheckRequest",
    "WorkerFaultError",
    "check_in_worker",
    "crash_message",
    "memory_message",
    "prepare_workers",
    "running_workers",
    "start_check",
    "time_message",
]
