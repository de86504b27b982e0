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
from streamlit.errors import StreamlitSecretNotFoundError

from geodata.settings import load_settings
from layers.editing import Editor
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


# --- The Inventaris page: who may edit here, and the table being edited (per municipality) ---
_EDITORS = "vb_bewerkers"  # municipality code -> Editor unlocked with an access code
_DRAFTS = "vb_inventaris_concept"  # municipality code -> (table, base version) being edited
_GENERATIONS = "vb_inventaris_generatie"  # municipality code -> key suffix of the editor widget


def unlocked_editor(code: str) -> Editor | None:
    """The editor unlocked with an access code for ``code`` in this session, if any."""
    editors: dict[str, Editor] = st.session_state.get(_EDITORS, {})
    return editors.get(code)


def set_unlocked_editor(editor: Editor) -> None:
    """Remember that this session may edit ``editor.code`` (until it ends or locks again)."""
    editors: dict[str, Editor] = st.session_state.setdefault(_EDITORS, {})
    editors[editor.code] = editor


def lock_editor(code: str) -> None:
    """Forget the editor of ``code`` in this session (and what was being edited)."""
    st.session_state.get(_EDITORS, {}).pop(code, None)
    st.session_state.get(_DRAFTS, {}).pop(code, None)


def inventory_draft(code: str) -> tuple[pd.DataFrame, int, int] | None:
    """What an editor of ``code`` is editing: (the table it started from, its generation, which
    keys the editor widget, and the saved version it is based on), or None before editing."""
    drafts: dict[str, tuple[pd.DataFrame, int]] = st.session_state.get(_DRAFTS, {})
    if code not in drafts:
        return None
    table, base_version = drafts[code]
    return table, st.session_state.get(_GENERATIONS, {}).get(code, 0), base_version


def set_inventory_draft(code: str, table: pd.DataFrame, base_version: int) -> None:
    """Edit ``code`` from ``table``, based on saved version ``base_version`` (a save expects
    that version: when someone else saved since, it is refused instead of overwriting)."""
    st.session_state.setdefault(_DRAFTS, {})[code] = (table, base_version)
    _next_generation(code)


def clear_inventory_draft(code: str) -> None:
    """Start again from the saved inventory (after a save, a restore, or on request)."""
    st.session_state.get(_DRAFTS, {}).pop(code, None)
    _next_generation(code)


def _next_generation(code: str) -> None:
    generations: dict[str, int] = st.session_state.setdefault(_GENERATIONS, {})
    generations[code] = generations.get(code, 0) + 1


def client_key() -> str:
    """Who is knocking, for the rate limit on access codes: the first ``X-Forwarded-For``
    address the proxy sets, else the client's address."""
    forwarded = st.context.headers.get("X-Forwarded-For", "")
    first = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else ""
    address = st.context.ip_address
    return first or (address if isinstance(address, str) and address else "onbekend")


def auth_configured() -> bool:
    """Whether the deployment configures sign-in (OpenID Connect, ``[auth]`` in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, OSError, StreamlitSecretNotFoundError):
        return False


def signed_in_identity() -> tuple[str, str] | None:
    """(e-mail, name) of the user signed in with the deployment's identity provider, or None
    (also when sign-in is not configured)."""
    if not auth_configured() or not st.user.get("is_logged_in"):  # absent until signed in
        return None
    email = str(st.user.get("email") or "")
    return (email, str(st.user.get("name") or "")) if email else None


_NOTICES = "vb_inventaris_melding"  # municipality code -> (kind, Dutch text) after a rerun


def set_inventory_notice(code: str, kind: str, text: str) -> None:
    """A message to show once on the next run of the Inventaris page (``kind``: success,
    info, error)."""
    st.session_state.setdefault(_NOTICES, {})[code] = (kind, text)


def pop_inventory_notice(code: str) -> tuple[str, str] | None:
    """The message left for ``code`` by the previous run, once."""
    notice: tuple[str, str] | None = st.session_state.get(_NOTICES, {}).pop(code, None)
    return notice
