"""Build indicators: one checked frame per indicator, the wide table, and reference values.

Reference values (Flanders, provinces) are recomputed from the summed numerators and denominators
of the gemeente level, never averaged from the rates; an indicator that is not a rate uses its own
``aggregate``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from geodata.flanders import FLEMISH_REGION
from geodata.store import read_attributes
from layers.indicators import sectors
from layers.indicators.frames import units
from layers.registry import RESULT_COLUMNS, IndicatorInputs, get_spec, specs_for

# Which sector table each sector-based indicator is built from, and its weight column.
_SECTOR_SOURCES: dict[str, str] = {
    "leeftijd_65plus": "census",
    "buitende_kernen": "centroids",
    "afstand_station": "centroids",
    "verder_dan_station": "centroids",
    "afstand_halte": "centroids",
    "verder_dan_halte": "centroids",
    "ver_van_ontmoetingsplaats": "located_65plus",
}


def build_indicator(inputs: IndicatorInputs, indicator_id: str, level: str) -> pd.DataFrame:
    """Run one builder and check its frame: every unit once, the columns, a reason for each NaN."""
    spec = get_spec(indicator_id)
    if level not in spec.levels:
        msg = (
            f"Indicator '{spec.label}' bestaat niet op niveau '{level}' "
            f"(wel op: {', '.join(spec.levels)})."
        )
        raise ValueError(msg)
    frame = spec.builder(inputs, level)
    expected = units(inputs.store_path, level)["code"]
    problems = []
    if tuple(frame.columns) != RESULT_COLUMNS:
        problems.append(f"kolommen {list(frame.columns)} in plaats van {list(RESULT_COLUMNS)}")
    elif len(frame) != len(expected) or set(frame["code"]) != set(expected):
        problems.append(f"{len(frame)} rijen in plaats van de {len(expected)} eenheden")
    elif (frame["value"].isna() & (frame["reason"] == "")).any():
        problems.append("ontbrekende waarden zonder reden")
    if problems:
        msg = f"Indicator '{indicator_id}' ({level}): " + "; ".join(problems) + "."
        raise ValueError(msg)
    return frame


def compute(inputs: IndicatorInputs, level: str, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Wide table: ``code``, ``naam``, then per indicator ``{id}``, ``{id}__reden``,
    ``{id}__kanttekening``.

    ``ids`` defaults to every indicator available at the level. Indicators that need an upload
    that is absent are left out (no columns).
    """
    wanted = [spec.id for spec in specs_for(level)] if ids is None else list(ids)
    table = units(inputs.store_path, level)[["code", "naam"]].copy()
    columns: dict[str, pd.Series] = {}
    for indicator_id in wanted:
        spec = get_spec(indicator_id)
        if spec.requires is not None and inputs.upload(spec.requires) is None:
            continue
        frame = build_indicator(inputs, indicator_id, level).set_index("code")
        columns[indicator_id] = frame["value"]
        columns[f"{indicator_id}__reden"] = frame["reason"]
        columns[f"{indicator_id}__kanttekening"] = frame["caveat"]
    extra = pd.DataFrame(columns).reindex(table["code"]).reset_index(drop=True)
    return pd.concat([table.reset_index(drop=True), extra], axis=1)


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


def unplaced_sectors(inputs: IndicatorInputs, indicator_id: str) -> pd.DataFrame:
    """Sectors of a sector-based indicator that cannot be placed, and the people they hold.

    Columns ``statsec``, ``inwoners`` (the weight the indicator uses: residents, or 65-plussers
    for the meeting-place indicator), ``gemeente_code`` and ``wijk_code`` (empty when not
    placed) and ``reden``. Empty for indicators that are not built from sectors.
    """
    get_spec(indicator_id)
    source = _SECTOR_SOURCES.get(indicator_id)
    if source == "census":
        return sectors.unplaced(sectors.census_65plus(inputs), "total")
    if source == "centroids":
        return sectors.unplaced(sectors.centroids(inputs), "pop")
    if source == "located_65plus":
        return sectors.unplaced(sectors.located_65plus(inputs), "x65", need_point=True)
    return pd.DataFrame(columns=["statsec", "inwoners", "gemeente_code", "wijk_code", "reden"])
