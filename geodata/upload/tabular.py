"""Reading CSV/TXT text and Excel workbooks into a table of raw cells with their line numbers."""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from geodata.messages import Message
from geodata.upload.report import UploadRejectedError
from geodata.upload.sniff import decode_text, detect_separator, separator_name

_NOTE = re.compile(r"^\s*(bron|noot|opmerking|toelichting|\*|\(|©|source|note|nota)", re.I)
_HEADER_SCAN = 50
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class RawTable:
    """Cells as written in the file (text, or numbers from Excel), one row per data line.

    ``lines`` holds the 1-based line (or Excel row) number of every row; ``row_problems`` maps a
    row position to the reason it is malformed before any interpretation (wrong field count,
    formula without a saved value...).
    """

    cells: pd.DataFrame
    lines: np.ndarray
    header_line: int
    messages: list[Message] = field(default_factory=list)
    row_problems: dict[int, str] = field(default_factory=dict)
    choices: dict[str, Any] = field(default_factory=dict)


def _nonempty(row: list[Any]) -> int:
    return sum(1 for v in row if v is not None and str(v).strip() != "")


def find_header(rows: list[list[Any]]) -> int:
    """Position of the header row: the first row (of the first 50) that is nearly as wide as the
    data below it and is followed by such a row. Rows above it are notes."""
    scan = rows[: _HEADER_SCAN * 4]
    counts = [_nonempty(r) for r in scan]
    wide = [c for c in counts if c >= 2]
    if not wide:
        return next((i for i, c in enumerate(counts) if c), 0)
    target = Counter(wide).most_common(1)[0][0]
    threshold = max(2, math.ceil(0.6 * target))
    for i, c in enumerate(counts[:_HEADER_SCAN]):
        if c < threshold:
            continue
        following = next((n for n in counts[i + 1 :] if n), 0)
        if following >= threshold or i + 1 >= len(counts):
            return i
    return next(i for i, c in enumerate(counts) if c >= threshold)


