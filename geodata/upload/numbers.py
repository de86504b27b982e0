"""Numbers as analysts write them: nl-BE (1.234,5) and international (1,234.5) notation.

Each column is read as a whole: cells that prove a notation ("12,5", "1.234.567", "0.5") decide
how ambiguous cells ("1.234", "1,234") are read. A column without evidence of its own follows
the file's convention when the caller inferred one from the other columns (see
:func:`file_convention`); without that, or when a column contains both notations, the cells
concerned are flagged, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Decimal = Literal["auto", ",", "."]
Notation = Literal[",", "."]
CellStatus = Literal["ok", "missing", "ambiguous", "conflict", "invalid"]

MISSING_TOKENS: frozenset[str] = frozenset(
    {"", "n.b.", "n.b", "nb", "n/b", "-", "--", "–", "—", "x", "n.v.t.", "nvt", "n.v.t", "na",
     "n/a", "null", "none", "?", ".", "..", "...", "#n/b", "#n/a", "geen gegevens"}
)  # fmt: skip

_S = r"^[+-]?"
_PATTERNS: tuple[tuple[str, str], ...] = (
    # (kind, regex) — kinds: int, amb_dot, amb_comma, comma (nl-BE), point (international)
    ("int", _S + r"\d+$"),
    ("amb_dot", _S + r"[1-9]\d{0,2}\.\d{3}$"),
    ("amb_comma", _S + r"[1-9]\d{0,2},\d{3}$"),
    ("comma", _S + r"[1-9]\d{0,2}(\.\d{3}){2,}$"),
    ("point", _S + r"[1-9]\d{0,2}(,\d{3}){2,}$"),
    ("comma", _S + r"[1-9]\d{0,2}(\.\d{3})+,\d+$"),
    ("point", _S + r"[1-9]\d{0,2}(,\d{3})+\.\d+$"),
    ("comma", _S + r"\d*,\d+$"),
    ("point", _S + r"\d*\.\d+$"),
    ("int", _S + r"[1-9]\d{0,2}( \d{3})+$"),
    ("comma", _S + r"[1-9]\d{0,2}( \d{3})+,\d+$"),
    ("point", _S + r"[1-9]\d{0,2}( \d{3})+\.\d+$"),
    ("point", _S + r"\d+(\.\d+)?[eE][+-]?\d+$"),
    ("comma", _S + r"\d+,\d+[eE][+-]?\d+$"),
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _PATTERNS)


@dataclass(frozen=True)
class ParsedColumn:
    """Result of reading one column: float values, a status per cell and the notation used."""

    values: pd.Series
    status: pd.Series
    notation: Literal[",", ".", "none", "mixed"]
    percent_signs: int = 0  # cells written with a '%' sign
    example: str | None = None  # a cell that proves the column's notation ('12,5')
    followed_file: bool = False  # ambiguous cells read with the file's convention

    @property
    def numeric_share(self) -> float:
        """Share of non-missing cells that look like numbers (including flagged ones)."""
        present = self.status != "missing"
        if not present.any():
            return 0.0
        return float((self.status[present] != "invalid").mean())

    def reason(self, raw: object, status: str) -> str:
        """Dutch reason for a flagged cell."""
        text = str(raw)
        if status == "ambiguous":
            return (
                f"'{text}' is dubbelzinnig: duizendtal of decimaal getal? De kolom geeft geen "
                "uitsluitsel; kies het decimaalteken (optie decimaalteken ',' of '.')"
            )
        if status == "conflict":
            used = {",": "een decimale komma", ".": "een decimale punt"}.get(self.notation, "")
            base = f"'{text}' gebruikt een andere notatie dan de rest van de kolom"
            return f"{base} ({used})" if used else f"{base} (komma en punt door elkaar)"
        special = _special_float(text)
        if special is not None and np.isinf(special):
            return f"'{text}' is geen eindig getal (oneindig of te groot om te gebruiken)"
        if special is not None:
            return f"'{text}' is geen getal (NaN)"
        return f"'{text}' is geen getal"


def _special_float(text: str) -> float | None:
    """The value of a cell that Python reads as infinite or NaN ('1E400', 'inf', 'nan')."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return None if np.isfinite(value) else value


def _clean(cells: pd.Series) -> pd.Series:
    text = cells.astype("str").fillna("")
    text = text.str.replace("\u00a0", " ", regex=False).str.replace("\u202f", " ", regex=False)
    text = text.str.replace("\u2212", "-", regex=False).str.strip()
    if not text.str.contains("%", regex=False).any():
        return text  # nothing to take off (the regular expression costs more than this test)
    return text.str.replace(r" *%$", "", regex=True)


def _classify_one(text: str) -> str | None:
    for kind, pattern in _COMPILED:
        if pattern.match(text):
            return kind
    return None


