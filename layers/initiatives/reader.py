"""An inventory file as a table of strings that knows each row's file line; list cells split.

The file is read by the shared upload reader :func:`geodata.upload.read_rows` (size and archive
guards, content sniffing, encodings, separators, quoted multi-line cells, Excel rows); this module
only matches the first non-empty row to the inventory's columns and keeps every data row with the
line it starts on in the file (header = line 1), so messages can point at the right place.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from geodata.messages import Message
from geodata.upload import UploadRejectedError, formula_warning, read_rows
from layers.initiatives.vocabulary import term_key

_LIST_SPLIT = re.compile(r"[;,|]")
REFUSAL = (
    "Het bestand kan niet gelezen worden als overzicht van initiatieven: het is {what}. Een "
    "overzicht moet een CSV- of tekstbestand of een Excel-bestand (.xlsx) zijn; download het "
    "sjabloon voor het juiste formaat."
)


def split_list(value: object) -> tuple[str, ...]:
    """``"a; b"`` -> ``("a", "b")``; tuples and lists pass through; empty -> ``()``."""
    if isinstance(value, tuple | list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    return tuple(part.strip() for part in _LIST_SPLIT.split(str(value)) if part.strip())


def _column_name(text: object) -> str:
    return term_key("" if text is None else str(text)).replace("-", "_")


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

    Raises nothing for a bad file: a file refused by the shared reader (too large, not a table,
    damaged) gives its error messages and ``None``. Header names are matched case- and
    space-insensitively. Unknown columns give a warning and
    are ignored; missing optional columns are added empty; a missing required column or an
    unreadable file gives an error and ``None``.
    """
    try:
        read = read_rows(raw, filename=filename, refusal=REFUSAL)
    except UploadRejectedError as exc:
        return None, exc.messages
    messages = list(read.messages)
    if read.formulas:
        messages.append(formula_warning(len(read.formulas), filename=filename))
    # A record the reader could not read (a NUL byte, a quote never closed) is reported with its
    # line and reason, never read as an initiative.
    messages += [
        Message("warning", f"rij niet gelezen: {reason}", read.lines[i], None, filename)
        for i, reason in sorted(read.problems.items())
    ]
    rows = [
        (line, cells)
        for i, (line, cells) in enumerate(zip(read.lines, read.text(), strict=True))
        if any(c.strip() for c in cells) and i not in read.problems
    ]
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
