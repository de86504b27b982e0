"""One-person households from Statistiek Vlaanderen's households by size (2010-2040).

The file is on 2019-2024 codes and is complete for every observed year (2010-2023, Borsbeek
included), so a 2025 municipality sums the counts of its parts exactly. From 2024 on the figures
are a projection (base year 2023) and Herstappe is missing: a unit with a part missing in the year
asked for is unknown, never a partial sum.
"""

from __future__ import annotations

import pandas as pd

from geodata.raw import read_households_by_size
from layers.indicators.frames import (
    crosswalk_2024,
    names_2024,
    ratio,
    result,
    units,
    unknown_codes_error,
)
from layers.indicators.spec import IndicatorInputs

HOUSEHOLDS_FILE = "huishoudens.csv (Statistiek Vlaanderen)"
LAST_OBSERVED = 2023  # 2010-2023 observed, 2024-2040 projected
SINGLE = "1"


def counts_2024(inputs: IndicatorInputs, year: int) -> pd.DataFrame:
    """``households`` and ``single`` per 2019-2024 code in ``year`` (only codes with a figure)."""
    raw = read_households_by_size(inputs.raw_dir)
    rows = raw.loc[raw["jaar"] == year]
    if rows.empty:
        years = f"{raw['jaar'].min()}-{raw['jaar'].max()}"
        msg = f"{HOUSEHOLDS_FILE}: geen cijfers voor {year} (het bestand loopt van {years})."
        raise ValueError(msg)
    crosswalk = crosswalk_2024(inputs.store_path)
    placed = rows["niscode"].isin(crosswalk.index)
    if not placed.all():
        bad = rows.loc[~placed, "niscode"]
        bad.index = bad.index + 2  # header is line 1
        raise unknown_codes_error(HOUSEHOLDS_FILE, "niscode", bad)
    single = rows["aantal"].where(rows["grootte"] == SINGLE, 0.0)
    table = rows.assign(single=single).groupby("niscode")[["aantal", "single"]].sum()
    return table.rename(columns={"aantal": "households"})


def _parts(inputs: IndicatorInputs) -> pd.Series:
    """2019-2024 code -> 2025 code for the parts of the 2025 gemeenten (Flanders only)."""
    crosswalk = crosswalk_2024(inputs.store_path)
    codes = set(units(inputs.store_path, "gemeente")["code"])
    return crosswalk.loc[crosswalk.isin(codes)]


def counts_2025(inputs: IndicatorInputs, year: int) -> tuple[pd.DataFrame, pd.Series]:
    """Counts per 2025 code summed over its parts, and the parts without a figure in ``year``.

    The frame holds ``households`` and ``single`` indexed by 2025 code; ``single`` is NaN where a
    part has no figure. The Series maps each 2025 code with a missing part to "Herstappe, ...".
    """
    parts = _parts(inputs)
    counts = counts_2024(inputs, year)
    present = counts.reindex(parts.index)
    missing = parts.loc[present["households"].isna()]
    summed = present.groupby(parts).sum(min_count=1)
    summed.loc[summed.index.isin(missing.to_numpy()), "single"] = float("nan")
    names = names_2024(inputs.store_path)
    missing_names = pd.Series(
        missing.index.map(lambda c: names.get(c, c)), index=missing.to_numpy(), dtype=object
    )
    return summed, missing_names.groupby(level=0).agg(", ".join)


def share_in_year(inputs: IndicatorInputs, level: str, year: int) -> pd.DataFrame:
    """% of private households that are one-person households in ``year``, per 2025 gemeente."""
    summed, missing = counts_2025(inputs, year)
    kind = "waarneming" if year <= LAST_OBSERVED else "prognose"
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=summed["single"],
        denominator=summed["households"],
        missing_reason=f"geen cijfer voor {year} in de bron ({kind})",
        zero_reason="geen huishoudens",
        unknown_reason=missing.map(lambda names: f"geen cijfer voor {names} in {year} ({kind})"),
    )


def alleenwonend_2023(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% one-person households in 2023, the latest observed year."""
    return share_in_year(inputs, level, LAST_OBSERVED)


def alleenwonend_2011_sv(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% one-person households in 2011 (Statistiek Vlaanderen, same file as 2023)."""
    return share_in_year(inputs, level, 2011)


def alleenwonend_prognose_2030(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """Projected % one-person households in 2030."""
    return share_in_year(inputs, level, 2030)


def alleenwonend_prognose_2040(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """Projected % one-person households in 2040."""
    return share_in_year(inputs, level, 2040)


def change_by_group(
    inputs: IndicatorInputs, groups: pd.Series, start: int = 2011, end: int = LAST_OBSERVED
) -> pd.Series:
    """Percentage-point change ``start`` -> ``end`` for groups of 2025 gemeenten.

    ``groups`` maps 2025 gemeente codes to a group code; parts without a figure in either year are
    left out of both years (like for like). Returns the change indexed by group code.
    """
    parts = _parts(inputs)
    first = counts_2024(inputs, start).reindex(parts.index)
    last = counts_2024(inputs, end).reindex(parts.index)
    both = first["households"].notna() & last["households"].notna()
    group = parts.map(groups)[both]

    def _share(counts: pd.DataFrame) -> pd.Series:
        sums = counts.loc[both].groupby(group)[["households", "single"]].sum()
        return sums["single"] / sums["households"].where(sums["households"] > 0)

    return 100.0 * (_share(last) - _share(first))


def alleenwonend_verschil_2011_2023(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """Change in the one-person household share, 2011 -> 2023, in percentage points."""
    codes = units(inputs.store_path, level)["code"]
    value = change_by_group(inputs, pd.Series(codes.to_numpy(), index=codes.to_numpy()))
    value = value.reindex(codes)
    reason = pd.Series("geen cijfer in de bron", index=codes).where(value.isna().to_numpy(), "")
    return result(codes, value=value, reason=reason)
