"""Cached loaders: the only place the dashboard touches data, and the one place that reads what
was uploaded in the session (``dashboard.session``): pages never pass uploads.

Each cached wrapper keys only on its arguments (plain strings/tuples, uploaded frames), calls one
pure function of ``geodata`` or ``layers`` and returns a small frame. Heavy analysis geometry is
never cached here: ``st.cache_data`` copies its value on every rerun, so only display frames are.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import session
from geodata import inventories
from geodata.build import ensure_store
from geodata.database import DatabaseError
from geodata.files import write_bytes
from geodata.resolver import Resolver
from geodata.settings import Settings, load_settings, store_label
from geodata.store import read_attributes, read_layer, store_version

if TYPE_CHECKING:
    from layers.editing import Editor, SharedInventories
    from layers.indicators import IndicatorInputs as Inputs
    from layers.indicators import IndicatorSpec
    from layers.planning import PlanningBase, Suggestion
    from layers.uploads import UploadedIndicator
    from layers.views import GemeenteView, KaartView, LayerChoice

    Specs = Mapping[str, IndicatorSpec]

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_URL = "/app/static/vendor"


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """Settings from the environment (VERBONDEN_HOME, VERBONDEN_MIRROR, VERBONDEN_DATABASE_URL)."""
    return load_settings()


@st.cache_resource(show_spinner="Gegevens voorbereiden (eenmalig, ongeveer 10 seconden)…")
def store_path() -> Path:
    """The store, built on first start when it is missing, and checked (geodata.store.check_store:
    a damaged store raises StoreError, which the app shows in Dutch)."""
    return ensure_store(settings())


def store_description() -> str:
    """The store for the "Over de data" page: the GeoPackage's path, or the shared database
    without its address (visitors need not know the database server)."""
    current = settings()
    if current.shared_database:
        return "de gedeelde PostGIS-databank (VERBONDEN_DATABASE_URL)"
    return str(current.store_path)


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
    """URL of the static file with the display shapes of a level (written once per store)."""
    from layers.maps import UNITS_FORMAT, units_file

    store = store_path()
    # One file per store (its name and database) and version (the file's stat or the database
    # store's build id): apps on other stores sharing this folder (tests, the benchmark, other
    # app servers) keep their files; a rebuilt store or a new file format replaces only its own.
    where = f"{store.resolve()}|{store_label(store)}"
    owner = hashlib.sha1(where.encode(), usedforsecurity=False).hexdigest()[:8]
    stamp = f"{store_version(store)}|{UNITS_FORMAT}"
    version = hashlib.sha1(stamp.encode(), usedforsecurity=False).hexdigest()[:12]
    target = STATIC_DIR / "geo" / f"{level}-{owner}-{version}.json"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob(f"{level}-{owner}-*.json"):
            old.unlink(missing_ok=True)
        write_bytes(target, units_file(read_layer(store, level, display=True)))
    return f"/app/static/geo/{target.name}"


def _points(frame: pd.DataFrame | None) -> gpd.GeoDataFrame | None:
    if frame is None or frame.empty:
        return None
    return gpd.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
        crs=4326,
    )


# Uploads are read here, from ``dashboard.session``, and nowhere else: the public loaders below
# take no upload arguments, so no page can forget them. Their cached helpers (``_name``) key on
# the uploaded frames, so each combination of uploads is computed once.
Points = tuple[pd.DataFrame | None, pd.DataFrame | None]


def _uploaded_points() -> Points:
    return session.meeting_places(), session.stops()


def _inputs(meeting: pd.DataFrame | None = None, stops: pd.DataFrame | None = None) -> Inputs:
    """IndicatorInputs over the store, with uploaded points given as lon/lat frames."""
    from layers.indicators import IndicatorInputs

    return IndicatorInputs(
        store_path=store_path(),
        raw_dir=settings().raw_dir,
        meeting_places=_points(meeting),
        stops=_points(stops),
    )


def inputs() -> Inputs:
    """IndicatorInputs over the store with this session's uploaded points."""
    return _inputs(*_uploaded_points())


