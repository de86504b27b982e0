"""Build the store: the Flemish area levels, display geometry and code tables.

The store is one GeoPackage (the single file the rest of the product reads, and planners can
open in QGIS), or with ``VERBONDEN_DATABASE_URL`` the same layers and tables in a shared
PostGIS database (:mod:`geodata.postgis`). Analysis layers are in EPSG:31370; every polygon layer
also has a ``<name>_display`` layer in WGS84, simplified as a coverage. The build is idempotent:
it records the checksums of its inputs and its own version in the ``meta`` table and skips work
when nothing changed. Each build also writes a new ``build_id`` there.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyogrio

from geodata import areas
from geodata.catalogue import FILES
from geodata.fetch import fetch, is_present
from geodata.files import WriteError, atomic_path, write_error
from geodata.settings import Settings, store_database_url
from geodata.simplify import display_geometry
from geodata.store import (
    StoreError,
    check_store,
    database_errors,
    layer_counts,
    layers_problem,
    store_exists,
    store_meta,
    store_problem,
)

BUILD_VERSION = "6"  # 4: sectors by code history; 5: province names; 6: build_id in meta
# Free space a build needs at least (the store is about 23 MB; GDAL needs room while writing).
ESTIMATED_STORE_BYTES = 40_000_000

# Simplification tolerance (metres) per layer: coarse levels tolerate more.
TOLERANCES: dict[str, float] = {
    "gemeente": 40.0,
    "gemeente2024": 40.0,
    "wijk": 15.0,
    "deelgemeente": 25.0,
    "provincie": 100.0,
    "gewest": 150.0,
    "eerstelijnszone": 60.0,
    "vervoerregio": 80.0,
}


def input_fingerprint() -> str:
    """Hash of the catalogue checksums and the build version."""
    joined = BUILD_VERSION + "".join(sorted(f.sha256 for f in FILES))
    return hashlib.sha256(joined.encode()).hexdigest()


def store_is_current(store_path: Path) -> bool:
    """True when the store exists and was built from the current inputs by this version."""
    if store_database_url(store_path) is None and not store_path.is_file():
        return False
    return store_meta(store_path).get("fingerprint") == input_fingerprint()


def _write(gdf: pd.DataFrame, path: Path, layer: str) -> None:
    pyogrio.write_dataframe(gdf, path, layer=layer, driver="GPKG")


def _announce(text: str) -> None:
    """Default for ``on_wait``: nothing (the command line prints it)."""


def lock_path(settings: Settings) -> Path:
    """The lock file that lets one builder at a time write the store (kept between builds)."""
    store = settings.store_path
    return store.with_name(f".{store.name}.lock")


@contextlib.contextmanager
def build_lock(settings: Settings, *, on_wait: Callable[[str], None] = _announce) -> Iterator[bool]:
    """Hold the build lock of ``settings.home``; yields True when another build had it first
    (``on_wait`` was told, in Dutch, and this one waited for it to finish)."""
    lock = lock_path(settings)
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        translated = write_error(settings.store_path, error)
        if translated is None:
            raise
        raise translated from error
    try:
        waited = False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waited = True
            on_wait(
                "Er is al een andere 'verbonden data build' bezig in "
                f"{settings.home}; wachten tot die klaar is…"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield waited
    finally:
        os.close(fd)  # releases the lock


def _usable(store_path: Path) -> bool:
    return store_is_current(store_path) and store_problem(store_path) is None


@contextlib.contextmanager
def _database_lock(settings: Settings, on_wait: Callable[[str], None]) -> Iterator[bool]:
    """The shared database's build lock (app servers on other machines build there too)."""
    url = store_database_url(settings.store_path)
    if url is None:
        yield False
        return
    from geodata import postgis

    with database_errors(), postgis.build_lock(url, on_wait=on_wait) as waited:
        yield waited


def _remove_leftovers(store_path: Path) -> None:
    """Temporary stores of builds that were killed (only called while holding the lock)."""
    for leftover in store_path.parent.glob(f".{store_path.stem}.*.part{store_path.suffix}*"):
        leftover.unlink(missing_ok=True)
    store_path.with_suffix(".building.gpkg").unlink(missing_ok=True)  # older builds' name


