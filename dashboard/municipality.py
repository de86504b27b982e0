"""Data for the Gemeente page and its PDF, from the cached loaders (one place, used twice)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import loaders

MAP_INDICATOR = "leeftijd_65plus"


def summary_parts(code: str) -> tuple[pd.DataFrame, Any]:
    """The municipality summary (vs Flanders, province, comparable group) and its context."""
    from layers.indicators import specs_for
    from layers.views import municipality_context, municipality_summary

    wide = loaders.wide_frame("gemeente")
    specs = {s.id: s for s in specs_for("gemeente") if s.id in wide.columns}
    attrs = loaders.attributes("gemeente")
    summary = municipality_summary(
        wide,
        specs,
        code=code,
        gemeente_attrs=attrs,
        numerators={i: loaders.indicator_frame(i, "gemeente") for i in specs},
        inputs=loaders.inputs(),
    )
    return summary, municipality_context(attrs, code=code)


def local_initiatives(code: str, inventory: pd.DataFrame | None) -> pd.DataFrame:
    """Initiatives of the municipality: its own, and regional ones that cover it."""
    points = loaders.inventory_points(inventory)
    mask = (points["gemeente_code"] == code) | points["gemeenten"].map(
        lambda codes: code in (codes or ())
    )
    return pd.DataFrame(points[mask].drop(columns="geometry"))


def checklist_parts(code: str, inventory: pd.DataFrame | None, summary: pd.DataFrame) -> dict:
    """Checklist of the seven elements, target groups reached and the hints."""
    from layers.initiatives import element_checklist, hints, target_groups_reached

    here = local_initiatives(code, inventory)
    checklist = element_checklist(here)
    groups = target_groups_reached(here)
    full = loaders.default_inventory() if inventory is None else inventory
    names = dict(zip(*(loaders.attributes("gemeente")[c] for c in ("code", "naam")), strict=True))
    tips = hints(
        checklist, groups, summary, initiatives=here, inventory=full, names=names, code=code
    )
    return {"initiatives": here, "checklist": checklist, "groups": groups, "hints": tips}


def wijk_map_values(code: str) -> tuple[pd.DataFrame, pd.Series]:
    """The municipality's wijken (display geometry) and the 65+ share per wijk."""
    wijken = loaders.display_layer("wijk")
    wijken = wijken[wijken["gemeente_code"] == code]
    values = loaders.indicator_frame(MAP_INDICATOR, "wijk").set_index("code")["value"]
    return wijken, values.reindex(wijken["code"])


def report_inputs(code: str, inventory: pd.DataFrame | None) -> dict[str, Any]:
    """Keyword arguments of ``municipality_report_pdf`` (except the date)."""
    from layers.indicators import get_spec

    summary, context = summary_parts(code)
    parts = checklist_parts(code, inventory, summary)
    wijken, values = wijk_map_values(code)
    spec = get_spec(MAP_INDICATOR)
    notes = [] if inventory is not None else [
        "Initiatieven: enkel de voorbeelden uit de VVSG-publicatie 'Verbonden met (n)iemand'; "
        "laad het eigen overzicht op voor een volledig beeld."
    ]  # fmt: skip
    return {
        "naam": context.naam,
        "code": code,
        "summary": summary,
        "wijken": wijken,
        "wijk_values": values,
        "initiatives": parts["initiatives"],
        "checklist": parts["checklist"],
        "hints": parts["hints"],
        "groups": parts["groups"],
        "notes": notes,
        "province": context.provincie,
        "comparison": context.groep_tekst,
        "map_label": spec.label,
        "map_unit": spec.unit,
        "map_source": f"{spec.source} ({spec.year})",
    }
