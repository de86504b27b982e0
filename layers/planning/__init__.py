"""Planning: what new meeting places would change, where they would reach most, and hot spots.

Lives here: :mod:`~layers.planning.candidates` (points a planner gives, read like any upload),
:mod:`~layers.planning.sectors` (residents and 65-plussers per statistical sector at
its centroid, cached per store), :mod:`~layers.planning.reach` (the what-if of hypothetical meeting
places: residents gaining one within walking distance, the meeting-place measure and the need
index before and after), :mod:`~layers.planning.suggest` (the k best sites: a maximal covering
location problem solved with PySAL ``spopt`` and CBC) and :mod:`~layers.planning.hotspots` (local
Moran's I on the need index per wijk, PySAL ``esda``).
May import: ``geodata``, ``layers.indicators``, ``layers.initiatives``, ``layers.analysis``,
``layers.maps``.
"""

from layers.planning.candidates import points_from_file
from layers.planning.hotspots import (
    HOTSPOT_COLOURS,
    HOTSPOT_COLUMNS,
    HOTSPOT_EXPLANATION,
    HOTSPOT_LABELS,
    PERMUTATIONS,
    build_neighbours,
    hotspots,
    wijk_neighbours,
)
from layers.planning.reach import (
    DEFAULT_DISTANCE_M,
    MAX_DISTANCE_M,
    MIN_DISTANCE_M,
    POINT_COLUMNS,
    UNIT_COLUMNS,
    PlanningBase,
    WhatIf,
    check_distance,
    meeting_measure,
    planning_base,
    what_if,
    within_reach,
)
from layers.planning.sectors import (
    SECTOR_COLUMNS,
    build_sectors,
    lonlat_to_xy,
    planning_sectors,
    xy_to_lonlat,
)
from layers.planning.suggest import (
    GAIN_COLUMNS,
    MAX_SITES,
    MIN_SITES,
    SITE_COLUMNS,
    Suggestion,
    check_sites,
    coverage_matrix,
    covered_weight,
    solve_mclp,
    solve_mclp_series,
    suggest_sites,
)

__all__ = [
    "DEFAULT_DISTANCE_M",
    "GAIN_COLUMNS",
    "HOTSPOT_COLOURS",
    "HOTSPOT_COLUMNS",
    "HOTSPOT_EXPLANATION",
    "HOTSPOT_LABELS",
    "MAX_DISTANCE_M",
    "MAX_SITES",
    "MIN_DISTANCE_M",
    "MIN_SITES",
    "PERMUTATIONS",
    "POINT_COLUMNS",
    "SECTOR_COLUMNS",
    "SITE_COLUMNS",
    "UNIT_COLUMNS",
    "PlanningBase",
    "Suggestion",
    "WhatIf",
    "build_neighbours",
    "build_sectors",
    "check_distance",
    "check_sites",
    "coverage_matrix",
    "covered_weight",
    "hotspots",
    "lonlat_to_xy",
    "meeting_measure",
    "planning_base",
    "planning_sectors",
    "points_from_file",
    "solve_mclp",
    "solve_mclp_series",
    "suggest_sites",
    "what_if",
    "wijk_neighbours",
    "within_reach",
    "xy_to_lonlat",
]
