"""Point sets for distance indicators: stations, uploaded places, and nearest distances."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geodata.catalogue import irail_file
from geodata.store import read_layer

if TYPE_CHECKING:  # shapely and pyproj load with the first distance computed: the indicator
    import geopandas as gpd  # catalogue is imported by commands (`check`) that compute none

STATIONS = "stations.csv"


def stations_xy(raw_dir: Path) -> np.ndarray:
    """Railway stations with service, as an (n, 2) array in EPSG:31370 (iRail).

    Belgian stations count only with scheduled stops (``avg_stop_times`` > 0: Antwerpen-Dam or
    Meer-Grens have none). Stations abroad always count: iRail only counts SNCB stops, so they
    show 0, yet Maastricht or Breda is the nearest railway for many residents near the border.
    """
    path = raw_dir / irail_file(STATIONS)
    if not path.is_file():
        msg = (
            f"Bronbestand ontbreekt: {path}. Voer eerst 'verbonden data fetch' uit "
            "(met --mirror DIR of VERBONDEN_MIRROR als er geen internet is)."
        )
        raise FileNotFoundError(msg)
    table = pd.read_csv(path, usecols=["country-code", "longitude", "latitude", "avg_stop_times"])
    belgian = table["country-code"].astype(str).str.strip() == "be"
    served = table["avg_stop_times"].fillna(0).astype(float) > 0
    table = table.loc[~belgian | served]
    from pyproj import Transformer

    transformer = Transformer.from_crs(4326, 31370, always_xy=True)
    x, y = transformer.transform(
        table["longitude"].to_numpy(float), table["latitude"].to_numpy(float)
    )
    return np.column_stack([x, y])


def upload_xy(points: gpd.GeoDataFrame, *, label: str) -> np.ndarray:
    """Uploaded points as an (n, 2) array in EPSG:31370 (no CRS: taken as WGS84).

    Lines or polygons are reduced to a point inside them. Rows without a location are an error
    naming the rows: the upload reader must have reported or removed them.
    """
    geometry = points.geometry
    if points.crs is None:
        geometry = geometry.set_crs(4326)
    empty = geometry.isna() | geometry.is_empty
    if empty.any():
        rows = ", ".join(str(i) for i in list(points.index[empty.to_numpy()])[:10])
        msg = f"{label}: {int(empty.sum())} punt(en) zonder locatie (rijen {rows})."
        raise ValueError(msg)
    geometry = geometry.to_crs(31370)
    if not (geometry.geom_type == "Point").all():
        geometry = geometry.representative_point()
    return np.column_stack([geometry.x.to_numpy(float), geometry.y.to_numpy(float)])


def nearest_distance_m(x: np.ndarray, y: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Straight-line distance (m) from each (x, y) to the nearest target point (EPSG:31370)."""
    if len(targets) == 0:
        return np.full(len(x), np.inf)
    import shapely

    tree = shapely.STRtree(shapely.points(targets))  # type: ignore[arg-type]  # 2-D in: an array
    sources = shapely.points(np.column_stack([x, y]))
    (src, _), dist = tree.query_nearest(sources, return_distance=True, all_matches=False)
    out = np.full(len(x), np.inf)
    out[src] = dist
    return out


def gemeenten_with_points(store_path: Path, targets: np.ndarray) -> set[str]:
    """2025 gemeente codes that contain at least one of the points (EPSG:31370)."""
    if len(targets) == 0:
        return set()
    gemeente = read_layer(store_path, "gemeente", columns=["code"])
    import shapely

    tree = shapely.STRtree(gemeente.geometry.to_numpy())
    _, polygon = tree.query(shapely.points(targets), predicate="intersects")
    return set(gemeente["code"].to_numpy()[np.unique(polygon)])


def in_gemeenten(store_path: Path, targets: np.ndarray, codes: set[str]) -> np.ndarray:
    """Boolean mask: which points (EPSG:31370) lie in one of the 2025 gemeenten ``codes``."""
    inside = np.zeros(len(targets), dtype=bool)
    if len(targets) == 0 or not codes:
        return inside
    gemeente = read_layer(store_path, "gemeente", columns=["code"])
    gemeente = gemeente.loc[gemeente["code"].isin(codes)]
    import shapely

    tree = shapely.STRtree(gemeente.geometry.to_numpy())
    point, _ = tree.query(shapely.points(targets), predicate="intersects")
    inside[np.unique(point)] = True
    return inside
