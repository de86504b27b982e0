"""Read layers and tables from the built store (a GeoPackage)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

LEVELS: tuple[str, ...] = ("gemeente", "wijk")


def _check(store_path: Path) -> None:
    if not Path(store_path).is_file():
        msg = (
            f"De gegevensopslag ontbreekt ({store_path}). Bouw ze met 'verbonden data build' "
            "(of start het dashboard, dat ze zelf bouwt)."
        )
        raise FileNotFoundError(msg)


def read_layer(
    store_path: Path, name: str, *, display: bool = False, columns: list[str] | None = None
) -> gpd.GeoDataFrame:
    """A polygon layer; ``display=True`` gives the simplified WGS84 geometry."""
    _check(store_path)
    layer = f"{name}_display" if display else name
    return pyogrio.read_dataframe(store_path, layer=layer, columns=columns)


def read_table(store_path: Path, name: str) -> pd.DataFrame:
    """A non-spatial table, every column as stored (codes are strings)."""
    _check(store_path)
    return pyogrio.read_dataframe(store_path, layer=name, read_geometry=False)


def read_attributes(store_path: Path, name: str) -> pd.DataFrame:
    """Attributes of a polygon layer without geometry (fast)."""
    _check(store_path)
    return pyogrio.read_dataframe(store_path, layer=name, read_geometry=False)
