"""Risk indicators: builders per theme, the wide indicator table and reference values.

The specs are declared in :mod:`layers.indicators.specs` and registered in
:data:`layers.registry.REGISTRY`.
"""

from layers.indicators.table import (
    build_indicator,
    compute,
    flanders_value,
    group_values,
    province_values,
    unplaced_sectors,
)

__all__ = [
    "build_indicator",
    "compute",
    "flanders_value",
    "group_values",
    "province_values",
    "unplaced_sectors",
]
