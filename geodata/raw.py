"""Readers for the fetched upstream files (under ``settings.raw_dir``), returning plain frames.

Codes are always returned as strings: NIS codes as 5 characters, sector and wijk codes as written
upstream. Nothing here knows about the store; :mod:`geodata.build` combines these tables.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # GDAL (pyogrio, geopandas) loads with the first shapefile read: the
    import geopandas as gpd  # analysis code imports this module, `verbonden check` needs no GDAL

from geodata.catalogue import (
    aggregation_table,
    definition_table,
    delijn_file,
    households_file,
    shapefile,
    statbel_file,
    survey_file,
)


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
    import pyogrio

    gdf = pyogrio.read_dataframe(_path(raw_dir, shapefile(name)))
    return gdf.set_crs(31370, allow_override=True)


def read_shape_attributes(raw_dir: Path, name: str) -> pd.DataFrame:
    """Attributes of a shapefile, without geometry (fast)."""
    import pyogrio

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


def read_households_by_size(raw_dir: Path) -> pd.DataFrame:
    """Statistiek Vlaanderen's households by size, 2010-2040, one row per year, code and size.

    Columns ``jaar`` (int), ``niscode`` (2019-2024 NIS code, 5 characters), ``grootte`` ("1", "2",
    "3", "4+") and ``aantal`` (float). The file starts with a byte-order mark.
    """
    df = pd.read_csv(
        _path(raw_dir, households_file()),
        encoding="utf-8-sig",
        dtype={"niscode": str, "aantal_huishoudleden": str},
    )
    return pd.DataFrame(
        {
            "jaar": df["jaar"].astype(int),
            "niscode": df["niscode"].str.strip().str.zfill(5),
            "grootte": df["aantal_huishoudleden"].str.strip(),
            "aantal": df["aantal"].astype(float),
        }
    )


def read_survey(raw_dir: Path) -> pd.DataFrame:
    """Gemeente-Stadsmonitor 2023: one row per 2019-2024 gemeente, items as % columns.

    ``nis_code`` (stored as a float such as 11001.0 in the R file) becomes the 5-character string
    ``nis``; the other columns (``province``, ``gemeente`` and the survey items) are kept as read.
    """
    import rdata  # lazy: pulls in xarray

    path = _path(raw_dir, survey_file())
    with warnings.catch_warnings():
        # The file is a tibble; rdata falls back to a plain data.frame and says so.
        warnings.simplefilter("ignore", UserWarning)
        df = pd.DataFrame(rdata.read_rds(path))
    codes = df["nis_code"].astype(float)
    if codes.isna().any() or (codes != codes.round()).any():
        msg = f"{path}: kolom 'nis_code' bevat lege of niet-gehele codes."
        raise ValueError(msg)
    df = df.drop(columns=["nis_code"]).reset_index(drop=True)
    df.insert(0, "nis", codes.astype(int).astype(str).str.zfill(5).to_numpy())
    return df


def read_delijn_stops(raw_dir: Path) -> pd.DataFrame:
    """The De Lijn stops of 2015: ``stop_ref``, ``name``, ``lat``, ``lon``, ``routes``,
    ``network``, ``mode``, one row per stop (``routes`` is often empty: not a sign of no service).
    """
    return pd.read_csv(
        _path(raw_dir, delijn_file()),
        dtype={"stop_ref": str, "name": str, "routes": str, "network": str, "mode": str},
        keep_default_na=False,
        na_values={"lat": [""], "lon": [""]},
    )
