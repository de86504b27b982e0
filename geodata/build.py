"""Build the store: one GeoPackage with the Flemish area levels, display geometry and code tables.

The store is the single file the rest of the product reads (and planners can open in QGIS).
Analysis layers are in EPSG:31370; every polygon layer also has a ``<name>_display`` layer in
WGS84, simplified as a coverage. The build is idempotent: it records the checksums of its inputs
and its own version in the ``meta`` table and skips work when nothing changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pandas as pd
import pyogrio

from geodata import areas
from geodata.catalogue import FILES
from geodata.fetch import fetch, is_present
from geodata.settings import Settings
from geodata.simplify import display_geometry

BUILD_VERSION = "4"  # 4: province names without " (Prov.)" everywhere

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
    if not store_path.is_file():
        return False
    try:
        meta = pyogrio.read_dataframe(store_path, layer="meta", read_geometry=False)
    except Exception:
        return False
    values = dict(zip(meta["key"], meta["value"], strict=False))
    return values.get("fingerprint") == input_fingerprint()


def _write(gdf: pd.DataFrame, path: Path, layer: str) -> None:
    pyogrio.write_dataframe(gdf, path, layer=layer, driver="GPKG")


def build_store(settings: Settings, *, force: bool = False) -> dict[str, int]:
    """Build (or keep) the store; returns the feature count per layer/table.

    Fetches the raw files first when they are missing (from the mirror when one is set).
    """
    if not force and store_is_current(settings.store_path):
        return layer_counts(settings.store_path)
    if not is_present(settings):
        fetch(settings)
    raw = settings.raw_dir
    started = time.perf_counter()
    polygons = areas.polygon_layers(raw)
    tables = areas.code_tables(raw, wijk=polygons["wijk"])
    tmp = settings.store_path.with_suffix(".building.gpkg")
    tmp.unlink(missing_ok=True)
    settings.home.mkdir(parents=True, exist_ok=True)
    for name, gdf in polygons.items():
        _write(gdf, tmp, name)
        _write(display_geometry(gdf, tolerance_m=TOLERANCES[name]), tmp, f"{name}_display")
    for name, table in tables.items():
        _write(table, tmp, name)
    meta = pd.DataFrame(
        {
            "key": ["fingerprint", "build_version", "built_seconds", "sources"],
            "value": [
                input_fingerprint(),
                BUILD_VERSION,
                f"{time.perf_counter() - started:.1f}",
                json.dumps(sorted({f.source.id for f in FILES})),
            ],
        }
    )
    _write(meta, tmp, "meta")
    tmp.replace(settings.store_path)
    return layer_counts(settings.store_path)


def layer_counts(store_path: Path) -> dict[str, int]:
    """Feature (or row) count of every layer in the store."""
    return {
        str(name): int(pyogrio.read_info(store_path, layer=str(name))["features"])
        for name, _ in pyogrio.list_layers(store_path)
    }


def ensure_store(settings: Settings) -> Path:
    """Return the store path, building it first when it is missing or outdated."""
    build_store(settings)
    return settings.store_path


__all__ = ["build_store", "ensure_store", "layer_counts", "store_is_current"]
