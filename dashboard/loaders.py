"""Cached loaders: the only place the dashboard touches data.

Each wrapper keys only on its arguments (plain strings/tuples), calls one pure function of
``geodata`` or ``layers`` and returns a small frame. Heavy analysis geometry is never cached here:
``st.cache_data`` copies its value on every rerun, so only display frames are.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geodata.build import ensure_store
from geodata.resolver import Resolver
from geodata.settings import Settings, load_settings
from geodata.store import read_attributes, read_layer

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_URL = "/app/static/vendor"


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """Settings from the environment (VERBONDEN_HOME, VERBONDEN_MIRROR)."""
    return load_settings()


@st.cache_resource(show_spinner="Gegevens voorbereiden (eenmalig, ongeveer 10 seconden)…")
def store_path() -> Path:
    """The store, built on first start when it is missing."""
    return ensure_store(settings())


@st.cache_resource(show_spinner=False)
def vendor_assets() -> Path:
    """Copy Leaflet from its installed package into the app's static folder (idempotent)."""
    from layers.maps import install_vendor_assets

    return install_vendor_assets(STATIC_DIR / "vendor")


@st.cache_resource(show_spinner=False)
def resolver() -> Resolver:
    """Municipality resolver over the store."""
    return Resolver.from_store(store_path())


@st.cache_data(show_spinner=False, max_entries=8)
def display_layer(level: str) -> gpd.GeoDataFrame:
    """Simplified WGS84 polygons of a level (gemeente, wijk, provincie, ...)."""
    return read_layer(store_path(), level, display=True)


@st.cache_data(show_spinner=False, max_entries=8)
def attributes(level: str) -> pd.DataFrame:
    """Attributes of a level without geometry."""
    return read_attributes(store_path(), level)


@st.cache_resource(show_spinner=False)
def units_url(level: str) -> str:
    """URL of the static GeoJSON with the display shapes of a level (written once per store)."""
    from layers.maps import units_geojson

    store = store_path()
    # One file per store (path hash) and version (mtime): apps on other stores sharing this
    # folder (tests, the benchmark) keep their files; a rebuilt store replaces only its own.
    owner = hashlib.sha1(str(store.resolve()).encode(), usedforsecurity=False).hexdigest()[:8]
    target = STATIC_DIR / "geo" / f"{level}-{owner}-{store.stat().st_mtime_ns:x}.json"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob(f"{level}-{owner}-*.json"):
            old.unlink(missing_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(units_geojson(read_layer(store, level, display=True)))
        tmp.replace(target)
    return f"/app/static/geo/{target.name}"


def _points(frame: pd.DataFrame | None) -> gpd.GeoDataFrame | None:
    if frame is None or frame.empty:
        return None
    return gpd.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
        crs=4326,
    )


def inputs(meeting: pd.DataFrame | None = None, stops: pd.DataFrame | None = None):  # noqa: ANN201
    """IndicatorInputs over the store, with uploaded points given as lon/lat frames."""
    from layers.indicators import IndicatorInputs

    return IndicatorInputs(
        store_path=store_path(),
        raw_dir=settings().raw_dir,
        meeting_places=_points(meeting),
        stops=_points(stops),
    )


