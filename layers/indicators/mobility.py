"""Distances from sector centroids (2024 population) to railway stations or uploaded stops.

Distances are straight lines in EPSG:31370 from each sector's centroid to the nearest point; a
unit's mean distance is weighted by sector population (sum of population x distance over sum of
population), so units merge by summing both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.indicators import sectors
from layers.indicators.frames import no_data_reason, ratio, units
from layers.indicators.points import (
    gemeenten_with_points,
    nearest_distance_m,
    stations_xy,
    upload_xy,
)
from layers.indicators.spec import IndicatorInputs

NO_STOPS = "geen opgeladen haltes in deze gemeente"


def _summed(
    inputs: IndicatorInputs, level: str, targets: np.ndarray, *, threshold_m: float
) -> pd.DataFrame:
    """Per unit: population, population x distance (km) and population beyond the threshold."""
    centroids = sectors.centroids(inputs)
    distance = nearest_distance_m(centroids["x"].to_numpy(), centroids["y"].to_numpy(), targets)
    weighted = centroids.assign(
        pop_km=centroids["pop"] * distance / 1000.0,
        pop_far=centroids["pop"].where(distance > threshold_m, 0.0),
    )
    return sectors.sum_by(weighted, level, ["pop", "pop_km", "pop_far"])


def _mean_km(inputs: IndicatorInputs, level: str, sums: pd.DataFrame) -> pd.DataFrame:
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["pop_km"],
        denominator=sums["pop"],
        missing_reason=no_data_reason(level),
    )


def _share_far(inputs: IndicatorInputs, level: str, sums: pd.DataFrame) -> pd.DataFrame:
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["pop_far"],
        denominator=sums["pop"],
        missing_reason=no_data_reason(level),
    )


def afstand_station(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """Population-weighted mean straight-line distance (km) to the nearest Belgian station."""
    sums = _summed(
        inputs, level, stations_xy(inputs.raw_dir), threshold_m=inputs.station_distance_km * 1000
    )
    return _mean_km(inputs, level, sums)


def verder_dan_station(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents living more than ``station_distance_km`` from the nearest station."""
    sums = _summed(
        inputs, level, stations_xy(inputs.raw_dir), threshold_m=inputs.station_distance_km * 1000
    )
    return _share_far(inputs, level, sums)


def restrict_to_covered(
    inputs: IndicatorInputs, level: str, frame: pd.DataFrame, covered: set[str], reason: str
) -> pd.DataFrame:
    """Blank the units whose gemeente holds none of the uploaded points, with ``reason``.

    An upload often covers one municipality only; elsewhere a value would only measure the
    absence of data, so it is unknown instead.
    """
    unit_gemeente = units(inputs.store_path, level).set_index("code")["gemeente_code"]
    outside = ~frame["code"].map(unit_gemeente).isin(covered).to_numpy()
    frame = frame.copy()
    frame.loc[outside, ["value", "numerator", "denominator"]] = np.nan
    frame.loc[outside, "reason"] = reason
    frame.loc[outside, "caveat"] = ""
    return frame


def _stops(inputs: IndicatorInputs) -> np.ndarray:
    if inputs.stops is None:
        msg = "Deze indicator vraagt opgeladen bus- en tramhaltes (bv. De Lijn stops.txt)."
        raise ValueError(msg)
    return upload_xy(inputs.stops, label="Haltes")


def afstand_halte(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """Population-weighted mean distance (km) to the nearest uploaded bus or tram stop."""
    targets = _stops(inputs)
    sums = _summed(inputs, level, targets, threshold_m=inputs.stop_distance_m)
    frame = _mean_km(inputs, level, sums)
    covered = gemeenten_with_points(inputs.store_path, targets)
    return restrict_to_covered(inputs, level, frame, covered, NO_STOPS)


def verder_dan_halte(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents more than ``stop_distance_m`` from the nearest uploaded stop."""
    targets = _stops(inputs)
    sums = _summed(inputs, level, targets, threshold_m=inputs.stop_distance_m)
    frame = _share_far(inputs, level, sums)
    covered = gemeenten_with_points(inputs.store_path, targets)
    return restrict_to_covered(inputs, level, frame, covered, NO_STOPS)
