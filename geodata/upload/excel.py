"""Reading one sheet of an Excel workbook (.xlsx); formulas without a saved value are reported.

The workbook is loaded twice: with cached values (what Excel last computed) and with formulas,
so a formula cell whose value was never saved (a file written by a script, not by Excel) is
found and reported instead of being read as empty.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from geodata.messages import Message
from geodata.upload.limits import ReadBudget
from geodata.upload.report import UploadRejectedError
from geodata.upload.tabular import RawRows, RawTable, build_table, column_letter

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

_FORMULA_MESSAGES = 20
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_HEAD_BYTES = 65536  # where a sheet's <dimension ref="A1:C9"/> is, before its rows
# What openpyxl raises on a damaged workbook: broken zip members, XML or cell values.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError, TypeError,
            SyntaxError)  # fmt: skip


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def read_excel_rows(
    data: bytes, *, filename: str, sheet: str | None = None, budget: ReadBudget | None = None
) -> RawRows:
    """Every row of one sheet of an .xlsx workbook with its row number (chosen sheet, sheet
    names and formulas without a saved value included); raises :class:`UploadRejectedError`,
    also as soon as the sheet exceeds the read ``budget`` (rows, columns, cells, unpacked size,
    time)."""

    budget = budget or ReadBudget(filename)
    _check_sheet_sizes(data, budget)
    try:
        values_wb = _load(data, data_only=True)
    except _DAMAGED as exc:
        raise _damaged(filename, exc) from exc
    formula_wb = None
    try:
        sheets = list(values_wb.sheetnames)
        chosen, messages = _choose_sheet(values_wb, sheets, sheet, filename)
        if _has_formulas(data, str(getattr(values_wb[chosen], "_worksheet_path", ""))):
            formula_wb = _load(data, data_only=False)
        formulas = formula_wb[chosen] if formula_wb is not None else None
        rows, lines, missing = _sheet_rows(values_wb[chosen], formulas, budget)
    except _DAMAGED as exc:
        raise _damaged(filename, exc) from exc
    finally:
        values_wb.close()
        if formula_wb is not None:
            formula_wb.close()
    return RawRows(
        rows=rows,
        lines=lines,
        messages=messages,
        choices={"sheets": sheets, "sheet": chosen},
        formulas=missing,
    )


def _damaged(filename: str, exc: BaseException) -> UploadRejectedError:
    return UploadRejectedError(
        Message("error", f"Het Excel-bestand kan niet gelezen worden ({exc}).", file=filename)
    )


def _load(data: bytes, *, data_only: bool) -> Workbook:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


def _has_formulas(data: bytes, path: str) -> bool:
    """True when the sheet's XML holds a formula element (``<f>``); True when unsure. Reading
    the workbook a second time for its formulas is skipped for a sheet without any."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        try:
            handle = zf.open(path)
        except KeyError:
            return True
        with handle:
            tail = b""
            while chunk := handle.read(1024 * 1024):
                if _FORMULA.search(tail + chunk):
                    return True
                tail = chunk[-16:]
    return False


