"""Reading uploaded files safely: one path for the dashboard and ``verbonden check``."""

from geodata.upload.limits import MAX_MEMBERS, MAX_RATIO, MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES
from geodata.upload.read import UploadOptions, UploadResult, read_upload
from geodata.upload.report import UploadReport

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "UploadOptions",
    "UploadReport",
    "UploadResult",
    "read_upload",
]