@st.cache_data(show_spinner="Indicatoren berekenen…", max_entries=16)
def wide_frame(
    level: str, meeting: pd.DataFrame | None = None, stops: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every indicator of a level (wide frame, see layers.indicators.compute); without uploads
    it comes from the per-store cache that ``verbonden data build`` fills."""
    from layers.analysis import indicator_table

    return indicator_table(inputs(meeting, stops), level, home=settings().home)


@st.cache_data(show_spinner=False, max_entries=16)
def provision_frame(level: str, inventory: pd.DataFrame | None = None) -> pd.DataFrame:
    """Provision per unit for the default (cached per store) or an uploaded inventory."""
    from layers.analysis import provision_table, unit_provision

    if inventory is None:
        return provision_table(inputs(), level, home=settings().home)
    return unit_provision(inputs(), level, inventory=inventory)


@st.cache_data(show_spinner=False, max_entries=64)
def flanders_value(
    indicator_id: str, meeting: pd.DataFrame | None = None, stops: pd.DataFrame | None = None
) -> float:
    """The Flemish value of one indicator (from summed counts; cached per store)."""
    from layers.analysis import flanders_value as compute_flanders
    from layers.analysis import flemish_values

    if meeting is None and stops is None:
        cached = flemish_values(inputs(), home=settings().home)
        if indicator_id in cached.index:
            return float(cached[indicator_id])
    return compute_flanders(inputs(meeting, stops), indicator_id)


@st.cache_data(show_spinner=False, max_entries=64)
def province_values(
    indicator_id: str, meeting: pd.DataFrame | None = None, stops: pd.DataFrame | None = None
) -> pd.Series:
    """Value per province code of one indicator."""
    from layers.analysis import province_values as compute_provinces

    table = compute_provinces(inputs(meeting, stops), indicator_id)
    return table.set_index("code")["value"]


@st.cache_data(show_spinner=False, max_entries=8)
def inventory_points(inventory: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Placed initiatives (default inventory when None)."""
    from layers.analysis import load_inventory, place_inventory

    inv = load_inventory(inputs()) if inventory is None else inventory
    return place_inventory(inputs(), inv)


@st.cache_data(show_spinner=False, max_entries=8)
def default_inventory() -> pd.DataFrame:
    """The publication's initiatives, validated against the store."""
    from layers.analysis import load_inventory

    return load_inventory(inputs())


def unit_table(level: str, weights: dict[str, float] | None):  # noqa: ANN201 - (DataFrame, specs)
    """The unit table for the current session's uploads and ``weights`` and the specs of its
    indicator columns. Heavy parts are cached (indicators, provision); without uploads the
    assembled table is cached too (assembling takes about a second at wijk level)."""
    from dashboard import session

    meeting, halts = session.meeting_places(), session.stops()
    uploads, inventory = session.indicators(), session.inventory()
    if meeting is None and halts is None and not uploads and inventory is None:
        key = None if weights is None else tuple(weights.items())
        return _default_unit_table(level, key)
    return _unit_table(
        level, weights, meeting=meeting, halts=halts, uploads=uploads, inventory=inventory
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _default_unit_table(level: str, weights: tuple[tuple[str, float], ...] | None):  # noqa: ANN202
    return _unit_table(
        level,
        None if weights is None else dict(weights),
        meeting=None,
        halts=None,
        uploads=[],
        inventory=None,
    )


def _unit_table(  # noqa: ANN202 - (DataFrame, specs)
    level: str,
    weights: dict[str, float] | None,
    *,
    meeting: pd.DataFrame | None,
    halts: pd.DataFrame | None,
    uploads: list,
    inventory: pd.DataFrame | None,
):
    from layers.analysis import assemble_unit_table
    from layers.indicators import specs_for
    from layers.uploads import add_uploaded

    wide = wide_frame(level, meeting, halts)
    wide, extra = add_uploaded(wide, uploads, level=level)
    specs = {s.id: s for s in specs_for(level) if s.id in wide.columns} | extra
    table = assemble_unit_table(
        wide,
        provision_frame(level, inventory),
        specs=specs,
        weights=weights,
        flanders=lambda ident: (
            flanders_value(ident, meeting, halts) if ident in specs_for_ids(level) else float("nan")
        ),
        parents=attributes("wijk") if level == "wijk" else None,
        uploaded_inventory=inventory is not None,
    )
    return table, specs


def specs_for_ids(level: str) -> set[str]:
    """Ids of the registered (built-in) indicators at a level."""
    from layers.indicators import specs_for

    return {s.id for s in specs_for(level)}


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_frame(indicator_id: str, level: str) -> pd.DataFrame:
    """One built-in indicator's builder frame (code, value, numerator, denominator, ...)."""
    from layers.indicators import build_indicator

    return build_indicator(inputs(), indicator_id, level)


@st.cache_data(show_spinner="Rapport opmaken…", max_entries=16)
def municipality_pdf(code: str, generated_on: str, inventory: pd.DataFrame | None = None) -> bytes:
    """The A4 PDF report of one municipality (default or uploaded inventory)."""
    from datetime import date

    from dashboard.municipality import report_inputs
    from layers.reports import municipality_report_pdf

    parts = report_inputs(code, inventory)
    return municipality_report_pdf(generated_on=date.fromisoformat(generated_on), **parts)
