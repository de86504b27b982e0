"""Residents per statistical sector at its centroid: the demand every planning figure counts.

One row per located sector (a centroid of the 2022 sector shapes): all residents (2024) and
residents aged 65+ (Census 2021, matched by sector code), its 2025 gemeente and wijk, and a typical
sector radius (how far a resident may live from the centroid). Built from the indicator room's
sector tables (``sector_centroids``, ``sector_census_65plus``), cached once per store.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

from geodata.derived import cached_frame
from geodata.store import read_layer
from layers.analysis import cache_dir, cache_key
from layers.indicators import IndicatorInputs, sector_census_65plus, sector_centroids

SECTOR_COLUMNS: tuple[str, ...] = (
    "statsec",
    "x",
    "y",
    "inwoners",
    "inwoners_65plus",
    "gemeente_code",
    "wijk_code",
    "straal_m",
)


def build_sectors(inputs: IndicatorInputs) -> pd.DataFrame:
    """The sector frame of :data:`SECTOR_COLUMNS` (uncached; about 3 s).

    Sectors without a centroid (residents without a known address) cannot be placed on a map and
    are left out; a located sector without a census count has no 65-plussers. ``straal_m`` is the
    radius of a circle with the sector's mean area in its wijk: how far, typically, a resident
    lives from the sector's centroid.
    """
    located, census = sector_centroids(inputs), sector_census_65plus(inputs)
    frame = located.merge(census[["statsec", "x65"]], on="statsec", how="left")
    frame = frame.loc[frame["gemeente_code"] != ""]
    wijk = read_layer(inputs.store_path, "wijk", columns=["code"])
    area = pd.Series(wijk.geometry.area.to_numpy(float), index=wijk["code"].to_numpy())
    per_wijk = frame.loc[frame["wijk_code"] != ""].groupby("wijk_code")["statsec"].size()
    radius = (area.reindex(per_wijk.index) / per_wijk / np.pi) ** 0.5
    sector_radius = radius.reindex(frame["wijk_code"].to_numpy()).to_numpy(float)
    return pd.DataFrame(
        {
            "statsec": frame["statsec"].to_numpy(dtype=object),
            "x": frame["x"].to_numpy(float),
            "y": frame["y"].to_numpy(float),
            "inwoners": frame["pop"].fillna(0.0).to_numpy(float),
            "inwoners_65plus": frame["x65"].fillna(0.0).to_numpy(float),
            "gemeente_code": frame["gemeente_code"].to_numpy(dtype=object),
            "wijk_code": frame["wijk_code"].to_numpy(dtype=object),
            "straal_m": sector_radius,
        }
    ).reset_index(drop=True)


def planning_sectors(inputs: IndicatorInputs, *, home: Path) -> pd.DataFrame:
    """:func:`build_sectors`, computed once per store in ``$VERBONDEN_HOME/cache``."""
    return cached_frame(
        cache_dir(home), "planning-sectoren", cache_key(inputs), lambda: build_sectors(inputs)
    )


_TO_LAMBERT = Transformer.from_crs(4326, 31370, always_xy=True)
_TO_WGS84 = Transformer.from_crs(31370, 4326, always_xy=True)


def lonlat_to_xy(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """WGS84 longitude/latitude -> an (n, 2) array in EPSG:31370 (metres)."""
    x, y = _TO_LAMBERT.transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.column_stack([np.atleast_1d(x), np.atleast_1d(y)]).reshape(-1, 2)


def xy_to_lonlat(xy: np.ndarray) -> np.ndarray:
    """An (n, 2) array in EPSG:31370 -> an (n, 2) array of WGS84 longitude, latitude."""
    points = np.asarray(xy, float).reshape(-1, 2)
    lon, lat = _TO_WGS84.transform(points[:, 0], points[:, 1])
    return np.column_stack([np.atleast_1d(lon), np.atleast_1d(lat)]).reshape(-1, 2)
