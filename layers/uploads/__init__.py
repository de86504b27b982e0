"""Uploads: checking a user's file of any kind, reviewing it, previewing it and using it.

Lives here: :mod:`~layers.uploads.process` (bytes -> checked :class:`Processed`, for the page and
the command line), :mod:`~layers.uploads.review` (the validation report's tables and notes),
:mod:`~layers.uploads.preview` (preview maps), :mod:`~layers.uploads.use` (turning a checked file
into an indicator, points or an inventory; saving), :mod:`~layers.uploads.uploaded` (an uploaded
indicator column joined to the unit table) and :mod:`~layers.uploads.templates` (example files).
May import: ``geodata``, ``layers.indicators``, ``layers.initiatives``, ``layers.analysis``,
``layers.maps``.
"""

from layers.uploads.preview import (
    BOUNDARIES,
    MAX_POPUP_COLUMNS,
    MAX_SINGLE_POINTS,
    points_preview_map,
    preview_source,
    preview_units,
    table_preview_map,
)
from layers.uploads.process import (
    POINT_KINDS,
    Processed,
    file_key,
    locality_owners,
    options_from_values,
    process_upload,
)
from layers.uploads.review import (
    AGGREGATION_LABELS,
    COLUMN_MERGE_LABELS,
    DUPLICATE_LABELS,
    LEVEL_LABELS,
    MESSAGE_COLUMNS,
    STATUS_LABELS,
    accounting_line,
    column_merge_choices,
    inventory_report,
    messages_frame,
    rejected_rows_frame,
    report_notes,
)
from layers.uploads.templates import (
    UPLOAD_KINDS,
    KindInfo,
    UploadKind,
    indicator_template,
    meeting_places_template,
    stops_template,
    template_bytes,
)
from layers.uploads.uploaded import (
    UPLOAD_PREFIX,
    UploadedIndicator,
    add_uploaded,
)
from layers.uploads.use import (
    NAME_HINTS,
    TABLE_KEY_COLUMNS,
    guess_unit,
    indicator_values,
    name_column_candidates,
    point_attribute_columns,
    point_frame,
    save_upload,
    saved_files,
    saved_name,
    table_levels,
    value_columns,
)

__all__ = [
    "AGGREGATION_LABELS",
    "BOUNDARIES",
    "COLUMN_MERGE_LABELS",
    "DUPLICATE_LABELS",
    "LEVEL_LABELS",
    "MAX_POPUP_COLUMNS",
    "MAX_SINGLE_POINTS",
    "MESSAGE_COLUMNS",
    "NAME_HINTS",
    "POINT_KINDS",
    "STATUS_LABELS",
    "TABLE_KEY_COLUMNS",
    "UPLOAD_KINDS",
    "UPLOAD_PREFIX",
    "KindInfo",
    "Processed",
    "UploadKind",
    "UploadedIndicator",
    "accounting_line",
    "add_uploaded",
    "column_merge_choices",
    "file_key",
    "guess_unit",
    "indicator_template",
    "indicator_values",
    "inventory_report",
    "locality_owners",
    "meeting_places_template",
    "messages_frame",
    "name_column_candidates",
    "options_from_values",
    "point_attribute_columns",
    "point_frame",
    "points_preview_map",
    "preview_source",
    "preview_units",
    "process_upload",
    "rejected_rows_frame",
    "report_notes",
    "save_upload",
    "saved_files",
    "saved_name",
    "stops_template",
    "table_levels",
    "table_preview_map",
    "template_bytes",
    "value_columns",
]
