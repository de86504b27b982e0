"""Generators of the hostile upload files of issue 12, at the sizes of the issue by default.

Every file is written in a streaming way (never the whole text in memory) so a test or the
benchmark can make the 49 MB files in a second or two; nothing of this is committed.

=========================  ====================================================================
:func:`many_rows_csv`      49 MB CSV, 4,310,910 rows: every code repeated (~15,000 times each)
:func:`wide_csv`           49 MB CSV of 400 value columns and 26,228 rows
:func:`large_xlsx`         30 MB xlsx whose sheet XML unpacks to ~150 MB (1,309,071 rows)
:func:`many_columns_csv`   a CSV of 10,000 columns x 50 rows
:func:`points_csv`         1,000,000 points (lat/lon) as CSV
=========================  ====================================================================
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Sequence
from pathlib import Path

_CHUNK = 100_000

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _check(codes: Sequence[str]) -> None:
    if not codes:
        raise ValueError("no codes to write")


def many_rows_csv(path: Path, codes: Sequence[str], *, rows: int = 4_310_910) -> Path:
    """``gemeente;waarde`` and ``rows`` rows, the codes in turn (the issue's 49 MB file)."""
    _check(codes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("gemeente;waarde\n")
        for start in range(0, rows, _CHUNK):
            handle.writelines(
                f"{codes[i % len(codes)]};{i % 9973}\n"
                for i in range(start, min(rows, start + _CHUNK))
            )
    return path


def wide_csv(path: Path, codes: Sequence[str], *, columns: int = 400, rows: int = 26_228) -> Path:
    """A key column and ``columns`` value columns of three- and four-digit numbers, ``rows``
    rows."""
    _check(codes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(["gemeente", *(f"waarde{i}" for i in range(columns))]) + "\n")
        values = ";".join(str(1000 + i) if i % 2 else str(100 + i % 900) for i in range(columns))
        for r in range(rows):
            handle.write(f"{codes[r % len(codes)]};{values}\n")
    return path


def many_columns_csv(
    path: Path, codes: Sequence[str], *, columns: int = 10_000, rows: int = 50
) -> Path:
    """:func:`wide_csv` with 10,000 columns and 50 rows (a few MB)."""
    return wide_csv(path, codes, columns=columns, rows=rows)


def points_csv(path: Path, *, rows: int = 1_000_000, seed: int = 12) -> Path:
    """``naam;lat;lon`` for ``rows`` points spread over Flanders (decimal comma)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("naam;lat;lon\n")
        for start in range(0, rows, _CHUNK):
            handle.writelines(
                f"punt {i};{rng.uniform(50.7, 51.4):.5f};{rng.uniform(2.6, 5.8):.5f}\n".replace(
                    ".", ","
                )
                for i in range(start, min(rows, start + _CHUNK))
            )
    return path


def large_xlsx(path: Path, codes: Sequence[str], *, rows: int = 1_309_071) -> Path:
    """A workbook of one sheet with a header and ``rows - 1`` rows of a code and a value, its
    sheet XML written directly (deflated ~5:1, under the archive's ratio limit) with its
    ``<dimension>``, as Excel saves it."""
    _check(codes)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:C{rows}"/><sheetData>'.encode()
                + b'<row r="1"><c r="A1" t="inlineStr"><is><t>gemeente</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>waarde</t></is></c></row>'
            )
            rng = random.Random(5)
            for start in range(2, rows + 1, _CHUNK):
                sheet.write(
                    "".join(
                        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>'
                        f"{codes[r % len(codes)]}</t></is></c>"
                        f'<c r="B{r}"><v>{rng.randint(0, 99_999)}</v></c></row>'
                        for r in range(start, min(rows + 1, start + _CHUNK))
                    ).encode()
                )
            sheet.write(b"</sheetData></worksheet>")
    return path


__all__ = ["large_xlsx", "many_columns_csv", "many_rows_csv", "points_csv", "wide_csv"]
