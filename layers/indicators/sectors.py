"""Statistical-sector data placed in 2025 gemeenten and wijken through the store's sector table.

Sector codes keep the municipality prefix of their own era, so they are never cut to five
characters: each code is looked up in the store's ``statsec`` table, preferring the era the source
was published on. A sector without a 2025 wijk (the "ZZZZ" sectors of residents without a known
address map to a "WONB" pseudo-wijk) still counts for its gemeente.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from geodata.flanders import flemish_mask
from geodata.raw import read_sector_centroids, read_statbel_csv
from geodata.store import read_attributes, read_table
from layers.indicators.spec import IndicatorInputs

# Census 2021 and the 2022 centroid shapes use 2021-2024 sector codes: the store's '2024' era,
# with a few codes that only survive in its '2019' era; '2025' only as a last resort.
ERA_PRIORITY: tuple[str, ...] = ("2024", "2019", "2025")
CENSUS_65PLUS = "census2021_65plus_sector.csv"
NOT_FOUND = "sectorcode niet gevonden in de sectortabellen"
NO_WIJK = (
    "sector zonder wijk van 2025 (inwoners zonder gekend adres); telt wel mee voor de gemeente"
)
NO_CENTROID = "geen zwaartepunt voor deze sector: 65-plussers niet te lokaliseren"
# How the store placed a sector in its wijk when the code no longer exists in 2025 (see
# ``geodata.areas``): by its centroid, within its own gemeente.
BY_CENTROID = "centroide"
CENTROID_CAVEAT = (
    "{share} van de inwoners die voor deze wijk meetellen, woont in statistische sectoren die "
    "na de sectorhervorming van 2025 niet meer bestaan en die via hun zwaartepunt aan deze wijk "
    "zijn toegewezen (binnen de eigen gemeente): de waarde is een benadering."
)


def sector_lookup(store_path: Path) -> pd.DataFrame:
    """One row per sector code: the era used, its 2025 gemeente, wijk and kerntypering, and how
    it was placed in its wijk (``wijk_methode``)."""
    table = read_table(store_path, "statsec")
    rank = table["era"].map({era: i for i, era in enumerate(ERA_PRIORITY)})
    table = table.assign(_rank=rank.fillna(len(ERA_PRIORITY)))
    table = table.sort_values(["statsec", "_rank"], kind="stable").drop_duplicates("statsec")
    columns = ["era", "gemeente_code", "wijk_code", "kerntypering", "wijk_methode"]
    return table.set_index("statsec")[columns]


def place(frame: pd.DataFrame, store_path: Path) -> pd.DataFrame:
    """Add ``gemeente_code``, ``wijk_code``, ``kerntypering`` and ``wijk_methode`` to a frame
    with ``statsec``.

    Codes that cannot be placed get an empty string; ``wijk_code`` is empty unless it is one of the
    2,563 wijken of the store's wijk layer.
    """
    lookup = sector_lookup(store_path)
    wijken = set(read_attributes(store_path, "wijk")["code"])
    found = lookup.reindex(frame["statsec"].to_numpy())
    wijk = found["wijk_code"].fillna("").to_numpy(dtype=object)
    wijk = np.where(pd.Series(wijk).isin(wijken).to_numpy(), wijk, "")
    return frame.assign(
        gemeente_code=found["gemeente_code"].fillna("").to_numpy(dtype=object),
        wijk_code=wijk,
        kerntypering=found["kerntypering"].fillna("").to_numpy(dtype=object),
        wijk_methode=found["wijk_methode"].fillna("").to_numpy(dtype=object),
    )


def census_65plus(inputs: IndicatorInputs) -> pd.DataFrame:
    """Census 2021 per Flemish sector: ``statsec``, ``x65``, ``total`` and its placement."""
    raw = read_statbel_csv(inputs.raw_dir, CENSUS_65PLUS, code_columns=("cd_sector",))
    raw = raw.loc[flemish_mask(raw["cd_sector"]), ["cd_sector", "x65", "rest"]]
    frame = pd.DataFrame(
        {
            "statsec": raw["cd_sector"].str.strip().to_numpy(),
            "x65": raw["x65"].astype(float).to_numpy(),
            "total": (raw["x65"] + raw["rest"]).astype(float).to_numpy(),
        }
    )
    return place(frame, inputs.store_path)


def centroids(inputs: IndicatorInputs) -> pd.DataFrame:
    """2024 population per Flemish sector with its centroid in EPSG:31370 (``x``, ``y``)."""
    raw = read_sector_centroids(inputs.raw_dir)
    raw = raw.loc[flemish_mask(raw["statsec"])]
    from pyproj import Transformer  # loads with the first indicator computed, not on import

    transformer = Transformer.from_crs(4326, 31370, always_xy=True)
    x, y = transformer.transform(raw["lng"].to_numpy(float), raw["lat"].to_numpy(float))
    frame = pd.DataFrame(
        {
            "statsec": raw["statsec"].str.strip().to_numpy(),
            "pop": raw["pop"].astype(float).to_numpy(),
            "x": x,
            "y": y,
        }
    )
    return place(frame, inputs.store_path)


def located_65plus(inputs: IndicatorInputs) -> pd.DataFrame:
    """Census 2021 65-plussers per sector, located at the sector's centroid (matched by code).

    Columns ``statsec``, ``x65``, ``x``, ``y`` (NaN without a centroid), ``gemeente_code``,
    ``wijk_code``. The census (2021 codes) and the centroids (2022 shapes) share almost all codes;
    the few census sectors without a centroid hold residents without a known address.
    """
    census = census_65plus(inputs)
    points = centroids(inputs)[["statsec", "x", "y"]]
    return census.merge(points, on="statsec", how="left")


def sum_by(frame: pd.DataFrame, level: str, columns: list[str]) -> pd.DataFrame:
    """Sum ``columns`` per gemeente or wijk over the placed rows (unplaced rows are left out)."""
    key = "wijk_code" if level == "wijk" else "gemeente_code"
    placed = frame.loc[frame[key] != ""]
    return placed.groupby(key)[columns].sum()


def unplaced(frame: pd.DataFrame, weight: str, *, need_point: bool = False) -> pd.DataFrame:
    """Sectors that cannot be placed at gemeente or wijk level (or located), with their weight."""
    reason = pd.Series("", index=frame.index, dtype=object)
    reason[frame["wijk_code"] == ""] = NO_WIJK
    if need_point:  # without a location a sector counts nowhere, not even for its gemeente
        reason[frame["x"].isna()] = NO_CENTROID
    reason[frame["gemeente_code"] == ""] = NOT_FOUND
    rows = frame.loc[reason != ""]
    return pd.DataFrame(
        {
            "statsec": rows["statsec"].to_numpy(dtype=object),
            "inwoners": rows[weight].astype(float).to_numpy(),
            "gemeente_code": rows["gemeente_code"].to_numpy(dtype=object),
            "wijk_code": rows["wijk_code"].to_numpy(dtype=object),
            "reden": reason[reason != ""].to_numpy(dtype=object),
        }
    ).reset_index(drop=True)


def centroid_caveats(frame: pd.DataFrame, weight: str) -> pd.Series:
    """Per wijk code: the Dutch caveat of a wijk whose value counts people of sectors placed by
    their centroid (see :data:`CENTROID_CAVEAT`), with their share of its ``weight``."""
    placed = frame.loc[frame["wijk_code"] != ""]
    weights = placed[weight].astype(float)
    total = weights.groupby(placed["wijk_code"]).sum()
    by_centroid = weights.where(placed["wijk_methode"] == BY_CENTROID, 0.0)
    share = by_centroid.groupby(placed["wijk_code"]).sum() / total.where(total > 0)
    share = share[share > 0]
    return share.map(lambda value: CENTROID_CAVEAT.format(share=_percent(value)))


def _percent(share: float) -> str:
    """0.034 -> "3 %", below 1 % -> "minder dan 1 %" (Dutch, for a caveat)."""
    if share < 0.01:
        return "minder dan 1 %"
    return f"{round(share * 100)} %"
