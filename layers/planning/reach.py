"""What-if: who gains a meeting place within walking distance when new places are added.

Residents are counted per statistical sector at its centroid (:mod:`.sectors`); a sector is within
reach when its centroid lies within the walking distance (straight line) of a meeting place. The
meeting-place measure is the catalogue's upload-based measure of the ``ontmoeting`` theme (share of
65-plussers farther than the distance from a meeting place), here computed for every unit of
Flanders: without a known meeting place every 65-plusser is far. The need index before and after
uses that measure for its theme (as the catalogue does when meeting places are uploaded); units
outside the scenario keep their values, so the rank change is the scenario's alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.store import read_attributes
from layers.analysis import default_weights, indicator_table, need_index
from layers.indicators import (
    LEVELS,
    IndicatorInputs,
    IndicatorSpec,
    nearest_distance_m,
    specs_for,
    upload_xy,
)
from layers.planning.sectors import planning_sectors, xy_to_lonlat

DEFAULT_DISTANCE_M = 800.0
MIN_DISTANCE_M = 400.0
MAX_DISTANCE_M = 1500.0
MEETING_UPLOAD = "ontmoetingsplaatsen"
NO_EXISTING_NOTE = (
    "er zijn geen bestaande ontmoetingsplaatsen opgegeven: vóór telt elke 65-plusser als ver, "
    "hier én in de rest van Vlaanderen. De nood-index en rang na zijn dus die van een gemeente "
    "die als enige plekken heeft; laad de bestaande ontmoetingsplaatsen op voor een eerlijke "
    "vergelijking."
)
# The need index is recomputed for the whole level on each what-if; its robustness is not shown
# here, so one random weighting is enough (robustness is the Kaart's business).
_DRAWS = 1

UNIT_COLUMNS: tuple[str, ...] = (
    "niveau",
    "code",
    "naam",
    "inwoners",
    "inwoners_65plus",
    "erbij_inwoners",
    "erbij_65plus",
    "ver_voor",
    "ver_na",
    "nood_voor",
    "nood_na",
    "rang_voor",
    "rang_na",
)
POINT_COLUMNS: tuple[str, ...] = (
    "punt",
    "lon",
    "lat",
    "bereik_inwoners",
    "bereik_65plus",
    "erbij_inwoners",
    "erbij_65plus",
)


def meeting_measure(level: str) -> IndicatorSpec:
    """The catalogue's meeting-place measure at ``level``: the upload-based default of its theme."""
    for spec in specs_for(level):
        if spec.requires == MEETING_UPLOAD and spec.replaces_proxy and level in spec.need_default:
            return spec
    msg = f"Geen maat voor ontmoetingsplaatsen op niveau '{level}' in de catalogus."
    raise LookupError(msg)


def check_distance(distance_m: float) -> float:
    """The walking distance as a float, or a Dutch error outside 400-1,500 m."""
    value = float(distance_m)
    if not MIN_DISTANCE_M <= value <= MAX_DISTANCE_M:
        msg = f"Wandelafstand {value:g} m valt buiten {MIN_DISTANCE_M:g}-{MAX_DISTANCE_M:g} m."
        raise ValueError(msg)
    return value


@dataclass(frozen=True, eq=False)
class PlanningBase:
    """What every what-if reads, prepared once per store: sectors, indicator tables, names.

    ``wide`` holds the cached indicator table of each level (all units); ``wijk_gemeente`` maps a
    wijk code to its gemeente; ``existing`` are the known meeting places (EPSG:31370, (n, 2)).
    Compared and hashed by identity (frames have no equality).
    """

    sectors: pd.DataFrame
    wide: Mapping[str, pd.DataFrame]
    wijk_gemeente: pd.Series
    gemeente_names: pd.Series
    existing: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))

    def with_existing(self, existing: np.ndarray) -> PlanningBase:
        """The same base with other known meeting places."""
        return PlanningBase(
            sectors=self.sectors,
            wide=self.wide,
            wijk_gemeente=self.wijk_gemeente,
            gemeente_names=self.gemeente_names,
            existing=np.asarray(existing, float).reshape(-1, 2),
        )

    def gemeente_sectors(self, gemeente: str) -> pd.DataFrame:
        """The sectors of one 2025 gemeente (a Dutch error for an unknown code)."""
        if gemeente not in self.gemeente_names.index:
            msg = f"Onbekende gemeentecode '{gemeente}'."
            raise ValueError(msg)
        return self.sectors.loc[self.sectors["gemeente_code"] == gemeente]