def uploaded_point_kinds() -> set[str]:
    """The kinds of points uploaded in this session ("ontmoetingsplaatsen", "haltes")."""
    meeting, stops = _uploaded_points()
    kinds = {"ontmoetingsplaatsen": meeting, "haltes": stops}
    return {kind for kind, frame in kinds.items() if frame is not None}


def uploaded_indicators(level: str) -> list[UploadedIndicator]:
    """The indicator columns uploaded in this session at ``level``."""
    return [u for u in session.indicators() if u.level == level]


def uploaded_inventory() -> bool:
    """Whether this session uses an uploaded initiative inventory."""
    return session.inventory() is not None


# The municipalities' saved inventories (shared by every session): keyed by the inventory
# database's stamp, which changes with every save, so a save counts at once everywhere.
Sources = tuple[tuple[str, str], ...]
_LOG = logging.getLogger(__name__)
_RUN_STAMP = "_vb_saved_stamp"  # session state: (database URL, stamp) read in this script run


def inventory_url() -> str:
    """The inventory database (read each time: ``VERBONDEN_HOME`` / ``VERBONDEN_DATABASE_URL``)."""
    return load_settings().inventory_url


def begin_run() -> None:
    """Forget what is read once per script run (the saved inventories' stamp); ``app.py`` calls
    it first thing in every run, so each run sees the saves made since the previous one."""
    st.session_state.pop(_RUN_STAMP, None)


