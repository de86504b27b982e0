"""Reference values: an indicator for groups of gemeenten (Flanders, a province, peers).

Values are recomputed from the summed numerators and denominators of the gemeente level, never
averaged from the rates; an indicator that is not a rate uses its spec's own ``aggregate``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.flanders import FLEMISH_REGION
from geodata.store import read_attributes
from layers.indicators import IndicatorInputs, build_indicator, get_spec, units


def group_values(inputs: IndicatorInputs, indicator_id: str, groups: pd.Series) -> pd.DataFrame:
    """Values for groups of 2025 gemeenten; ``groups`` maps gemeente code -> group code.

    Columns ``value``, ``numerator``, ``denominator`` indexed by group code. Rates come from the
    summed counts of the gemeenten whose value is known.
    """
    spec = get_spec(indicator_id)
    index = pd.Index(pd.unique(groups.to_numpy()), name="code")
    if spec.aggregate is not None:
        value = spec.aggregate(inputs, groups).reindex(index).astype(float)
        return pd.DataFrame({"value": value, "numerator": np.nan, "denominator": np.nan})
    level = "gemeente" if "gemeente" in spec.levels else spec.levels[0]
    frame = build_indicator(inputs, indicator_id, level)
    if level != "gemeente":
        wijk = units(inputs.store_path, "wijk").set_index("code")["gemeente_code"]
        frame = frame.assign(code=frame["code"].map(wijk))
    known = frame.loc[frame["numerator"].notna() & frame["denominator"].notna()]
    sums = known.groupby(known["code"].map(groups))[["numerator", "denominator"]].sum()
    sums = sums.reindex(index)
    value = spec.scale * sums["numerator"] / sums["denominator"].where(sums["denominator"] > 0)
    return pd.DataFrame(
        {"value": value, "numerator": sums["numerator"], "denominator": sums["denominator"]}
    )


def flanders_value(inputs: IndicatorInputs, indicator_id: str) -> float:
    """The value for Flanders as a whole (NaN when it has no meaning, e.g. an ordinal class)."""
    codes = units(inputs.store_path, "gemeente")["code"]
    groups = pd.Series(FLEMISH_REGION, index=codes.to_numpy())
    return float(group_values(inputs, indicator_id, groups).loc[FLEMISH_REGION, "value"])


def province_values(inputs: IndicatorInputs, indicator_id: str) -> pd.DataFrame:
    """Per province (2025): ``code``, ``naam``, ``value``, ``numerator``, ``denominator``."""
    gemeente = read_attributes(inputs.store_path, "gemeente")
    groups = pd.Series(gemeente["provincie_code"].to_numpy(), index=gemeente["code"].to_numpy())
    names = gemeente.drop_duplicates("provincie_code").set_index("provincie_code")["provincie"]
    values = group_values(inputs, indicator_id, groups).reset_index()
    values.insert(1, "naam", values["code"].map(names))
    return values.sort_values("code").reset_index(drop=True)
