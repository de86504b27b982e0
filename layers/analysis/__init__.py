"""Analysis: the need index, provision, the action gap, reference values and the unit table.

Lives here: :mod:`~layers.analysis.need` (percentile ranks, weights, robustness),
:mod:`~layers.analysis.provision` (initiatives per unit), :mod:`~layers.analysis.gap` (3x3 classes,
reasons, ranking), :mod:`~layers.analysis.reference` (THE aggregation of an indicator over groups
of gemeenten: Flanders, provinces, peers), :mod:`~layers.analysis.unit_table` (one row per unit
with every figure) and :mod:`~layers.analysis.cache` (tables computed once per store).
May import: ``geodata``, ``layers.indicators``, ``layers.initiatives``, ``layers.maps``.
"""

from layers.analysis.cache import (
    cache_dir,
    cache_key,
    flemish_values,
    indicator_table,
    precompute,
    provision_table,
)
from layers.analysis.gap import (
    GAP_DISCLAIMER,
    GAP_LABELS,
    NEED_NAMES,
    PROVISION_NAMES,
    TOP_PERCENTILE,
    UNKNOWN,
    UPLOADED_NOTE,
    ReasonSpec,
    gap_classes,
    gap_ranking,
    gap_reasons,
    need_tercile,
    provision_tercile,
)
from layers.analysis.need import (
    ROBUSTNESS_DEFINITION,
    ROBUSTNESS_DRAWS,
    ROBUSTNESS_SEED,
    ROBUSTNESS_WEIGHTINGS,
    TOP_SHARE,
    TOP_SHARE_TEXT,
    default_theme_indicators,
    default_weights,
    need_index,
    percentile_rank,
    robustness,
    robustness_text,
)
from layers.analysis.provision import (
    DENOMINATOR_LABEL,
    PER_RESIDENTS,
    PROVISION_COLUMNS,
    provision_per_unit,
)
from layers.analysis.reference import (
    flanders_value,
    group_values,
    province_values,
)
from layers.analysis.unit_table import (
    assemble_unit_table,
    load_inventory,
    place_inventory,
    table_metadata,
    unit_provision,
    unit_table,
)

# Theme data lives with the indicators; re-exported for the pages that show the need weights.
from layers.indicators import THEME_LABELS, UNAVAILABLE_THEMES

__all__ = [
    "DENOMINATOR_LABEL",
    "GAP_DISCLAIMER",
    "GAP_LABELS",
    "NEED_NAMES",
    "PER_RESIDENTS",
    "PROVISION_COLUMNS",
    "PROVISION_NAMES",
    "ROBUSTNESS_DEFINITION",
    "ROBUSTNESS_DRAWS",
    "ROBUSTNESS_SEED",
    "ROBUSTNESS_WEIGHTINGS",
    "THEME_LABELS",
    "TOP_PERCENTILE",
    "TOP_SHARE",
    "TOP_SHARE_TEXT",
    "UNAVAILABLE_THEMES",
    "UNKNOWN",
    "UPLOADED_NOTE",
    "ReasonSpec",
    "assemble_unit_table",
    "cache_dir",
    "cache_key",
    "default_theme_indicators",
    "default_weights",
    "flanders_value",
    "flemish_values",
    "gap_classes",
    "gap_ranking",
    "gap_reasons",
    "group_values",
    "indicator_table",
    "load_inventory",
    "need_index",
    "need_tercile",
    "percentile_rank",
    "place_inventory",
    "precompute",
    "province_values",
    "provision_per_unit",
    "provision_table",
    "provision_tercile",
    "robustness",
    "robustness_text",
    "table_metadata",
    "unit_provision",
    "unit_table",
]
