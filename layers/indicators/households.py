"""One-person households: Census 2021 share, the Census 2011 share and the change between them.

The 2021 source mixes 2019-2024 codes (municipalities that did not merge in 2025) with 2025 codes
(the merged ones, summed upstream). A 2025 municipality whose component has no figure anywhere
(Antwerpen without Borsbeek) keeps its value with a caveat naming the missing part. The 2011 source
uses pre-2019 codes; the 2019 mergers are mapped explicitly below.
"""

from __future__ import annotations

import re

import pandas as pd

from geodata.names import name_key
from geodata.raw import read_statbel_csv
from layers.indicators.frames import (
    crosswalk_2024,
    names_2024,
    ratio,
    result,
    units,
    unknown_codes_error,
)
from layers.indicators.spec import IndicatorInputs

CENSUS_2021 = "census2021_households_municipality.csv"
CENSUS_2021_MERGED = "census2021_households_municipality_2025_merged.csv"
CENSUS_2011 = "census2011_households_1person_municipality.csv"
NO_FIGURE = "geen cijfer in de census-bron"

# The mergers of 1 January 2019: pre-2019 NIS code -> 2019-2024 NIS code. Every other pre-2019
# Flemish code was kept unchanged in 2019.
MERGERS_2019: dict[str, str] = {
    "12030": "12041",  # Puurs -> Puurs-Sint-Amands
    "12034": "12041",  # Sint-Amands -> Puurs-Sint-Amands
    "44001": "44084",  # Aalter -> Aalter
    "44029": "44084",  # Knesselare -> Aalter
    "44011": "44083",  # Deinze -> Deinze
    "44049": "44083",  # Nevele -> Deinze
    "44036": "44085",  # Lovendegem -> Lievegem
    "44072": "44085",  # Waarschoot -> Lievegem
    "44080": "44085",  # Zomergem -> Lievegem
    "45017": "45068",  # Kruishoutem -> Kruisem
    "45057": "45068",  # Zingem -> Kruisem
    "71047": "72042",  # Opglabbeek -> Oudsbergen
    "72040": "72042",  # Meeuwen-Gruitrode -> Oudsbergen
    "72025": "72043",  # Neerpelt -> Pelt
    "72029": "72043",  # Overpelt -> Pelt
}
_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")  # "Hove (Antwerpen)": arrondissement added upstream


def households_2021(inputs: IndicatorInputs) -> tuple[pd.DataFrame, pd.Series]:
    """Census 2021 counts per 2025 code, and the 2019-2024 municipalities without a figure.

    The frame has ``households`` and ``single`` indexed by 2025 code. The Series is indexed by the
    2019-2024 code of every municipality the source has no figure for (Borsbeek) and holds the 2025
    code it belongs to now.
    """
    crosswalk = crosswalk_2024(inputs.store_path)
    plain = read_statbel_csv(inputs.raw_dir, CENSUS_2021, code_columns=("nis_code",))
    plain["nis_code"] = plain["nis_code"].str.strip()
    target = plain["nis_code"].map(crosswalk)
    if target.isna().any():
        bad = plain.loc[target.isna(), "nis_code"]
        bad.index = bad.index + 2  # header is line 1
        raise unknown_codes_error(CENSUS_2021, "nis_code", bad)
    merged = read_statbel_csv(
        inputs.raw_dir, CENSUS_2021_MERGED, code_columns=("nis_code_2025", "components_2024")
    )
    merged["nis_code_2025"] = merged["nis_code_2025"].str.strip()
    covered = pd.Series(list(plain["nis_code"]) + _components(merged["components_2024"]))
    if covered.duplicated().any():
        twice = ", ".join(covered[covered.duplicated()])
        msg = (
            f"{CENSUS_2021} en {CENSUS_2021_MERGED}: gemeente(n) {twice} komen twee keer voor; "
            "de huishoudens zouden dubbel geteld worden."
        )
        raise ValueError(msg)
    rows = pd.DataFrame(
        {
            "gemeente_code": list(target) + list(merged["nis_code_2025"]),
            "households": list(plain["households_private"]) + list(merged["households_private"]),
            "single": list(plain["households_single_person"])
            + list(merged["households_single_person"]),
        }
    )
    counts = rows.groupby("gemeente_code")[["households", "single"]].sum().astype(float)
    missing = crosswalk.loc[~crosswalk.index.isin(covered)]
    return counts, missing


def _components(column: pd.Series) -> list[str]:
    """The 2019-2024 codes listed as "23023 + 23024 + 23032" in the merged file."""
    return [c.strip() for cell in column.fillna("") for c in str(cell).split("+") if c.strip()]


