"""Give memory back to the system after sessions close (issue 16).

Four causes keep a closed session's memory in the server process:

- Streamlit keeps a disconnected session (its session state, widgets, uploads and the files of
  its download buttons, a CSV and an Excel file per table) for ``server.disconnectedSessionTTL``
  seconds (120) so a browser can reconnect, and removes it only lazily: when another session
  disconnects after that time. Even then it only forgets the session without shutting it down,
  so its download files and uploads stay in memory for ever. :func:`start_reaper` shuts the
  closed sessions down once their time is up, as Streamlit's own ``close_session`` does.
- glibc's malloc gives each thread that allocates its own arena (up to 8 per core) and returns
  freed memory from an arena to the system only when its top is free. Every script run is a new
  thread, so the memory of finished runs stays spread over many arenas. :func:`limit_arenas`
  caps the arenas at two (``MALLOC_ARENA_MAX``) and the reaper calls ``malloc_trim`` after
  sessions went away.
- Streamlit's runtime loop keeps naming the last session it sent messages to after everyone
  left, so that closed session and its state (frames, widgets' callbacks and through them the
  namespace of its last page run) outlive the shutdown: :func:`_release_state` empties it.
- Once the closed sessions are gone their objects are freed (the live Python objects are back at
  the level of before the sessions), but the memory that held them is not. Python keeps small
  objects in 1 MiB arenas of its own (pymalloc) and gives an arena back only when every object in
  it is free; while 20 sessions run at once, their objects and the few that outlive them (an
  asyncio task, a path, a cache entry) are spread over all arenas, so one survivor keeps a whole
  MiB. Arrow (pandas' string columns) has its own allocator (mimalloc) that keeps freed memory
  too.
  :func:`allocator_environment` gives the server ``PYTHONMALLOC=malloc`` and
  ``ARROW_DEFAULT_MEMORY_POOL=system``: both then allocate from glibc, whose ``malloc_trim``
  returns every free 4 KiB page. Both are read when the process starts, so ``python -m
  dashboard`` restarts itself once with them.

Linux/glibc only; elsewhere all of this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import os
import threading
import time
from collections.abc import Mapping

_LOG = logging.getLogger(__name__)
_M_MMAP_THRESHOLD = -3  # mallopt parameter numbers in glibc's malloc.h
_M_ARENA_MAX = -8
ARENAS = 2
# Blocks from 128 KiB up (pandas/numpy/Arrow buffers, GeoJSON and Excel bytes) get their own
# mapping and go back to the system when freed, so the heap holds small objects only. Setting it
# also stops glibc from raising the threshold (up to 32 MiB) after such a block is freed, which
# puts the next ones in the heap.
MMAP_THRESHOLD = 128 << 10
REAP_SECONDS = 15.0
# Read by the interpreter and by Arrow at start-up only. Measured with 20 Kaart sessions, RSS once
# they closed against the start: with the closed session's state emptied, +28 % with pymalloc
# and mimalloc, -6 % with glibc only (the start includes the warm-up session, kept for its TTL).
ALLOCATOR_ENV = {"PYTHONMALLOC": "malloc", "ARROW_DEFAULT_MEMORY_POOL": "system"}


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas and fix its mmap threshold (unless MALLOC_ARENA_MAX is set in the
    environment: then the operator decides); call before other threads start."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    libc = _libc()
    if libc is None:
        return False
    libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    return bool(libc.mallopt(_M_ARENA_MAX, arenas) == 1)


def allocator_environment(environ: Mapping[str, str]) -> dict[str, str] | None:
    """The environment to restart the server with so all memory comes from glibc, or None when
    there is nothing to change: each variable already set (by the operator, or by that restart)
    is kept, and without glibc there is no ``malloc_trim`` to give memory back."""
    missing = {name: value for name, value in ALLOCATOR_ENV.items() if name not in environ}
    if not missing or _libc() is None:
        return None
    return {**environ, **missing}


def trim() -> None:
    """Collect garbage and return free heap memory to the system."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def _session_counts() -> tuple[int, int] | None:
    """(active, kept for reconnecting) sessions; kept sessions whose time is up are shut down."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    manager = Runtime.instance()._session_mgr  # Streamlit has no public accessor
    active = manager.num_active_sessions()
    storage = getattr(manager, "_session_storage", None)
    cache = getattr(storage, "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    if cache is None or lock is None:
        return active, 0
    with lock:
        stored = dict(getattr(cache, "_data", {}))  # expired entries too
        kept = len(cache)  # ``len`` removes the expired entries (Streamlit's TTLCache)
        expired = [info for key, info in stored.items() if key not in cache]
    for info in expired:
        # What Streamlit's own close_session does for a kept session and a plain expiry does not:
        # release its download files (media), uploaded files and data frame sources.
        info.session.shutdown()
        _release_state(info.session)
    return active, kept


def _release_state(session: object) -> None:
    """Empty a shut-down session's state, widget callbacks included.

    Streamlit's runtime loop keeps naming the last session it sent messages to (a loop variable)
    until another session sends something, so that one closed session outlives its shutdown, and
    with it its state: frames of the last run, and through the widgets' callbacks and format
    functions the whole namespace of the last page run (unit table, map overlay, ...). Streamlit's
    ``SessionState.clear`` keeps the widgets' metadata, so that is emptied too.
    """
    state = getattr(session, "_session_state", None)  # Streamlit has no public accessor
    if state is None:
        return
    state.clear()
    metadata = getattr(getattr(state, "_new_widget_state", None), "widget_metadata", None)
    if isinstance(metadata, dict):
        metadata.clear()


def _reap(interval: float) -> None:
    last: tuple[int, int] | None = None
    while True:
        time.sleep(interval)
        try:
            counts = _session_counts()
        except Exception:  # never let housekeeping take the server down
            _LOG.exception("session reaper")
            continue
        if counts is None:
            continue
        if last is not None and (counts[0] < last[0] or sum(counts) < sum(last)):
            trim()
        last = counts


def start_reaper(interval: float = REAP_SECONDS) -> threading.Thread:
    """Every ``interval`` seconds: drop expired closed sessions, trim memory when sessions left."""
    thread = threading.Thread(
        target=_reap, args=(interval,), name="verbonden-session-reaper", daemon=True
    )
    thread.start()
    return thread
