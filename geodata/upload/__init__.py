"""Reading uploaded files safely: one path for the dashboard and ``verbonden check``.

What other packages use: :func:`read_upload` (any supported file -> :class:`UploadResult`),
:func:`read_rows` (a CSV/text or Excel file as rows of cells with their file lines, behind the
same size and archive guards; the initiative inventory reads through it), :func:`read_user_file`
(a user's file on disk behind the same size limit, for every command), the reading choices
(:class:`UploadOptions` and their allowed values), the report (:class:`UploadReport`,
:class:`UploadRejectedError`) and the coordinate systems offered to the analyst.
"""

from geodata.upload.excel import formula_warning
from geodata.upload.limits import (
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    UPLOAD_LIMIT_TEXT,
    read_user_file,
)
from geodata.upload.options import AGGREGATIONS, DECIMALS, DUPLICATES, UploadOptions, choice
from geodata.upload.points import CRS_LABELS, LAMBERT72, LAMBERT2008, WGS84
from geodata.upload.read import UploadResult, read_upload
from geodata.upload.report import (
    PROGRAM_FAULT,
    UploadRejectedError,
    UploadReport,
    decide_status,
    rejected_file_report,
)
from geodata.upload.rows import read_rows
from geodata.upload.tabular import RawRows

__all__ = [
    "AGGREGATIONS",
    "CRS_LABELS",
    "DECIMALS",
    "DUPLICATES",
    "LAMBERT72",
    "LAMBERT2008",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "PROGRAM_FAULT",
    "UPLOAD_LIMIT_TEXT",
    "WGS84",
    "RawRows",
    "UploadOptions",
    "UploadRejectedError",
    "UploadReport",
    "UploadResult",
    "choice",
    "decide_status",
    "formula_warning",
    "read_rows",
    "read_upload",
    "read_user_file",
    "rejected_file_report",
]
