"""Shareable links: the view (level, layer, weights, selection, filters) lives in the URL.

Widgets use session-state keys; on the first run of a session those keys are filled from the
URL's query parameters, and after the widgets ran the current values are written back, so copying
the address bar shares exactly the same view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from dashboard import session

Kind = Literal["str", "float", "list", "bool"]


@dataclass(frozen=True)
class Param:
    """One URL parameter bound to a session-state key."""

    key: str
    url: str
    kind: Kind
    default: Any


def decode(param: Param, raw: str | None) -> Any:
    """URL text -> value (invalid text gives the default)."""
    if raw is None or raw == "":
        return param.default
    if param.kind == "float":
        try:
            return float(raw)
        except ValueError:
            return param.default
    if param.kind == "list":
        return [part for part in raw.split(",") if part]
    if param.kind == "bool":
        return raw in {"1", "ja", "true"}
    return raw


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
    """Fill widget keys that are not set yet from the URL (values outside ``allowed`` are
    ignored, so a hand-edited link cannot break a widget)."""
    allowed = allowed or {}
    for param in params:
        if param.key in st.session_state:
            continue
        value = decode(param, st.query_params.get(param.url))
        options = allowed.get(param.key)
        if options is not None:
            options = list(options)
            if param.kind == "list":
                value = [v for v in value if v in options]
            elif value not in options:
                value = param.default
        st.session_state[param.key] = value


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
