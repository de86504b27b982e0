"""What an analyst uploaded in this browser session (never shared between sessions)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from layers.uploads import UploadedIndicator

_KEY = "vb_uploads"


def _store() -> dict:
    return st.session_state.setdefault(
        _KEY, {"ontmoetingsplaatsen": None, "haltes": None, "initiatieven": None, "indicatoren": []}
    )


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
    _store()[kind] = frame


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
