"""Preview maps of an upload before it is used: a choropleth of one column, or the points.

Built from the map builders of :mod:`layers.maps`, which escape every text from the file. The
caller localises the map (offline Leaflet assets) and renders it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from layers.uploads.use import point_attribute_columns

if TYPE_CHECKING:  # folium (via layers.maps) is imported when a map is built: `verbonden check`
    import folium  # and the upload checks do not need its 0.3 s import
    import geopandas as gpd

BOUNDARIES = "kaartgrenzen: Provincies in Cijfers / Statbel (2025)"
MAX_SINGLE_POINTS = 1000
MAX_POPUP_COLUMNS = 8
_TITLE_STYLE = (
    "background:#ffffff;color:#1a1a1a;font:600 15px/1.3 system-ui,sans-serif;"
    "padding:6px 10px;border-radius:4px;max-width:420px;"
)
_NOTE_STYLE = (
    "background:#ffffff;color:#4d4d4d;font:italic 12px/1.35 system-ui,sans-serif;"
    "padding:6px 10px;border-radius:4px;max-width:300px;"
)


def _decorate(m: folium.Map, *, title: str | None) -> folium.Map:
    """Add an (escaped) title box to a map shared on its own."""
    from layers.maps import html_text, legend_control

    if title:
        control = legend_control(f'<div style="{_TITLE_STYLE}">{html_text(title)}</div>')
        control.position = "topright"
        control.css_class = "vb-map-title leaflet-bar"
        control.add_to(m)
    return m


def preview_source(filename: str) -> str:
    """The source line under the preview: the analyst's file and the boundaries."""
    return f"Eigen bestand: {filename} · {BOUNDARIES}"


def preview_units(units: gpd.GeoDataFrame, table: pd.DataFrame, *, level: str) -> gpd.GeoDataFrame:
    """The units to draw: every municipality, or at wijk level the wijken of the municipalities
    that occur in the table (all of Flanders would be a heavy preview)."""
    if level != "wijk" or "gemeente_code" not in units:
        return units
    codes = set(table.loc[table["level"] == "wijk", "code"].astype(str))
    municipalities = set(units.loc[units["code"].astype(str).isin(codes), "gemeente_code"])
    return units[units["gemeente_code"].isin(municipalities)]


def table_preview_map(
    table: pd.DataFrame,
    units: gpd.GeoDataFrame,
    *,
    level: str,
    column: str,
    filename: str,
    outlines: gpd.GeoDataFrame | None = None,
    tiles: str | None = None,
    restrict_wijken: bool = True,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> folium.Map:
    """A choropleth of ``column`` of an upload table on ``units`` (WGS84 display shapes with
    ``code`` and ``naam``); units without a value are drawn as 'geen gegevens'. At wijk level
    only the municipalities in the file are drawn unless ``restrict_wijken`` is False."""
    from layers.maps import base_map, choropleth_layer, lonlat_bounds, outline_layer

    shown = preview_units(units, table, level=level) if restrict_wijken else units
    values = (
        table.loc[table["level"] == level, ["code", column]]
        .astype({"code": str})
        .drop_duplicates("code")
    )
    values.columns = ["code", "_waarde"]  # a value column may share a name with a store column
    frame = shown.assign(code=shown["code"].astype(str)).merge(values, on="code", how="left")
    tooltips = [("gemeente", "Gemeente")] if "gemeente" in frame.columns else []
    source = preview_source(filename)
    bounds = lonlat_bounds(frame) if len(frame) else lonlat_bounds(units)
    m = base_map(bounds=bounds, attribution=source, tiles=tiles, prefer_canvas=len(frame) > 1000)
    choropleth_layer(
        frame,
        value_column="_waarde",
        label=column,
        unit="",
        source=source,
        tooltip_columns=tooltips,
        notes=notes,
    ).add_to(m)
    if outlines is not None and len(frame):
        municipal = outlines[outlines["code"].isin(set(frame.get("gemeente_code", [])))]
        outline_layer(municipal, name="Gemeentegrenzen", weight=1.2).add_to(m)
    return _decorate(m, title=title)


def points_preview_map(
    points: gpd.GeoDataFrame,
    gemeenten: gpd.GeoDataFrame,
    *,
    name: str,
    label_column: str | None,
    filename: str,
    colour_by: str | None = None,
    colour_title: str | None = None,
    approximate_column: str | None = None,
    link_column: str | None = None,
    popup_columns: list[tuple[str, str]] | None = None,
    tiles: str | None = None,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> folium.Map:
    """The points (WGS84) as circle markers over the municipal outlines; more than
    :data:`MAX_SINGLE_POINTS` points are drawn as one count bubble per municipality."""
    from layers.maps import (
        base_map,
        html_text,
        legend_control,
        lonlat_bounds,
        outline_layer,
        point_layer,
    )

    names = gemeenten[["code", "naam"]].astype(str)
    names = names.rename(columns={"code": "gemeente_code", "naam": "_gemeente"})
    frame = points.copy()
    if "gemeente_code" not in frame:
        frame["gemeente_code"] = None
    frame["gemeente_code"] = frame["gemeente_code"].astype(object)
    frame = frame.merge(names, on="gemeente_code", how="left")
    frame["_gemeente"] = frame["_gemeente"].fillna("")
    if label_column is None:
        frame["_label"] = [f"punt op regel {v}" for v in frame.get("regel", frame.index + 1)]
        label_column = "_label"
    if popup_columns is None:
        popup_columns = [("regel", "Regel")] if "regel" in frame else []
        popup_columns.append(("_gemeente", "Gemeente"))
        popup_columns += [(c, c) for c in point_attribute_columns(points) if c != label_column][
            :MAX_POPUP_COLUMNS
        ]
    source = preview_source(filename)
    m = base_map(
        bounds=lonlat_bounds(gemeenten),
        attribution=source,
        tiles=tiles,
        prefer_canvas=len(frame) > MAX_SINGLE_POINTS,
    )
    outline_layer(gemeenten, name="Gemeentegrenzen", colour="#6e6e6e", weight=0.8).add_to(m)
    group = point_layer(
        frame,
        name=name,
        label_column=label_column,
        popup_columns=popup_columns,
        colour_by=colour_by,
        colour_title=colour_title or colour_by,
        approximate_column=approximate_column,
        link_column=link_column,
        source=source,
        group_column="gemeente_code",
        group_name_column="_gemeente",
        max_points=MAX_SINGLE_POINTS,
    )
    if notes:
        lines = "".join(f"<div>{html_text(n)}</div>" for n in notes)
        legend_control(f'<div style="{_NOTE_STYLE}">{lines}</div>').add_to(group)
    group.add_to(m)
    return _decorate(m, title=title)


__all__ = [
    "MAX_SINGLE_POINTS",
    "points_preview_map",
    "preview_source",
    "preview_units",
    "table_preview_map",
]
