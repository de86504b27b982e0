"""Dutch (nl-BE) number formatting for map labels, tooltips and legends."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

MISSING_TEXT = "geen gegevens"


def format_number(value: float, *, decimals: int = 1) -> str:
    """Format a number the Dutch way: ``1234.5`` -> ``"1.234,5"``; NaN gives ``"geen gegevens"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING_TEXT
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,0"
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(text: str, unit: str) -> str:
    """Append a unit with a space, Dutch style: ``"4,5 %"``."""
    return f"{text} {unit}" if unit else text


def format_value(value: float | None, *, decimals: int = 1, unit: str = "") -> str:
    """A formatted value with its unit, or ``"geen gegevens"`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING_TEXT
    return with_unit(format_number(value, decimals=decimals), unit)


def count_text(n: int, singular: str, plural: str) -> str:
    """``n`` with the Dutch noun in the right number: "1 initiatief", "3 initiatieven"."""
    return f"{format_number(n, decimals=0)} {singular if n == 1 else plural}"


def decimals_for(values: Iterable[float], *, max_decimals: int = 4) -> int:
    """The fewest decimals (0..max_decimals) at which all distinct ``values`` stay distinct."""
    distinct = sorted({float(v) for v in values if not math.isnan(float(v))})
    for decimals in range(max_decimals + 1):
        rounded = [round(v, decimals) for v in distinct]
        if len(set(rounded)) == len(rounded):
            return decimals
    return max_decimals


def label_decimals(values: Iterable[float]) -> int:
    """Decimals for class bounds: exact where the data allow, never merging distinct bounds.

    The precision follows the spread (0 decimals from 1.000 up, 1 from 1 up, else up to 3) unless
    the bounds are already exact with fewer decimals, and is raised until bounds stay distinct.
    """
    finite = [float(v) for v in values if not math.isnan(float(v))]
    if not finite:
        return 0
    spread = max(finite) - min(finite)
    cap = 0 if spread >= 1000 else 1 if spread >= 1 else 3
    exact = next(
        (d for d in range(cap + 1) if all(abs(round(v, d) - v) < 1e-9 for v in finite)), cap
    )
    return max(exact, decimals_for(finite))


def is_missing(value: Any) -> bool:
    """None, NaN and blank strings count as missing."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def display_text(value: Any) -> str:
    """Plain text for a cell: Dutch numbers, lists joined with commas, "geen gegevens" if empty."""
    if isinstance(value, list | tuple | set | np.ndarray):
        items = [display_text(v) for v in value if not is_missing(v)]
        return ", ".join(items) if items else MISSING_TEXT
    if is_missing(value):
        return MISSING_TEXT
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    if isinstance(value, int | np.integer):
        return format_number(float(value), decimals=0)
    if isinstance(value, float | np.floating):
        return format_number(float(value), decimals=0 if float(value).is_integer() else 2)
    return str(value)
