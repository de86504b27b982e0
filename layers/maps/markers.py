"""Point layers (initiatives, uploaded points) as ONE GeoJSON layer of circle markers.

Colour shows the category (e.g. the first action type), approximate locations are drawn hollow
with a dashed outline and say "(benaderde locatie)" in the popup. Dense point sets can be
grouped per municipality into count bubbles. All text is escaped; links must be http(s).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.maps.elements import FeatureLayer
from layers.maps.escape import html_text, safe_url
from layers.maps.formatting import display_text, is_missing
from layers.maps.geojson import feature_collection, rounded_geometries, to_wgs84
from layers.maps.legend import category_legend_html, legend_control
from layers.maps.palettes import OTHER_CATEGORY_COLOUR, category_colours

APPROXIMATE_TEXT = "(benaderde locatie)"
UNKNOWN_CATEGORY = "onbekend"
OTHER_CATEGORY = "overige"
_MAX_CATEGORIES = 8
SEVERAL_NOTE = (
    "Een punt kan meerdere categorieën hebben: de kleur toont de eerste, het getal telt elk punt "
    "met die categorie."
)
APPROXIMATE_STYLE: dict[str, Any] = {"fillOpacity": 0.15, "dashArray": "3 3", "weight": 2}


def popup_html(
    title: Any,
    rows: Sequence[tuple[str, Any]],
    *,
    approximate: bool = False,
    link: Any = None,
    link_text: str = "meer informatie",
) -> str:
    """Escaped popup HTML: a bold title, a two-column table, the approximate note and a link."""
    cells = "".join(
        f"<tr><th>{html_text(label)}</th><td>{html_text(display_text(value))}</td></tr>"
        for label, value in rows
    )
    out = f"<strong>{html_text(display_text(title))}</strong>"
    if cells:
        out += f"<table>{cells}</table>"
    if approximate:
        out += f'<div class="vb-note">{APPROXIMATE_TEXT}</div>'
    href = safe_url(link)
    if href:
        out += (
            f'<div><a href="{href}" target="_blank" rel="noopener noreferrer">'
            f"{html_text(link_text)}</a></div>"
        )
    return out


def _category(value: Any) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        value = next((v for v in value if not is_missing(v)), None)
    if is_missing(value):
        return UNKNOWN_CATEGORY
    return str(value).strip()


def _all_categories(value: Any) -> list[str]:
    """Every distinct category of a cell (a list cell may hold several), in order."""
    values = list(value) if isinstance(value, list | tuple | np.ndarray) else [value]
    out = [str(v).strip() for v in values if not is_missing(v)]
    return list(dict.fromkeys(out)) or [UNKNOWN_CATEGORY]


def _legend_counts(
    cells: Sequence[Any], categories: Sequence[str], colours: dict[str, str]
) -> tuple[dict[str, int], bool]:
    """Legend counts: per colour, the points having that category (any of their values, so a
    legend row agrees with a filter on it), and the points drawn in the "overige" grey. Also
    whether some point has several categories (then the counts add up to more than the points).
    """
    counts: Counter[str] = Counter()
    several = False
    for cell, first in zip(cells, categories, strict=True):
        values = _all_categories(cell)
        several = several or len(values) > 1
        counts.update(v for v in values if v in colours and v != OTHER_CATEGORY)
        if first not in colours:
            counts[OTHER_CATEGORY] += 1
    return dict(counts), several


def _flag(value: Any) -> bool:
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "ja", "yes", "waar", "benaderd"}
    return bool(value)


class PointGroup(folium.FeatureGroup):
    """The layer :func:`point_layer` returns; it keeps its legend for pages that draw it aside."""

    def __init__(self, name: str, *, legend_html: str) -> None:
        super().__init__(name=name, overlay=True, control=True)
        self.legend_html = legend_html


def point_layer(
    points: gpd.GeoDataFrame,
    *,
    name: str,
    label_column: str,
    popup_columns: Sequence[tuple[str, str]],
    colour_by: str | None = None,
    colour_title: str | None = None,
    approximate_column: str | None = None,
    link_column: str | None = None,
    id_column: str | None = None,
    source: str = "",
    group_column: str | None = None,
    group_name_column: str | None = None,
    max_points: int = 200,
    radius: float = 6,
    show_legend: bool = True,
    items: str = "punten",
    several_note: str = SEVERAL_NOTE,
) -> PointGroup:
    """Points as one GeoJSON layer with circle markers and a category legend.

    ``colour_by`` names a column whose (first) value picks the colour; up to eight categories get
    their own colour, the rest share grey as "overige". When the column holds lists, a legend
    row counts every point having that category among its values (so it agrees with a filter on
    it), and the legend adds the number of ``items`` and ``several_note``. With more than
    ``max_points`` points and a ``group_column`` (e.g. the municipality code), points are drawn
    as one count bubble per group instead. Rows without a location are counted in the legend,
    not silently dropped.
    """
    needed = [label_column, *(c for c, _ in popup_columns)]
    needed += [c for c in (colour_by, approximate_column, link_column, id_column) if c]
    missing = [c for c in needed if c not in points.columns]
    if missing:
        raise ValueError(f"Kolom(men) ontbreken voor de puntenkaart: {', '.join(missing)}.")
    frame = to_wgs84(points).reset_index(drop=True)
    geoms = frame.geometry
    has_location = ~(geoms.isna() | geoms.is_empty)
    non_point = has_location & (geoms.geom_type != "Point")
    if non_point.any():
        # GeoSeries.representative_point, on the plain array (the stubs lose the GeoSeries)
        inside = shapely.point_on_surface(geoms.to_numpy()[non_point.to_numpy()])
        frame.loc[non_point, frame.geometry.name] = inside
    n_unlocated = int((~has_location).sum())

    categories = [_category(v) for v in frame[colour_by]] if colour_by else []
    ranked = [c for c, _ in Counter(categories).most_common()]
    shown = (
        ranked[:_MAX_CATEGORIES]
        if len(ranked) <= _MAX_CATEGORIES
        else ranked[: _MAX_CATEGORIES - 1]
    )
    colours = category_colours(shown)
    if len(ranked) > len(shown):
        colours[OTHER_CATEGORY] = OTHER_CATEGORY_COLOUR
    notes = [f"{n_unlocated} punt(en) zonder locatie niet getoond."] if n_unlocated else []

    if group_column and int(has_location.sum()) > max_points:
        data, legend = _grouped(
            frame[has_location],
            name=name,
            group_column=group_column,
            group_name_column=group_name_column,
            categories=[c for c, keep in zip(categories, has_location, strict=False) if keep]
            if categories
            else [],
            source=source,
            notes=notes,
        )
        tip_labels: list[str] = []
    else:
        approx = [_flag(v) for v in frame[approximate_column]] if approximate_column else []
        properties = []
        for i in range(len(frame)):
            category = categories[i] if categories else None
            colour = colours.get(category, OTHER_CATEGORY_COLOUR) if category else "#0072b2"
            is_approx = bool(approx[i]) if approx else False
            props: dict[str, Any] = {
                "fill": colour,
                "t": [html_text(display_text(frame[label_column].iloc[i]))],
                "pop": popup_html(
                    frame[label_column].iloc[i],
                    [(label, frame[column].iloc[i]) for column, label in popup_columns],
                    approximate=is_approx,
                    link=frame[link_column].iloc[i] if link_column else None,
                ),
                "st": {"color": colour if is_approx else "#333333"},
            }
            if is_approx:
                props["st"].update(APPROXIMATE_STYLE)
            properties.append(props)
        ids = (
            frame[id_column].astype(str).tolist()
            if id_column
            else [str(i) for i in range(len(frame))]
        )
        data = feature_collection(ids, rounded_geometries(frame), properties)
        counts: dict[str, int] | None = None
        if colour_by:
            counts, several = _legend_counts(frame[colour_by].tolist(), categories, colours)
            if several:
                notes = [*notes, f"{len(frame)} {items}. {several_note}"]
        legend = category_legend_html(
            title=colour_title or name,
            colours=colours if colour_by else {},
            counts=counts,
            source=source,
            approximate=any(approx),
            notes=notes,
        )
        tip_labels = []
    group = PointGroup(html_text(name), legend_html=legend)
    FeatureLayer(
        data,
        name=html_text(name),
        tip_labels=tip_labels,
        radius=radius,
        base_style={"weight": 1.2, "opacity": 1, "fillOpacity": 0.9, "color": "#333333"},
        attribution=html_text(source) if source else None,
    ).add_to(group)
    if show_legend:
        legend_control(legend, position="bottomleft").add_to(group)
    return group


def _grouped(
    frame: gpd.GeoDataFrame,
    *,
    name: str,
    group_column: str,
    group_name_column: str | None,
    categories: list[str],
    source: str,
    notes: list[str],
) -> tuple[dict[str, Any], str]:
    """One bubble per group at the mean position of its points; radius grows with sqrt(count)."""
    work = pd.DataFrame(
        {
            "group": frame[group_column].astype(str).to_numpy(),
            "label": (frame[group_name_column] if group_name_column else frame[group_column])
            .astype(str)
            .to_numpy(),
            "x": frame.geometry.x.to_numpy(),
            "y": frame.geometry.y.to_numpy(),
            "category": categories or [UNKNOWN_CATEGORY] * len(frame),
        }
    )
    ids, geometries, properties = [], [], []
    for group, part in work.groupby("group", sort=True):
        count = len(part)
        top = Counter(part["category"]).most_common()
        rows = [(category, n) for category, n in top] if categories else []
        ids.append(str(group))
        geometries.append(
            {
                "type": "Point",
                "coordinates": [
                    round(float(part["x"].mean()), 5),
                    round(float(part["y"].mean()), 5),
                ],
            }
        )
        label = part["label"].iloc[0]
        properties.append(
            {
                "fill": "#0072b2",
                "r": round(4 + 3 * math.sqrt(count), 1),
                "t": [html_text(f"{label}: {count} punten")],
                "pop": popup_html(f"{label}: {count} punten", rows),
                "n": count,
            }
        )
    data = feature_collection(ids, geometries, properties)
    legend = category_legend_html(
        title=name,
        colours={"aantal punten per gemeente (grootte)": "#0072b2"},
        source=source,
        notes=[*notes, f"{len(frame)} punten gegroepeerd in {len(ids)} bollen."],
    )
    return data, legend
