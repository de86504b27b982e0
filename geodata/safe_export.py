"""Exports to CSV and Excel that cannot run formulas in a spreadsheet program.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
``'`` so Excel and LibreOffice show it as text (OWASP "CSV injection"). Numbers stay numbers.
Column names are user text too and are treated the same way.
"""

from __future__ import annotations

import io
import re

import pandas as pd

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: object) -> object:
    """One cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` where no text cell or column name starts a formula; numbers untouched."""
    out = df.copy()
    out.columns = [neutralise_text(str(c)) for c in out.columns]
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        starts = series.str.startswith(FORMULA_STARTS) if _has_str_accessor(series) else None
        if starts is None:
            out[column] = series.map(neutralise_text).astype(object)
            continue
        mask = starts.eq(True)  # missing cells are not formulas
        fixed = series.astype(object)
        fixed[mask] = "'" + series[mask].astype(str)
        out[column] = fixed
    return out


def _has_str_accessor(series: pd.Series) -> bool:
    try:
        series.str  # noqa: B018 - raises AttributeError for non-text columns
    except AttributeError:
        return False
    return True


def to_csv_bytes(df: pd.DataFrame, *, excel_nl: bool = False) -> bytes:
    """CSV bytes. Default: UTF-8 without BOM, ',' separator, '.' decimals (for tools).
    ``excel_nl=True``: UTF-8 with BOM, ';' separator and decimal comma (Excel in nl-BE).

    Lines end in CRLF so that a cell containing a lone CR or LF is always quoted."""
    safe = neutralise_formulas(df)
    if excel_nl:
        text = safe.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
        return ("\ufeff" + text).encode("utf-8")
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_excel_bytes(df: pd.DataFrame, *, sheet_name: str = "gegevens") -> bytes:
    """An .xlsx workbook; every text cell is stored as text (never as a formula)."""
    from openpyxl import Workbook

    safe = neutralise_formulas(df)
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has exactly one sheet
    title = re.sub(r"[\[\]:*?/\\']", "", str(sheet_name)).lstrip("".join(FORMULA_STARTS))
    sheet.title = (title or "gegevens")[:31]
    sheet.append([str(c) for c in safe.columns])
    for row in safe.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    for cells in sheet.iter_rows(min_row=1):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return None
    try:
        # pd.isna takes any scalar at run time; its stubs only list the typed scalars
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()  # numpy scalar -> Python number
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


__all__ = [
    "FORMULA_STARTS",
    "neutralise_formulas",
    "neutralise_text",
    "to_csv_bytes",
    "to_excel_bytes",
]
