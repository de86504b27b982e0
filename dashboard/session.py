"""What an analyst uploaded in this browser session (never shared between sessions)."""

from __future__ import annotations

from typing import TypedDict

import pandas as pd
import streamlit as st

from layers.uploads import UploadedIndicator

_KEY = "vb_uploads"


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


def set_inventory(frame: pd.DataFrame | None) -> None:
    """Store (or clear) an uploaded inventory."""
    _store()["initiatieven"] = frame


def add_indicator(upload: UploadedIndicator) -> None:
    """Add (or replace, by id) an uploaded indicator column."""
    store = _store()
    store["indicatoren"] = [u for u in store["indicatoren"] if u.id != upload.id] + [upload]


def remove_indicator(upload_id: str) -> None:
    """Forget an uploaded indicator column."""
    store = _store()
    store["indicatoren"] = [u for u in store["indicatoren"] if u.id != upload_id]