def planning_base(inputs: IndicatorInputs, *, home: Path) -> PlanningBase:
    """The base over the store; the uploaded meeting places of ``inputs`` are the known ones."""
    existing = np.empty((0, 2))
    if inputs.meeting_places is not None and len(inputs.meeting_places):
        existing = upload_xy(inputs.meeting_places, label="Ontmoetingsplaatsen")
    plain = IndicatorInputs(store_path=inputs.store_path, raw_dir=inputs.raw_dir)
    wijk = read_attributes(inputs.store_path, "wijk")
    gemeente = read_attributes(inputs.store_path, "gemeente")
    return PlanningBase(
        sectors=planning_sectors(plain, home=home),
        wide={level: indicator_table(plain, level, home=home) for level in LEVELS},
        wijk_gemeente=pd.Series(
            wijk["gemeente_code"].astype(str).to_numpy(), index=wijk["code"].astype(str).to_numpy()
        ),
        gemeente_names=pd.Series(
            gemeente["naam"].astype(str).to_numpy(), index=gemeente["code"].astype(str).to_numpy()
        ),
        existing=existing,
    )


def within_reach(sectors: pd.DataFrame, places: np.ndarray, distance_m: float) -> np.ndarray:
    """Boolean per sector: its centroid lies within ``distance_m`` of one of ``places``."""
    x, y = sectors["x"].to_numpy(float), sectors["y"].to_numpy(float)
    reach: np.ndarray = nearest_distance_m(x, y, np.asarray(places, float).reshape(-1, 2)) <= (
        distance_m
    )
    return reach


@dataclass(frozen=True)
class WhatIf:
    """The figures of one scenario for a gemeente and its wijken.

    ``units``: one row for the gemeente, then one per wijk (:data:`UNIT_COLUMNS`); ``points``: one
    row per new place (:data:`POINT_COLUMNS`); ``radius_m``: median and largest typical sector
    radius in the gemeente (how far straight-line distances from centroids can be off).
    """

    gemeente: str
    naam: str
    distance_m: float
    units: pd.DataFrame
    points: pd.DataFrame
    measure_label: str
    radius_m: tuple[float, float]
    existing_count: int
    notes: tuple[str, ...] = ()


