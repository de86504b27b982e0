"""Compact GeoJSON for the browser: WGS84, coordinates rounded to 5 decimals (~1 m)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

COORDINATE_DECIMALS = 5


def to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame in EPSG:4326; a frame without CRS must already hold longitude/latitude."""
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds if len(gdf) else (0, 0, 0, 0)
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ValueError(
                "De geometrie heeft geen coördinatenstelsel en de coördinaten zijn geen "
                "lengte- en breedtegraden; geef het stelsel op (bv. EPSG:31370)."
            )
        return gdf.set_crs(4326)
    if gdf.crs.to_epsg() == 4326:
        return gdf
    return gdf.to_crs(4326)


def rounded_geometries(gdf: gpd.GeoDataFrame) -> list[dict[str, Any] | None]:
    """GeoJSON geometry dicts (WGS84, rounded), None for missing or empty geometry."""
    geoms = to_wgs84(gdf).geometry.to_numpy()
    rounded = shapely.transform(
        geoms, lambda xy: np.round(xy, COORDINATE_DECIMALS), include_z=False
    )
    out: list[dict[str, Any] | None] = []
    for geom in rounded:
        if geom is None or geom.is_empty:
            out.append(None)
        else:
            out.append(shapely.geometry.mapping(geom))
    return out


def feature_collection(
    ids: Sequence[str],
    geometries: Sequence[dict[str, Any] | None],
    properties: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """A FeatureCollection of the features that have a geometry (``id`` on each feature)."""
    features = [
        {"type": "Feature", "id": fid, "geometry": geom, "properties": props}
        for fid, geom, props in zip(ids, geometries, properties, strict=True)
        if geom is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def lonlat_bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    """``[[south, west], [north, east]]`` of the frame in WGS84 (Leaflet/folium order)."""
    minx, miny, maxx, maxy = to_wgs84(gdf).total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]