def _check_sheet_sizes(data: bytes, budget: ReadBudget) -> None:
    """Every sheet's unpacked size against the budget before the workbook is opened (opening
    measures every sheet, and parses a sheet without a saved size in full)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            name = info.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with zf.open(info) as handle:
                head = handle.read(_HEAD_BYTES)
            sized = b"dimension " in head or b"dimension\t" in head
            budget.check_sheet_bytes(info.file_size, name.rsplit("/", 1)[-1], sized=sized)


def _sheet_rows(
    ws_values: ReadOnlyWorksheet, ws_formulas: ReadOnlyWorksheet | None, budget: ReadBudget
) -> tuple[list[list[Any]], list[int], list[tuple[int, int, str]]]:
    """Rows of values with their row numbers; a formula without a saved value stands in for it
    (``ws_formulas`` is None for a sheet without formulas)."""
    ws_values.reset_dimensions()
    formula_rows: Iterable[Sequence[Any]] = itertools.repeat(())
    if ws_formulas is not None:
        ws_formulas.reset_dimensions()
        formula_rows = ws_formulas.iter_rows(values_only=True)  # type: ignore[misc]  # stubs
    rows: list[list[Any]] = []
    lines: list[int] = []
    missing: list[tuple[int, int, str]] = []
    pairs = zip(
        ws_values.iter_rows(values_only=True),  # type: ignore[misc]  # stubs: Worksheet only
        formula_rows,
        strict=False,
    )
    for number, (vals, forms) in enumerate(pairs, start=1):
        budget.add_row(len(vals), number)
        row = [_plain(v) for v in vals]
        for c, (v, f) in enumerate(zip(vals, forms, strict=False)):
            if v is None and isinstance(f, str) and f.startswith("="):
                missing.append((number, c, f))
                row[c] = f
        rows.append(row)
        lines.append(number)
    return rows, lines, missing


def read_excel_table(
    data: bytes, *, filename: str, sheet: str | None = None, header_row: int | None = None
) -> RawTable:
    """Read one sheet of an .xlsx workbook; formulas without a saved value are reported."""
    raw = read_excel_rows(data, filename=filename, sheet=sheet)
    table = build_table(
        raw.rows,
        raw.lines,
        filename=filename,
        header_row=header_row,
        problems=raw.problems,
        fields=False,
    )
    table.messages[:0] = raw.messages
    table.choices.update(raw.choices)
    _flag_formulas(table, raw.formulas, filename)
    return table


def formula_warning(count: int, *, filename: str) -> Message:
    """The warning for ``count`` formulas without a saved value in a workbook."""
    return Message(
        "warning",
        f"{count} formule(s) zonder opgeslagen waarde (het bestand werd niet in Excel "
        "opgeslagen na berekening). Open en bewaar het in Excel, of exporteer als CSV.",
        file=filename,
    )


def _choose_sheet(
    wb: Any, sheets: list[str], sheet: str | None, filename: str
) -> tuple[str, list[Message]]:
    if sheet is not None:
        if sheet not in sheets:
            raise UploadRejectedError(
                Message(
                    "error",
                    f"Blad '{sheet}' bestaat niet; kies uit: {', '.join(sheets)}.",
                    file=filename,
                )
            )
        return sheet, []
    visible = [s for s in sheets if getattr(wb[s], "sheet_state", "visible") == "visible"]
    hidden = [s for s in sheets if s not in visible]
    candidates = visible or sheets
    sizes = {s: (wb[s].max_row or 0) * min(wb[s].max_column or 0, 50) for s in candidates}
    chosen = max(candidates, key=lambda s: (sizes[s] > 1 and (wb[s].max_column or 0) > 1, sizes[s]))
    if len(sheets) > 1:
        others = [s for s in sheets if s != chosen]
        listed = ", ".join(f"'{s}'" + (" (verborgen)" if s in hidden else "") for s in others)
        return chosen, [
            Message(
                "warning",
                f"Het werkboek heeft {len(sheets)} bladen ({', '.join(sheets)}); blad "
                f"'{chosen}' werd gelezen (verborgen bladen nooit vanzelf). Andere bladen: "
                f"{listed}. Kies een ander blad als dat niet klopt.",
                file=filename,
            )
        ]
    return chosen, []


def _flag_formulas(table: RawTable, missing: list[tuple[int, int, str]], filename: str) -> None:
    if not missing:
        return
    position = {int(line): pos for pos, line in enumerate(table.lines)}
    for line, col, formula in missing:
        pos = position.get(line)
        if pos is None or col >= table.cells.shape[1]:
            continue
        name = table.cells.columns[col]
        table.row_problems.setdefault(
            pos,
            f"kolom '{name}' bevat een formule zonder opgeslagen waarde ({formula[:40]})",
        )
    table.messages.append(formula_warning(len(missing), filename=filename))
    for line, col, formula in missing[:_FORMULA_MESSAGES]:
        name = table.cells.columns[col] if col < table.cells.shape[1] else column_letter(col)
        table.messages.append(
            Message(
                "warning",
                f"formule zonder opgeslagen waarde: {formula[:60]}",
                line=line,
                column=str(name),
                file=filename,
            )
        )


__all__ = ["formula_warning", "read_excel_rows", "read_excel_table"]
