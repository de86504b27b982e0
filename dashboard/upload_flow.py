"""The upload page's memo: a checked upload remembered in this browser session, with the store's
reference data (shapes, names, locality owners) cached for every session.

The checking itself is :func:`layers.uploads.process_upload` (no Streamlit);
:func:`program_fault_boundary` is where a bug ends up: one met while checking or using a file, or
anywhere in a page (``app.py`` wraps every page in it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import geopandas as gpd
import streamlit as st

from dashboard import loaders
from geodata.upload import PROGRAM_FAULT, UploadOptions
from layers.uploads import Processed, file_key, locality_owners, process_upload

_MEMO = "ed_memo"
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


def checked_upload(data: bytes, *, filename: str, kind: str, options: UploadOptions) -> Processed:
    """:func:`process_upload` with the store's reference data, remembered in this session for
    the same bytes, kind and options (a rerun does not read the file again). Only the last
    upload is kept, and only in this browser session."""
    key = (file_key(data), filename, kind, options)
    memo: tuple[tuple[str, str, str, UploadOptions], Processed] | None = st.session_state.get(_MEMO)
    if memo is not None and memo[0] == key:
        return memo[1]
    with st.spinner("Bestand controleren…"):
        processed = process_upload(
            data,
            filename=filename,
            kind=kind,
            options=options,
            resolver=loaders.resolver(),
            gemeenten=gemeente_shapes(),
            localities=inventory_localities() if kind == "initiatieven" else None,
        )
    st.session_state[_MEMO] = (key, processed)
    return processed
