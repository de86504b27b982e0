"""The planner's map page (Kaart) as plain data: scope, selection, side panel, ranking, tables.

:func:`kaart_view` takes the unit table of a level, its specs, the gemeente attributes, the
reference values of the panel, the placed initiatives and the widget values, and returns a
:class:`KaartView` with everything the page renders. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from layers.analysis import default_theme_indicators, gap_ranking, upload_fallbacks
from layers.indicators import IndicatorSpec, specs_for
from layers.maps import Scheme, lonlat_bounds, parse_breaks
from layers.views.gemeente import gemeente_initiatives
from layers.views.map_overlay import (
    GAP_LAYER,
    LayerChoice,
    Overlay,
    initiatives_for_map,
    map_overlay,
)
from layers.views.unit_panel import need_summary, unit_figures

FLANDERS = "vl"
RANK_HEADER = "Rang (1 = meeste risico)"
LEVEL_WORDS: dict[str, str] = {"gemeente": "gemeenten", "wijk": "wijken"}
RANKING_COLUMNS: dict[str, str] = {
    "kloof_rang": "Rang",
    "code": "Code",
    "naam": "Naam",
    "nood": "Nood-index",
    "robuustheid": "Robuustheid",
    "aanbod_enquete": "Aanbod volgens inwoners (%)",
    "aanbod_aantal": "Initiatieven",
    "aanbod_maat": "Aanbod gemeten als",
    "kloof_label": "Kloof",
    "kloof_redenen": "Waarom",
}
# Below the municipality, initiatives of the wijk itself and those covering the whole gemeente.
WIJK_RANKING_COLUMNS: dict[str, str] = {
    **{c: RANKING_COLUMNS[c] for c in list(RANKING_COLUMNS)[:5]},
    "aanbod_aantal": "Initiatieven in de wijk",
    "aanbod_gemeentebreed": "Voor de hele gemeente",
    "kloof_label": "Kloof",
    "kloof_redenen": "Waarom",
}
LOCAL_POINTS = ("adres", "wijk", "deelgemeente")  # ``punt_bron`` of an initiative with own place


def ranking_table(scoped: pd.DataFrame, *, level: str = "gemeente") -> pd.DataFrame:
    """The action-gap ranking as shown and exported: Dutch headers, figures as numbers, the need
    index rounded to one decimal and robustness (a share, 0-1) to two. At wijk level the wijk's
    own initiatives and those for its whole gemeente are two columns."""
    ranked = gap_ranking(scoped, top=None)
    columns = WIJK_RANKING_COLUMNS if level == "wijk" else RANKING_COLUMNS
    columns = {c: name for c, name in columns.items() if c in ranked}
    ranking = ranked[list(columns)].rename(columns=columns)
    ranking["Nood-index"] = pd.to_numeric(ranking["Nood-index"], errors="coerce").round(1)
    ranking["Robuustheid"] = pd.to_numeric(ranking["Robuustheid"], errors="coerce").round(2)
    return ranking.reset_index(drop=True)


MAX_NAMED = 10


def _named(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:MAX_NAMED])
    return shown + (f" en {len(names) - MAX_NAMED} andere" if len(names) > MAX_NAMED else "")


def coverage_notes(
    table: pd.DataFrame,
    specs: Mapping[str, IndicatorSpec],
    *,
    weights: Mapping[str, float],
    level: str,
) -> tuple[str, ...]:
    """Dutch notes on uploaded measures that cover only part of Flanders: which units use the
    upload in the need index and which keep the default (or go without that measure)."""
    units = LEVEL_WORDS.get(level, level)
    fallbacks = upload_fallbacks(level, specs, [str(c) for c in table.columns])
    notes: list[str] = []
    for ident, weight in weights.items():
        spec = specs.get(ident)
        if spec is None or weight <= 0 or ident not in table:
            continue
        uploaded = spec.requires is not None or spec.year == "eigen"
        if not uploaded:
            continue
        covered_column = f"{ident}__gedekt"
        covered = (
            table[covered_column].astype(bool) if covered_column in table else table[ident].notna()
        )
        if covered.all():
            continue
        names = table.loc[covered, "naam"].astype(str).tolist()
        rest = int((~covered).sum())
        if covered_column in table and ident in fallbacks:
            keeps = f"houden de standaard ('{specs[fallbacks[ident]].label}')"
        else:
            keeps = "tellen zonder deze laag (de andere thema's krijgen haar gewicht)"
        notes.append(
            f"'{spec.label}' (opgeladen) dekt maar een deel van Vlaanderen: in de nood-index "
            f"gebruikt voor {len(names)} {units}"
            f"{': ' + _named(names) if names else ''}. De andere {rest} {units} {keeps}."
        )
    return tuple(notes)


def scope_options(gemeente_attrs: pd.DataFrame) -> dict[str, str]:
    """The "Gebied" choices of the wijk level: Flanders, each province, each gemeente."""
    gemeenten = gemeente_attrs.sort_values("naam")
    provinces = gemeenten.drop_duplicates("provincie_code").sort_values("provincie")
    options = {FLANDERS: "Heel Vlaanderen"}
    options |= {f"p:{r.provincie_code}": f"Provincie {r.provincie}" for r in provinces.itertuples()}
    options |= {f"g:{r.code}": f"Gemeente {r.naam}" for r in gemeenten.itertuples()}
    return options


def weight_themes(level: str, uploaded_points: Collection[str]) -> dict[str, str]:
    """Theme -> indicator of the need index's weights at ``level``; ``uploaded_points`` are the
    kinds of points uploaded in the session ("ontmoetingsplaatsen", "haltes"): an uploaded
    measure replaces its proxy."""
    available = {
        s.id for s in specs_for(level) if s.requires is None or s.requires in uploaded_points
    }
    return default_theme_indicators(level, available)


@dataclass(frozen=True)
class UnitPanel:
    """The side panel of the selected unit."""

    code: str
    naam: str
    need: dict[str, str]
    figures: pd.DataFrame
    place: str  # the gemeente whose initiatives are listed
    initiatives: pd.DataFrame | None  # None when initiatives are hidden; "Bereik" says where
    initiatives_title: str = ""  # e.g. "Initiatieven: 0 in deze wijk, 7 voor heel Gent"

    @property
    def comparison(self) -> pd.DataFrame:
        """The unit next to Flanders and its province, and its rank: narrow enough to read whole
        beside the map (the notes and sources are in :attr:`notes`)."""
        columns = {c: c for c in ("Indicator", "Waarde", "Vlaanderen", "Provincie")}
        columns["Rang"] = RANK_HEADER
        return self.figures[list(columns)].rename(columns=columns)

    @property
    def notes(self) -> list[str]:
        """One line per indicator with a note or a source: "label: note (source)"."""
        lines = []
        for label, note, source in zip(
            self.figures["Indicator"].astype(str),
            self.figures["Opmerking"].astype(str),
            self.figures["Bron"].astype(str),
            strict=True,
        ):
            lines.append(f"{label}: {note} (bron: {source})" if note else f"{label}: bron {source}")
        return lines


@dataclass(frozen=True)
class KaartView:
    """Everything the Kaart page renders for one state of its widgets."""

    scoped: pd.DataFrame
    names: dict[str, str]
    selected: str | None
    overlay: Overlay
    points: gpd.GeoDataFrame | None
    panel: UnitPanel | None
    ranking: pd.DataFrame
    need_sources: str
    figures_table: pd.DataFrame
    figures_sources: str
    coverage: tuple[str, ...] = ()
    breaks_error: str = ""  # why the typed class breaks were not used (Dutch), or ""

    @property
    def options(self) -> list[str]:
        """The "Gebied bekijken" choices: none, then the units in scope by name."""
        return ["", *sorted(self.names, key=lambda c: self.names[c])]


def _in_scope(
    table: pd.DataFrame, gemeente_attrs: pd.DataFrame, level: str, scope: str
) -> pd.Series:
    if level == "wijk" and scope.startswith("g:"):
        return table["gemeente_code"] == scope[2:]
    if level == "wijk" and scope.startswith("p:"):
        province_of = gemeente_attrs.set_index("code")["provincie_code"]
        return table["gemeente_code"].map(province_of) == scope[2:]
    return pd.Series(True, index=table.index)


def _unit_initiatives(
    points: pd.DataFrame, row: pd.Series, *, level: str, gemeente: str, place: str
) -> tuple[pd.DataFrame, str]:
    """The shown initiatives of the unit's gemeente with their reach ("Bereik"), and the
    panel's count line. In a wijk, an initiative for the whole gemeente is said to be so, not
    counted as the wijk's own (issue: "7 initiatieven" in every wijk of Gent)."""
    here = gemeente_initiatives(points, gemeente).copy()
    own = here["gemeente_code"].astype(str) == gemeente
    if level == "gemeente":
        here["Bereik"] = ["deze gemeente" if o else "regio (meerdere gemeenten)" for o in own]
        return here, f"Initiatieven in {place}: {len(here)}"
    in_unit = set(str(row.get("aanbod_initiatieven", "") or "").split(";"))
    if "punt_bron" in here:
        local = here["punt_bron"].isin(LOCAL_POINTS)
    else:
        local = pd.Series(False, index=here.index)
    reach = []
    for ident, is_local, is_own in zip(here["id"].astype(str), local, own, strict=True):
        if is_local:
            reach.append("in deze wijk" if ident in in_unit else f"elders in {place}")
        else:
            reach.append(f"heel {place}" if is_own else "regio (meerdere gemeenten)")
    here["Bereik"] = reach
    n_here = reach.count("in deze wijk")
    n_wide = sum(not r.startswith(("in deze", "elders")) for r in reach)
    order = {"in deze wijk": 0}
    here = here.iloc[sorted(range(len(here)), key=lambda i: order.get(reach[i], 1))]
    title = f"Initiatieven: {n_here} in deze wijk, {n_wide} voor heel {place} of de regio"
    return here, title


