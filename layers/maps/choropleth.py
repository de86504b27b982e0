"""Choropleth, bivariate (action gap) and outline layers, and the offline base map.

Each area layer is one GeoJSON layer whose fill colour is precomputed into the feature property
``fill`` (no Python style function evaluated per feature), with the code as feature ``id`` so a
click returns it. All text is escaped with :func:`html_text` before it is embedded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from layers.maps.classify import MISSING_CLASS, Classification, classify
from layers.maps.elements import Attribution, FeatureLayer, MapChrome
from layers.maps.escape import html_text
from layers.maps.formatting import MISSING_TEXT, display_text, format_value
from layers.maps.geojson import feature_collection, rounded_geometries
from layers.maps.legend import bivariate_legend_html, classification_legend, legend_control
from layers.maps.palettes import BIVARIATE, DEFAULT_PALETTE

LEVEL_NAMES = {1: "laag", 2: "midden", 3: "hoog"}


def _require_columns(gdf: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise ValueError(
            f"Kolom(men) ontbreken voor de kaart: {', '.join(missing)}; "
            f"beschikbaar: {', '.join(map(str, gdf.columns))}."
        )


def _cell(value: Any) -> str:
    """Escaped text for a tooltip cell (numbers in Dutch notation)."""
    return html_text(display_text(value))


def base_map(
    *,
    bounds: Sequence[Sequence[float]] | Sequence[float],
    attribution: str,
    tiles: str | None = None,
    tiles_attribution: str = "",
    prefer_canvas: bool = False,
    height: str = "100%",
) -> folium.Map:
    """An empty map fitted to ``bounds``, without tiles unless a tile URL is given.

    ``bounds`` is ``[[south, west], [north, east]]`` or ``(minx, miny, maxx, maxy)`` in WGS84
    (``GeoDataFrame.total_bounds`` order). ``attribution`` lists the data sources (plain text,
    escaped here). Use ``prefer_canvas=True`` at wijk level: the canvas renderer is faster there
    (no-data areas then show grey with a dashed outline instead of the hatch).
    """
    flat = [float(v) for pair in bounds for v in (pair if isinstance(pair, Sequence) else [pair])]
    if len(flat) != 4:
        raise ValueError("Geef de kaartgrenzen als [[zuid, west], [noord, oost]] of 4 getallen.")
    if isinstance(bounds[0], Sequence):
        south, west, north, east = flat
    else:
        west, south, east, north = flat
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=8,
        tiles=None,
        prefer_canvas=prefer_canvas,
        control_scale=False,
        zoom_snap=0.25,
        height=height,
    )
    if tiles:
        folium.TileLayer(
            tiles=tiles,
            attr=html_text(tiles_attribution or "achtergrondkaart"),
            name="Achtergrondkaart",
            control=False,
        ).add_to(m)
    m.add_child(MapChrome(), name="vb_chrome")
    if attribution:
        m.add_child(Attribution(html_text(attribution)), name="vb_attribution")
    m.fit_bounds([[south, west], [north, east]])
    return m


def _tooltip_rows(
    gdf: pd.DataFrame, tooltip_columns: Sequence[tuple[str, str]]
) -> tuple[list[str], list[list[str]]]:
    labels = [html_text(label) for _, label in tooltip_columns]
    columns = [[_cell(value) for value in gdf[column].tolist()] for column, _ in tooltip_columns]
    rows = [list(cells) for cells in zip(*columns, strict=True)] if columns else [[]] * len(gdf)
    return labels, rows


def choropleth_properties(
    gdf: pd.DataFrame,
    *,
    value_column: str,
    unit: str,
    code_column: str = "code",
    name_column: str = "naam",
    classification: Classification | None = None,
    palette: str = DEFAULT_PALETTE,
    reverse_palette: bool = False,
    tooltip_columns: Sequence[tuple[str, str]] = (),
    highlight_code: str | None = None,
) -> tuple[list[dict[str, Any]], Classification]:
    """Per-feature properties (``code``, escaped tooltip cells ``t``, ``fill`` or ``nd``, ``cls``,
    ``sel``) of a choropleth, and the classification used. Shared by :func:`choropleth_layer` and
    the dashboard's restyle payload (:mod:`layers.maps.remote`)."""
    _require_columns(
        gdf, [value_column, code_column, name_column, *(c for c, _ in tooltip_columns)]
    )
    values = gdf[value_column]
    if classification is None:
        classification = classify(values.reset_index(drop=True), unit=unit)
    colours = classification.colours(palette, reverse=reverse_palette)
    classes = classification.classes.to_numpy()
    if len(classes) != len(gdf):
        raise ValueError("De klassenindeling hoort niet bij deze gebieden (ander aantal rijen).")
    _, extra_rows = _tooltip_rows(gdf, tooltip_columns)
    codes = gdf[code_column].astype(str).tolist()
    names = gdf[name_column].tolist()
    value_list = values.tolist()  # one conversion, not a pandas lookup per unit
    properties = []
    for i, code in enumerate(codes):
        cls = int(classes[i])
        value = value_list[i]
        value_text = (
            MISSING_TEXT
            if cls == MISSING_CLASS or pd.isna(value)
            else format_value(float(value), decimals=classification.decimals, unit=unit)
        )
        props: dict[str, Any] = {
            "code": code,
            "t": [html_text(names[i]), html_text(value_text), *extra_rows[i]],
            "cls": cls,
        }
        if cls == MISSING_CLASS:
            props["nd"] = 1
        else:
            props["fill"] = colours[cls]
        if highlight_code is not None and code == str(highlight_code):
            props["sel"] = 1
        properties.append(props)
    return properties, classification


