"""Read layers and tables from the built store, after one check that it is whole.

The store is a GeoPackage in the home folder (the default), or the schema ``verbonden_store`` of
a shared PostgreSQL/PostGIS database when ``VERBONDEN_DATABASE_URL`` is set
(:mod:`geodata.postgis`). Either way it is named by a path (``Settings.store_path``) and every
function here dispatches on it (:func:`geodata.settings.store_database_url`), so the readers
above ``geodata`` never know which one they read.

:func:`check_store` is the one way into the store: every reader here, every command (``check``,
``map``, ``export``, ``resolve``, ``data info``) and the dashboard's loader go through it. It
recognises a missing, damaged (SQLite integrity check) or incomplete store (a layer missing or
with the wrong number of units) and raises :class:`StoreError` with a Dutch message that says to
run ``verbonden data build --force``. A store that passed is remembered per process until it
changes (:func:`store_version`: the file's stat, or the database store's build id), so the check
costs about a tenth of a second once (one small query per call for a database store).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.database import DatabaseError
from geodata.settings import store_database_url, store_label

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

# pyogrio (GDAL, geopandas) loads with the first layer read, not with this module: the check of
# an upload that needs no layer (a table) starts without it.

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

_checked: set[tuple[str, ...]] = set()
_lock = threading.Lock()


class StoreError(Exception):
    """The store is missing, damaged or incomplete; ``str()`` is a Dutch sentence with the fix."""


class StoreMissingError(StoreError, FileNotFoundError):
    """There is no store yet (``verbonden data build`` or the dashboard builds it)."""


@contextlib.contextmanager
def database_errors() -> Iterator[None]:
    """Turn the shared database's errors (Dutch, with the fix) into :class:`StoreError`, the one
    error every command and the dashboard show for the store."""
    try:
        yield
    except DatabaseError as error:
        raise StoreError(str(error)) from error


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
    """What is wrong with the store at ``store_path`` (Dutch), or None when it is whole.

    Runs SQLite's integrity check (GeoPackage) and compares every required layer's row count;
    reads nothing else. A missing store is a problem too.
    """
    path = Path(store_path)
    url = store_database_url(path)
    if url is not None:
        from geodata import postgis

        return postgis.problem(url, layers_problem)
    if not path.is_file():
        return f"de gegevensopslag ontbreekt ({path})"
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            result = [str(row[0]) for row in db.execute("PRAGMA integrity_check(5)")]
            if result != ["ok"]:
                detail = next((r for r in result if not r.startswith("***")), result[0])
                return f"de gegevensopslag is beschadigd ({' '.join(detail.split())[:120]})"
            present = {str(row[0]) for row in db.execute("SELECT table_name FROM gpkg_contents")}
            return layers_problem(present, partial(_sqlite_count, db))
    except sqlite3.Error as error:
        return f"de gegevensopslag is beschadigd en kan niet gelezen worden ({error})"
    except OSError as error:
        return f"de gegevensopslag kan niet gelezen worden ({error.strerror or error})"


def store_version(store_path: Path) -> str | None:
    """What changes whenever the store is rebuilt (None: there is no store): the GeoPackage's
    device, inode, size and modification time, or the database store's build id and number of
    tables (a dropped table is noticed too)."""
    path = Path(store_path)
    url = store_database_url(path)
    if url is not None:
        from geodata import postgis

        return postgis.version(url)
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_dev:x}-{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"


def store_exists(store_path: Path) -> bool:
    """Whether there is a store (whole or not) at ``store_path``; a database that cannot be
    reached raises :class:`StoreError` with the fix."""
    path = Path(store_path)
    url = store_database_url(path)
    if url is None:
        return path.is_file()
    from geodata import postgis

    with database_errors():
        return postgis.exists(url)


def _key(path: Path) -> tuple[str, ...] | None:
    version = store_version(path)
    if version is None:
        return None
    return (str(path.resolve()), store_database_url(path) or "", version)


def _sqlite_count(db: sqlite3.Connection, name: str) -> int:
    (count,) = db.execute(f'SELECT count(*) FROM "{name}"').fetchone()  # noqa: S608 - names are our own constants
    return int(count)


def layers_problem(present: set[str], count: Callable[[str], int]) -> str | None:
    """The first required layer that is missing (not in ``present``) or has the wrong number of
    rows (``count(name)``), as a Dutch phrase; None when all are right."""
    for name, expected in required_layers().items():
        if name not in present:
            return f"de gegevensopslag is onvolledig: laag '{name}' ontbreekt"
        count_ = count(name)
        if expected is not None and count_ != expected:
            return (
                f"de gegevensopslag is onvolledig: laag '{name}' heeft {count_} "
                f"eenheden in plaats van {expected}"
            )
        if expected is None and count_ == 0:
            return f"de gegevensopslag is onvolledig: laag '{name}' is leeg"
    return None


def check_store(store_path: Path) -> Path:
    """The store at ``store_path`` when it is whole; else :class:`StoreError` (Dutch, with the
    command that repairs it). Missing: :class:`StoreMissingError`. Remembered per store version
    (:func:`store_version`)."""
    path = Path(store_path)
    key = _key(path)
    if key is not None and key in _checked:
        return path
    if key is None and not store_exists(path):
        msg = (
            f"De gegevensopslag ontbreekt ({store_label(path)}). Bouw ze met 'verbonden data "
            "build' (of start het dashboard, dat ze zelf bouwt)."
        )
        raise StoreMissingError(msg)
    problem = store_problem(path)
    if problem is not None:
        if store_database_url(path) is not None and not problem.startswith("de gegevensopslag"):
            raise StoreError(problem)  # the database itself: its own sentence with the fix
        raise StoreError(f"{problem[0].upper()}{problem[1:]} ({store_label(path)}). {REPAIR}")
    key = key or _key(path)
    if key is not None:
        with _lock:
            _checked.add(key)
    return path


def read_layer(
    store_path: Path, name: str, *, display: bool = False, columns: list[str] | None = None
) -> gpd.GeoDataFrame:
    """A polygon layer; ``display=True`` gives the simplified WGS84 geometry."""
    check_store(store_path)
    from geopandas import GeoDataFrame

    layer = f"{name}_display" if display else name
    url = store_database_url(store_path)
    if url is not None:
        from geodata import postgis

        with database_errors():
            frame = postgis.read(url, layer, columns=columns)
        assert isinstance(frame, GeoDataFrame)
        return frame
    import pyogrio

    return pyogrio.read_dataframe(store_path, layer=layer, columns=columns)


def _read_plain(store_path: Path, name: str) -> pd.DataFrame:
    url = store_database_url(store_path)
    if url is not None:
        from geodata import postgis

        with database_errors():
            return postgis.read(url, name, geometry=False)
    import pyogrio

    return pyogrio.read_dataframe(store_path, layer=name, read_geometry=False)


def read_table(store_path: Path, name: str) -> pd.DataFrame:
    """A non-spatial table, every column as stored (codes are strings)."""
    check_store(store_path)
    return _read_plain(store_path, name)


def read_attributes(store_path: Path, name: str) -> pd.DataFrame:
    """Attributes of a polygon layer without geometry (fast)."""
    check_store(store_path)
    return _read_plain(store_path, name)


def store_meta(store_path: Path) -> dict[str, str]:
    """The store's ``meta`` table (fingerprint, build version, ...) without the full check;
    empty when it cannot be read."""
    url = store_database_url(store_path)
    if url is not None:
        from geodata import postgis

        return postgis.meta(url)
    import pyogrio

    try:
        meta = pyogrio.read_dataframe(store_path, layer="meta", read_geometry=False)
    except Exception:  # a missing or unreadable store has no meta
        return {}
    return {str(k): str(v) for k, v in zip(meta["key"], meta["value"], strict=False)}


def layer_counts(store_path: Path) -> dict[str, int]:
    """Feature (or row) count of every layer and table in the store."""
    url = store_database_url(store_path)
    if url is not None:
        from geodata import postgis

        with database_errors():
            return postgis.counts(url, list(required_layers()))
    import pyogrio

    return {
        str(name): int(pyogrio.read_info(store_path, layer=str(name))["features"])
        for name, _ in pyogrio.list_layers(store_path)
    }


__all__ = [
    "FLEMISH_COUNTS",
    "LEVELS",
    "POLYGON_LAYERS",
    "REPAIR",
    "TABLES",
    "StoreError",
    "StoreMissingError",
    "check_store",
    "database_errors",
    "layer_counts",
    "layers_problem",
    "read_attributes",
    "read_layer",
    "read_table",
    "required_layers",
    "store_exists",
    "store_meta",
    "store_problem",
    "store_version",
]