def _panel(
    table: pd.DataFrame,
    code: str,
    *,
    level: str,
    specs: Mapping[str, IndicatorSpec],
    gemeente_attrs: pd.DataFrame,
    references: Callable[[str], pd.DataFrame | None],
    points: pd.DataFrame | None,
) -> UnitPanel:
    row = table[table["code"] == code].iloc[0]
    gemeente = code if level == "gemeente" else str(row["gemeente_code"])
    province = str(gemeente_attrs.set_index("code").at[gemeente, "provincie_code"])
    figures = unit_figures(
        table,
        code,
        specs=specs,
        references={i: frame for i in specs if (frame := references(i)) is not None},
        province_code=province,
    )
    place = str(row["naam"] if level == "gemeente" else row["gemeente"])
    here, title = None, ""
    if points is not None:
        here, title = _unit_initiatives(points, row, level=level, gemeente=gemeente, place=place)
    return UnitPanel(
        code=code,
        naam=str(row["naam"]),
        need=need_summary(table, code),
        figures=figures,
        place=place,
        initiatives=here,
        initiatives_title=title,
    )


def _shape_names(units: gpd.GeoDataFrame) -> dict[str, str] | None:
    if "naam" not in units:
        return None
    return dict(zip(units["code"].astype(str), units["naam"], strict=True))


