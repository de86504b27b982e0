"""Indicators: what each one is (spec), the catalogue of all of them, builders and the wide table.

Lives here: :mod:`~layers.indicators.spec` (``IndicatorSpec``, ``IndicatorInputs``, levels and
themes), :mod:`~layers.indicators.catalogue` (every indicator declared once, the registry),
the builders per theme (``households``, ``age``, ``meeting``, ``mobility``; shared helpers in
``frames``, ``sectors``, ``points``) and :mod:`~layers.indicators.compute` (checked frames and the
wide table). May import: ``geodata`` only (and, within the room, ``spec`` before everything).

A new indicator = a builder function in a theme module + one ``IndicatorSpec`` in the catalogue.
"""

from layers.indicators.catalogue import REGISTRY, get_spec, register, specs_for
from layers.indicators.compute import build_indicator, compute, unplaced_sectors
from layers.indicators.frames import units
from layers.indicators.spec import (
    LEVELS,
    NEED_THEMES,
    RESULT_COLUMNS,
    THEMES,
    UPLOADS,
    IndicatorInputs,
    IndicatorSpec,
)

__all__ = [
    "LEVELS",
    "NEED_THEMES",
    "REGISTRY",
    "RESULT_COLUMNS",
    "THEMES",
    "UPLOADS",
    "IndicatorInputs",
    "IndicatorSpec",
    "build_indicator",
    "compute",
    "get_spec",
    "register",
    "specs_for",
    "units",
    "unplaced_sectors",
]
