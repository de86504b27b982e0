"""View models: what a dashboard page shows, as plain data (no Streamlit).

Lives here: :mod:`~layers.views.map_overlay` (layer choices, the restyle payload and legends of the
planner's map), :mod:`~layers.views.unit_panel` (the figures of a selected unit),
:mod:`~layers.views.summary` (one municipality against Flanders, its province and peers),
:mod:`~layers.views.kaart` (the Kaart page), :mod:`~layers.views.gemeente` (the Gemeente page
and its PDF report), :mod:`~layers.views.inventaris` (the Inventaris page: a municipality's own
inventory, its editing and history) and :mod:`~layers.views.plannen` (the Plannen page:
what-if, suggested sites).
May import: ``geodata``, ``layers.indicators``, ``layers.initiatives``, ``layers.analysis``,
``layers.planning``, ``layers.maps``, ``layers.editing``.
"""

from layers.views.gemeente import (
    GemeenteView,
    Headline,
    gemeente_initiatives,
    gemeente_view,
    headline,
    report_inputs,
    strongest_factors,
)
from layers.views.inventaris import (
    COLUMN_LABELS,
    InventarisView,
    Outcome,
    editor_table,
    imported_table,
    inventaris_view,
    locality_choices,
    restore_saved_version,
    save_edits,
    try_unlock,
    with_point,
)
from layers.views.kaart import (
    FLANDERS,
    RANKING_COLUMNS,
    KaartView,
    UnitPanel,
    coverage_notes,
    kaart_view,
    ranking_table,
    scope_options,
    weight_themes,
)
from layers.views.map_overlay import (
    GAP_LAYER,
    GAP_SOURCE,
    NEED_LAYER,
    NEED_SOURCE,
    LayerChoice,
    Overlay,
    initiatives_for_map,
    layer_choices,
    map_overlay,
)
from layers.views.plannen import (
    PlannenView,
    parse_points,
    plannen_view,
    point_token,
    scenario_lines,
    sector_choices,
)
from layers.views.summary import (
    SUMMARY_COLUMNS,
    MunicipalityContext,
    SummarySpec,
    municipality_context,
    municipality_summary,
    rank_position,
    rank_text,
    summary_display,
    summary_export,
    value_text,
)
from layers.views.unit_panel import (
    need_summary,
    unit_figures,
)

__all__ = [
    "COLUMN_LABELS",
    "FLANDERS",
    "GAP_LAYER",
    "GAP_SOURCE",
    "NEED_LAYER",
    "NEED_SOURCE",
    "RANKING_COLUMNS",
    "SUMMARY_COLUMNS",
    "GemeenteView",
    "Headline",
    "InventarisView",
    "KaartView",
    "LayerChoice",
    "MunicipalityContext",
    "Outcome",
    "Overlay",
    "PlannenView",
    "SummarySpec",
    "UnitPanel",
    "coverage_notes",
    "editor_table",
    "gemeente_initiatives",
    "gemeente_view",
    "headline",
    "imported_table",
    "initiatives_for_map",
    "inventaris_view",
    "kaart_view",
    "layer_choices",
    "locality_choices",
    "map_overlay",
    "municipality_context",
    "municipality_summary",
    "need_summary",
    "parse_points",
    "plannen_view",
    "point_token",
    "rank_position",
    "rank_text",
    "ranking_table",
    "report_inputs",
    "restore_saved_version",
    "save_edits",
    "scenario_lines",
    "scope_options",
    "sector_choices",
    "strongest_factors",
    "summary_display",
    "summary_export",
    "try_unlock",
    "unit_figures",
    "value_text",
    "weight_themes",
    "with_point",
]
