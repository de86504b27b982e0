"""Reading CSV/TXT text and Excel workbooks into a table of raw cells with their line numbers."""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from geodata.messages import Message
from geodata.upload.limits import ReadBudget
from geodata.upload.report import UploadRejectedError
from geodata.upload.sniff import decode_text, detect_separator, separator_name

_NOTE = re.compile(r"^\s*(bron|noot|opmerking|toelichting|\*|\(|©|source|note|nota)", re.I)
_HEADER_SCAN = 50
# The first records offered as header lines on the page, and how many data rows below the
# header are looked at for blank values (weak evidence for the detected header).
_OFFERED_LINES = 15
_WEAK_SCAN = 5
_NUMBER = re.compile(r"^\s*[-+]?[\d.,\s]+%?\s*$")
_BLOCK = 1024  # records read at once from a file without quotes (counted by the budget at once)
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
    """Position of the header row: the first row (of the first 50) with nearly as many filled
    cells as the data below it, followed by a row with content and at least as many fields (a
    key with a blank, suppressed value such as ``11001;`` is a data row). Rows above it are
    notes."""
    scan = rows[: _HEADER_SCAN * 4]
    counts = [_nonempty(r) for r in scan]
    fields = [max(len(r), c) if c else 0 for r, c in zip(scan, counts, strict=True)]
    wide = [c for c in counts if c >= 2]
    if not wide:
        return next((i for i, c in enumerate(counts) if c), 0)
    target = Counter(wide).most_common(1)[0][0]
    threshold = max(2, math.ceil(0.6 * target))
    for i, c in enumerate(counts[:_HEADER_SCAN]):
        if c < threshold:
            continue
        following = next((n for n in fields[i + 1 :] if n), 0)
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


def _is_note(row: list[Any]) -> bool:
    """A row with one filled cell that reads as a note ('Bron: ...', '* voorlopig', ...).

    Asked for every data row: stops at the second filled cell (a data row has two)."""
    first = ""
    for value in row:
        if value is None:
            continue
        text = value.strip() if isinstance(value, str) else str(value).strip()
        if text:
            if first:
                return False
            first = text
    return bool(first) and bool(_NOTE.match(first))


def _has_content(row: list[Any]) -> bool:
    try:
        return bool("".join(row).strip())
    except TypeError:  # numbers from a spreadsheet
        return _nonempty(row) > 0


def _content_rows(rows: list[list[Any]], start: int = 0) -> list[int]:
    """Positions (from ``start``) of the rows with content (:func:`_has_content`); a filled
    first text cell answers without looking further."""
    return [
        i
        for i in range(start, len(rows))
        if (rows[i] and isinstance(rows[i][0], str) and rows[i][0].strip()) or _has_content(rows[i])
    ]


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _is_number(value: Any) -> bool:
    if isinstance(value, int | float):
        return True
    return bool(_NUMBER.match(str(value)))


def _sub_header(header: list[Any], row: list[Any] | None, width: int) -> bool:
    """True when ``row`` is the second row of a two-row header (cells merged in Excel): the
    header has blank cells where ``row`` names the sub-columns, ``row`` is blank under at least
    one header name, and it holds text only."""
    if row is None or not _nonempty(row):
        return False
    cells = [row[i] if i < len(row) else None for i in range(width)]
    tops = [header[i] if i < len(header) else None for i in range(width)]
    fills_gap = any(not _blank(c) and _blank(t) for c, t in zip(cells, tops, strict=True))
    blank_under_name = any(_blank(c) and not _blank(t) for c, t in zip(cells, tops, strict=True))
    text_only = all(_blank(c) or not _is_number(c) for c in cells)
    return fills_gap and blank_under_name and text_only


def _two_row_width(header: list[Any], below: list[Any] | None) -> int:
    """The width of a header that may continue on the row below (its last named column)."""
    both = [header, below or []]
    width = max(len(header), len(below or []))
    while width > 1 and all(_blank(r[width - 1]) if width - 1 < len(r) else True for r in both):
        width -= 1
    return max(width, 1)


