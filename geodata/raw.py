"""Readers for the fetched upstream files (under ``settings.raw_dir``), returning plain frames.

Codes are always returned as strings: NIS codes as 5 characters, sector and wijk codes as written
upstream. Nothing here knows about the store; :mod:`geodata.build` combines these tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geodata.catalogue import aggregation_table, definition_table, shapefile, statbel_file


def _path(raw_dir: Path, relative: str) -> Path:
    path = raw_dir / relative
    if not path.is_file():
        msg = (
            f"Bronbestand ontbreekt: {path}. Voer eerst 'verbonden data fetch' uit "
            "(met --mirror DIR of VERBONDEN_MIRROR als er geen internet is)."
        )
        raise FileNotFoundError(msg)
    return path


def read_shapes(raw_dir: Path, name: str) -> gpd.GeoDataFrame:
    """A Provincies in Cijfers shapefile in EPSG:31370."""
    gdf = pyogrio.read_dataframe(_path(raw_dir, shapefile(name)))
    return gdf.set_crs(31370, allow_override=True)


def read_shape_attributes(raw_dir: Path, name: str) -> pd.DataFrame:
    """Attributes of a shapefile, without geometry (fast)."""
    return pyogrio.read_dataframe(_path(raw_dir, shapefile(name)), read_geometry=False)


def read_aggregation(raw_dir: Path, name: str) -> pd.DataFrame:
    """An aggregation table (two code columns), every cell as a stripped string."""
    df = pd.read_excel(_path(raw_dir, aggregation_table(name)), dtype=str)
    for column in df.columns:
        df[column] = df[column].str.strip()
    return df


def read_definitions(raw_dir: Path, name: str) -> pd.DataFrame:
    """A code -> name list, as columns ``code``, ``short``, ``naam``."""
    df = pd.read_excel(_path(raw_dir, definition_table(name)), dtype=str)
    df = df.rename(columns={"geoitem code": "code", "short name": "short", "name": "naam"})
    df["code"] = df["code"].str.strip()
    return df[["code", "short", "naam"]]


def read_statbel_csv(raw_dir: Path, name: str, *, code_columns: tuple[str, ...]) -> pd.DataFrame:
    """A Statbel-derived CSV with its code columns kept as strings."""
    return pd.read_csv(_path(raw_dir, statbel_file(name)), dtype=dict.fromkeys(code_columns, str))


def read_sector_centroids(raw_dir: Path) -> pd.DataFrame:
    """Sector centroids with 2024 population: columns ``statsec``, ``pop``, ``lat``, ``lng``."""
    path = _path(raw_dir, statbel_file("population_sector_centroids_2024.json"))
    records = json.loads(path.read_text(encoding="utf-8"))
    df = pd.DataFrame.from_records(records, columns=["sc", "pop", "lat", "lng"])
    return df.rename(columns={"sc": "statsec"})