def choropleth_layer(
    gdf: gpd.GeoDataFrame,
    *,
    value_column: str,
    label: str,
    unit: str,
    source: str,
    code_column: str = "code",
    name_column: str = "naam",
    classification: Classification | None = None,
    palette: str = DEFAULT_PALETTE,
    reverse_palette: bool = False,
    tooltip_columns: Sequence[tuple[str, str]] = (),
    highlight_code: str | None = None,
    show_legend: bool = True,
    notes: Sequence[str] = (),
) -> folium.FeatureGroup:
    """A choropleth of ``value_column`` as a FeatureGroup (named ``label``) with its legend.

    Without ``classification`` the values are classified in quantiles with ``unit``. Missing
    values get the hatched "geen gegevens" style. ``tooltip_columns`` are extra
    ``(column, label)`` pairs shown under the name and value. ``highlight_code`` outlines one unit.
    """
    properties, classification = choropleth_properties(
        gdf,
        value_column=value_column,
        unit=unit,
        code_column=code_column,
        name_column=name_column,
        classification=classification,
        palette=palette,
        reverse_palette=reverse_palette,
        tooltip_columns=tooltip_columns,
        highlight_code=highlight_code,
    )
    return _area_group(
        gdf,
        properties=properties,
        name=label,
        tooltip_columns=tooltip_columns,
        source=source,
        highlight_code=highlight_code,
        legend=classification_legend(
            classification,
            title=label,
            source=source,
            palette=palette,
            reverse=reverse_palette,
            notes=notes,
        )
        if show_legend
        else None,
    )


def _area_group(
    gdf: gpd.GeoDataFrame,
    *,
    properties: list[dict[str, Any]],
    name: str,
    tooltip_columns: Sequence[tuple[str, str]],
    source: str,
    highlight_code: str | None,
    legend: str | None,
) -> folium.FeatureGroup:
    codes = [p["code"] for p in properties]
    tip_labels = [html_text(name), *(html_text(label) for _, label in tooltip_columns)]
    geometries = rounded_geometries(gdf)
    order = list(range(len(codes)))
    if highlight_code is not None:  # draw the selected unit last, on top of its neighbours
        order.sort(key=lambda i: codes[i] == str(highlight_code))
    data = feature_collection(
        [codes[i] for i in order], [geometries[i] for i in order], [properties[i] for i in order]
    )
    group = folium.FeatureGroup(name=html_text(name), overlay=True, control=True)
    FeatureLayer(
        data,
        name=html_text(name),
        tip_labels=tip_labels,
        attribution=html_text(source) if source else None,
    ).add_to(group)
    if legend is not None:
        legend_control(legend).add_to(group)
    return group


