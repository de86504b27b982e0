"""Reference values: an indicator for groups of gemeenten (Flanders, a province, peers), and the
rank of a unit among all units of its level.

THE aggregation (:func:`reference_values`), one rule per group, in this order:

1. an indicator with its own group aggregation (``spec.aggregate``) uses it; when that gives no
   value (NaN, e.g. an ordinal class such as the uitrustingsgraad, which has no average) the group
   has no value and the method says so;
2. a rate is recomputed from the summed numerators and denominators of the group, never averaged
   from the rates;
3. only without counts, the median of the units' values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

import numpy as np
import pandas as pd

from geodata.flanders import FLEMISH_REGION
from geodata.store import read_attributes
from layers.indicators import IndicatorInputs, build_indicator, get_spec, units

RATIO = "som van tellers en noemers"
OWN = "eigen berekening per groep"
MEDIAN = "mediaan van de gemeenten"
NO_VALUE = "geen groepswaarde (een klasse heeft geen gemiddelde)"
REFERENCE_COLUMNS: tuple[str, ...] = ("value", "numerator", "denominator", "method")


class ReferenceSpec(Protocol):
    """What the aggregation needs of an indicator spec (``IndicatorSpec`` fits)."""

    @property
    def scale(self) -> float: ...
    @property
    def aggregate(self) -> Callable[[IndicatorInputs, pd.Series], pd.Series] | None: ...


def reference_values(
    spec: ReferenceSpec,
    groups: pd.Series,
    frame: pd.DataFrame,
    *,
    inputs: IndicatorInputs | None = None,
) -> pd.DataFrame:
    """The value of each group (columns REFERENCE_COLUMNS, indexed by group code).

    ``groups`` maps gemeente code -> group code; ``frame`` holds ``code`` (a gemeente code),
    ``value`` and, for a rate, ``numerator`` and ``denominator`` (one row per unit; several units
    may share a gemeente code). ``inputs`` lets a spec with its own aggregation compute it.
    """
    index = pd.Index(pd.unique(groups.to_numpy()), name="code")
    own = None
    if spec.aggregate is not None and inputs is not None:
        own = spec.aggregate(inputs, groups).reindex(index).astype(float)
    group_of = frame["code"].astype(str).map(groups.set_axis(groups.index.astype(str)))
    values = pd.to_numeric(frame["value"], errors="coerce")
    counts = {"numerator", "denominator"} <= set(frame.columns)
    if counts:
        num = pd.to_numeric(frame["numerator"], errors="coerce")
        den = pd.to_numeric(frame["denominator"], errors="coerce")
        known = num.notna() & den.notna()
    rows = []
    for group in index:
        members = group_of == group
        row: dict[str, float | str] = {"numerator": np.nan, "denominator": np.nan}
        if own is not None:
            value = float(own.get(group, math.nan))
            row |= {"value": value, "method": NO_VALUE if math.isnan(value) else OWN}
        elif counts and (known & members).any():
            total = float(den[known & members].sum())
            summed = float(num[known & members].sum())
            value = summed / total * float(spec.scale) if total > 0 else math.nan
            row |= {"value": value, "numerator": summed, "denominator": total, "method": RATIO}
        else:
            part = values[members].dropna()
            row |= {"value": float(part.median()) if len(part) else math.nan, "method": MEDIAN}
        rows.append(row)
    return pd.DataFrame(rows, index=index, columns=list(REFERENCE_COLUMNS))


def _gemeente_frame(inputs: IndicatorInputs, indicator_id: str) -> pd.DataFrame:
    """The builder frame of an indicator with each row's gemeente code (wijken mapped up)."""
    spec = get_spec(indicator_id)
    level = "gemeente" if "gemeente" in spec.levels else spec.levels[0]
    frame = build_indicator(inputs, indicator_id, level)
    if level != "gemeente":
        wijk = units(inputs.store_path, "wijk").set_index("code")["gemeente_code"]
        frame = frame.assign(code=frame["code"].map(wijk))
    return frame


def group_values(inputs: IndicatorInputs, indicator_id: str, groups: pd.Series) -> pd.DataFrame:
    """Values for groups of 2025 gemeenten; ``groups`` maps gemeente code -> group code.

    Columns REFERENCE_COLUMNS indexed by group code (see :func:`reference_values`).
    """
    frame = _gemeente_frame(inputs, indicator_id)
    return reference_values(get_spec(indicator_id), groups, frame, inputs=inputs)


def flanders_value(inputs: IndicatorInputs, indicator_id: str) -> float:
    """The value for Flanders as a whole (NaN when it has no meaning, e.g. an ordinal class)."""
    codes = units(inputs.store_path, "gemeente")["code"]
    groups = pd.Series(FLEMISH_REGION, index=codes.to_numpy())
    value = group_values(inputs, indicator_id, groups).loc[FLEMISH_REGION, "value"]
    return float(value)  # type: ignore[arg-type]  # the value column is float


def province_values(inputs: IndicatorInputs, indicator_id: str) -> pd.DataFrame:
    """Per province (2025): ``code``, ``naam`` and REFERENCE_COLUMNS."""
    gemeente = read_attributes(inputs.store_path, "gemeente")
    groups = pd.Series(gemeente["provincie_code"].to_numpy(), index=gemeente["code"].to_numpy())
    names = gemeente.drop_duplicates("provincie_code").set_index("provincie_code")["provincie"]
    values = group_values(inputs, indicator_id, groups).reset_index()
    values.insert(1, "naam", values["code"].map(names))
    return values.sort_values("code").reset_index(drop=True)


def panel_references(inputs: IndicatorInputs, indicator_id: str) -> pd.DataFrame:
    """Flanders (code ``FLEMISH_REGION``) and every province: ``value`` and ``method`` indexed
    by code, from one build of the indicator (the side panel of the planner's map)."""
    frame = _gemeente_frame(inputs, indicator_id)
    spec = get_spec(indicator_id)
    gemeente = read_attributes(inputs.store_path, "gemeente")
    codes = gemeente["code"].to_numpy()
    flanders = pd.Series(FLEMISH_REGION, index=codes)
    provinces = pd.Series(gemeente["provincie_code"].to_numpy(), index=codes)
    parts = [reference_values(spec, g, frame, inputs=inputs) for g in (flanders, provinces)]
    return pd.concat(parts)[["value", "method"]]
