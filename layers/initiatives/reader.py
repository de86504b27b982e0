"""Turn an uploaded CSV or Excel file into a table of strings that knows each row's file line.

Used by the inventory reader. CSV files may be UTF-8 (with or without BOM) or Windows-1252, and
separated by commas, semicolons or tabs (the separator is taken from the header line). Every data
row keeps the line it starts on in the file (header = line 1), also when a quoted cell spans
several lines, so messages can point at the right place.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import PurePath

import pandas as pd

from geodata.messages import Message
from layers.initiatives.vocabulary import term_key

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_LIST_SPLIT = re.compile(r"[;,|]")


def split_list(value: object) -> tuple[str, ...]:
    """``"a; b"`` -> ``("a", "b")``; tuples and lists pass through; empty -> ``()``."""
    if isinstance(value, tuple | list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    return tuple(part.strip() for part in _LIST_SPLIT.split(str(value)) if part.strip())


def _column_name(text: object) -> str:
    return term_key("" if text is None else str(text)).replace("-", "_")


def _decode(raw: bytes, filename: str) -> tuple[str, list[Message]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = "bestand is geen UTF-8; gelezen als Windows-1252. Controleer letters met accenten."
        return raw.decode("cp1252", errors="replace"), [
            Message("warning", text, None, None, filename)
        ]


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(start line, cells) for every record; blank records are skipped."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous_end = 0
    for cells in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        rows.append((start, cells))
    return rows


def _excel_rows(raw: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        cells = ["" if v is None else str(v) for v in values]
        rows.append((number, cells))
    book.close()
    return rows


def _header_messages(
    header: list[str],
    *,
    line: int,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    filename: str,
) -> tuple[list[str], list[Message], bool]:
    """Normalised column names, messages, and whether the header is usable."""
    names = [_column_name(h) for h in header]
    messages = [
        Message(
            "warning", f"onbekende kolom '{original}' wordt genegeerd.", line, original, filename
        )
        for name, original in zip(names, header, strict=True)
        if name and name not in columns
    ]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    missing = [c for c in required if c not in names]
    messages += [
        Message("error", f"kolom '{name}' komt twee keer voor.", line, name, filename)
        for name in duplicates
    ]
    messages += [
        Message("error", f"verplichte kolom '{name}' ontbreekt.", line, name, filename)
        for name in missing
    ]
    return names, messages, not (missing or duplicates)


def _records(
    rows: list[tuple[int, list[str]]], names: list[str], columns: tuple[str, ...], filename: str
) -> tuple[list[dict[str, object]], list[Message]]:
    records: list[dict[str, object]] = []
    messages: list[Message] = []
    for line, cells in rows:
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            text = f"rij heeft {len(cells)} cellen maar de kopregel maar {len(names)} kolommen."
            messages.append(Message("warning", text, line, None, filename))
        record: dict[str, object] = {"regel": line}
        for index, name in enumerate(names):
            if name in columns:
                record[name] = cells[index].strip() if index < len(cells) else ""
        records.append(record)
    return records, messages


def parse_table(
    raw: bytes, *, filename: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[pd.DataFrame | None, list[Message]]:
    """Read ``raw`` into a DataFrame with ``columns`` (all strings) plus ``regel``.

    Header names are matched case- and space-insensitively. Unknown columns give a warning and
    are ignored; missing optional columns are added empty; a missing required column or an
    unreadable file gives an error and ``None``.
    """
    messages: list[Message] = []
    try:
        if PurePath(filename).suffix.lower() in EXCEL_SUFFIXES:
            rows = _excel_rows(raw)
        else:
            text, messages = _decode(raw, filename)
            rows = _csv_rows(text)
    except Exception as exc:  # any unreadable upload becomes a message, never a traceback
        text = f"bestand kan niet gelezen worden ({exc})."
        return None, [Message("error", text, None, None, filename)]
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        return None, [*messages, Message("error", "bestand is leeg.", None, None, filename)]
    (header_line, header), data_rows = rows[0], rows[1:]
    names, header_messages, usable = _header_messages(
        header, line=header_line, columns=columns, required=required, filename=filename
    )
    messages += header_messages
    if not usable:
        return None, messages
    records, row_messages = _records(data_rows, names, columns, filename)
    messages += row_messages
    frame = pd.DataFrame(records, columns=["regel", *[c for c in columns if c in names]])
    for column in columns:
        if column not in frame:
            frame[column] = ""
    frame["regel"] = frame["regel"].astype(int)
    return frame[["regel", *columns]].fillna(""), messages
