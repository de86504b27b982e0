"""View models: what a dashboard page shows, as plain data (no Streamlit).

Lives here: :mod:`~layers.views.map_overlay` (layer choices, the restyle payload and legends of the
planner's map), :mod:`~layers.views.unit_panel` (the figures of a selected unit) and
:mod:`~layers.views.summary` (one municipality against Flanders, its province and peers).
May import: ``geodata``, ``layers.indicators``, ``layers.initiatives``, ``layers.analysis``,
``layers.maps``.
"""

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
from layers.views.summary import (
    MEDIAN,
    OWN,
    RATIO,
    SUMMARY_COLUMNS,
    MunicipalityContext,
    SummarySpec,
    direction_rank,
    municipality_context,
    municipality_summary,
    rank_position,
    rank_text,
    summary_display,
    value_text,
)
from layers.views.unit_panel import (
    need_summary,
    risk_rank,
    unit_figures,
)

__all__ = [
    "GAP_LAYER",
    "GAP_SOURCE",
    "MEDIAN",
    "NEED_LAYER",
    "NEED_SOURCE",
    "OWN",
    "RATIO",
    "SUMMARY_COLUMNS",
    "LayerChoice",
    "MunicipalityContext",
    "Overlay",
    "SummarySpec",
    "direction_rank",
    "initiatives_for_map",
    "layer_choices",
    "map_overlay",
    "municipality_context",
    "municipality_summary",
    "need_summary",
    "rank_position",
    "rank_text",
    "risk_rank",
    "summary_display",
    "unit_figures",
    "value_text",
]