def _classify(text: pd.Series) -> pd.Series:
    """Kind of every cell, computed once per distinct digit shape ("9.999,99") for speed."""
    shape = text.str.replace(r"\d", "9", regex=True)
    lead_zero = text.str.match(r"^[+-]?0\d*[.,]").fillna(False).astype(bool)
    key = shape.where(~lead_zero, "z" + shape)
    codes, shapes = pd.factorize(key, use_na_sentinel=False)
    kinds: list[str | None] = []
    for k in shapes:
        sample = str(k).replace("9", "1")
        if sample.startswith("z"):
            sample = sample[1:].replace("1", "0", 1)
        kinds.append(_classify_one(sample))
    return pd.Series(np.array(kinds, dtype=object)[codes], index=text.index, dtype="str")


def _convert(text: pd.Series, style: str) -> pd.Series:
    # literal replacements: a regular expression ("[. ]") takes several times as long
    if style == ",":
        plain = text.str.replace(".", "", regex=False).str.replace(" ", "", regex=False)
        plain = plain.str.replace(",", ".", regex=False)
    else:
        plain = text.str.replace(",", "", regex=False).str.replace(" ", "", regex=False)
    return pd.to_numeric(plain, errors="coerce").astype("float64")


def parse_numbers(
    cells: pd.Series, *, decimal: Decimal = "auto", file_notation: Notation | None = None
) -> ParsedColumn:
    """Read one column of cells (text, or numbers from a spreadsheet) as floats.

    ``decimal`` forces the decimal separator (',' or '.') chosen by the analyst;
    ``file_notation`` is the file's convention inferred from its other columns, used only when
    this column gives no evidence of its own.
    """
    index = cells.index
    if cells.dtype == object:
        is_number = cells.map(
            lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool)
        )
        is_number = is_number.astype(bool) & cells.notna()
    else:
        is_number = pd.Series(False, index=index)
    raw_text = cells.where(~is_number, "").astype("str").fillna("").str.strip()
    percent_signs = int(raw_text.str.endswith("%").sum())
    text = _clean(cells.where(~is_number, ""))
    missing = text.str.lower().isin(MISSING_TOKENS) & ~is_number
    kinds = _classify(text.where(~missing & ~is_number, "~"))
    n_comma = int((kinds == "comma").sum())
    n_point = int((kinds == "point").sum())
    if decimal in (",", "."):
        style: str = decimal
        notation: Literal[",", ".", "none", "mixed"] = decimal
    elif n_comma and n_point:
        style = "," if n_comma > n_point else "." if n_point > n_comma else "tie"
        notation = "mixed"
    elif n_comma:
        style = notation = ","
    elif n_point:
        style = notation = "."
    else:
        style, notation = "none", "none"
    followed_file = False
    if style == "none" and file_notation is not None:
        followed_file = bool(kinds.isin(["amb_dot", "amb_comma"]).any())
        style = file_notation
    status = pd.Series("invalid", index=index, dtype="object")
    status[missing | (cells.isna() & ~is_number)] = "missing"
    status[is_number] = "ok"
    status[kinds == "int"] = "ok"
    ambiguous = kinds.isin(["amb_dot", "amb_comma"]).fillna(False).astype(bool)
    status[ambiguous] = "ambiguous" if style in ("none", "tie") else "ok"
    for own, own_kind in ((",", "comma"), (".", "point")):
        mask = (kinds == own_kind).fillna(False).astype(bool)
        status[mask] = "ok" if style == own else "conflict"
    values = pd.Series(np.nan, index=index, dtype="float64")
    ok = status == "ok"
    converted = _convert(text[ok & ~is_number], "." if style in ("none", "tie") else style)
    values[converted.index] = converted
    numbers = pd.to_numeric(cells[is_number], errors="coerce").astype("float64")
    values[numbers.index] = numbers
    # 1E400 (overflows to inf), inf or nan: a malformed cell with a reason, never a value
    nonfinite = (status == "ok") & values.notna() & ~np.isfinite(values.to_numpy())
    if is_number.any():  # cells that are numbers already (a spreadsheet's), never text
        nonfinite |= is_number & cells.map(
            lambda v: isinstance(v, float | np.floating) and not np.isfinite(v)
        ).astype(bool)
    status[nonfinite] = "invalid"
    values[nonfinite] = np.nan
    proof = text[kinds == {",": "comma", ".": "point"}.get(notation, "")]
    return ParsedColumn(
        values=values,
        status=status,
        notation=notation,
        percent_signs=percent_signs,
        example=str(proof.iloc[0]) if len(proof) else None,
        followed_file=followed_file,
    )


def file_convention(columns: dict[str, ParsedColumn]) -> tuple[Notation, str] | None:
    """The number convention of a whole file, from the evidence of all its columns.

    Decimal commas in some column and decimal points in none: ',' (nl-BE: a dot groups
    thousands, so '529.247' is 529247); the other way round: '.'. Returns the notation and the
    column that proves it, or None when the columns give no evidence or disagree.
    """
    proven = {c: p.notation for c, p in columns.items() if p.notation in (",", ".")}
    notations = set(proven.values())
    if len(notations) != 1 or any(p.notation == "mixed" for p in columns.values()):
        return None
    notation: Notation = "," if "," in notations else "."
    return notation, next(iter(proven))


__all__ = [
    "MISSING_TOKENS",
    "CellStatus",
    "Decimal",
    "Notation",
    "ParsedColumn",
    "file_convention",
    "parse_numbers",
]
