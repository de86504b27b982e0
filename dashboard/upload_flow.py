"""The upload page's memo: a checked upload remembered in this browser session, with the store's
reference data (shapes, names, locality owners) cached for every session.

The checking itself is :func:`layers.uploads.process_upload` (no Streamlit), run in a worker
process with memory and time limits (:func:`layers.uploads.start_check`) so a large or hostile
file never blocks the server that other sessions share; :func:`checked_upload` shows its progress
(elapsed seconds) with an "Annuleren" button that kills the worker;
:func:`program_fault_boundary` is where a bug ends up: one met while checking or using a file, or
anywhere in a page (``app.py`` wraps every page in it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import geopandas as gpd
import streamlit as st

from dashboard import loaders
from dashboard.text import md
from geodata.upload import PROGRAM_FAULT, UploadOptions
from layers.uploads import (
    MEMORY_LIMIT_BYTES,
    WALL_SECONDS,
    CheckJob,
    CheckRequest,
    Processed,
    file_key,
    locality_owners,
    start_check,
)

_MEMO = "ed_memo"
_JOB = "ed_job"  # (key, CheckJob) of the check running for this session
_CANCELLED = "ed_geannuleerd"  # key of the check the analyst cancelled
# The run that starts a check waits this long for it (most files answer well within it); a
# longer check is then followed by a fragment that polls it every POLL_SECONDS.
INLINE_SECONDS = 10.0
POLL_SECONDS = 1.0
_TICK = 0.25
_Key = tuple[str, str, str, UploadOptions]
_LOG = logging.getLogger(__name__)


PAGE_FAULT = "Er ging iets mis in Verbonden zelf; deze pagina kan niet verder getoond worden."
WHAT_TO_DO = (
    "De details staan in het logboek van de server. Laad de pagina opnieuw of kies een andere "
    "instelling; blijft het misgaan, meld het dan aan de beheerder van Verbonden."
)


@contextmanager
def program_fault_boundary(filename: str | None = None, *, page: str = "") -> Iterator[None]:
    """The one boundary for bugs in Verbonden: around every page (``page``, see ``app.py``) and
    around checking and using an uploaded file (``filename``; file problems never reach it).

    Problems of a file are reported by the checks themselves and wrong input by the pages; an
    exception escaping them is a fault of the program: its traceback goes to the server log and
    the page shows a Dutch message that says so and what to do, never the traceback. Streamlit's
    own control flow (``st.rerun``, ``st.stop``) passes: it is not an ``Exception``.
    """
    try:
        yield
    except Exception:
        if filename is not None:
            _LOG.exception("Fout in Verbonden bij het verwerken van de upload '%s'", filename)
            message = PROGRAM_FAULT
        else:
            _LOG.exception("Fout in Verbonden op de pagina '%s'", page)
            message = PAGE_FAULT
        st.error(f"{message} {WHAT_TO_DO}", icon=":material/error:")


@st.cache_resource(show_spinner=False)
def gemeente_shapes() -> gpd.GeoDataFrame:
    """Municipal polygons (full precision, only ``code``) for placing uploaded points.

    A resource, not data: read-only use, so it is not copied on every rerun.
    """
    from geodata.store import read_layer

    return read_layer(loaders.store_path(), "gemeente", columns=["code"])


@st.cache_data(show_spinner=False)
def inventory_localities() -> dict[str, str]:
    """Deelgemeente and wijk code -> 2025 municipality code (checks inventory locations)."""
    return locality_owners(loaders.attributes)


@st.cache_data(show_spinner=False)
def gemeente_names() -> dict[str, str]:
    """2025 municipality code -> name."""
    frame = loaders.attributes("gemeente")
    return dict(zip(frame["code"].astype(str), frame["naam"].astype(str), strict=True))


def _limits_text() -> str:
    gb = f"{MEMORY_LIMIT_BYTES / 1024**3:.1f}".replace(".", ",")
    return f"hoogstens {WALL_SECONDS:.0f} seconden en {gb} GB geheugen"


def _cancel(key: _Key) -> None:
    """The 'Annuleren' button: kill the worker and remember the cancelled check."""
    running: tuple[_Key, CheckJob] | None = st.session_state.pop(_JOB, None)
    if running is not None:
        running[1].cancel()
    st.session_state[_CANCELLED] = key


def _retry() -> None:
    st.session_state.pop(_CANCELLED, None)


def _running_job(
    key: _Key, data: bytes, filename: str, kind: str, options: UploadOptions
) -> CheckJob:
    """The check of ``key`` running for this session, started when there is none; a check of
    another file or other options is no longer needed and is stopped."""
    running: tuple[_Key, CheckJob] | None = st.session_state.get(_JOB)
    if running is not None and running[0] == key:
        return running[1]
    if running is not None:
        running[1].cancel()
    request = CheckRequest(
        data,
        filename,
        kind,
        options,
        resolver=loaders.resolver(),
        gemeenten=gemeente_shapes(),
        localities=inventory_localities() if kind == "initiatieven" else None,
    )
    job = start_check(request)
    st.session_state[_JOB] = (key, job)
    return job


def _elapsed(job: CheckJob) -> str:
    if job.queued:
        return (
            f"Wacht op een vrije plaats: er worden al andere bestanden gecontroleerd "
            f"({job.elapsed:.0f} s)."
        )
    return f"Bezig: {job.elapsed:.0f} s ({_limits_text()})."


def _progress(
    job: CheckJob, key: _Key, filename: str, *, button_key: str
) -> st.delta_generator.DeltaGenerator:
    """The progress panel: what is checked, the elapsed seconds and 'Annuleren'; returns the
    placeholder of the seconds."""
    with st.container(border=True):
        st.markdown(f"**Bestand '{md(filename)}' controleren…** :material/hourglass_top:")
        clock = st.empty()
        clock.caption(_elapsed(job))
        st.button("Annuleren", key=button_key, on_click=_cancel, args=(key,),
                  icon=":material/cancel:", help="Stopt de controle van dit bestand.")  # fmt: skip
    return clock


@st.fragment(run_every=POLL_SECONDS)
def _poll(key: _Key, filename: str) -> None:
    """Shown while a check runs longer than :data:`INLINE_SECONDS`: the panel, refreshed every
    second; when the check is done the whole page runs again and shows the result."""
    running: tuple[_Key, CheckJob] | None = st.session_state.get(_JOB)
    if running is None or running[0] != key:
        return
    if running[1].done:
        st.rerun()
    _progress(running[1], key, filename, button_key="ed_annuleren_wacht")


def checked_upload(
    data: bytes, *, filename: str, kind: str, options: UploadOptions
) -> Processed | None:
    """The checked upload, or None while it is being checked or after it was cancelled.

    :func:`layers.uploads.process_upload` with the store's reference data, in a worker process
    (see the module docstring), remembered in this session for the same bytes, kind and options
    (a rerun does not read the file again). Only the last upload is kept, and only in this
    browser session. A bug met in the worker is raised here (``WorkerFaultError``)."""
    key: _Key = (file_key(data), filename, kind, options)
    memo: tuple[_Key, Processed] | None = st.session_state.get(_MEMO)
    if memo is not None and memo[0] == key:
        return memo[1]
    if st.session_state.get(_CANCELLED) == key:
        st.info(
            f"De controle van '{md(filename)}' is geannuleerd; er werd niets van het bestand "
            "gebruikt. Kies een ander bestand, of controleer dit bestand opnieuw.",
            icon=":material/cancel:",
        )
        st.button("Opnieuw controleren", key="ed_opnieuw", on_click=_retry)
        return None
    st.session_state.pop(_CANCELLED, None)
    job = _running_job(key, data, filename, kind, options)
    if not job.done:
        panel = st.empty()
        with panel.container():
            clock = _progress(job, key, filename, button_key="ed_annuleren")
        deadline = time.monotonic() + INLINE_SECONDS
        while not job.wait(_TICK) and time.monotonic() < deadline:
            clock.caption(_elapsed(job))  # also where a click on 'Annuleren' stops this run
        panel.empty()
        if not job.done:
            _poll(key, filename)
            return None
    st.session_state.pop(_JOB, None)
    processed = job.outcome()
    st.session_state[_MEMO] = (key, processed)
    return processed
