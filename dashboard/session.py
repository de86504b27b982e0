"""What an analyst uploaded in this browser session (never listed to other sessions).

The uploads live in the session state and, so that a reload (F5) or a shared link keeps them, in
a work set on the server (:mod:`layers.uploads.workset`) whose unguessable id travels in the URL
as ``?werkset=<token>``. This module is the only reader and writer of both.
"""

from __future__ import annotations

import logging
from typing import TypedDict

import pandas as pd
import streamlit as st

from geodata.settings import load_settings
from layers.uploads import (
    WORKSET_NOTICES,
    UploadedIndicator,
    WorkSet,
    WorkSetTooLargeError,
    load_workset,
    new_token,
    save_workset,
)

_KEY = "vb_uploads"
_WORKSET_ID = "vb_werkset"  # the work-set id of this session, once something was uploaded
_NOTICE = "vb_werkset_melding"  # a Dutch notice about the work set (gone, too large, ...)
_RESTORED = "vb_werkset_gelezen"  # the URL's work set was looked up (once per session)
URL_PARAM = "werkset"
_LOG = logging.getLogger(__name__)


class _Uploads(TypedDict):
    """The session's uploads, kept under ``_KEY`` (a plain dict in the session state)."""

    ontmoetingsplaatsen: pd.DataFrame | None
    haltes: pd.DataFrame | None
    initiatieven: pd.DataFrame | None
    indicatoren: list[UploadedIndicator]


def _store() -> _Uploads:
    empty = _Uploads(ontmoetingsplaatsen=None, haltes=None, initiatieven=None, indicatoren=[])
    store: _Uploads = st.session_state.setdefault(_KEY, empty)  # the only writer is this module
    return store


def restore_workset() -> None:
    """On a session's first run: load the work set named in the URL (``?werkset=``), or keep a
    Dutch notice saying why it is not there (gone, expired, damaged, not a valid id)."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    token = st.query_params.get(URL_PARAM)
    if not token:
        return
    workset, problem = load_workset(load_settings().workset_dir, token)
    if workset is None:
        st.session_state[_NOTICE] = WORKSET_NOTICES[problem or "weg"]
        return
    st.session_state[_KEY] = _Uploads(
        ontmoetingsplaatsen=workset.meeting_places,
        haltes=workset.stops,
        initiatieven=workset.inventory,
        indicatoren=list(workset.indicators),
    )
    st.session_state[_WORKSET_ID] = token


def workset_notice() -> str | None:
    """The Dutch notice about this session's work set, if any."""
    notice: str | None = st.session_state.get(_NOTICE)
    return notice


def workset_params() -> dict[str, str]:
    """The URL parameter naming this session's work set (empty before anything was uploaded)."""
    token: str | None = st.session_state.get(_WORKSET_ID)
    return {URL_PARAM: token} if token else {}


def _changed() -> None:
    """Keep the work set on the server in step with the session (a new id on the first upload)."""
    store = _store()
    token: str | None = st.session_state.get(_WORKSET_ID)
    workset = WorkSet(
        meeting_places=store["ontmoetingsplaatsen"],
        stops=store["haltes"],
        inventory=store["initiatieven"],
        indicators=tuple(store["indicatoren"]),
    )
    if token is None and workset.empty:
        return
    token = token or new_token()
    try:
        save_workset(load_settings().workset_dir, token, workset)
    except WorkSetTooLargeError as error:
        st.session_state[_NOTICE] = str(error)
        return
    except OSError:
        _LOG.exception("Werkset kon niet bewaard worden")
        st.session_state[_NOTICE] = (
            "De opgeladen gegevens konden niet op de server bewaard worden; ze blijven alleen in "
            "deze browsersessie (een herlaadbeurt of een gedeelde link verliest ze)."
        )
        return
    st.session_state[_WORKSET_ID] = token
    st.session_state.pop(_NOTICE, None)
    st.query_params[URL_PARAM] = token


def meeting_places() -> pd.DataFrame | None:
    """Uploaded meeting places as a lon/lat frame, or None."""
    return _store()["ontmoetingsplaatsen"]


def stops() -> pd.DataFrame | None:
    """Uploaded bus/tram stops as a lon/lat frame, or None."""
    return _store()["haltes"]


def inventory() -> pd.DataFrame | None:
    """An uploaded initiative inventory (typed), or None for the publication's examples."""
    return _store()["initiatieven"]


def indicators() -> list[UploadedIndicator]:
    """Uploaded indicator columns."""
    return list(_store()["indicatoren"])


def set_points(kind: str, frame: pd.DataFrame | None) -> None:
    """Store uploaded points ("ontmoetingsplaatsen" or "haltes") as lon/lat."""
    store = _store()
    if kind == "ontmoetingsplaatsen":
        store["ontmoetingsplaatsen"] = frame
    elif kind == "haltes":
        store["haltes"] = frame
    else:
        msg = f"Unknown kind of points: {kind!r}"
        raise ValueError(msg)
    _changed()


def set_inventory(frame: pd.DataFrame | None) -> None:
    """Store (or clear) an uploaded inventory."""
    _store()["initiatieven"] = frame
    _changed()


def add_indicator(upload: UploadedIndicator) -> None:
    """Add (or replace, by id) an uploaded indicator column."""
    store = _store()
    store["indicatoren"] = [u for u in store["indicatoren"] if u.id != upload.id] + [upload]
    _changed()


def remove_indicator(upload_id: str) -> None:
    """Forget an uploaded indicator column."""
    store = _store()
    store["indicatoren"] = [u for u in store["indicatoren"] if u.id != upload_id]
    _changed()
