"""Display geometry: topology-preserving coverage simplification, WGS84, rounded coordinates.

Neighbouring polygons are simplified together with :func:`shapely.coverage_simplify`, so shared
edges stay shared (no gaps, no slivers). Coordinates are rounded to 5 decimals (about 1 m); since
neighbours hold identical vertices before rounding, they still hold identical vertices after it.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

DISPLAY_CRS = 4326
DECIMALS = 5


def display_geometry(gdf: gpd.GeoDataFrame, *, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplified WGS84 copy of a gap-free coverage in a metric CRS (EPSG:31370)."""
    geoms = shapely.make_valid(gdf.geometry.to_numpy())
    simplified = shapely.coverage_simplify(geoms, tolerance=tolerance_m, simplify_boundary=True)
    out = gdf.copy()
    out = out.set_geometry(gpd.GeoSeries(simplified, index=gdf.index, crs=gdf.crs))
    out = out.to_crs(DISPLAY_CRS)
    rounded = shapely.transform(out.geometry.to_numpy(), lambda xy: np.round(xy, DECIMALS))
    invalid = ~shapely.is_valid(rounded)
    if invalid.any():
        rounded[invalid] = shapely.make_valid(rounded[invalid], method="structure")
    return out.set_geometry(gpd.GeoSeries(rounded, index=out.index, crs=DISPLAY_CRS))
