"""Age indicators: share aged 80+ (2024, per gemeente) and aged 65+ (Census 2021, per sector)."""

from __future__ import annotations

import pandas as pd

from geodata.raw import read_statbel_csv
from layers.indicators import sectors
from layers.indicators.frames import (
    crosswalk_2024,
    names_2024,
    no_data_reason,
    ratio,
    units,
    unknown_codes_error,
)
from layers.indicators.spec import IndicatorInputs

POP_80PLUS = "population_80plus_municipality_2024.csv"


def population_80plus(inputs: IndicatorInputs) -> pd.DataFrame:
    """The 80+ table on 2019-2024 codes with its 2025 code and whether the 80+ count is known.

    Columns ``nis``, ``naam``, ``gemeente_code``, ``tot_pop``, ``pop_80plus`` and ``known``. A
    municipality with residents but an 80+ count of 0 (Herstappe) has no figure in the source:
    the table gives 0 for a missing value, so that 0 is unknown, not "nobody".
    """
    raw = read_statbel_csv(inputs.raw_dir, POP_80PLUS, code_columns=("nis",))
    raw["nis"] = raw["nis"].str.strip()
    crosswalk = crosswalk_2024(inputs.store_path)
    target = raw["nis"].map(crosswalk)
    if target.isna().any():
        bad = raw.loc[target.isna(), "nis"]
        bad.index = bad.index + 2  # header is line 1
        raise unknown_codes_error(POP_80PLUS, "nis", bad)
    known = ~((raw["pop_80plus"] == 0) & (raw["tot_pop"] > 0))
    return pd.DataFrame(
        {
            "nis": raw["nis"],
            "naam": raw["nis"].map(names_2024(inputs.store_path)).fillna(raw["nis"]),
            "gemeente_code": target,
            "tot_pop": raw["tot_pop"].astype(float),
            "pop_80plus": raw["pop_80plus"].astype(float),
            "known": known,
        }
    )


def leeftijd_80plus(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents aged 80+ on 1 January 2024, summed over merged municipalities."""
    table = population_80plus(inputs)
    grouped = table.groupby("gemeente_code")
    all_known = grouped["known"].all()
    numerator = grouped["pop_80plus"].sum().where(all_known)
    denominator = grouped["tot_pop"].sum()
    missing = table.loc[~table["known"]]
    unknown_reason = missing.groupby("gemeente_code")["naam"].agg(
        lambda names: f"geen 80+-cijfer in de bron ({', '.join(names)})"
    )
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=numerator,
        denominator=denominator,
        missing_reason=no_data_reason(level),
        unknown_reason=unknown_reason,
    )


def leeftijd_65plus(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents aged 65+ (Census 2021), sector counts summed per wijk or gemeente."""
    census = sectors.census_65plus(inputs)
    sums = sectors.sum_by(census, level, ["x65", "total"])
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["x65"],
        denominator=sums["total"],
        missing_reason=no_data_reason(level),
    )
