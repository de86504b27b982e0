"""Read layers and tables from the built store (a GeoPackage), after one check that it is whole.

:func:`check_store` is the one way into the store: every reader here, every command (``check``,
``map``, ``export``, ``resolve``, ``data info``) and the dashboard's loader go through it. It
recognises a missing, damaged (SQLite integrity check) or incomplete store (a layer missing or
with the wrong number of units) and raises :class:`StoreError` with a Dutch message that says to
run ``verbonden data build --force``. A store that passed is remembered per process until the
file changes, so the check costs about a tenth of a second once.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

LEVELS: tuple[str, ...] = ("gemeente", "wijk")
# Polygon layers of the store (each with a ``<name>_display`` twin) and its plain tables.
POLYGON_LAYERS: tuple[str, ...] = (
    "gemeente",
    "gemeente2024",
    "wijk",
    "deelgemeente",
    "provincie",
    "gewest",
    "eerstelijnszone",
    "vervoerregio",
)
TABLES: tuple[str, ...] = ("statsec", "crosswalk_gemeente2024", "meta")
# Units every store of Flanders holds (2025 boundaries); the other layers must not be empty.
FLEMISH_COUNTS: dict[str, int] = {
    "gemeente": 285,
    "gemeente2024": 300,
    "wijk": 2563,
    "provincie": 5,
    "gewest": 1,
}
REPAIR = "Bouw ze opnieuw met 'verbonden data build --force'."

_checked: set[tuple[str, int, int, int, int]] = set()
_lock = threading.Lock()


class StoreError(Exception):
    """The store is missing, damaged or incomplete; ``str()`` is a Dutch sentence with the fix."""


class StoreMissingError(StoreError, FileNotFoundError):
    """There is no store yet (``verbonden data build`` or the dashboard builds it)."""


def required_layers() -> dict[str, int | None]:
    """Every layer and table a complete store holds, with its expected count (None: not 0)."""
    required: dict[str, int | None] = {}
    for name in POLYGON_LAYERS:
        required[name] = FLEMISH_COUNTS.get(name)
        required[f"{name}_display"] = FLEMISH_COUNTS.get(name)
    for name in TABLES:
        required[name] = None
    return required


def store_problem(store_path: Path) -> str | None:
    """What is wrong with the GeoPackage at ``store_path`` (Dutch), or None when it is whole.

    Runs SQLite's integrity check and compares every required layer's row count; reads nothing
    else. A missing file is a problem too.
    """
    path = Path(store_path)
    if not path.is_file():
        return f"de gegevensopslag ontbreekt ({path})"
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            result = [str(row[0]) for row in db.execute("PRAGMA integrity_check(5)")]
            if result != ["ok"]:
                detail = next((r for r in result if not r.startswith("***")), result[0])
                return f"de gegevensopslag is beschadigd ({' '.join(detail.split())[:120]})"
            return _layer_problem(db)
    except sqlite3.Error as error:
        return f"de gegevensopslag is beschadigd en kan niet gelezen worden ({error})"
    except OSError as error:
        return f"de gegevensopslag kan niet gelezen worden ({error.strerror or error})"


def _key(path: Path) -> tuple[str, int, int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _layer_problem(db: sqlite3.Connection) -> str | None:
    present = {str(row[0]) for row in db.execute("SELECT table_name FROM gpkg_contents")}
    for name, expected in required_layers().items():
        if name not in present:
            return f"de gegevensopslag is onvolledig: laag '{name}' ontbreekt"
        (count,) = db.execute(f'SELECT count(*) FROM "{name}"').fetchone()  # noqa: S608 - names are our own constants
        if expected is not None and count != expected:
            return (
                f"de gegevensopslag is onvolledig: laag '{name}' heeft {count} "
                f"eenheden in plaats van {expected}"
            )
        if expected is None and count == 0:
            return f"de gegevensopslag is onvolledig: laag '{name}' is leeg"
    return None


def check_store(store_path: Path) -> Path:
    """The store at ``store_path`` when it is whole; else :class:`StoreError` (Dutch, with the
    command that repairs it). Missing: :class:`StoreMissingError`. Remembered per file version."""
    path = Path(store_path)
    key = _key(path)
    if key is not None and key in _checked:
        return path
    if key is None or not path.is_file():
        msg = (
            f"De gegevensopslag ontbreekt ({path}). Bouw ze met 'verbonden data build' "
            "(of start het dashboard, dat ze zelf bouwt)."
        )
        raise StoreMissingError(msg)
    problem = store_problem(path)
    if problem is not None:
        raise StoreError(f"{problem[0].upper()}{problem[1:]} ({path}). {REPAIR}")
    with _lock:
        _checked.add(key)
    return path


def read_layer(
    store_path: Path, name: str, *, display: bool = False, columns: list[str] | None = None
) -> gpd.GeoDataFrame:
    """A polygon layer; ``display=True`` gives the simplified WGS84 geometry."""
    check_store(store_path)
    layer = f"{name}_display" if display else name
    return pyogrio.read_dataframe(store_path, layer=layer, columns=columns)


def read_table(store_path: Path, name: str) -> pd.DataFrame:
    """A non-spatial table, every column as stored (codes are strings)."""
    check_store(store_path)
    return pyogrio.read_dataframe(store_path, layer=name, read_geometry=False)


def read_attributes(store_path: Path, name: str) -> pd.DataFrame:
    """Attributes of a polygon layer without geometry (fast)."""
    check_store(store_path)
    return pyogrio.read_dataframe(store_path, layer=name, read_geometry=False)


__all__ = [
    "FLEMISH_COUNTS",
    "LEVELS",
    "POLYGON_LAYERS",
    "REPAIR",
    "TABLES",
    "StoreError",
    "StoreMissingError",
    "check_store",
    "read_attributes",
    "read_layer",
    "read_table",
    "required_layers",
    "store_problem",
]
