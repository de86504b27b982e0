"""Normalisation of place names and codes for tolerant matching."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CODE_FLOAT = re.compile(r"^\s*(\d{4,5})(?:[.,]0+)?\s*$")


def name_key(text: str) -> str:
    """Case-, accent-, hyphen- and space-insensitive key: "Sint-Niklaas " -> "sint niklaas"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_text = ascii_text.replace("'", "").replace("’", "")
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def as_nis_code(text: object) -> str | None:
    """A 4- or 5-digit code in any written form ("11002", " 11002", "11002.0", 11002.0, "1001"
    from a spreadsheet that dropped the leading zero is not possible for NIS) -> "11002"."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    match = _CODE_FLOAT.match(str(text))
    if not match:
        return None
    code = match.group(1)
    return code if len(code) == 5 else None
