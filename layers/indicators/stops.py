"""Bus and tram stops: distance from sector centroids to the nearest De Lijn stop (2015).

Every stop of the 2015 file counts: its route references are missing for most of Antwerp
province, so they cannot tell served stops from unserved ones. The network was reorganised in
2024; an uploaded stops file (GTFS ``stops.txt``) replaces the 2015 stops in every gemeente it
covers, while 2015 stops elsewhere still count for residents near those borders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.raw import read_delijn_stops
from layers.indicators import sectors
from layers.indicators.frames import no_data_reason, ratio, units
from layers.indicators.points import (
    gemeenten_with_points,
    in_gemeenten,
    nearest_distance_m,
    upload_xy,
)
from layers.indicators.spec import IndicatorInputs

LEVELS = ("gemeente", "wijk")
UPLOADED = "berekend met de opgeladen haltes (die vervangen hier de haltes van 2015)"


def delijn_xy(inputs: IndicatorInputs) -> np.ndarray:
    """Every De Lijn stop of 2015 as an (n, 2) array in EPSG:31370."""
    stops = read_delijn_stops(inputs.raw_dir)
    stops = stops.loc[stops["lat"].notna() & stops["lon"].notna()]
    from pyproj import Transformer  # loads with the first indicator computed, not on import

    transformer = Transformer.from_crs(4326, 31370, always_xy=True)
    x, y = transformer.transform(stops["lon"].to_numpy(float), stops["lat"].to_numpy(float))
    return np.column_stack([x, y])


def stop_targets(inputs: IndicatorInputs) -> tuple[np.ndarray, set[str]]:
    """The stops to measure to, and the 2025 gemeenten where uploaded stops replace 2015's."""
    stops_2015 = delijn_xy(inputs)
    if inputs.stops is None:
        return stops_2015, set()
    uploaded = upload_xy(inputs.stops, label="Haltes")
    covered = gemeenten_with_points(inputs.store_path, uploaded)
    kept = stops_2015[~in_gemeenten(inputs.store_path, stops_2015, covered)]
    return np.vstack([uploaded, kept]), covered


def _caveat(inputs: IndicatorInputs, level: str, covered: set[str]) -> pd.Series:
    table = units(inputs.store_path, level)
    uploaded = table.loc[table["gemeente_code"].isin(covered), "code"]
    return pd.Series(UPLOADED, index=uploaded.to_numpy(), dtype=object)


def _distance(frame: pd.DataFrame, targets: np.ndarray) -> np.ndarray:
    return nearest_distance_m(frame["x"].to_numpy(), frame["y"].to_numpy(), targets)


def afstand_delijn(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """Population-weighted mean straight-line distance (m) to the nearest bus or tram stop."""
    targets, covered = stop_targets(inputs)
    centroids = sectors.centroids(inputs)
    weighted = centroids.assign(pop_m=centroids["pop"] * _distance(centroids, targets))
    sums = sectors.sum_by(weighted, level, ["pop", "pop_m"])
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["pop_m"],
        denominator=sums["pop"],
        missing_reason=no_data_reason(level),
        caveat=_caveat(inputs, level, covered),
    )


def verder_dan_delijn(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents farther than ``stop_distance_m`` (straight line) from any stop."""
    targets, covered = stop_targets(inputs)
    centroids = sectors.centroids(inputs)
    far = _distance(centroids, targets) > inputs.stop_distance_m
    weighted = centroids.assign(pop_far=centroids["pop"].where(far, 0.0))
    sums = sectors.sum_by(weighted, level, ["pop", "pop_far"])
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["pop_far"],
        denominator=sums["pop"],
        missing_reason=no_data_reason(level),
        caveat=_caveat(inputs, level, covered),
    )


def ouderen_ver_van_delijn(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents aged 65+ (Census 2021) farther than ``stop_distance_m`` from any stop."""
    targets, covered = stop_targets(inputs)
    located = sectors.located_65plus(inputs)
    located = located.loc[located["x"].notna()]
    far = _distance(located, targets) > inputs.stop_distance_m
    weighted = located.assign(x65_far=located["x65"].where(far, 0.0))
    sums = sectors.sum_by(weighted, level, ["x65", "x65_far"])
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["x65_far"],
        denominator=sums["x65"],
        missing_reason=no_data_reason(level),
        zero_reason="geen 65-plussers",
        caveat=_caveat(inputs, level, covered),
    )
