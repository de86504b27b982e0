"""Showing user-provided text in Streamlit: markdown-escaped, never interpreted."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md(value: object) -> str:
    """Text safe inside ``st.markdown``: every markdown/HTML control character is escaped, so a
    name like ``![x](http://…)`` or ``<b>`` shows literally and loads nothing."""
    return _MARKDOWN.sub(r"\\\1", str(value)).replace("\n", " ")


def dutch_number(value: float) -> str:
    """A number as a Dutch label: ``1.5`` -> ``"1,5"``, ``1.0`` -> ``"1"``."""
    return f"{value:g}".replace(".", ",")
