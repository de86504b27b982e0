"""The planner's map view as data: which layers can be shown, and the overlay for one choice.

Pure: takes the unit table (one row per unit, see :mod:`layers.analysis`) and returns a folium
FeatureGroup holding only a restyle payload (no geometry, see :mod:`layers.maps.remote`), the
initiatives as points, and the legend HTML the page shows beside the map.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

from layers.analysis import GAP_DISCLAIMER, UPLOADED_NOTE
from layers.indicators import IndicatorSpec
from layers.maps import (
    Classification,
    Restyle,
    Scheme,
    bivariate_legend_html,
    bivariate_properties,
    choropleth_properties,
    classification_legend,
    classify,
    html_text,
    point_layer,
    restyle_payload,
)
from layers.views.unit_panel import PROVISION_COLUMNS, provision_text

NEED_LAYER = "nood"
GAP_LAYER = "kloof"
NEED_SOURCE = "Verbonden-berekening op basis van de gekozen indicatoren (zie 'Over de data')"
GAP_SOURCE = (
    "Verbonden-berekening: nood-index × aanbod; aanbod = oordeel van de inwoners "
    "(Gemeente-Stadsmonitor 2023, enquête) of, waar opgeladen, het eigen overzicht van "
    "initiatieven (zie 'Aanbod gemeten als' per gebied)"
)


@dataclass(frozen=True)
class LayerChoice:
    """One entry of the layer picker."""

    id: str
    label: str
    unit: str
    source: str
    direction: int = 1
    decimals: int = 1
    is_proxy: bool = False

    @property
    def picker_label(self) -> str:
        """Label shown in the picker (a proxy's label says so itself, see ``IndicatorSpec``)."""
        return self.label


def layer_choices(specs: Mapping[str, IndicatorSpec], table: pd.DataFrame) -> list[LayerChoice]:
    """The need index, the action gap, then every indicator with at least one value."""
    choices = [
        LayerChoice(GAP_LAYER, "Actiekloof (nood × aanbod)", "klasse", GAP_SOURCE),
        LayerChoice(NEED_LAYER, "Nood-index", "index 0–100", NEED_SOURCE, decimals=0),
    ]
    for ident, spec in specs.items():
        if ident in table and table[ident].notna().any():
            choices.append(
                LayerChoice(
                    ident,
                    spec.label,
                    spec.unit,
                    f"{spec.source} ({spec.year}; {spec.licence}; soort: {spec.kind_label})",
                    spec.direction,
                    spec.decimals,
                    spec.is_proxy,
                )
            )
    return choices


@dataclass(frozen=True)
class Overlay:
    """What the page needs for one map state."""

    feature_group: folium.FeatureGroup
    legend_html: str
    classification: Classification | None
    shown: int
    points_legend_html: str = ""


def _tooltip_columns(table: pd.DataFrame, choice: LayerChoice) -> list[tuple[str, str]]:
    columns: list[tuple[str, str]] = []
    if choice.id not in (NEED_LAYER, GAP_LAYER):
        for suffix, label in (("__reden", "Reden"), ("__kanttekening", "Let op")):
            if f"{choice.id}{suffix}" in table:
                columns.append((f"{choice.id}{suffix}", label))
    if choice.id == NEED_LAYER and "robuustheid_tekst" in table:
        columns.append(("robuustheid_tekst", "Robuust"))
    if choice.id == GAP_LAYER and "aanbod_maat" in table:
        columns += [("aanbod_tekst", "Aanbod"), ("aanbod_maat", "Aanbod gemeten als")]
    if "gemeente" in table and choice.id != GAP_LAYER:
        columns.append(("gemeente", "Gemeente"))
    return columns


def map_overlay(
    table: pd.DataFrame,
    *,
    choice: LayerChoice,
    scope_codes: Sequence[str],
    bounds: list[list[float]],
    fit_key: str,
    selected: str | None = None,
    scheme: Scheme = "quantiles",
    breaks: Sequence[float] | None = None,
    k: int = 5,
    palette: str = "YlOrRd",
    initiatives: gpd.GeoDataFrame | None = None,
    shape_names: Mapping[str, str] | None = None,
) -> Overlay:
    """The restyle payload, points and legend for ``choice`` over the units in ``scope_codes``;
    ``breaks`` are the class bounds of ``scheme="manual"`` (:func:`layers.maps.parse_breaks`);
    ``shape_names`` the names by code in the map's shapes file (then not sent again where they
    are the names shown, see :func:`layers.maps.restyle_payload`)."""
    shown = table[table["code"].astype(str).isin(set(scope_codes))].copy()
    if "robuustheid" in shown:
        shown["robuustheid_tekst"] = [
            "" if pd.isna(v) else f"{round(100 * v)} % van de wegingen"
            for v in shown["robuustheid"]
        ]
    if "aanbod_maat" in shown:
        needed = [c for c in PROVISION_COLUMNS if c in shown]
        shown["aanbod_tekst"] = [provision_text(row) for row in shown[needed].to_dict("records")]
    tips = _tooltip_columns(shown, choice)
    for column, _ in tips:
        shown[column] = shown[column].fillna("").astype(str)
    group = folium.FeatureGroup(name="verbonden-laag", control=False)
    if choice.id == GAP_LAYER:
        props, missing = bivariate_properties(
            shown, class_column="kloof_klasse", tooltip_columns=tips, highlight_code=selected
        )
        legend = bivariate_legend_html(
            title=choice.label,
            source=choice.source,
            no_data_count=missing,
            notes=gap_notes(shown),
        )
        classification = None
    else:
        classification = classify(
            shown[choice.id].reset_index(drop=True).astype(float),
            scheme=scheme,
            k=k,
            breaks=breaks,
            unit=choice.unit,
        )
        props, classification = choropleth_properties(
            shown,
            value_column=choice.id,
            unit=choice.unit,
            classification=classification,
            palette=palette,
            reverse_palette=choice.direction < 0,
            tooltip_columns=tips,
            highlight_code=selected,
        )
        legend = classification_legend(
            classification,
            title=choice.label,
            source=choice.source,
            palette=palette,
            reverse=choice.direction < 0,
            notes=["Donkerder = meer risico."],
        )
    Restyle(
        restyle_payload(props, shape_names=shape_names),
        labels=[html_text(choice.label), *(html_text(label) for _, label in tips)],
        layer_id=choice.id,
        bounds=bounds,
        fit_key=fit_key,
        selected=selected,
    ).add_to(group)
    points_legend = ""
    if initiatives is not None and len(initiatives):
        points = point_layer(
            initiatives,
            name="Initiatieven",
            label_column="naam",
            popup_columns=[
                ("organisator", "Organisator"),
                ("doelgroepen_tekst", "Doelgroepen"),
                ("actietypes_tekst", "Acties"),
                ("beschrijving", "Wat"),
            ],
            colour_by="acties",
            colour_title="Initiatieven (kleur = soort actie)",
            approximate_column="benaderd",
            link_column="bron_url",
            id_column="id",
            source="VVSG, 'Verbonden met (n)iemand' (2024) of eigen overzicht",
            show_legend=False,
            items="initiatieven",
            several_note=(
                "Een initiatief kan meerdere soorten actie hebben: de kleur toont de eerste, het "
                "getal telt elk initiatief met die soort (zoals de filter 'Soort actie')."
            ),
        )
        points.add_to(group)
        points_legend = points.legend_html
    return Overlay(group, legend, classification, len(shown), points_legend)


def gap_notes(shown: pd.DataFrame) -> list[str]:
    """The gap legend's notes: which provision measure the shown units' gaps use (with how many
    units and the source of each), then the caveat of each measure."""
    notes: list[str] = []
    if "aanbod_maat" in shown:
        pairs = list(zip(shown["aanbod_maat"], shown["aanbod_bron"], strict=True))
        for (measure, source), count in Counter(pairs).items():
            notes.append(f"Aanbod gemeten als {measure} ({count} gebieden). Bron: {source}.")
    caveats = shown.get("kloof_kanttekening", pd.Series(dtype=object))
    notes += [note for note in (GAP_DISCLAIMER, UPLOADED_NOTE) if (caveats == note).any()]
    return notes


def initiatives_for_map(
    points: gpd.GeoDataFrame,
    *,
    target_groups: Sequence[str] = (),
    action_types: Sequence[str] = (),
    elements: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Placed initiatives filtered by target group, action type and effective element (an
    initiative passes a filter when it has any of the chosen values), with Dutch text columns
    for popups, ``acties`` (the Dutch names of its action types, in order: the first one colours
    the point, the legend counts each) and ``actie_hoofd`` (the first one)."""
    from layers.initiatives import ACTION_TYPES, TARGET_GROUPS, labels

    keep = pd.Series(True, index=points.index)
    for column, chosen in (
        ("doelgroepen", target_groups),
        ("actietypes", action_types),
        ("effectieve_elementen", elements),
    ):
        if chosen:
            wanted = set(chosen)
            keep &= points[column].map(lambda values, w=wanted: bool(w & set(values or ())))
    out = points[keep].copy()
    group_names = labels(TARGET_GROUPS)
    action_names = labels(ACTION_TYPES)
    out["doelgroepen_tekst"] = [
        ", ".join(group_names.get(v, v) for v in values or ()) for values in out["doelgroepen"]
    ]
    out["actietypes_tekst"] = [
        ", ".join(action_names.get(v, v) for v in values or ()) for values in out["actietypes"]
    ]
    out["acties"] = [
        tuple(action_names.get(v, v) for v in values or ()) for values in out["actietypes"]
    ]
    out["actie_hoofd"] = [
        action_names.get(values[0], values[0]) if values else "onbekend"
        for values in out["actietypes"]
    ]
    return out
