"""Indicators: what each one is (spec), the catalogue of all of them, builders and the wide table.

Lives here: :mod:`~layers.indicators.spec` (``IndicatorSpec``, ``IndicatorInputs``, levels and
themes), :mod:`~layers.indicators.catalogue` (every indicator declared once, the registry),
the builders per theme (``households``, ``age``, ``meeting``, ``mobility``; shared helpers in
``frames``, ``sectors``, ``points``) and :mod:`~layers.indicators.compute` (checked frames and the
wide table). May import: ``geodata`` only (and, within the room, ``spec`` before everything).

A new indicator = a builder function in a theme module + one ``IndicatorSpec`` in the catalogue
(+ its test and its line in ``docs/indicators.md``). Everything other modules need to know about it
(gap phrase, need-index default, provision denominator, hint topic, report map, sector table) is a
field of that spec; nothing elsewhere is keyed by indicator id.
"""

from layers.indicators.catalogue import (
    REGISTRY,
    get_spec,
    hint_indicators,
    provision_denominator_spec,
    register,
    report_map_spec,
    specs_for,
    unregister,
)
from layers.indicators.compute import build_indicator, compute, unplaced_sectors
from layers.indicators.frames import units
from layers.indicators.points import nearest_distance_m, upload_xy
from layers.indicators.sectors import census_65plus as sector_census_65plus
from layers.indicators.sectors import centroids as sector_centroids
from layers.indicators.spec import (
    HINT_TOPICS,
    LEVELS,
    NEED_THEMES,
    RESULT_COLUMNS,
    SECTOR_SOURCES,
    THEME_LABELS,
    THEMES,
    UNAVAILABLE_THEMES,
    UPLOADS,
    IndicatorInputs,
    IndicatorSpec,
)

__all__ = [
    "HINT_TOPICS",
    "LEVELS",
    "NEED_THEMES",
    "REGISTRY",
    "RESULT_COLUMNS",
    "SECTOR_SOURCES",
    "THEMES",
    "THEME_LABELS",
    "UNAVAILABLE_THEMES",
    "UPLOADS",
    "IndicatorInputs",
    "IndicatorSpec",
    "build_indicator",
    "compute",
    "get_spec",
    "hint_indicators",
    "nearest_distance_m",
    "provision_denominator_spec",
    "register",
    "report_map_spec",
    "sector_census_65plus",
    "sector_centroids",
    "specs_for",
    "units",
    "unplaced_sectors",
    "unregister",
    "upload_xy",
]
