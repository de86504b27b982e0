"""The councillors' page (Gemeente) and its PDF report as plain data.

:func:`gemeente_view` takes the data of all municipalities (indicators, counts, attributes,
initiatives, wijk shapes) and returns a :class:`GemeenteView` of one municipality: the summary
against Flanders, its province and peers, its initiatives, the checklist of effective elements,
the target groups reached, the hints and the wijk map. :func:`report_inputs` turns it into the
arguments of :func:`layers.reports.municipality_report_pdf`. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from layers.indicators import IndicatorSpec, report_map_spec, specs_for
from layers.initiatives import Hint, element_checklist, hints, target_groups_reached
from layers.views.summary import (
    MunicipalityContext,
    municipality_context,
    municipality_summary,
    summary_display,
    summary_export,
)
from layers.views.unit_panel import need_summary

if TYPE_CHECKING:
    from layers.indicators import IndicatorInputs

DEFAULT_INVENTORY_NOTE = (
    "Initiatieven: enkel de voorbeelden uit de VVSG-publicatie 'Verbonden met (n)iemand', ter "
    "inspiratie; ze tellen niet mee als aanbod. Laad het eigen overzicht op voor een volledig "
    "beeld: voor de gemeenten die het dekt, wordt het de maat van het aanbod."
)


def gemeente_initiatives(points: pd.DataFrame, code: str) -> pd.DataFrame:
    """Initiatives of a gemeente: its own, and regional ones that cover it."""
    mask = (points["gemeente_code"].astype(str) == str(code)) | points["gemeenten"].map(
        lambda codes: str(code) in (codes or ())
    )
    return points[mask]


STRONGEST_FACTORS = 3


@dataclass(frozen=True)
class Headline:
    """The top of the Gemeente page and of the PDF: how the municipality stands and what to do.

    ``lines`` are (label, text) pairs in reading order: need index and its rank, robustness, the
    action gap with its reasons, the provision measure that gap uses, the strongest risk factors
    against Flanders, and the one thing the publication suggests first (``suggestion``, the first
    of the page's hints).
    """

    lines: tuple[tuple[str, str], ...]
    suggestion: Hint | None

    def as_text(self) -> str:
        """The headline as plain lines ("label: text"), e.g. for a test or a log."""
        parts = [f"{label}: {text}" for label, text in self.lines]
        if self.suggestion is not None:
            parts.append(f"Wat de publicatie aanraadt: {self.suggestion.title}")
        return "\n".join(parts)


def strongest_factors(summary: pd.DataFrame, limit: int = STRONGEST_FACTORS) -> list[str]:
    """The indicators on which the municipality fares worst against the Flemish Region: worse
    than Flanders (in the indicator's risk direction), ordered by rank among the municipalities
    (1 = most risk), the strongest of each theme; at most ``limit``, as Dutch sentences."""
    if summary.empty:
        return []
    own = pd.to_numeric(summary["gemeente"], errors="coerce")
    flanders = pd.to_numeric(summary["vlaanderen"], errors="coerce")
    rank = pd.to_numeric(summary["rang"], errors="coerce")
    total = pd.to_numeric(summary["rang_van"], errors="coerce")
    worse = (own - flanders) * summary["richting"].astype(float) > 0
    candidates = summary.assign(_share=rank / total)[worse & rank.notna() & (total > 0)]
    ordered = candidates.sort_values(["_share", "label"])
    top = ordered.drop_duplicates("thema").head(limit)  # one per theme: no near-duplicates
    return [
        f"{r['label']}: {r['gemeente_tekst']} tegenover {r['vlaanderen_tekst']} in het Vlaams "
        f"Gewest ({int(r['rang'])}e van {int(r['rang_van'])})"
        for _, r in top.iterrows()
    ]


def headline(units: pd.DataFrame, code: str, summary: pd.DataFrame, tips: list[Hint]) -> Headline:
    """The :class:`Headline` of ``code`` from the gemeente unit table (need index, rank,
    robustness, gap class and reasons, with the default weights), its summary and its hints."""
    lines: list[tuple[str, str]] = []
    if (units["code"].astype(str) == str(code)).any():
        need = need_summary(units, code)
        rank = need["rang"].replace(" van ", "e van ") if need["rang"] != "–" else "geen rang"
        lines.append(("Nood-index", f"{need['nood']}; {rank} gemeenten (1 = hoogste nood)"))
        if need["vlag"]:
            lines.append(("Let op", need["vlag"]))
        lines.append(("Robuustheid", need["robuustheid"]))
        gap = need["kloof"] + (f": {need['redenen']}" if need["redenen"] else "")
        lines.append(("Actiekloof", gap))
        if need["aanbod_maat"]:
            lines.append(
                (
                    "Aanbod",
                    f"{need['aanbod']}; gemeten als {need['aanbod_maat']} "
                    f"(bron: {need['aanbod_bron']})",
                )
            )
    factors = strongest_factors(summary)
    if factors:
        lines.append(("Sterkste risicofactoren", "; ".join(factors)))
    return Headline(lines=tuple(lines), suggestion=tips[0] if tips else None)


@dataclass(frozen=True)
class GemeenteView:
    """One municipality as the Gemeente page and its PDF show it."""

    code: str
    context: MunicipalityContext
    summary: pd.DataFrame
    display: pd.DataFrame
    initiatives: pd.DataFrame
    checklist: pd.DataFrame
    groups: pd.DataFrame
    hints: list[Hint]
    wijken: gpd.GeoDataFrame
    wijk_values: pd.Series
    map_spec: IndicatorSpec
    uploaded_inventory: bool
    headline: Headline

    @property
    def export(self) -> pd.DataFrame:
        """The figures for a CSV or Excel download: numbers, not text (see summary_export)."""
        return summary_export(self.summary, self.context)

    notes: list[str] = field(default_factory=list)

    @property
    def sources(self) -> str:
        """The summary's sources, one per distinct source/year/licence."""
        return "; ".join(
            sorted(
                {f"{r['bron']} ({r['jaar']}, {r['licentie']})" for _, r in self.summary.iterrows()}
            )
        )


def gemeente_view(
    code: str,
    *,
    wide: pd.DataFrame,
    gemeente_attrs: pd.DataFrame,
    numerators: Mapping[str, pd.DataFrame],
    inputs: IndicatorInputs | None,
    points: pd.DataFrame,
    inventory: pd.DataFrame,
    uploaded_inventory: bool,
    wijken: gpd.GeoDataFrame,
    map_values: pd.DataFrame,
    units: pd.DataFrame,
    saved_source: str | None = None,
) -> GemeenteView:
    """The Gemeente page of ``code``.

    ``wide`` is the gemeente-level indicator table (all municipalities), ``numerators`` each
    indicator's builder frame, ``inputs`` lets specs with their own group aggregation compute it;
    ``points`` are the placed initiatives and ``inventory`` the whole inventory they come from
    (``uploaded_inventory`` when the analyst's own); ``wijken`` the display shapes of all wijken
    and ``map_values`` the builder frame of the catalogue's report-map indicator
    (``report_map_spec``) at wijk level; ``units`` the gemeente unit table (need index, rank,
    robustness and gap, see :func:`layers.analysis.assemble_unit_table`) for the headline.
    ``saved_source`` is the source label of the inventory this municipality saved in Verbonden
    (when it did and no upload of this session replaces it): its initiatives are then its own.
    """
    own_inventory = uploaded_inventory or saved_source is not None
    notes = [] if own_inventory else [DEFAULT_INVENTORY_NOTE]
    if saved_source is not None and not uploaded_inventory:
        notes.append(f"Initiatieven: {saved_source}.")
    specs = {s.id: s for s in specs_for("gemeente") if s.id in wide.columns}
    summary = municipality_summary(
        wide,
        specs,
        code=code,
        gemeente_attrs=gemeente_attrs,
        numerators={i: numerators[i] for i in specs if i in numerators},
        inputs=inputs,
    )
    context = municipality_context(gemeente_attrs, code=code)
    here = pd.DataFrame(gemeente_initiatives(points, code).drop(columns="geometry"))
    checklist = element_checklist(here)
    groups = target_groups_reached(here)
    names = dict(zip(gemeente_attrs["code"], gemeente_attrs["naam"], strict=True))
    tips = hints(
        checklist, groups, summary, initiatives=here, inventory=inventory, names=names, code=code
    )
    own = wijken[wijken["gemeente_code"] == code]
    values = map_values.set_index("code")["value"].reindex(own["code"])
    return GemeenteView(
        code=code,
        context=context,
        summary=summary,
        display=summary_display(summary, context),
        initiatives=here,
        checklist=checklist,
        groups=groups,
        hints=tips,
        wijken=own,
        wijk_values=values,
        map_spec=report_map_spec(),
        uploaded_inventory=own_inventory,
        headline=headline(units, code, summary, tips),
        notes=notes,
    )


def report_inputs(view: GemeenteView) -> dict[str, Any]:
    """Keyword arguments of ``municipality_report_pdf`` (except the date)."""
    spec = view.map_spec
    return {
        "naam": view.context.naam,
        "code": view.code,
        "summary": view.summary,
        "wijken": view.wijken,
        "wijk_values": view.wijk_values,
        "initiatives": view.initiatives,
        "checklist": view.checklist,
        "hints": view.hints,
        "groups": view.groups,
        "notes": view.notes,
        "headline": view.headline.lines,
        "suggestion": view.headline.suggestion,
        "province": view.context.provincie,
        "comparison": view.context.groep_tekst,
        "map_label": spec.label,
        "map_unit": spec.unit,
        "map_source": f"{spec.source} ({spec.year}; {spec.licence}; {spec.kind_label})",
    }