def _merged_names(header: list[Any], sub: list[Any], width: int) -> list[Any]:
    """Names of a two-row header: the top name carried over its merged (blank) cells, followed
    by the sub-column name ('Bevolking mannen')."""
    names: list[Any] = []
    top = ""
    for i in range(width):
        raw = header[i] if i < len(header) else None
        below = sub[i] if i < len(sub) else None
        if not _blank(raw):
            top = str(raw).strip()
        elif _blank(below):
            top = ""
        parts = [top if not _blank(raw) or not _blank(below) else "", str(below or "").strip()]
        names.append(" ".join(p for p in parts if p))
    return names


def _row_problem(
    row: list[Any], width: int, problem: str | None, *, fields: bool, against: str = "de kop heeft"
) -> str | None:
    """Why a data row is malformed before interpretation, or None. ``fields`` is False for a
    spreadsheet, whose rows have no field count of their own (blank cells at the end are not
    stored). ``against`` names what sets the width ('de kop heeft', or for a file without a
    header 'de meeste regels hebben')."""
    if problem:
        return problem
    n = len(row) if fields else max(len(row), width)
    if _is_note(row) and width > 1:
        first = next(str(v).strip() for v in row if not _blank(v))
        return f"notitie, geen gegevensrij: '{first[:60]}'"
    if n == 1 and width > 1:
        return f"de regel heeft 1 veld zonder scheidingsteken (geen waarde); {against} er {width}"
    if (n > width and _nonempty(row[width:])) or (1 < n < width):
        return f"de regel heeft {n} velden, {against} er {width}"
    return None


def _header_position(
    rows: list[list[Any]], lines: list[int], header_row: int | None, filename: str
) -> int:
    if header_row is None:
        return find_header(rows)
    if header_row not in lines or not _has_content(rows[lines.index(header_row)]):
        raise UploadRejectedError(
            Message(
                "error",
                f"Regel {header_row} kan geen kopregel zijn: ze bestaat niet of is leeg "
                f"(het bestand telt {lines[-1] if lines else 0} regel(s)).",
                file=filename,
            )
        )
    return lines.index(header_row)


def _shown(row: list[Any]) -> str:
    return "; ".join(str(v).strip() for v in row[:6] if not _blank(v))[:80]


def _weak_header(rows: list[list[Any]], h: int, width: int, notes: int) -> str | None:
    """Why the detected header at position ``h`` is uncertain (Dutch), or None: one column,
    note lines above it, or blank values in the first data rows below it."""
    if width == 1:
        return "het bestand heeft één kolom"
    if notes:
        return "er staan regels boven de kop"
    below = [r for r in rows[h + 1 : h + 1 + _WEAK_SCAN] if _has_content(r)]
    if any(any(_blank(r[i]) if i < len(r) else True for i in range(width)) for r in below):
        return "de eerste rijen hebben lege waarden"
    return None


def _offered_lines(rows: list[list[Any]], lines: list[int], h: int) -> list[tuple[int, str]]:
    """The first records with content (and the detected header), as (line, first cells)."""
    end = max(_OFFERED_LINES, h + _WEAK_SCAN)
    return [
        (lines[i], _shown(rows[i])) for i in range(min(end, len(rows))) if _has_content(rows[i])
    ]


