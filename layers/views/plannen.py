"""The Plannen page as plain data: a what-if of new meeting places, suggested sites, the map.

:func:`plannen_view` takes the planning base (:func:`layers.planning.planning_base`), the chosen
gemeente, walking distance, the hypothetical points (WGS84) and optionally the suggested sites,
and returns a :class:`PlannenView`: the before/after table of the gemeente and its wijken, the
points and sites tables, the caveats and the folium map. The scenario travels in the URL as
point tokens (:func:`point_token`, :func:`parse_points`). No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from layers.maps import (
    base_map,
    category_legend_html,
    format_number,
    html_text,
    legend_control,
    lonlat_bounds,
    outline_layer,
)
from layers.planning import (
    HOTSPOT_COLOURS,
    HOTSPOT_EXPLANATION,
    HOTSPOT_LABELS,
    PlanningBase,
    Suggestion,
    WhatIf,
    lonlat_to_xy,
    what_if,
    xy_to_lonlat,
)

NEW_COLOUR = "#1f78b4"  # blue: the planner's own points
SITE_COLOUR = "#e66101"  # orange: suggested sites (blue/orange: safe for colour-blind readers)
EXISTING_COLOUR = "#4d4d4d"  # dark grey: known meeting places
SECTOR_COLOUR = "#8c8c8c"
MAX_POINTS = 20
TABLE_COLUMNS: dict[str, str] = {
    "naam": "Gebied",
    "niveau": "Niveau",
    "inwoners": "Inwoners",
    "inwoners_65plus": "65-plussers",
    "erbij_inwoners": "Inwoners erbij binnen bereik",
    "erbij_65plus": "65-plussers erbij binnen bereik",
    "ver_voor": "Ver van een ontmoetingsplaats, vóór (%)",
    "ver_na": "Ver van een ontmoetingsplaats, na (%)",
    "nood_voor": "Nood-index vóór",
    "nood_na": "Nood-index na",
    "rang_voor": "Rang vóór",
    "rang_na": "Rang na",
}
POINT_TABLE_COLUMNS: dict[str, str] = {
    "punt": "Punt",
    "lat": "Breedte",
    "lon": "Lengte",
    "bereik_inwoners": "Inwoners binnen bereik",
    "bereik_65plus": "65-plussers binnen bereik",
    "erbij_inwoners": "Inwoners erbij",
    "erbij_65plus": "65-plussers erbij",
}
SITE_TABLE_COLUMNS: dict[str, str] = {
    "plek": "Plek",
    "kandidaat": "Kandidaat",
    "bereik_65plus": "65-plussers binnen bereik (nog zonder)",
    "enkel_hier_65plus": "Enkel via deze plek",
    "extra_65plus": "Erbij bovenop de vorige plekken",
}
GAIN_TABLE_COLUMNS: dict[str, str] = {
    "plekken": "Aantal plekken",
    "bereikt_65plus": "65-plussers bereikt (beste keuze)",
    "extra_65plus": "Erbij door de laatste plek",
    "aandeel": "Aandeel van de 65-plussers (%)",
}


NUMBER_WORDS = (
    "geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
    "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
    "negentien", "twintig",
)  # fmt: skip


def _count(n: int, singular: str, plural: str) -> str:
    word = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)
    return f"{word} {singular if n == 1 else plural}"


def scenario_lines(view: PlannenView) -> list[str]:
    """The scenario in words for the PDF report: a headline, the figures, wijken, caveats.

    "Scenario: twee nieuwe ontmoetingsplekken in Herselt (binnen 800 m in vogelvlucht): ..."
    """
    result = view.result
    total = result.units.iloc[0]
    n = len(result.points)
    lines = [
        f"Scenario: {_count(n, 'nieuwe ontmoetingsplek', 'nieuwe ontmoetingsplekken')} in "
        f"{result.naam} (binnen {result.distance_m:.0f} m in vogelvlucht): "
        f"{format_number(total['erbij_65plus'], decimals=0)} 65-plussers en "
        f"{format_number(total['erbij_inwoners'], decimals=0)} inwoners krijgen een "
        "ontmoetingsplaats binnen bereik.",
        f"{result.measure_label}: {format_number(total['ver_voor'])} % -> "
        f"{format_number(total['ver_na'])} %; nood-index {format_number(total['nood_voor'])} -> "
        f"{format_number(total['nood_na'])} (rang {_rank(total['rang_voor'])} -> "
        f"{_rank(total['rang_na'])} van de gemeenten).",
    ]
    for _, point in result.points.iterrows():
        lines.append(
            f"Plek {int(point['punt'])} ({point['lat']:.5f}, {point['lon']:.5f}): "
            f"{format_number(point['erbij_65plus'], decimals=0)} 65-plussers erbij."
        )
    gained = result.units.loc[
        (result.units["niveau"] == "wijk") & (result.units["erbij_65plus"] > 0)
    ]
    for _, wijk in gained.iterrows():
        lines.append(
            f"Wijk {wijk['naam']}: {format_number(wijk['erbij_65plus'], decimals=0)} "
            f"65-plussers erbij; ver van een ontmoetingsplaats {format_number(wijk['ver_voor'])} % "
            f"-> {format_number(wijk['ver_na'])} %."
        )
    lines.extend(view.notes[:2])
    lines.extend(note[0].upper() + note[1:] for note in result.notes)
    return lines


def _rank(value: object) -> str:
    try:
        return str(int(value))  # type: ignore[call-overload]  # a pandas Int64 scalar or NA
    except (TypeError, ValueError):
        return "onbekend"


def point_token(lat: float, lon: float) -> str:
    """One point as URL text: ``51.05147_4.88202`` (5 decimals, about 1 m)."""
    return f"{lat:.5f}_{lon:.5f}"


def parse_points(tokens: Sequence[str]) -> list[tuple[float, float]]:
    """(lat, lon) of the valid tokens (others are skipped; at most :data:`MAX_POINTS`)."""
    points: list[tuple[float, float]] = []
    for token in tokens:
        try:
            lat_text, lon_text = str(token).split("_")
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            continue
        if 49.0 <= lat <= 52.0 and 2.0 <= lon <= 7.0 and (lat, lon) not in points:
            points.append((lat, lon))
    return points[:MAX_POINTS]


def sector_choices(base: PlanningBase, gemeente: str) -> dict[str, str]:
    """Point token -> label of every sector centre of the gemeente (most 65-plussers first)."""
    own = base.gemeente_sectors(gemeente).sort_values("inwoners_65plus", ascending=False)
    lonlat = xy_to_lonlat(own[["x", "y"]].to_numpy(float))
    return {
        point_token(lat, lon): f"sector {code} ({x65:.0f} 65-plussers)"
        for (lon, lat), code, x65 in zip(
            lonlat, own["statsec"].astype(str), own["inwoners_65plus"], strict=True
        )
    }


@dataclass(frozen=True)
class PlannenView:
    """What the Plannen page shows for one scenario."""

    result: WhatIf
    table: pd.DataFrame
    points: pd.DataFrame
    sites: pd.DataFrame | None
    gains: pd.DataFrame | None
    notes: list[str]
    map: folium.Map
    headline: str


def _display_table(result: WhatIf) -> pd.DataFrame:
    units = result.units.assign(
        **{c: result.units[c].round(1) for c in ("ver_voor", "ver_na", "nood_voor", "nood_na")}
    )
    return units[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)


def _notes(result: WhatIf, suggestion: Suggestion | None) -> list[str]:
    median, largest = result.radius_m
    notes = [
        f"Afstanden zijn in vogelvlucht, gemeten vanaf het zwaartepunt van elke statistische "
        f"sector. Een sector in {result.naam} heeft typisch een straal van {median:.0f} m "
        f"(de grootste {largest:.0f} m): wie aan de rand van een sector woont, kan tot zoveel "
        "dichter bij of verder van een plek wonen dan hier gerekend. De echte wandelafstand "
        "langs straten is meestal langer dan de vogelvlucht.",
        "Inwoners worden per sector geteld (alle inwoners: 2024; 65-plussers: Census 2021), niet "
        "per adres: een sector telt helemaal mee of helemaal niet.",
        f"Nood-index: het thema Ontmoetingsplaatsen wordt hier gemeten als '{result.measure_label}"
        "' (in plaats van de benadering op de Kaart); alle andere gebieden van Vlaanderen houden "
        "hun waarde, dus de verschuiving in rang komt van dit scenario alleen.",
    ]
    if result.existing_count:
        notes.append(
            f"{result.existing_count} opgeladen ontmoetingsplaats(en) tellen als bestaand: wie "
            "daar al binnen bereik woont, telt niet als 'erbij'."
        )
    notes.extend(note[0].upper() + note[1:] for note in result.notes)
    if suggestion is not None:
        whose = " van deze wijk" if suggestion.wijk else ""
        notes.append(
            f"Voorstel: de {suggestion.k} plek(ken) die samen de meeste 65-plussers{whose} "
            f"binnen {suggestion.distance_m:.0f} m brengen, exact gekozen uit "
            f"{suggestion.candidates} kandidaten (maximale dekking, PySAL spopt met de "
            "CBC-solver)."
        )
    return notes


HOTSPOT_MARGIN_DEG = 0.06  # about 5 km: the neighbouring wijken around the gemeente


def _hotspot_layer(
    wijken: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, hotspots: pd.DataFrame
) -> folium.FeatureGroup:
    """The LISA classes of the wijken in and around the gemeente, with a plain-Dutch legend."""
    west, south, east, north = outline.total_bounds
    near = wijken.cx[
        west - HOTSPOT_MARGIN_DEG : east + HOTSPOT_MARGIN_DEG,
        south - HOTSPOT_MARGIN_DEG : north + HOTSPOT_MARGIN_DEG,
    ]
    classes = hotspots.set_index(hotspots["code"].astype(str))["hotspot"]
    frame = gpd.GeoDataFrame(
        {
            "naam": [html_text(n) for n in near["naam"]],
            "patroon": [
                html_text(HOTSPOT_LABELS[classes.get(str(c), "onbekend")]) for c in near["code"]
            ],
            "hotspot": [classes.get(str(c), "onbekend") for c in near["code"]],
        },
        geometry=near.geometry.to_numpy(),
        crs=near.crs,
    )
    group = folium.FeatureGroup(name="Hotspots van nood (wijken)")
    folium.GeoJson(
        frame.to_json(),
        style_function=lambda feature: {
            "fillColor": HOTSPOT_COLOURS[feature["properties"]["hotspot"]],
            "fillOpacity": 0.75,
            "color": "#ffffff",
            "weight": 0.6,
        },
        tooltip=folium.GeoJsonTooltip(["naam", "patroon"], aliases=["Wijk", "Patroon"]),
    ).add_to(group)
    counts = frame["hotspot"].value_counts()
    legend = category_legend_html(
        title="Hotspots van nood (wijken)",
        colours={HOTSPOT_LABELS[c]: HOTSPOT_COLOURS[c] for c in HOTSPOT_LABELS},
        counts={HOTSPOT_LABELS[c]: int(counts.get(c, 0)) for c in HOTSPOT_LABELS},
        source="nood-index (standaardgewichten), lokale Moran's I",
    )
    legend_control(legend).add_to(group)
    return group


def _map(
    base: PlanningBase,
    result: WhatIf,
    *,
    points: list[tuple[float, float]],
    suggestion: Suggestion | None,
    wijken: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    hotspots: pd.DataFrame | None,
) -> folium.Map:
    m = base_map(bounds=lonlat_bounds(outline), attribution="Provincies in Cijfers / Statbel")
    if hotspots is not None:
        _hotspot_layer(wijken, outline, hotspots).add_to(m)
    own_wijken = wijken.loc[wijken["gemeente_code"].astype(str) == result.gemeente]
    outline_layer(own_wijken, name="Wijken", colour="#9e9e9e", weight=1.0).add_to(m)
    outline_layer(outline, name="Gemeentegrens").add_to(m)
    own = base.gemeente_sectors(result.gemeente)
    sectors = folium.FeatureGroup(name="Zwaartepunten van de sectoren")
    for (lon, lat), code, x65 in zip(
        xy_to_lonlat(own[["x", "y"]].to_numpy(float)),
        own["statsec"].astype(str),
        own["inwoners_65plus"],
        strict=True,
    ):
        folium.CircleMarker(
            [lat, lon], radius=3, color=SECTOR_COLOUR, weight=1, fill=True, fill_opacity=0.7,
            tooltip=html_text(f"sector {code}: {x65:.0f} 65-plussers"),
        ).add_to(sectors)  # fmt: skip
    sectors.add_to(m)
    if len(base.existing):
        existing = folium.FeatureGroup(name="Bestaande ontmoetingsplaatsen")
        west, south, east, north = outline.total_bounds
        for lon, lat in xy_to_lonlat(base.existing):
            if west - 0.05 <= lon <= east + 0.05 and south - 0.05 <= lat <= north + 0.05:
                folium.CircleMarker(
                    [lat, lon], radius=6, color=EXISTING_COLOUR, fill=True, fill_opacity=0.9,
                    tooltip="bestaande ontmoetingsplaats",
                ).add_to(existing)  # fmt: skip
        existing.add_to(m)
    new = folium.FeatureGroup(name="Nieuwe plekken (scenario)")
    for number, (lat, lon) in enumerate(points, start=1):
        folium.Circle(
            [lat, lon], radius=result.distance_m, color=NEW_COLOUR, weight=1, fill=True,
            fill_opacity=0.08, interactive=False,
        ).add_to(new)  # fmt: skip
        folium.CircleMarker(
            [lat, lon], radius=7, color="#ffffff", weight=2, fill=True, fill_color=NEW_COLOUR,
            fill_opacity=1.0, tooltip=html_text(f"nieuwe plek {number}"),
        ).add_to(new)  # fmt: skip
    new.add_to(m)
    if suggestion is not None and len(suggestion.sites):
        sites = folium.FeatureGroup(name="Voorgestelde plekken")
        for _, row in suggestion.sites.iterrows():
            folium.Circle(
                [row["lat"], row["lon"]], radius=suggestion.distance_m, color=SITE_COLOUR,
                weight=2, dash_array="6 4", fill=False, interactive=False,
            ).add_to(sites)  # fmt: skip
            folium.Marker(
                [row["lat"], row["lon"]],
                tooltip=html_text(
                    f"voorstel {row['plek']}: {row['kandidaat']}, "
                    f"{row['extra_65plus']:.0f} 65-plussers erbij"
                ),
                icon=folium.DivIcon(
                    html=(
                        f'<div style="background:{SITE_COLOUR};color:#fff;border-radius:50%;'
                        "width:22px;height:22px;line-height:22px;text-align:center;"
                        f'font-weight:bold;border:2px solid #fff">{int(row["plek"])}</div>'
                    ),
                    icon_size=(22, 22),
                    icon_anchor=(11, 11),
                ),
            ).add_to(sites)
        sites.add_to(m)
    return m


def plannen_view(
    base: PlanningBase,
    *,
    gemeente: str,
    points: list[tuple[float, float]],
    distance_m: float,
    suggestion: Suggestion | None,
    wijken: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    hotspots: pd.DataFrame | None = None,
) -> PlannenView:
    """The scenario "new meeting places at ``points`` (lat, lon)" in ``gemeente``.

    ``wijken`` and ``outline`` are the display shapes (WGS84) of all wijken and of the gemeente;
    ``suggestion`` the suggested sites (or None when not asked for); ``hotspots`` the LISA classes
    of the wijken (:func:`layers.planning.hotspots`), drawn in and around the gemeente.
    """
    if points:
        lat = np.array([p[0] for p in points])
        lon = np.array([p[1] for p in points])
        new = lonlat_to_xy(lon, lat)
    else:
        new = np.empty((0, 2))
    result = what_if(base, gemeente=gemeente, new=new, distance_m=distance_m)
    total = result.units.iloc[0]
    headline = (
        f"{len(points)} nieuwe plek(ken) in {result.naam}: "
        f"{format_number(total['erbij_65plus'], decimals=0)} 65-plussers en "
        f"{format_number(total['erbij_inwoners'], decimals=0)} inwoners krijgen een "
        f"ontmoetingsplaats binnen {result.distance_m:.0f} m."
    )
    return PlannenView(
        result=result,
        table=_display_table(result),
        points=result.points[list(POINT_TABLE_COLUMNS)].rename(columns=POINT_TABLE_COLUMNS),
        sites=None
        if suggestion is None
        else suggestion.sites[list(SITE_TABLE_COLUMNS)].rename(columns=SITE_TABLE_COLUMNS),
        gains=None
        if suggestion is None
        else suggestion.gains[list(GAIN_TABLE_COLUMNS)].rename(columns=GAIN_TABLE_COLUMNS),
        notes=_notes(result, suggestion) + ([HOTSPOT_EXPLANATION] if hotspots is not None else []),
        map=_map(
            base,
            result,
            points=points,
            suggestion=suggestion,
            wijken=wijken,
            outline=outline,
            hotspots=hotspots,
        ),
        headline=headline,
    )