def households_2011(inputs: IndicatorInputs) -> pd.DataFrame:
    """Census 2011 counts per 2019-2024 code: ``households``, ``single`` indexed by that code."""
    raw = read_statbel_csv(inputs.raw_dir, CENSUS_2011, code_columns=("nis_pre2019",))
    codes = raw["nis_pre2019"].str.strip().str.replace(r"\.0$", "", regex=True)
    code_2019 = codes.map(lambda c: MERGERS_2019.get(c, c) if isinstance(c, str) else None)
    names = names_2024(inputs.store_path)
    by_name = {name_key(n): c for c, n in names.items()}
    from_name = raw["Gemeente"].map(lambda n: by_name.get(name_key(_SUFFIX.sub("", str(n)))))
    code_2019 = code_2019.fillna(from_name)
    placed = code_2019.isin(names.index)
    if not placed.all():
        bad = raw.loc[~placed, "nis_pre2019"].fillna(raw.loc[~placed, "Gemeente"])
        bad.index = bad.index + 2
        raise unknown_codes_error(CENSUS_2011, "nis_pre2019", bad)
    rows = pd.DataFrame(
        {
            "nis": code_2019,
            "households": raw["hh_total"].astype(float),
            "single": raw["hh_1person"].astype(float),
        }
    )
    return rows.groupby("nis")[["households", "single"]].sum()


def _names_by_gemeente(inputs: IndicatorInputs, codes: pd.Series) -> pd.Series:
    """Codes 2019-2024 (index) with their 2025 code (values) -> "Borsbeek, ..." per 2025 code."""
    names = names_2024(inputs.store_path)
    labelled = pd.Series(codes.index.map(lambda c: names.get(c, c)), index=codes.to_numpy())
    return labelled.groupby(level=0).agg(", ".join)


def alleenwonend(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of private households that are one-person households (Census 2021)."""
    counts, missing = households_2021(inputs)
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=counts["single"],
        denominator=counts["households"],
        missing_reason=NO_FIGURE,
        zero_reason="geen huishoudens",
        caveat=_names_by_gemeente(inputs, missing).map(
            lambda names: f"zonder {names}: de census-bron heeft geen cijfer voor {names}"
        ),
    )


def alleenwonend_2011(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of private households that were one-person households in Census 2011 (2025 borders)."""
    counts = households_2011(inputs)
    crosswalk = crosswalk_2024(inputs.store_path)
    by_2025 = counts.groupby(counts.index.map(crosswalk.to_dict()))[["households", "single"]].sum()
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=by_2025["single"],
        denominator=by_2025["households"],
        missing_reason=NO_FIGURE,
        zero_reason="geen huishoudens",
    )


def change_by_group(inputs: IndicatorInputs, groups: pd.Series) -> pd.Series:
    """Percentage-point change 2011 -> 2021 for groups of 2025 gemeenten (an ``aggregate``).

    ``groups`` maps 2025 gemeente codes to a group code (itself, a province, Flanders); returns
    the change indexed by group code. See :func:`change_table`.
    """
    return change_table(inputs, groups)["value"]


def change_table(inputs: IndicatorInputs, groups: pd.Series) -> pd.DataFrame:
    """Change 2011 -> 2021 (``value``, in percentage points) and ``caveat`` per group code.

    Like for like: parts with no 2021 figure (Borsbeek) are left out of the 2011 counts too.
    """
    counts_21, missing = households_2021(inputs)
    counts_11 = households_2011(inputs)
    counts_11 = counts_11.loc[~counts_11.index.isin(missing.index)]
    crosswalk = crosswalk_2024(inputs.store_path)
    g21 = counts_21.groupby(counts_21.index.map(groups.to_dict()))[["households", "single"]].sum()
    g11 = counts_11.groupby(counts_11.index.map(crosswalk.to_dict()).map(groups.to_dict()))[
        ["households", "single"]
    ].sum()
    share_21 = g21["single"] / g21["households"].where(g21["households"] > 0)
    share_11 = (g11["single"] / g11["households"].where(g11["households"] > 0)).reindex(
        share_21.index
    )
    value = 100.0 * (share_21 - share_11)
    left_out = _names_by_gemeente(inputs, missing)
    left_out = left_out.groupby(left_out.index.map(groups.to_dict())).agg(", ".join)
    caveat = left_out.map(
        lambda names: (
            f"vergelijking zonder {names} in beide jaren "
            f"(geen cijfer voor {names} in de census van 2021)"
        )
    )
    return pd.DataFrame({"value": value, "caveat": caveat.reindex(value.index).fillna("")})


def alleenwonend_verschil(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """Change in the one-person household share, 2011 -> 2021, in percentage points."""
    codes = units(inputs.store_path, level)["code"]
    change = change_table(inputs, pd.Series(codes.to_numpy(), index=codes.to_numpy()))
    value = change["value"].reindex(codes)
    reason = pd.Series(NO_FIGURE, index=codes).where(value.isna().to_numpy(), "")
    return result(codes, value=value, reason=reason, caveat=change["caveat"])