def _header_message(
    header: list[Any], line: int, width: int, chosen: bool, filename: str, *, weak: str | None
) -> Message:
    shown = _shown(header)
    if chosen:
        return Message("info", f"Kopregel: regel {line} ('{shown[:80]}'), zoals gekozen.",
                       line=line, file=filename)  # fmt: skip
    if width == 1:
        return Message(
            "warning",
            f"Het bestand heeft één kolom; regel {line} ('{shown[:80]}') werd als kop genomen en "
            "niet als gegevens gelezen. Kies een andere kopregel als dat niet klopt, of geen "
            "kopregel (0) als elke regel gegevens is.",
            line=line,
            file=filename,
        )
    if weak:
        return Message(
            "info",
            f"Kopregel: regel {line} ('{shown[:80]}'), maar dat is onzeker ({weak}). Kies een "
            "andere kopregel als dat niet klopt.",
            line=line,
            file=filename,
        )
    return Message(
        "info",
        f"Kopregel: regel {line} ('{shown[:80]}'). Kies een andere kopregel als dat niet klopt.",
        line=line,
        file=filename,
    )


def build_table(
    rows: list[list[Any]],
    lines: list[int],
    *,
    filename: str,
    header_row: int | None = None,
    problems: dict[int, str] | None = None,
    fields: bool = True,
) -> RawTable:
    """Turn raw rows (with their line numbers) into a :class:`RawTable`.

    ``header_row`` is the 1-based line of the header when the analyst chose it, 0 for none
    (every record is data, columns 'kolom 1', 'kolom 2', ...). Every record
    with content after the header becomes a data row (rows_in counts it): notes, short, long and
    one-field rows get a reason in ``row_problems``, as do the records in ``problems`` (by
    position in ``rows``: a NUL byte, an unclosed quote). Records without any content are
    skipped with a message. ``fields=False`` (a spreadsheet): a short row is not a problem.
    """
    problems = problems or {}
    messages: list[Message] = []
    if not any(_has_content(r) for r in rows):
        raise UploadRejectedError(
            Message("error", "Het bestand bevat geen gegevens.", file=filename)
        )
    if header_row == 0:
        return _headerless_table(rows, lines, filename=filename, problems=problems, fields=fields)
    h = _header_position(rows, lines, header_row, filename)
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
    while width > 1 and _blank(header[width - 1]):
        width -= 1
    first_data = h + 1
    below = rows[h + 1] if h + 1 < len(rows) else None
    wide = _two_row_width(header, below)
    if below is not None and _sub_header(header, below, wide):
        width = wide
        header = _merged_names(header, below, width)
        first_data = h + 2
        messages.append(
            Message(
                "info",
                f"Kop over twee regels ({lines[h]}-{lines[h + 1]}, samengevoegde cellen): "
                f"kolommen {', '.join(str(n) for n in header if n)}.",
                line=lines[h],
                file=filename,
            )
        )
    weak = None if header_row is not None else _weak_header(rows, h, width, len(notes))
    messages.append(
        _header_message(header, lines[h], width, header_row is not None, filename, weak=weak)
    )
    keep = _content_rows(rows, first_data)
    empty = len(rows) - first_data - len(keep)
    if empty:
        messages.append(
            Message("info", f"{empty} lege regel(s) in de tabel overgeslagen.", file=filename)
        )
    names = _header_names(header, width)
    cells, row_problems = _data_cells(rows, keep, names, problems, fields=fields)
    return RawTable(
        cells=cells,
        lines=np.array([lines[i] for i in keep], dtype=np.int64),
        header_line=lines[h],
        messages=messages,
        row_problems=row_problems,
        choices={
            "header_line": lines[h],
            "header_lines": _offered_lines(rows, lines, h),
            **({"header_weak": weak} if weak else {}),
        },
    )


