"""Shareable links: the view (level, layer, weights, selection, filters) lives in the URL.

Widgets use session-state keys; on the first run of a session those keys are filled from the
URL's query parameters, and after the widgets ran the current values are written back, so copying
the address bar shares exactly the same view.

A link may be edited by hand: every URL value is checked against its widget's domain (the
allowed options, the slider's range and step) before a widget sees it. A value outside the
domain is clamped (a number) or ignored (anything else), and the page says so in one short
Dutch note (:func:`show_link_notes`) instead of Streamlit raising an exception.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from dashboard import session
from dashboard.text import md

Kind = Literal["str", "float", "list", "bool"]
_TRUE = frozenset({"1", "ja", "true"})
_FALSE = frozenset({"0", "nee", "false"})
_SHOWN_CHARS = 40  # a hand-edited value is quoted in the note up to this length
_NOTES = "_url_notes"


@dataclass(frozen=True)
class Param:
    """One URL parameter bound to a session-state key.

    ``bounds`` (min, max) and ``step`` are the domain of a ``"float"`` parameter (a slider's
    range and step); other kinds get their domain from ``restore(allowed=...)``.
    """

    key: str
    url: str
    kind: Kind
    default: Any
    bounds: tuple[float, float] | None = None
    step: float | None = None


def _quoted(raw: str) -> str:
    text = raw if len(raw) <= _SHOWN_CHARS else raw[: _SHOWN_CHARS - 1] + "…"
    return f"'{text}'"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def decode(param: Param, raw: str | None) -> Any:
    """URL text -> value (invalid text gives the default)."""
    return checked(param, raw)[0]


def checked(
    param: Param, raw: str | None, options: Iterable[Any] | None = None
) -> tuple[Any, str | None]:
    """URL text -> a value inside the parameter's domain, and a Dutch note when the text had to be
    clamped or ignored (None when it was used as it is, or absent).

    ``options`` are the allowed values of a ``"str"`` or ``"list"`` parameter (None: any text).
    """
    if raw is None or raw == "":
        return param.default, None
    where = f"{param.url}={_quoted(raw)}"
    allowed = None if options is None else list(options)
    if param.kind == "float":
        return _checked_float(param, raw, where)
    if param.kind == "bool":
        word = raw.strip().lower()
        known = word in _TRUE or word in _FALSE
        return (word in _TRUE, None) if known else (param.default, f"{where} is geen ja/nee")
    if param.kind == "list":
        parts = [part for part in raw.split(",") if part]
        kept = list(dict.fromkeys(p for p in parts if allowed is None or p in allowed))
        dropped = [p for p in parts if allowed is not None and p not in allowed]
        note = f"{param.url}: {_quoted(','.join(dropped))} bestaat niet" if dropped else None
        return kept, note
    if allowed is not None and raw not in allowed:
        return param.default, f"{where} bestaat hier niet"
    return raw, None


def _checked_float(param: Param, raw: str, where: str) -> tuple[float, str | None]:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return param.default, f"{where} is geen getal"
    if math.isnan(value) or (param.bounds is None and math.isinf(value)):
        return param.default, f"{where} is geen getal"
    if param.bounds is None:
        return value, None
    low, high = param.bounds
    clamped = min(max(value, low), high)
    if param.step:
        clamped = low + round((clamped - low) / param.step) * param.step
        clamped = min(max(round(clamped, 10), low), high)
    if clamped == value:
        return value, None
    return clamped, (
        f"{where} kan niet (van {_number(low)} tot {_number(high)}"
        + (f" in stappen van {_number(param.step)}" if param.step else "")
        + f"): {_number(clamped)} gebruikt"
    )


def encode(param: Param, value: Any) -> str | None:
    """Value -> URL text; None when the value equals the default (kept out of the URL)."""
    if value == param.default or value is None:
        return None
    if param.kind == "float":
        return f"{float(value):g}"
    if param.kind == "list":
        return ",".join(str(v) for v in value) or None
    if param.kind == "bool":
        return "1" if value else "0"
    return str(value)


def restore(params: Iterable[Param], *, allowed: Mapping[str, Iterable[Any]] | None = None) -> None:
    """Fill widget keys that are not set yet from the URL. Every value is checked against its
    domain (``allowed`` options per key, a float's bounds and step), so a hand-edited link cannot
    break a widget; what was clamped or ignored is kept for :func:`show_link_notes`."""
    allowed = allowed or {}
    for param in params:
        if param.key in st.session_state:
            continue
        value, note = checked(param, st.query_params.get(param.url), allowed.get(param.key))
        st.session_state[param.key] = value
        if note:
            notes: list[str] = st.session_state.setdefault(_NOTES, [])
            notes.append(note)


def show_link_notes() -> None:
    """One short Dutch note on what :func:`restore` clamped or ignored in this run's link (shown
    once, then forgotten)."""
    notes: list[str] = st.session_state.pop(_NOTES, None) or []
    if notes:
        st.warning(
            "Deze link bevat waarden die hier niet kunnen: die zijn genegeerd of aangepast. "
            + "; ".join(md(n) for n in dict.fromkeys(notes))
            + ".",
            icon=":material/link_off:",
        )


def publish(params: Iterable[Param]) -> None:
    """Write the current widget values into the URL (only what differs from the defaults), and
    the session's work set (``?werkset=``, see :mod:`dashboard.session`)."""
    wanted: dict[str, str] = session.workset_params()
    for param in params:
        text = encode(param, st.session_state.get(param.key, param.default))
        if text is not None:
            wanted[param.url] = text
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