def column_letter(index: int) -> str:
    """Spreadsheet column letter for a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_names(row: list[Any], width: int) -> list[str]:
    names: list[str] = []
    seen: Counter[str] = Counter()
    for i in range(width):
        raw = row[i] if i < len(row) else None
        name = (
            str(raw).strip()
            if raw is not None and str(raw).strip()
            else f"kolom {column_letter(i)}"
        )
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _all_text(row: list[Any]) -> bool:
    try:
        "".join(row)
    except TypeError:
        return False
    return True


def _is_trailing_note(row: list[Any], width: int) -> bool:
    if _nonempty(row) == 0:
        return True
    if _nonempty(row) != 1:
        return False
    trimmed = [v for v in row if v is not None and str(v) != ""]
    first = str(row[0]).strip() if row and row[0] is not None else ""
    return (len(trimmed) == 1 and len(row) == 1 and width >= 2) or bool(
        first and _NOTE.match(first)
    )


def _has_content(row: list[Any]) -> bool:
    try:
        return bool("".join(row).strip())
    except TypeError:  # numbers from a spreadsheet
        return _nonempty(row) > 0


def build_table(
    rows: list[list[Any]], lines: list[int], *, filename: str, header_row: int | None = None
) -> RawTable:
    """Turn raw rows (with their line numbers) into a :class:`RawTable`.

    ``header_row`` is the 1-based line of the header when the analyst chose it.
    """
    messages: list[Message] = []
    if not any(_has_content(r) for r in rows):
        raise UploadRejectedError(
            Message("error", "Het bestand bevat geen gegevens.", file=filename)
        )
    if header_row is not None and header_row in lines:
        h = lines.index(header_row)
    else:
        h = find_header(rows)
    notes = [(lines[i], rows[i]) for i in range(h) if _nonempty(rows[i])]
    if notes:
        first_text = " ".join(str(v) for v in notes[0][1] if v not in (None, "")).strip()
        messages.append(
            Message(
                "info",
                f"{len(notes)} notitieregel(s) boven de kop (regel {notes[0][0]}"
                f"{'-' + str(notes[-1][0]) if len(notes) > 1 else ''}) niet als gegevens gelezen: "
                f"'{first_text[:80]}'.",
                line=notes[0][0],
                file=filename,
            )
        )
    header = rows[h]
    width = max(len(header), 1)
    while width > 1 and (header[width - 1] is None or str(header[width - 1]).strip() == ""):
        width -= 1
    body = rows[h + 1 :]
    body_lines = lines[h + 1 :]
    end = len(body)
    while end and _is_trailing_note(body[end - 1], width):
        end -= 1
    footer = [(body_lines[i], body[i]) for i in range(end, len(body)) if _nonempty(body[i])]
    if footer:
        messages.append(
            Message(
                "info",
                f"{len(footer)} notitieregel(s) onder de tabel niet als gegevens gelezen.",
                line=footer[0][0],
                file=filename,
            )
        )
    keep = [i for i in range(end) if _has_content(body[i])]
    empty = end - len(keep)
    if empty:
        messages.append(
            Message("info", f"{empty} lege regel(s) in de tabel overgeslagen.", file=filename)
        )
    names = _header_names(header, width)
    problems: dict[int, str] = {}
    data: list[list[Any]] = []
    kept = [body[i] for i in keep]
    for pos, row in enumerate(kept):
        n = len(row)
        if n == width:
            data.append(row)
            continue
        if (n > width and _nonempty(row[width:])) or (n < width and n > 1):
            problems[pos] = f"de regel heeft {n} velden, de kop heeft er {width}"
        data.append((list(row[:width]) + [""] * (width - n)) if n < width else list(row[:width]))
    text_only = all(isinstance(v, str) for row in data[:200] for v in row) and all(
        map(_all_text, data)
    )
    cells = pd.DataFrame(data, columns=names, dtype="str" if text_only else object)
    return RawTable(
        cells=cells,
        lines=np.array([body_lines[i] for i in keep], dtype=np.int64),
        header_line=lines[h],
        messages=messages,
        row_problems=problems,
    )


@dataclass
class RawRows:
    """A file's records as read, before a header is chosen: cells and their 1-based file lines.

    ``lines[i]`` is the line (or Excel row) on which ``rows[i]`` starts, also when a quoted cell
    spans several lines. Cells are text (CSV) or text and numbers (Excel). ``formulas`` lists
    Excel formula cells without a saved value as (line, 0-based column, formula); the formula
    text stands in the cell.
    """

    rows: list[list[Any]]
    lines: list[int]
    messages: list[Message] = field(default_factory=list)
    choices: dict[str, Any] = field(default_factory=dict)
    formulas: list[tuple[int, int, str]] = field(default_factory=list)

    def text(self) -> list[list[str]]:
        """Every cell as text ('' for an empty cell), row by row."""
        return [["" if v is None else str(v) for v in row] for row in self.rows]


def read_text_rows(data: bytes, *, filename: str) -> RawRows:
    """Decode a delimited text file (CSV, TXT, Excel 'Unicode text') into records with lines.

    The encoding and the separator are detected (see :mod:`geodata.upload.sniff`); raises
    :class:`UploadRejectedError` for bytes that are not text or a damaged CSV.
    """
    try:
        text, _, messages = decode_text(data, filename=filename)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UploadRejectedError(
            Message(
                "error",
                "Het bestand is geen tekstbestand (CSV) en geen ander bekend formaat.",
                file=filename,
            )
        ) from exc
    sep = detect_separator(text)
    rows: list[list[Any]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep or "\x1f")
    previous = 0
    try:
        for record in reader:
            rows.append(record)
            lines.append(previous + 1)
            previous = reader.line_num
    except csv.Error as exc:
        raise UploadRejectedError(
            Message(
                "error", f"Het CSV-bestand is beschadigd ({exc}).", line=previous + 1, file=filename
            )
        ) from exc
    return RawRows(rows=rows, lines=lines, messages=messages, choices={"separator": sep})


def read_text_table(data: bytes, *, filename: str, header_row: int | None = None) -> RawTable:
    """Read a delimited text file (CSV, TXT, Excel 'Unicode text')."""
    raw = read_text_rows(data, filename=filename)
    sep = raw.choices["separator"]
    table = build_table(raw.rows, raw.lines, filename=filename, header_row=header_row)
    table.messages[:0] = raw.messages
    table.choices["separator"] = sep
    if sep is None and table.cells.shape[1] == 1:
        table.messages.append(
            Message(
                "info", "Geen scheidingsteken gevonden: het bestand heeft één kolom.", file=filename
            )
        )
    else:
        table.choices["separator_name"] = separator_name(sep)
    return table


__all__ = [
    "RawRows",
    "RawTable",
    "build_table",
    "column_letter",
    "find_header",
    "read_text_rows",
    "read_text_table",
]