def _sums(sectors: pd.DataFrame, key: str, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    frame = pd.DataFrame(columns, index=sectors.index).assign(_key=sectors[key].to_numpy())
    frame = frame.loc[frame["_key"] != ""]
    return frame.groupby("_key").sum()


def _level_figures(
    base: PlanningBase,
    level: str,
    near_before: np.ndarray,
    near_after: np.ndarray,
    weights: Mapping[str, float] | None,
) -> pd.DataFrame:
    """Per unit of ``level`` (all of Flanders): counts, measure and need index before/after."""
    sectors = base.sectors
    x65 = sectors["inwoners_65plus"].to_numpy(float)
    pop = sectors["inwoners"].to_numpy(float)
    key = "wijk_code" if level == "wijk" else "gemeente_code"
    sums = _sums(
        sectors,
        key,
        {
            "inwoners": pop,
            "inwoners_65plus": x65,
            "far_before": np.where(near_before, 0.0, x65),
            "far_after": np.where(near_after, 0.0, x65),
            "erbij_inwoners": np.where(near_after & ~near_before, pop, 0.0),
            "erbij_65plus": np.where(near_after & ~near_before, x65, 0.0),
        },
    )
    spec = meeting_measure(level)
    wide = base.wide[level]
    codes = wide["code"].astype(str)
    sums = sums.reindex(codes.to_numpy()).fillna(0.0)
    denominator = sums["inwoners_65plus"].where(sums["inwoners_65plus"] > 0)
    before = (sums["far_before"] / denominator * spec.scale).to_numpy(float)
    after = (sums["far_after"] / denominator * spec.scale).to_numpy(float)
    specs = {s.id: s for s in specs_for(level) if s.id in wide.columns or s.id == spec.id}
    available = [i for i in specs if i == spec.id or wide[i].notna().any()]
    chosen = dict(weights) if weights is not None else default_weights(level, available)
    chosen = {i: w for i, w in chosen.items() if i in available}
    directions = {i: s.direction for i, s in specs.items()}

    def need(values: np.ndarray) -> pd.DataFrame:
        frame = wide.assign(**{spec.id: values})
        return need_index(frame, weights=chosen, directions=directions, draws=_DRAWS)

    need_before, need_after = need(before), need(after)
    return pd.DataFrame(
        {
            "code": codes.to_numpy(),
            "naam": wide["naam"].astype(str).to_numpy(),
            "inwoners": sums["inwoners"].to_numpy(float),
            "inwoners_65plus": sums["inwoners_65plus"].to_numpy(float),
            "erbij_inwoners": sums["erbij_inwoners"].to_numpy(float),
            "erbij_65plus": sums["erbij_65plus"].to_numpy(float),
            "ver_voor": before,
            "ver_na": after,
            "nood_voor": need_before["nood"].to_numpy(float),
            "nood_na": need_after["nood"].to_numpy(float),
            "rang_voor": need_before["nood_rang"].astype("Int64").to_numpy(),
            "rang_na": need_after["nood_rang"].astype("Int64").to_numpy(),
        }
    )


def _point_figures(
    sectors: pd.DataFrame, new: np.ndarray, near_before: np.ndarray, distance_m: float
) -> pd.DataFrame:
    """Per new place: residents within reach, and those who had no meeting place within reach."""
    x65 = sectors["inwoners_65plus"].to_numpy(float)
    pop = sectors["inwoners"].to_numpy(float)
    rows = []
    lonlat = xy_to_lonlat(new) if len(new) else np.empty((0, 2))
    for i, point in enumerate(new):
        near = within_reach(sectors, point.reshape(1, 2), distance_m)
        gain = near & ~near_before
        rows.append(
            {
                "punt": i + 1,
                "lon": float(lonlat[i, 0]),
                "lat": float(lonlat[i, 1]),
                "bereik_inwoners": float(pop[near].sum()),
                "bereik_65plus": float(x65[near].sum()),
                "erbij_inwoners": float(pop[gain].sum()),
                "erbij_65plus": float(x65[gain].sum()),
            }
        )
    return pd.DataFrame(rows, columns=list(POINT_COLUMNS))


def what_if(
    base: PlanningBase,
    *,
    gemeente: str,
    new: np.ndarray,
    distance_m: float = DEFAULT_DISTANCE_M,
    weights: Mapping[str, Mapping[str, float] | None] | None = None,
) -> WhatIf:
    """The scenario "new meeting places at ``new`` (EPSG:31370)" for one gemeente and its wijken.

    ``weights`` optionally gives need-index weights per level (indicator id -> weight); the
    default is the catalogue's default per theme, with the meeting-place measure for its theme.
    """
    distance = check_distance(distance_m)
    own = base.gemeente_sectors(gemeente)
    new_xy = np.asarray(new, float).reshape(-1, 2)
    near_before = within_reach(base.sectors, base.existing, distance)
    near_after = near_before | within_reach(base.sectors, new_xy, distance)
    weights = weights or {}
    figures = {
        level: _level_figures(base, level, near_before, near_after, weights.get(level))
        for level in LEVELS
    }
    gemeente_row = figures["gemeente"].loc[figures["gemeente"]["code"] == gemeente]
    wijken = figures["wijk"]
    wijken = wijken.loc[wijken["code"].map(base.wijk_gemeente) == gemeente]
    units = pd.concat(
        [gemeente_row.assign(niveau="gemeente"), wijken.assign(niveau="wijk")], ignore_index=True
    )[list(UNIT_COLUMNS)]
    own_index = base.sectors.index.get_indexer(own.index)
    radius = own["straal_m"].dropna()
    return WhatIf(
        gemeente=gemeente,
        naam=str(base.gemeente_names[gemeente]),
        distance_m=distance,
        units=units.reset_index(drop=True),
        points=_point_figures(own, new_xy, near_before[own_index], distance),
        measure_label=meeting_measure("gemeente").label,
        radius_m=(
            float(radius.median()) if len(radius) else float("nan"),
            float(radius.max()) if len(radius) else float("nan"),
        ),
        existing_count=len(base.existing),
        notes=() if len(base.existing) else (NO_EXISTING_NOTE,),
    )
