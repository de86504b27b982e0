"""Reports: the municipality PDF (with its vector wijk map) and file exports.

Lives here: :mod:`~layers.reports.pdf`, :mod:`~layers.reports.pdf_map` and
:mod:`~layers.reports.export` (CSV, GeoJSON, GeoPackage). Reports take figures computed elsewhere;
they compute nothing themselves. May import: ``geodata``, ``layers.indicators``,
``layers.initiatives``, ``layers.analysis``, ``layers.maps``.
"""

from layers.reports.export import (
    DECIMALS,
    WGS84,
    ExportError,
    IndicatorFormat,
    InitiativeFormat,
    export_indicators,
    export_initiatives,
    initiatives_table,
)
from layers.reports.pdf import (
    FONT_DIR,
    FONT_FILES,
    INVENTORY_SOURCE,
    LATIN1_SUBSTITUTES,
    MARGIN,
    MONTHS,
    NB_ALIAS,
    TEXT_WIDTH,
    dutch_date,
    municipality_report_pdf,
)

__all__ = [
    "DECIMALS",
    "FONT_DIR",
    "FONT_FILES",
    "INVENTORY_SOURCE",
    "LATIN1_SUBSTITUTES",
    "MARGIN",
    "MONTHS",
    "NB_ALIAS",
    "TEXT_WIDTH",
    "WGS84",
    "ExportError",
    "IndicatorFormat",
    "InitiativeFormat",
    "dutch_date",
    "export_indicators",
    "export_initiatives",
    "initiatives_table",
    "municipality_report_pdf",
]