def kaart_view(
    table: pd.DataFrame,
    specs: Mapping[str, IndicatorSpec],
    *,
    level: str,
    scope: str,
    choice: LayerChoice,
    gemeente_attrs: pd.DataFrame,
    units: gpd.GeoDataFrame,
    references: Callable[[str], pd.DataFrame | None],
    weights: Mapping[str, float],
    scheme: Scheme,
    breaks_text: str = "",
    initiatives: gpd.GeoDataFrame | None,
    target_groups: Sequence[str] = (),
    action_types: Sequence[str] = (),
    elements: Sequence[str] = (),
    clicked: str | None = None,
    current: str | None = None,
    default_bounds: list[list[float]],
) -> KaartView:
    """The Kaart page for one state of its widgets.

    ``scope`` is a key of :func:`scope_options` (only used at wijk level); ``units`` the display
    shapes of the level, as in the map's shapes file (for the map's bounds and the names the file
    already holds); ``references(id)`` the panel's reference values of a built-in indicator (see
    :func:`layers.analysis.panel_references`; None for an uploaded one); ``initiatives`` the
    placed initiatives, or None when they are hidden. A new map click (``clicked``) in scope
    selects its unit, else the remembered selection (``current``) stays when it is in scope.
    ``breaks_text`` holds the class breaks a user typed for ``scheme="manual"``; when they cannot
    be used the map falls back to quantiles and ``breaks_error`` says why.
    """
    scope = scope if level == "wijk" else FLANDERS
    scoped = table[_in_scope(table, gemeente_attrs, level, scope)]
    names = dict(zip(scoped["code"].astype(str), scoped["naam"], strict=True))
    selected = clicked if clicked in names else current if current in names else None
    scope_units = units[units["code"].isin(set(scoped["code"]))]
    bounds = lonlat_bounds(scope_units) if len(scope_units) else default_bounds
    points = None
    if initiatives is not None:
        points = initiatives_for_map(
            initiatives,
            target_groups=target_groups,
            action_types=action_types,
            elements=elements,
        )
    breaks: tuple[float, ...] | None = None
    breaks_error = ""
    if scheme == "manual" and choice.id != GAP_LAYER:  # the gap map has its own 3x3 classes
        try:
            breaks = parse_breaks(breaks_text)
        except ValueError as error:
            breaks_error = f"{error} Tot dan toont de kaart kwantielen."
            scheme = "quantiles"
    overlay = map_overlay(
        table,
        choice=choice,
        scope_codes=list(names),
        bounds=bounds,
        fit_key=f"{level}:{scope}",
        selected=selected,
        scheme=scheme,
        breaks=breaks,
        initiatives=points,
        shape_names=_shape_names(units),
    )
    panel = None
    if selected is not None:
        panel = _panel(
            table,
            selected,
            level=level,
            specs=specs,
            gemeente_attrs=gemeente_attrs,
            references=references,
            points=points,
        )
    ranking = ranking_table(scoped, level=level)
    need_sources = "; ".join(
        f"{specs[i].label} — {specs[i].source} ({specs[i].year}; {specs[i].licence})"
        for i, w in weights.items()
        if w > 0 and i in specs
    )
    columns = ["code", "naam", *[i for i in specs if i in scoped], "nood", "kloof_label"]
    figures_table = scoped[columns].rename(
        columns={i: specs[i].label for i in specs} | {"kloof_label": "kloof"}
    )
    figures_sources = "; ".join(sorted({f"{s.source} ({s.year})" for s in specs.values()}))
    return KaartView(
        scoped=scoped,
        names=names,
        selected=selected,
        overlay=overlay,
        points=points,
        panel=panel,
        ranking=ranking,
        need_sources=need_sources,
        figures_table=figures_table,
        figures_sources=figures_sources,
        coverage=coverage_notes(table, specs, weights=weights, level=level),
        breaks_error=breaks_error,
    )