def _require_room(settings: Settings) -> None:
    """Refuse early (before ten seconds of work) when the home folder cannot hold a new store."""
    store = settings.store_path
    need = max(store.stat().st_size if store.is_file() else 0, ESTIMATED_STORE_BYTES)
    try:
        stat = os.statvfs(settings.home)
    except OSError:
        return
    free = stat.f_bavail * stat.f_frsize
    if free < need:
        raise WriteError(
            errno.ENOSPC,
            f"Niet genoeg vrije schijfruimte in de map {settings.home}: de opslag heeft ongeveer "
            f"{need / 1e6:.0f} MB nodig, er is {free / 1e6:.1f} MB vrij. Maak ruimte vrij of kies "
            "een andere map met --home (of VERBONDEN_HOME). Er is niets gewijzigd.",
        )


def build_store(
    settings: Settings, *, force: bool = False, on_wait: Callable[[str], None] = _announce
) -> dict[str, int]:
    """Build (or keep) the store; returns the feature count per layer/table.

    One builder at a time (:func:`build_lock`, and with a shared database its advisory lock): a
    second one waits and then keeps the store the first one built. The new GeoPackage is written
    to a unique temporary file next to the store, checked (every layer with its count, SQLite's
    integrity check) and only then renamed into place; in a database the new store is written
    and checked in a fresh schema and swapped in within one transaction. So a failed,
    interrupted or concurrent build never leaves a broken store. A damaged store is rebuilt even
    without ``force``. Fetches the raw files first when they are missing (from the mirror when
    one is set), also when a shared database already holds a current store: the indicators read
    them from this machine's home folder.
    """
    store = settings.store_path
    if not force and _usable(store):
        if store_database_url(store) is not None and not is_present(settings):
            fetch(settings)  # a new app server on a shared store: the indicators read raw files
        return layer_counts(store)
    with (
        build_lock(settings, on_wait=on_wait) as waited,
        _database_lock(settings, on_wait) as waited_elsewhere,
    ):
        if (waited or waited_elsewhere or not force) and _usable(store):
            return layer_counts(store)
        url = store_database_url(store)
        if url is None:
            _remove_leftovers(store)
        if not is_present(settings):
            fetch(settings)
        if url is None:
            _require_room(settings)
            _build(settings)
        else:
            from geodata import postgis

            with database_errors():
                postgis.write_store(url, _layers(settings), check=layers_problem)
    return layer_counts(store)


def _layers(settings: Settings) -> dict[str, pd.DataFrame]:
    """Every layer and table of the store, in the order they are written (``meta`` last)."""
    raw = settings.raw_dir
    started = time.perf_counter()
    polygons = areas.polygon_layers(raw)
    tables = areas.code_tables(raw, wijk=polygons["wijk"])
    layers: dict[str, pd.DataFrame] = {}
    for name, gdf in polygons.items():
        layers[name] = gdf
        layers[f"{name}_display"] = display_geometry(gdf, tolerance_m=TOLERANCES[name])
    layers.update(tables)
    layers["meta"] = pd.DataFrame(
        {
            "key": ["fingerprint", "build_version", "built_seconds", "sources", "build_id"],
            "value": [
                input_fingerprint(),
                BUILD_VERSION,
                f"{time.perf_counter() - started:.1f}",
                json.dumps(sorted({f.source.id for f in FILES})),
                uuid.uuid4().hex,
            ],
        }
    )
    return layers


def _build(settings: Settings) -> None:
    layers = _layers(settings)
    with atomic_path(settings.store_path) as tmp:
        for name, frame in layers.items():
            _write(frame, tmp, name)
        problem = store_problem(tmp)
        if problem is not None:
            raise StoreError(
                f"De nieuw gebouwde opslag is niet in orde ({problem}); de bestaande opslag is "
                "niet vervangen."
            )


def ensure_store(settings: Settings) -> Path:
    """Return the checked store (its path), building it first when it is missing or outdated.

    A damaged or incomplete store is not rebuilt behind the user's back: :class:`StoreError`
    says to run ``verbonden data build --force``.
    """
    if store_exists(settings.store_path):
        check_store(settings.store_path)
    build_store(settings)
    return check_store(settings.store_path)


__all__ = [
    "build_lock",
    "build_store",
    "ensure_store",
    "layer_counts",
    "lock_path",
    "store_is_current",
]
