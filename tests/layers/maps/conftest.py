"""Fixtures for the map-layer tests: small frames built here, and the real municipalities."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

ROOT = Path(__file__).resolve().parents[3]
MIRROR = Path(os.environ.get("VERBONDEN_MIRROR") or ROOT.parent / "shared" / "data")
GEMEENTE_SHP = MIRROR / "provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles/gemeente.shp"

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${alert(1)}",
    "back`tick",
    "back\\slash",
    "</script><b>x</b>",
)


@pytest.fixture(scope="session")
def flemish_municipalities() -> gpd.GeoDataFrame:
    """The 285 Flemish municipalities from the mirror, WGS84, simplified for speed."""
    if not GEMEENTE_SHP.exists():
        pytest.skip(f"mirror not available: {GEMEENTE_SHP}")
    gdf = gpd.read_file(GEMEENTE_SHP)
    gdf = gdf.rename(columns={"geoitem": "code"})
    gdf["code"] = gdf["code"].astype(str)
    gdf = gdf[gdf["code"].str.match(r"^(1|3|4|7|2[34])")].reset_index(drop=True)
    gdf["geometry"] = gdf.geometry.simplify(200)
    return gdf.to_crs(4326)


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    """Six square areas whose names carry script payloads; one value is missing."""
    return gpd.GeoDataFrame(
        {
            "code": [f"9900{i}" for i in range(len(PAYLOADS))],
            "naam": list(PAYLOADS),
            "waarde": [1.5, 2.5, None, 4.0, 5.5, 6.5],
            "inwoners": [1200, 3400, 560, 7800, 910, 23000],
        },
        geometry=[box(4 + i * 0.1, 51, 4.09 + i * 0.1, 51.09) for i in range(len(PAYLOADS))],
        crs=4326,
    )


@pytest.fixture
def points() -> gpd.GeoDataFrame:
    """Six points with payload names, categories, an approximate flag and links."""
    return gpd.GeoDataFrame(
        {
            "id": [f"p{i}" for i in range(len(PAYLOADS))],
            "naam": list(PAYLOADS),
            "actietype": ["huisbezoek", "ontmoeting", None, "huisbezoek", "buddywerking", "x"],
            "benaderd": [True, False, True, False, False, False],
            "bron": [
                "https://example.org/a",
                "javascript:alert(1)",
                None,
                "data:text/html,x",
                "",
                None,
            ],
        },
        geometry=[Point(4.05 + i * 0.1, 51.05) for i in range(len(PAYLOADS))],
        crs=4326,
    )