def _data_cells(
    rows: list[list[Any]],
    keep: list[int],
    names: list[str],
    problems: dict[int, str],
    *,
    fields: bool,
    against: str = "de kop heeft",
) -> tuple[pd.DataFrame, dict[int, str]]:
    """The data rows at positions ``keep`` cut or padded to the columns ``names``, and the
    reason every malformed one has (by its position among the data rows)."""
    width = len(names)
    row_problems: dict[int, str] = {}
    data: list[list[Any]] = []
    for pos, i in enumerate(keep):
        row = rows[i]
        n = len(row)
        if n == width and _two_filled(row) and i not in problems:
            data.append(row)  # the common row: all its fields, two of them filled, no problem
            continue
        reason = _row_problem(row, width, problems.get(i), fields=fields, against=against)
        if reason:
            row_problems[pos] = reason
        data.append((list(row[:width]) + [""] * (width - n)) if n < width else list(row[:width]))
    text_only = all(isinstance(v, str) for row in data for v in row)
    cells = pd.DataFrame(data, columns=names, dtype="str" if text_only else object)
    return cells, row_problems


def _two_filled(row: list[Any]) -> bool:
    """True when the first two cells are filled text: such a row is no note (:func:`_is_note`)
    and, with the header's number of fields, has no problem of its own."""
    if len(row) < 2:
        return False
    first, second = row[0], row[1]
    if not (isinstance(first, str) and isinstance(second, str)):
        return False
    return bool(first.strip()) and bool(second.strip())


def _filled_width(row: list[Any]) -> int:
    """The number of cells up to the last filled one."""
    width = len(row)
    while width and _blank(row[width - 1]):
        width -= 1
    return width


def _headerless_table(
    rows: list[list[Any]],
    lines: list[int],
    *,
    filename: str,
    problems: dict[int, str],
    fields: bool,
) -> RawTable:
    """Every record with content is data (the analyst chose 'geen kopregel', header line 0);
    the columns are named 'kolom 1', 'kolom 2', ... The width is the field count most records
    have (the widest of them on a tie; for a spreadsheet the widest filled row)."""
    keep = _content_rows(rows)
    if fields:
        counts = Counter(len(rows[i]) for i in keep)
        width = max(counts, key=lambda n: (counts[n], n))
    else:
        width = max(_filled_width(rows[i]) for i in keep)
    width = max(width, 1)
    names = [f"kolom {i + 1}" for i in range(width)]
    listed = ", ".join(names[:8]) + (f" ... {names[-1]}" if width > 8 else "")
    messages = [
        Message(
            "info",
            f"Geen kopregel: alle {len(keep)} regels zijn gegevens; kolommen {listed}.",
            file=filename,
        )
    ]
    empty = len(rows) - len(keep)
    if empty:
        messages.append(
            Message("info", f"{empty} lege regel(s) in de tabel overgeslagen.", file=filename)
        )
    cells, row_problems = _data_cells(
        rows, keep, names, problems, fields=fields, against="de meeste regels hebben"
    )
    return RawTable(
        cells=cells,
        lines=np.array([lines[i] for i in keep], dtype=np.int64),
        header_line=0,
        messages=messages,
        row_problems=row_problems,
        choices={"header_line": 0, "header_lines": _offered_lines(rows, lines, 0)},
    )


@dataclass
class RawRows:
    """A file's records as read, before a header is chosen: cells and their 1-based file lines.

    ``lines[i]`` is the line (or Excel row) on which ``rows[i]`` starts, also when a quoted cell
    spans several lines. Cells are text (CSV) or text and numbers (Excel). ``formulas`` lists
    Excel formula cells without a saved value as (line, 0-based column, formula); the formula
    text stands in the cell. ``problems`` maps a record's position to the reason it cannot be
    read (a NUL byte, a quote never closed).
    """

    rows: list[list[Any]]
    lines: list[int]
    messages: list[Message] = field(default_factory=list)
    choices: dict[str, Any] = field(default_factory=dict)
    formulas: list[tuple[int, int, str]] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)

    def text(self) -> list[list[str]]:
        """Every cell as text ('' for an empty cell), row by row."""
        return [["" if v is None else str(v) for v in row] for row in self.rows]


