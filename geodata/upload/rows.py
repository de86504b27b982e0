"""The guarded first step of reading any upload: size, real file type, archive limits; and a
CSV/text or Excel file as rows of cells with their file lines (:func:`read_rows`).

:func:`read_upload` and the initiative inventory both start here, so every upload path gets the
same size limit, content sniffing (never the file name's extension) and zip-bomb guard.
"""

from __future__ import annotations

from geodata.messages import Message
from geodata.upload.excel import read_excel_rows
from geodata.upload.limits import check_archive, check_upload_size
from geodata.upload.report import UploadRejectedError
from geodata.upload.sniff import FileKind, sniff_kind
from geodata.upload.tabular import RawRows, read_text_rows

# What a file is, in Dutch, for the kinds no upload accepts.
REFUSED_KINDS: dict[str, str] = {
    "png": "een afbeelding (PNG)",
    "jpeg": "een afbeelding (JPEG)",
    "gif": "een afbeelding (GIF)",
    "pdf": "een PDF-document",
    "html": "een webpagina (HTML)",
    "xml": "een XML-bestand",
    "json": "een JSON-bestand zonder geografische objecten (geen GeoJSON)",
    "binary": "een binair bestand van een onbekend type",
    "xls": "een oud Excel-bestand (.xls); sla het op als .xlsx of CSV",
}
# ... and for the spatial kinds, which only a table reader refuses.
_SPATIAL_KINDS: dict[str, str] = {
    "geojson": "een GeoJSON-kaartlaag",
    "gpkg": "een GeoPackage",
    "zip": "een zip-archief",
}
TABLE_REFUSAL = (
    "Dit bestand is {what}, geen tabel. Gebruik CSV of tekst (.csv, .txt) of Excel (.xlsx)."
)


def refuse(filename: str, text: str) -> UploadRejectedError:
    """An :class:`UploadRejectedError` with one error message about the whole file."""
    return UploadRejectedError(Message("error", text, file=filename))


def checked_kind(data: bytes, *, filename: str) -> FileKind:
    """The file's real type after the guards every upload passes.

    Refused (``UploadRejectedError``): a file above the size limit, an empty file, and a workbook
    whose archive breaks the member, size or ratio limits.
    """
    check_upload_size(data, filename=filename)
    kind = sniff_kind(data)
    if kind == "empty":
        raise refuse(filename, "Het bestand is leeg.")
    if kind == "xlsx":
        check_archive(data, filename=filename)
    return kind


def read_rows(
    data: bytes, *, filename: str, sheet: str | None = None, refusal: str = TABLE_REFUSAL
) -> RawRows:
    """A CSV/text file or an Excel workbook (.xlsx, one sheet) as rows of cells with their lines.

    Passes :func:`checked_kind` first. Any other kind of file is refused with ``refusal``, in
    which ``{what}`` names what the file is ('een afbeelding (PNG)'). Raises
    ``UploadRejectedError``; never returns a partial result.
    """
    kind = checked_kind(data, filename=filename)
    if kind == "xlsx":
        return read_excel_rows(data, filename=filename, sheet=sheet)
    if kind == "text":
        return read_text_rows(data, filename=filename)
    what = REFUSED_KINDS.get(kind) or _SPATIAL_KINDS.get(kind) or kind
    raise refuse(filename, refusal.format(what=what))


__all__ = ["REFUSED_KINDS", "TABLE_REFUSAL", "checked_kind", "read_rows", "refuse"]