def _stamp(url: str) -> str:
    """The saved inventories' stamp (:func:`geodata.inventories.stamp`), read once per script run
    of a session (a Kaart run needs it three times) and each time outside one (the warm-up).
    Raises what reading the database raises; a failure is not remembered."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return inventories.stamp(url)
    memo: tuple[str, str] | None = st.session_state.get(_RUN_STAMP)
    if memo is not None and memo[0] == url:
        return memo[1]
    value = inventories.stamp(url)
    st.session_state[_RUN_STAMP] = (url, value)
    return value


def shared_inventories() -> SharedInventories:
    """Every municipality's saved inventory (typed, one table) and its source label per code;
    empty (with a logged warning) when the inventory database cannot be read."""
    from layers.editing import SharedInventories

    url = inventory_url()
    try:
        return _shared_inventories(url, _stamp(url))
    except (DatabaseError, SQLAlchemyError):
        _LOG.exception("De bewaarde overzichten van initiatieven konden niet gelezen worden")
        return SharedInventories(table=pd.DataFrame(), sources={})


def saved_stamp() -> str:
    """The saved inventories' version stamp ("" when the database cannot be read): part of the
    key of every cache shared by all sessions, so a save shows at once there too."""
    url = inventory_url()
    try:
        return f"{url}#{_stamp(url)}"
    except (DatabaseError, SQLAlchemyError):
        return ""


@st.cache_data(show_spinner=False, max_entries=4)
def _shared_inventories(url: str, stamp: str) -> SharedInventories:
    from layers.editing import shared_inventories as read

    return read(url)


def saved_inventory_count() -> int:
    """How many municipalities saved their own inventory (the Inventaris page)."""
    return len(shared_inventories().sources)


def session_inventory() -> tuple[pd.DataFrame | None, Sources]:
    """The inventory this session counts and the gemeenten it is the measure of (code, source).

    None and no sources: the publication's examples only (the per-store cache). The upload of
    this session wins for the gemeenten it covers, in this session only; the municipalities'
    saved inventories count for every session (see :func:`layers.analysis.combine_inventories`).
    """
    return _inventory_with(session.inventory())


def _inventory_with(upload: pd.DataFrame | None) -> tuple[pd.DataFrame | None, Sources]:
    """:func:`session_inventory` for ``upload`` (None: what every session without an uploaded
    inventory counts)."""
    shared = shared_inventories()
    if shared.empty:
        return upload, ()
    sources = tuple(sorted(shared.sources.items()))
    return _combined(upload, shared.table, sources)


@st.cache_data(show_spinner=False, max_entries=8)
def _combined(
    upload: pd.DataFrame | None, saved: pd.DataFrame, sources: Sources
) -> tuple[pd.DataFrame, Sources]:
    from layers.analysis import combine_inventories

    combined, used = combine_inventories(default_inventory(), saved, dict(sources), upload)
    return combined, tuple(sorted(used.items()))


def wide_frame(level: str) -> pd.DataFrame:
    """Every indicator of a level (wide frame, see layers.indicators.compute) with this session's
    uploaded points; without uploads it comes from the per-store cache that ``verbonden data
    build`` fills."""
    return _wide_frame(level, *_uploaded_points())


@st.cache_data(show_spinner="Indicatoren berekenen…", max_entries=16)
def _wide_frame(
    level: str, meeting: pd.DataFrame | None, stops: pd.DataFrame | None
) -> pd.DataFrame:
    from layers.analysis import indicator_table

    return indicator_table(_inputs(meeting, stops), level, home=settings().home)


@st.cache_data(show_spinner=False, max_entries=16)
def _provision_frame(
    level: str, inventory: pd.DataFrame | None, sources: Sources = ()
) -> pd.DataFrame:
    """Provision per unit for the default (cached per store) or another inventory: an upload, or
    the municipalities' saved inventories (``sources``: gemeente code -> source label)."""
    from layers.analysis import provision_table, unit_provision

    if inventory is None:
        return provision_table(_inputs(), level, home=settings().home)
    return unit_provision(
        _inputs(), level, inventory=inventory, sources=dict(sources) if sources else None
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _flanders_value(
    indicator_id: str, meeting: pd.DataFrame | None, stops: pd.DataFrame | None
) -> float:
    """The Flemish value of one indicator (from summed counts; cached per store)."""
    from layers.analysis import flanders_value as compute_flanders
    from layers.analysis import flemish_values

    if meeting is None and stops is None:
        cached = flemish_values(_inputs(), home=settings().home)
        if indicator_id in cached.index:
            return float(cached[indicator_id])
    return compute_flanders(_inputs(meeting, stops), indicator_id)


def references(indicator_id: str) -> pd.DataFrame:
    """Flanders and every province (``value``, ``method``, indexed by code) of one built-in
    indicator, with this session's uploads: THE aggregation of ``layers.analysis``."""
    return _references(indicator_id, *_uploaded_points())


@st.cache_data(show_spinner=False, max_entries=64)
def _references(
    indicator_id: str, meeting: pd.DataFrame | None, stops: pd.DataFrame | None
) -> pd.DataFrame:
    from layers.analysis import panel_references

    return panel_references(_inputs(meeting, stops), indicator_id)


@st.cache_data(show_spinner=False, max_entries=8)
def inventory_points(inventory: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Placed initiatives of ``inventory`` (e.g. an upload being previewed; default when None)."""
    from layers.analysis import load_inventory, place_inventory

    inv = load_inventory(_inputs()) if inventory is None else inventory
    return place_inventory(_inputs(), inv)


@st.cache_data(show_spinner=False, max_entries=8)
def default_inventory() -> pd.DataFrame:
    """The publication's initiatives, validated against the store."""
    from layers.analysis import load_inventory

    return load_inventory(_inputs())


def unit_table(level: str, weights: dict[str, float] | None) -> tuple[pd.DataFrame, Specs]:
    """The unit table for the current session's uploads and ``weights`` and the specs of its
    indicator columns. Heavy parts are cached (indicators, provision); without uploads the
    assembled table is cached too (assembling takes about a second at wijk level)."""
    meeting, halts = _uploaded_points()
    uploads = session.indicators()
    if meeting is None and halts is None and not uploads and session.inventory() is None:
        return _common_unit_table(level, weights)
    inventory, sources = session_inventory()
    return _unit_table(
        level,
        weights,
        meeting=meeting,
        halts=halts,
        uploads=uploads,
        inventory=inventory,
        sources=sources,
    )


def _common_unit_table(level: str, weights: dict[str, float] | None) -> tuple[pd.DataFrame, Specs]:
    """:func:`unit_table` without uploads, the same for every session (reads no session): the
    publication's examples, or with the municipalities' saved inventories."""
    key = None if weights is None else tuple(weights.items())
    inventory, sources = _inventory_with(None)
    if inventory is None:
        return _default_unit_table(level, key)
    return _shared_unit_table(level, key, inventory, sources)


@st.cache_data(show_spinner=False, max_entries=32)
def _shared_unit_table(
    level: str,
    weights: tuple[tuple[str, float], ...] | None,
    inventory: pd.DataFrame,
    sources: Sources,
) -> tuple[pd.DataFrame, Specs]:
    """The unit table with the municipalities' saved inventories and no upload (cached: a save
    changes ``inventory`` and ``sources``, hence the key)."""
    return _unit_table(
        level,
        None if weights is None else dict(weights),
        meeting=None,
        halts=None,
        uploads=[],
        inventory=inventory,
        sources=sources,
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _default_unit_table(
    level: str, weights: tuple[tuple[str, float], ...] | None
) -> tuple[pd.DataFrame, Specs]:
    return _unit_table(
        level,
        None if weights is None else dict(weights),
        meeting=None,
        halts=None,
        uploads=[],
        inventory=None,
        sources=(),
    )


def _unit_table(
    level: str,
    weights: dict[str, float] | None,
    *,
    meeting: pd.DataFrame | None,
    halts: pd.DataFrame | None,
    uploads: list[UploadedIndicator],
    inventory: pd.DataFrame | None,
    sources: Sources,
) -> tuple[pd.DataFrame, Specs]:
    from layers.analysis import assemble_unit_table
    from layers.indicators import specs_for
    from layers.uploads import add_uploaded

    wide = _wide_frame(level, meeting, halts)
    wide, extra = add_uploaded(wide, uploads, level=level)
    specs = {s.id: s for s in specs_for(level) if s.id in wide.columns} | extra
    table = assemble_unit_table(
        wide,
        _provision_frame(level, inventory, sources),
        specs=specs,
        weights=weights,
        flanders=lambda ident: (
            _flanders_value(ident, meeting, halts)
            if ident in specs_for_ids(level)
            else float("nan")
        ),
        parents=attributes("wijk") if level == "wijk" else None,
    )
    return table, specs


def specs_for_ids(level: str) -> set[str]:
    """Ids of the registered (built-in) indicators at a level."""
    from layers.indicators import specs_for

    return {s.id for s in specs_for(level)}


def _kaart_references(level: str, points: Points) -> Callable[[str], pd.DataFrame | None]:
    """The Kaart panel's reference values with the uploaded ``points``: id -> the references of
    a built-in indicator of ``level`` (see :func:`references`), None for an uploaded column
    (fetched only when a unit is shown)."""
    built_in = specs_for_ids(level)
    return lambda ident: _references(ident, *points) if ident in built_in else None


@st.cache_data(show_spinner=False)
def kaart_scopes() -> dict[str, str]:
    """The Kaart page's "Gebied" choices (see :func:`layers.views.scope_options`)."""
    from layers.views import scope_options

    return scope_options(attributes("gemeente"))


# The Kaart page's first look: its widgets start from these values, and ``python -m dashboard``
# computes that view at both levels before the first visitor asks (:func:`warm_up`). Page and
# warm-up call the same functions with the same values, so they meet in the same cache entries.
KAART_LEVELS = ("gemeente", "wijk")  # the first is the default
DEFAULT_WEIGHT = 1.0  # of each theme of the need index (an uploaded column weighs 0)
FLANDERS_BOUNDS = [[50.68, 2.54], [51.51, 5.92]]  # the map's view of all of Flanders


@dataclass(frozen=True)
class KaartChoices:
    """The Kaart page's widget values besides the level and the weights: with those, the key of
    its view (:func:`kaart_view`). :func:`kaart_defaults` is what a first visitor sees."""

    scope: str
    choice_id: str
    scheme: str
    breaks_text: str
    show_points: bool
    target_groups: tuple[str, ...]
    action_types: tuple[str, ...]
    elements: tuple[str, ...]
    clicked: str | None
    current: str | None


def kaart_defaults() -> KaartChoices:
    """The Kaart page's first look (no link, nothing clicked): all of Flanders, the action gap,
    quantiles, the initiatives shown and not filtered."""
    from layers.views import FLANDERS, GAP_LAYER

    return KaartChoices(
        scope=FLANDERS,
        choice_id=GAP_LAYER,
        scheme="quantiles",
        breaks_text="",
        show_points=True,
        target_groups=(),
        action_types=(),
        elements=(),
        clicked=None,
        current=None,
    )


def default_weights(level: str) -> dict[str, float]:
    """The need index's weights at ``level`` as the page's sliders start without uploads
    (indicator id -> :data:`DEFAULT_WEIGHT`, in the sliders' order)."""
    from layers.views import weight_themes

    return dict.fromkeys(weight_themes(level, set()).values(), DEFAULT_WEIGHT)


def kaart_layers(level: str, weights: dict[str, float]) -> tuple[list[LayerChoice], list[str]]:
    """The layer picker's choices and the unit codes of ``level`` with this session's uploads
    (what the Kaart page needs of the unit table before its view; cached like the view)."""
    if _without_uploads():
        return _common_kaart_layers(level, weights)
    return _kaart_layers(unit_table(level, weights))


def _common_kaart_layers(
    level: str, weights: dict[str, float]
) -> tuple[list[LayerChoice], list[str]]:
    """:func:`kaart_layers` without uploads: shared by all sessions (reads no session)."""
    return _default_kaart_layers(level, tuple(weights.items()), saved_stamp())


@st.cache_data(show_spinner=False, max_entries=32)
def _default_kaart_layers(
    level: str, weights: tuple[tuple[str, float], ...], saved: str
) -> tuple[list[LayerChoice], list[str]]:
    """Shared by all sessions without uploads; ``saved`` (the saved inventories' stamp) keys it."""
    return _kaart_layers(_common_unit_table(level, dict(weights)))


def _kaart_layers(tables: tuple[pd.DataFrame, Specs]) -> tuple[list[LayerChoice], list[str]]:
    from layers.views import layer_choices

    table, specs = tables
    return layer_choices(specs, table), table["code"].astype(str).tolist()


def _without_uploads() -> bool:
    meeting, halts = _uploaded_points()
    uploads = meeting is not None or halts is not None or bool(session.indicators())
    return not uploads and session.inventory() is None


def kaart_view(level: str, weights: dict[str, float], choices: KaartChoices) -> KaartView:
    """The Kaart page for one state of its widgets (see :func:`layers.views.kaart_view`) with this
    session's uploads. Without uploads it is computed once for every session: a layer change, a
    click or a second visitor with the same choices reuse it (under load, recomputing the map's
    payload, ranking and tables on every rerun was most of the server's CPU)."""
    if _without_uploads():
        return _common_kaart_view(level, weights, choices)
    return _kaart_view(
        level,
        weights,
        choices,
        tables=unit_table(level, weights),
        inventory=session_inventory()[0],
        points=_uploaded_points(),
    )


def _common_kaart_view(level: str, weights: dict[str, float], choices: KaartChoices) -> KaartView:
    """:func:`kaart_view` without uploads: shared by all sessions (reads no session)."""
    return _default_kaart_view(level, weights, saved_stamp(), choices)


@st.cache_data(show_spinner=False, max_entries=24)
def _default_kaart_view(
    level: str, weights: dict[str, float], saved: str, choices: KaartChoices
) -> KaartView:
    """:func:`_kaart_view` without uploads, shared by all sessions (keyed on the choices and
    ``saved``, the saved inventories' stamp: a save changes what every session sees)."""
    return _kaart_view(
        level,
        weights,
        choices,
        tables=_common_unit_table(level, weights),
        inventory=_inventory_with(None)[0],
        points=(None, None),
    )


def _kaart_view(
    level: str,
    weights: dict[str, float],
    choices: KaartChoices,
    *,
    tables: tuple[pd.DataFrame, Specs],
    inventory: pd.DataFrame | None,
    points: Points,
) -> KaartView:
    from layers.views import kaart_view as build
    from layers.views import layer_choices

    table, specs = tables
    layers = {c.id: c for c in layer_choices(specs, table)}
    return build(
        table,
        specs,
        level=level,
        scope=choices.scope,
        choice=layers[choices.choice_id],
        gemeente_attrs=attributes("gemeente"),
        units=display_layer(level),
        references=_kaart_references(level, points),
        weights=weights,
        scheme=choices.scheme,  # type: ignore[arg-type]  # a key of SCHEME_LABELS (restore checks it)
        breaks_text=choices.breaks_text,
        initiatives=inventory_points(inventory) if choices.show_points else None,
        target_groups=choices.target_groups,
        action_types=choices.action_types,
        elements=choices.elements,
        clicked=choices.clicked,
        current=choices.current,
        default_bounds=FLANDERS_BOUNDS,
    )


def warm_up() -> bool:
    """Compute the Kaart page's first look (:func:`kaart_defaults`, :func:`default_weights`) at
    each level in the caches every session shares, before anyone asks: ``python -m dashboard``
    calls it in a background thread once the server runs. A session that needs an entry while
    it is being computed waits for that computation (Streamlit computes a cache key once, behind
    a lock per key). Does nothing and returns False when the store is not built or not current:
    the first visitor's run then builds it, saying so."""
    from geodata.build import store_is_current

    if not store_is_current(load_settings().store_path):
        return False
    vendor_assets()
    kaart_scopes()  # reads the store: store_path() checks it (no spinner inside a cached call)
    choices = kaart_defaults()
    for level in KAART_LEVELS:
        weights = default_weights(level)
        _common_kaart_layers(level, weights)
        _common_kaart_view(level, weights, choices)
        units_url(level)
    return True


@st.cache_data(show_spinner=False, max_entries=64)
def _indicator_frame(
    indicator_id: str, level: str, meeting: pd.DataFrame | None, stops: pd.DataFrame | None
) -> pd.DataFrame:
    """One built-in indicator's builder frame (code, value, numerator, denominator, ...)."""
    from layers.indicators import build_indicator

    return build_indicator(_inputs(meeting, stops), indicator_id, level)


def gemeente_view(code: str) -> GemeenteView:
    """The Gemeente page of ``code`` with this session's uploads and the municipalities' saved
    inventories (see layers.views.gemeente)."""
    inventory, sources, uploaded = _inventory_args()
    return _gemeente_view(code, *_uploaded_points(), inventory, sources=sources, uploaded=uploaded)


def _inventory_args() -> tuple[pd.DataFrame | None, Sources, bool]:
    """This session's inventory, its sources and whether it has an upload (cache-key values)."""
    inventory, sources = session_inventory()
    return inventory, sources, session.inventory() is not None


def _gemeente_view(
    code: str,
    meeting: pd.DataFrame | None,
    stops: pd.DataFrame | None,
    inventory: pd.DataFrame | None,
    *,
    sources: Sources = (),
    uploaded: bool = False,
) -> GemeenteView:
    from layers.indicators import report_map_spec
    from layers.views import gemeente_view as build

    wide = _wide_frame("gemeente", meeting, stops)
    built_in = specs_for_ids("gemeente")
    return build(
        code,
        wide=wide,
        gemeente_attrs=attributes("gemeente"),
        numerators={
            i: _indicator_frame(i, "gemeente", meeting, stops)
            for i in wide.columns
            if i in built_in
        },
        inputs=_inputs(meeting, stops),
        points=inventory_points(inventory),
        inventory=default_inventory() if inventory is None else inventory,
        uploaded_inventory=uploaded or (inventory is not None and not sources),
        wijken=display_layer("wijk"),
        map_values=_indicator_frame(report_map_spec().id, "wijk", None, None),
        units=_gemeente_units(meeting, stops, inventory, sources),
        saved_source=None if uploaded else dict(sources).get(code),
    )


def _gemeente_units(
    meeting: pd.DataFrame | None,
    stops: pd.DataFrame | None,
    inventory: pd.DataFrame | None,
    sources: Sources = (),
) -> pd.DataFrame:
    """The gemeente unit table with the default weights and these uploads (the headline's need
    index, rank, robustness and gap; uploaded indicator columns weigh 0 by default)."""
    if meeting is None and stops is None and inventory is None:
        return _default_unit_table("gemeente", None)[0]
    if meeting is None and stops is None and inventory is not None and sources:
        return _shared_unit_table("gemeente", None, inventory, sources)[0]
    table, _ = _unit_table(
        "gemeente",
        None,
        meeting=meeting,
        halts=stops,
        uploads=[],
        inventory=inventory,
        sources=sources,
    )
    return table


def municipality_pdf(code: str, generated_on: str) -> Callable[[], bytes]:
    """Builds the A4 PDF report of ``code`` with this session's uploads when called (a download
    button calls it on click, outside the page's run: the uploads are read now)."""
    inventory, sources, uploaded = _inventory_args()
    return partial(
        _municipality_pdf,
        code,
        generated_on,
        *_uploaded_points(),
        inventory,
        sources=sources,
        uploaded=uploaded,
    )


@st.cache_data(show_spinner="Rapport opmaken…", max_entries=16)
def _municipality_pdf(
    code: str,
    generated_on: str,
    meeting: pd.DataFrame | None,
    stops: pd.DataFrame | None,
    inventory: pd.DataFrame | None,
    *,
    sources: Sources = (),
    uploaded: bool = False,
) -> bytes:
    from datetime import date

    from layers.reports import municipality_report_pdf
    from layers.views import report_inputs

    view = _gemeente_view(code, meeting, stops, inventory, sources=sources, uploaded=uploaded)
    return municipality_report_pdf(
        generated_on=date.fromisoformat(generated_on), **report_inputs(view)
    )


@st.cache_resource(show_spinner="Planning voorbereiden (eenmalig)…")
def _planning_base() -> PlanningBase:
    from layers.planning import planning_base as build

    return build(_inputs(), home=settings().home)


def _with_meeting(meeting: pd.DataFrame | None) -> PlanningBase:
    from layers.indicators import upload_xy

    base = _planning_base()
    points = _points(meeting)
    if points is None:
        return base
    return base.with_existing(upload_xy(points, label="Ontmoetingsplaatsen"))


def planning_base() -> PlanningBase:
    """The planning base (sectors, indicator tables) with this session's uploaded meeting places
    as the known ones (see layers.planning)."""
    return _with_meeting(session.meeting_places())


def plan_suggestion(
    gemeente: str,
    k: int,
    distance_m: float,
    candidates: tuple[str, bytes] | None = None,
    wijk: str = "",
) -> Suggestion:
    """The ``k`` best sites for new meeting places in ``gemeente`` (exact; cached per choice),
    for its residents or those of one ``wijk``, among the sector centroids or the points of a
    ``candidates`` file (name, bytes); a file without usable points raises a Dutch
    ``ValueError``."""
    return _plan_suggestion(
        gemeente, k, distance_m, session.meeting_places(), candidates, wijk=wijk
    )


@st.cache_data(show_spinner="De beste plekken zoeken…", max_entries=32)
def _plan_suggestion(
    gemeente: str,
    k: int,
    distance_m: float,
    meeting: pd.DataFrame | None,
    candidates: tuple[str, bytes] | None,
    *,
    wijk: str,
) -> Suggestion:
    from layers.planning import points_from_file, suggest_sites

    xy, labels = None, None
    if candidates is not None:
        name, data = candidates
        xy, labels = points_from_file(
            data, filename=name, store_path=store_path(), label="Kandidaat-plekken"
        )
    return suggest_sites(
        _with_meeting(meeting),
        gemeente=gemeente,
        k=k,
        distance_m=distance_m,
        candidates=xy,
        candidate_labels=labels,
        wijk=wijk or None,
    )


def wijk_hotspots(weights: dict[str, float] | None = None) -> pd.DataFrame:
    """LISA classes of the wijken on the need index of ``weights`` (default weights when None),
    with this session's uploads; cached per weights (see layers.planning.hotspots)."""
    table, _ = unit_table("wijk", weights)
    return _wijk_hotspots(table[["code", "nood"]])


@st.cache_data(show_spinner="Hotspots berekenen…", max_entries=16)
def _wijk_hotspots(need: pd.DataFrame) -> pd.DataFrame:
    from layers.planning import hotspots, wijk_neighbours

    neighbours = wijk_neighbours(_inputs(), home=settings().home)
    return hotspots(need.set_index("code")["nood"], neighbours)


def scenario_pdf(code: str, generated_on: str, lines: list[str]) -> Callable[[], bytes]:
    """The municipality report of ``code`` with a "Scenario" section (``lines``), built when
    called (a download button calls it on click; the uploads are read now)."""
    inventory, sources, uploaded = _inventory_args()
    return partial(
        _scenario_pdf,
        code,
        generated_on,
        *_uploaded_points(),
        inventory,
        sources=sources,
        uploaded=uploaded,
        lines=tuple(lines),
    )


@st.cache_data(show_spinner="Rapport opmaken…", max_entries=16)
def _scenario_pdf(
    code: str,
    generated_on: str,
    meeting: pd.DataFrame | None,
    stops: pd.DataFrame | None,
    inventory: pd.DataFrame | None,
    *,
    sources: Sources,
    uploaded: bool,
    lines: tuple[str, ...],
) -> bytes:
    from datetime import date

    from layers.reports import municipality_report_pdf
    from layers.views import report_inputs

    view = _gemeente_view(code, meeting, stops, inventory, sources=sources, uploaded=uploaded)
    return municipality_report_pdf(
        generated_on=date.fromisoformat(generated_on), scenario=lines, **report_inputs(view)
    )


def inventory_editor(code: str) -> Editor | None:
    """Who may edit ``code``'s inventory in this session: an editor unlocked with an access code,
    or the signed-in identity when the administrator gave it that municipality (OpenID
    Connect, only when the deployment configures sign-in); None for everyone else."""
    unlocked = session.unlocked_editor(code)
    if unlocked is not None:
        return unlocked
    identity = session.signed_in_identity()
    if identity is None:
        return None
    from layers.editing import editor_rights, identity_editor

    email, name = identity
    return identity_editor(editor_rights(inventory_url()), code, email, name)


@st.cache_data(show_spinner=False)
def localities() -> pd.DataFrame:
    """Deelgemeenten and wijken (``code``, ``naam``, ``gemeente_code``, ``niveau``), for placing
    a new initiative."""
    frames = [
        attributes(level)[["code", "naam", "gemeente_code"]].assign(niveau=level)
        for level in ("deelgemeente", "wijk")
    ]
    return pd.concat(frames, ignore_index=True)
