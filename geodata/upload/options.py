"""The analyst's reading choices for an upload (:class:`UploadOptions`) and their allowed values.

Used by the reader (:mod:`geodata.upload.read`), the row interpreters
(:mod:`geodata.upload.table_rows`, :mod:`geodata.upload.point_rows`), the dashboard and the
command line; it imports nothing of the reading path, so every reader can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from geodata.upload.aggregate import Aggregation, Duplicates
from geodata.upload.numbers import Decimal

_Choice = TypeVar("_Choice", bound=str)

DECIMALS: tuple[Decimal, ...] = ("auto", ",", ".")
DUPLICATES: tuple[Duplicates, ...] = ("refuse", "first", "last", "sum")
AGGREGATIONS: tuple[Aggregation, ...] = ("sum", "rate")


@dataclass(frozen=True)
class UploadOptions:
    """Choices the analyst can make; the defaults read the file as detected.

    ``decimal`` forces the decimal separator; ``duplicates`` says what to do with a key that
    occurs more than once ('refuse' uses none); ``aggregation`` combines several rows of one 2025
    unit ('sum', or 'rate' from ``numerator``/``denominator`` into ``rate_column``);
    ``column_merges`` overrides that per value column ((column, 'sum' | 'rate' | None), ...; a
    share, rate, mean or percentage is never summed); ``year``
    picks one year of a multi-year file; ``header_row`` is the header's 1-based line (None:
    detected; 0: no header, every record is data in columns 'kolom 1', 'kolom 2', ...);
    ``crs`` sets and ``crs_confirmed`` confirms a CRS.
    """

    sheet: str | None = None
    layer: str | None = None
    header_row: int | None = None
    key_column: str | None = None
    value_columns: tuple[str, ...] | None = None
    decimal: Decimal = "auto"
    duplicates: Duplicates = "refuse"
    aggregation: Aggregation | None = None
    numerator: str | None = None
    denominator: str | None = None
    rate_column: str | None = None
    column_merges: tuple[tuple[str, Aggregation | None], ...] = ()
    year: int | None = None
    crs: str | None = None
    crs_confirmed: bool = False


def choice(value: object, allowed: tuple[_Choice, ...]) -> _Choice | None:
    """``value`` when it is one of ``allowed`` (typed as that choice), else None."""
    return next((option for option in allowed if value == option), None)


__all__ = [
    "AGGREGATIONS",
    "DECIMALS",
    "DUPLICATES",
    "Aggregation",
    "Decimal",
    "Duplicates",
    "UploadOptions",
    "choice",
]