def read_text_rows(data: bytes, *, filename: str, budget: ReadBudget | None = None) -> RawRows:
    """Decode a delimited text file (CSV, TXT, Excel 'Unicode text') into records with lines.

    The encoding and the separator are detected (see :mod:`geodata.upload.sniff`); raises
    :class:`UploadRejectedError` for bytes that are not text or a file over the ``budget``
    (rows, columns, cells, time; checked while reading). A record with a NUL byte, and every
    line swallowed by a quote that is never closed, is kept with a reason in ``problems``.
    """
    budget = budget or ReadBudget(filename)
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
    budget.check_time()
    sep = detect_separator(text)
    rows: list[list[Any]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep or "\x1f")
    previous = 0
    if '"' not in text:
        # No quote, so every record is one line (an empty line too): read them in blocks
        while block := list(itertools.islice(reader, _BLOCK)):
            budget.add_rows([len(record) for record in block], previous + 1)
            rows.extend(block)
            previous += len(block)
        lines = list(range(1, previous + 1))
    for record in reader:  # a quoted cell may span lines: the reader says where each starts
        budget.add_row(len(record), previous + 1)
        rows.append(record)
        lines.append(previous + 1)
        previous = reader.line_num
    problems: dict[int, str] = {}
    if rows and previous > lines[-1] and _unclosed_quote(text, lines[-1], sep):
        messages.append(
            _split_unclosed(
                text, rows=rows, lines=lines, problems=problems, sep=sep, filename=filename
            )
        )
    for i, row in enumerate(rows if "\x00" in text else ()):
        if any("\x00" in cell for cell in row) and i not in problems:
            problems[i] = "de regel bevat een NUL-teken (\\x00) en wordt niet gelezen"
    return RawRows(
        rows=rows, lines=lines, messages=messages, choices={"separator": sep}, problems=problems
    )


_LINE_END = re.compile(r"\r\n|\r|\n")


def _physical_lines(text: str) -> list[str]:
    """The text's lines as the csv module counts them (\\r\\n, \\r or \\n)."""
    parts = _LINE_END.split(text)
    return parts[:-1] if parts and parts[-1] == "" else parts


def _unclosed_quote(text: str, line: int, sep: str | None) -> bool:
    """True when the record that starts on ``line`` (the last one) opens a quote that is never
    closed."""
    tail = "\n".join(_physical_lines(text)[line - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), strict=True, delimiter=sep or "\x1f"):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _split_unclosed(
    text: str,
    *,
    rows: list[list[Any]],
    lines: list[int],
    problems: dict[int, str],
    sep: str | None,
    filename: str,
) -> Message:
    """Replace the last record, a quote opened on its line and never closed, by the physical
    lines it swallowed, each a malformed record; the message names the line."""
    opened = lines[-1]
    physical = _physical_lines(text)[opened - 1 :]
    rows.pop()
    lines.pop()
    reason = f"aanhalingsteken geopend op regel {opened} wordt nooit gesloten"
    for offset, line_text in enumerate(physical):
        if not line_text.strip():
            continue
        cells = next(csv.reader([line_text], delimiter=sep or "\x1f", quoting=csv.QUOTE_NONE))
        problems[len(rows)] = reason if offset == 0 else f"opgeslokt door het {reason}"
        rows.append(cells)
        lines.append(opened + offset)
    return Message(
        "warning",
        f'Op regel {opened} opent een aanhalingsteken (") dat nooit gesloten wordt; de '
        f"{len(physical) - 1} regel(s) daarna zitten erin opgeslokt en worden niet gelezen. "
        "Sluit of verwijder het aanhalingsteken.",
        line=opened,
        file=filename,
    )


def read_text_table(data: bytes, *, filename: str, header_row: int | None = None) -> RawTable:
    """Read a delimited text file (CSV, TXT, Excel 'Unicode text')."""
    raw = read_text_rows(data, filename=filename)
    sep = raw.choices["separator"]
    table = build_table(
        raw.rows, raw.lines, filename=filename, header_row=header_row, problems=raw.problems
    )
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
