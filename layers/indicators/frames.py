"""Units of a level and the result frame every builder returns.

A result frame has one row per unit of the level (all 285 gemeenten or all 2,563 wijken) and the
columns ``code``, ``value``, ``numerator``, ``denominator``, ``reason``, ``caveat``. Rates are made
here from summed counts, so merging units never averages rates.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from geodata.store import read_attributes, read_table
from layers.indicators.spec import LEVELS, RESULT_COLUMNS

NO_RESIDENTS = "geen inwoners"
NO_DATA_WIJK = (
    "geen gegevens voor deze wijk: geen enkele statistische sector van de bron is aan deze wijk "
    "toegewezen (eventuele bewoners tellen mee in een naburige wijk van dezelfde gemeente)"
)
NO_DATA_GEMEENTE = "geen gegevens voor deze gemeente"


def units(store_path: Path, level: str) -> pd.DataFrame:
    """Code, name and 2025 ``gemeente_code`` of every unit of the level (a gemeente's is itself)."""
    if level not in LEVELS:
        msg = f"Onbekend niveau '{level}' (verwacht: {', '.join(LEVELS)})."
        raise ValueError(msg)
    df = read_attributes(store_path, level)
    if level == "gemeente":
        df = df.assign(gemeente_code=df["code"])
    return df[["code", "naam", "gemeente_code"]].reset_index(drop=True)


def no_data_reason(level: str) -> str:
    """The reason for a unit the source says nothing about."""
    return NO_DATA_WIJK if level == "wijk" else NO_DATA_GEMEENTE


def result(
    codes: pd.Series | pd.Index,
    *,
    value: pd.Series,
    numerator: pd.Series | None = None,
    denominator: pd.Series | None = None,
    reason: pd.Series | None = None,
    caveat: pd.Series | None = None,
) -> pd.DataFrame:
    """Assemble a result frame over ``codes``; the Series are indexed by unit code."""
    index = pd.Index(codes, name="code")

    def _float(series: pd.Series | None) -> np.ndarray:
        if series is None:
            return np.full(len(index), np.nan)
        return series.reindex(index).astype(float).to_numpy()

    def _text(series: pd.Series | None) -> np.ndarray:
        if series is None:
            return np.full(len(index), "", dtype=object)
        return series.reindex(index).astype(object).fillna("").astype(str).to_numpy(dtype=object)

    frame = pd.DataFrame(
        {
            "code": index.to_numpy(dtype=object),
            "value": _float(value),
            "numerator": _float(numerator),
            "denominator": _float(denominator),
            "reason": _text(reason),
            "caveat": _text(caveat),
        }
    )
    return frame[list(RESULT_COLUMNS)]


def ratio(
    codes: pd.Series | pd.Index,
    *,
    numerator: pd.Series,
    denominator: pd.Series,
    missing_reason: str,
    zero_reason: str = NO_RESIDENTS,
    unknown_reason: pd.Series | None = None,
    caveat: pd.Series | None = None,
) -> pd.DataFrame:
    """``numerator / denominator`` per unit, with a reason wherever it is not computable.

    The value is the bare fraction: :func:`layers.indicators.build_indicator` turns it into the
    indicator's value with the spec's ``scale`` (100 for a percentage, 1 for a mean), so a builder
    never repeats it. ``numerator`` and ``denominator`` are summed counts indexed by unit code.
    A unit absent from
    ``denominator`` gets ``missing_reason``; a zero denominator gets ``zero_reason``; a NaN
    numerator (unknown count) gets the unit's ``unknown_reason``.
    """
    index = pd.Index(codes, name="code")
    num = numerator.reindex(index).astype(float)
    den = denominator.reindex(index).astype(float)
    value = (num / den.where(den > 0)).where(num.notna())
    reason = pd.Series("", index=index, dtype=object)
    unknown = num.isna() & den.notna()
    if unknown_reason is not None:
        reason[unknown] = unknown_reason.reindex(index)[unknown].fillna("onbekend in de bron")
    else:
        reason[unknown] = "onbekend in de bron"
    reason[den.eq(0) & ~unknown] = zero_reason
    reason[den.isna()] = missing_reason
    return result(
        index,
        value=value,
        numerator=num,
        denominator=den,
        reason=reason,
        caveat=caveat,
    )


def crosswalk_2024(store_path: Path) -> pd.Series:
    """2019-2024 NIS code -> 2025 NIS code (the store's ``crosswalk_gemeente2024`` table)."""
    table = read_table(store_path, "crosswalk_gemeente2024")
    return table.set_index("gemeente2024")["gemeente"]


def names_2024(store_path: Path) -> pd.Series:
    """2019-2024 NIS code -> name of that municipality."""
    return read_attributes(store_path, "gemeente2024").set_index("code")["naam"]


def unknown_codes_error(file: str, column: str, lines: pd.Series) -> ValueError:
    """A Dutch error naming the file, column, lines and codes that cannot be placed."""
    listed = ", ".join(f"regel {line}: {code}" for line, code in lines.head(10).items())
    more = f" (en {len(lines) - 10} meer)" if len(lines) > 10 else ""
    msg = (
        f"{file}, kolom '{column}': NIS-code(s) die niet aan een gemeente van 2025 te koppelen "
        f"zijn: {listed}{more}."
    )
    return ValueError(msg)