def parse_bivariate_class(value: Any) -> tuple[int, int] | None:
    """``"3-1"``, ``"3x1"``, ``(3, 1)`` -> (need, provision); None when missing or invalid."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, tuple | list) and len(value) == 2:
        parts = [str(v) for v in value]
    else:
        text = str(value).strip().lower().replace("x", "-").replace("/", "-").replace(" ", "")
        parts = text.split("-")
    try:
        pair = (int(float(parts[0])), int(float(parts[1])))
    except (ValueError, IndexError):
        return None
    return pair if pair in BIVARIATE else None


def bivariate_properties(
    gdf: pd.DataFrame,
    *,
    class_column: str,
    code_column: str = "code",
    name_column: str = "naam",
    x_label: str = "Nood",
    y_label: str = "Aanbod",
    tooltip_columns: Sequence[tuple[str, str]] = (),
    highlight_code: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Per-feature properties of the 3x3 action-gap map, and the number without a class."""
    _require_columns(
        gdf, [class_column, code_column, name_column, *(c for c, _ in tooltip_columns)]
    )
    _, extra_rows = _tooltip_rows(gdf, tooltip_columns)
    codes = gdf[code_column].astype(str).tolist()
    names = gdf[name_column].tolist()
    properties = []
    missing = 0
    for i, (code, raw) in enumerate(zip(codes, gdf[class_column].tolist(), strict=True)):
        pair = parse_bivariate_class(raw)
        props: dict[str, Any] = {"code": code}
        if pair is None:
            missing += 1
            description = MISSING_TEXT
            props["nd"] = 1
        else:
            need, provision = pair
            description = (
                f"{x_label}: {LEVEL_NAMES[need]}, {y_label.lower()}: {LEVEL_NAMES[provision]}"
            )
            props["fill"] = BIVARIATE[pair]
            props["cls"] = f"{need}-{provision}"
        props["t"] = [html_text(names[i]), html_text(description), *extra_rows[i]]
        if highlight_code is not None and code == str(highlight_code):
            props["sel"] = 1
        properties.append(props)
    return properties, missing


def bivariate_layer(
    gdf: gpd.GeoDataFrame,
    *,
    class_column: str,
    label: str,
    source: str,
    code_column: str = "code",
    name_column: str = "naam",
    x_label: str = "Nood",
    y_label: str = "Aanbod",
    tooltip_columns: Sequence[tuple[str, str]] = (),
    highlight_code: str | None = None,
    show_legend: bool = True,
    notes: Sequence[str] = (),
) -> folium.FeatureGroup:
    """The 3x3 action-gap map: ``class_column`` holds (need, provision) terciles like ``"3-1"``.

    Units without a valid class are hatched as "geen gegevens".
    """
    properties, missing = bivariate_properties(
        gdf,
        class_column=class_column,
        code_column=code_column,
        name_column=name_column,
        x_label=x_label,
        y_label=y_label,
        tooltip_columns=tooltip_columns,
        highlight_code=highlight_code,
    )
    return _area_group(
        gdf,
        properties=properties,
        name=label,
        tooltip_columns=tooltip_columns,
        source=source,
        highlight_code=highlight_code,
        legend=bivariate_legend_html(
            title=label,
            source=source,
            x_label=x_label,
            y_label=y_label,
            no_data_count=missing,
            notes=notes,
        )
        if show_legend
        else None,
    )


def outline_layer(
    gdf: gpd.GeoDataFrame,
    *,
    name: str,
    code_column: str = "code",
    colour: str = "#333333",
    weight: float = 1.4,
) -> folium.FeatureGroup:
    """Non-interactive outlines (e.g. municipalities over wijken), drawn without fill."""
    _require_columns(gdf, [code_column])
    codes = gdf[code_column].astype(str).tolist()
    data = feature_collection(codes, rounded_geometries(gdf), [{} for _ in codes])
    group = folium.FeatureGroup(name=html_text(name), overlay=True, control=True)
    FeatureLayer(
        data,
        name=html_text(name),
        tip_labels=[],
        interactive=False,
        base_style={"color": colour, "weight": weight, "opacity": 0.9, "fill": False},
    ).add_to(group)
    return group
