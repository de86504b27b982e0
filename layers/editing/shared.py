"""The municipalities' saved inventories: saving with the inventory checks, history, restore.

Each municipality (2025 NIS code) keeps one inventory in the shared store
(:mod:`geodata.inventories`); every save is a new version. Before anything is written the rows go
through the same checks as an uploaded file (:func:`layers.initiatives.check_inventory_frame`):
rows with errors refuse the save with Dutch messages, and only an editor of that municipality
(:class:`layers.editing.rights.Editor`) may save. The stored rows are the inventory file's
columns as text (lists ``;``-separated), ``lat``/``lon`` as numbers.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geodata import inventories as db
from geodata.inventories import InventoryConflictError, SavedInventory, display_time
from layers.editing.rights import Editor, EditRefusedError
from layers.initiatives import (
    INVENTORY_COLUMNS,
    LIST_COLUMNS,
    check_inventory_frame,
    normalise_code,
    number_value,
    split_list,
    text_value,
)

SAVED_SOURCE = (
    "eigen overzicht van de gemeente, bewaard in Verbonden (versie {version}, {date}; waarneming)"
)


class InventoryRefusedError(ValueError):
    """Rows that do not pass the inventory checks; nothing was saved.

    ``messages`` are the Dutch error sentences (row and column); ``str()`` joins them."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        shown = "\n".join(f"- {m}" for m in messages[:20])
        more = f"\n- en {len(messages) - 20} meer" if len(messages) > 20 else ""
        super().__init__(
            "Het overzicht is niet bewaard: verbeter eerst deze fouten (rij 1 is de eerste rij "
            f"van de tabel, lege rijen niet meegeteld).\n{shown}{more}"
        )


@dataclass(frozen=True)
class Saved:
    """A municipality's saved inventory as a typed table (see ``read_inventory``)."""

    code: str
    version: int
    editor: str
    saved_at: str
    table: pd.DataFrame

    @property
    def source(self) -> str:
        """The ``aanbod_bron`` of the units this inventory is the provision measure of."""
        return saved_source(self.version, self.saved_at)


@dataclass(frozen=True)
class SharedInventories:
    """Every municipality's saved inventory, as one typed table with the source of each."""

    table: pd.DataFrame
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when no municipality saved an inventory."""
        return not self.sources


def saved_source(version: int, saved_at: str) -> str:
    """The source label of a saved inventory: the municipality's own, with version and date."""
    return SAVED_SOURCE.format(version=version, date=display_time(saved_at)[:10])


def _cell(column: str, value: object) -> Any:
    if column in ("lat", "lon"):
        number = number_value(value)
        return None if number is None or math.isnan(number) else number
    if column in LIST_COLUMNS:
        return ";".join(split_list(value))
    return text_value(value)


def rows_of(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The stored form of a typed or text inventory table: one dict per row, the inventory
    columns in order (lists ``;``-separated, lat/lon numbers or None)."""
    return [
        {column: _cell(column, row.get(column, "")) for column in INVENTORY_COLUMNS}
        for row in table.to_dict("records")
    ]


def _text_frame(rows: list[dict[str, Any]], first: int = 2) -> pd.DataFrame:
    """Rows as the reader's text table, numbered from ``first`` (a file's first data line is 2,
    a table's first row 1)."""
    frame = pd.DataFrame(
        [{c: text_value(r.get(c, "")) for c in INVENTORY_COLUMNS} for r in rows],
        columns=list(INVENTORY_COLUMNS),
    )
    frame.insert(0, "regel", range(first, len(frame) + first))
    return frame


def table_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A typed inventory table (as ``read_inventory`` returns) from stored rows."""
    typed, _ = check_inventory_frame(_text_frame(rows), filename="bewaard overzicht")
    return typed


def _blank(row: Mapping[str, Any]) -> bool:
    return not any(text_value(_cell(c, row.get(c, ""))) for c in INVENTORY_COLUMNS)


def check_rows(
    table: pd.DataFrame,
    *,
    code: str,
    known_codes: Collection[str] | None,
    localities: Mapping[str, str] | None,
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Rows of an edited table checked for municipality ``code``: (stored rows, errors, notes).

    Messages number the rows from 1 (the table's first row). Fully blank rows are dropped; a
    blank ``gemeente_code`` becomes ``code``; a row of another municipality is an error (an
    editor keeps only this municipality's inventory)."""
    rows = [r for r in rows_of(table) if not _blank(r)]
    errors: list[str] = []
    for number, row in enumerate(rows, start=1):
        own = normalise_code(row["gemeente_code"])
        if not own:
            row["gemeente_code"] = code
        elif own != code:
            errors.append(
                f"rij {number}, kolom 'gemeente_code': {own} is een andere gemeente; dit "
                f"overzicht is dat van gemeente {code}. Zet de rij in het overzicht van die "
                "gemeente (of laat de kolom leeg)."
            )
    typed, messages = check_inventory_frame(
        _text_frame(rows, first=1),
        filename="",
        known_codes=known_codes,
        known_locality_codes=localities,
    )
    errors += [_row_text(m.line, m.column, m.message) for m in messages if m.level == "error"]
    notes = [_row_text(m.line, m.column, m.message) for m in messages if m.level != "error"]
    return rows_of(typed), errors, notes


def _row_text(line: int | None, column: str | None, message: str) -> str:
    where = [f"rij {line}"] if line is not None else []
    where += [f"kolom '{column}'"] if column else []
    return f"{', '.join(where)}: {message}" if where else message


def _saved(found: SavedInventory) -> Saved:
    return Saved(
        code=found.code,
        version=found.version,
        editor=found.editor,
        saved_at=found.saved_at,
        table=table_of(found.rows),
    )


def saved_inventory(url: str, code: str) -> Saved | None:
    """The saved inventory of ``code`` (typed), or None when it has none yet."""
    found = db.current(url, code)
    return None if found is None else _saved(found)


def save_inventory(
    url: str,
    code: str,
    table: pd.DataFrame,
    *,
    expected_version: int,
    editor: Editor | None,
    known_codes: Collection[str] | None = None,
    localities: Mapping[str, str] | None = None,
    note: str = "",
) -> Saved:
    """Check ``table`` and save it as the next version of ``code``'s inventory.

    Raises :class:`EditRefusedError` (not an editor of ``code``),
    :class:`InventoryRefusedError` (rows with errors) or
    :class:`geodata.inventories.InventoryConflictError` (someone saved in between); in each case
    nothing is written."""
    permitted(editor, code)
    assert editor is not None
    rows, errors, _ = check_rows(table, code=code, known_codes=known_codes, localities=localities)
    if errors:
        raise InventoryRefusedError(errors)
    found = db.save(
        url, code, rows, expected_version=expected_version, editor=editor.identity, note=note
    )
    return _saved(found)


def permitted(editor: Editor | None, code: str) -> None:
    """Raise :class:`EditRefusedError` unless ``editor`` may change ``code``'s inventory."""
    if editor is None:
        raise EditRefusedError(
            "Lezen mag iedereen, maar om dit overzicht te wijzigen moet u eerst ontgrendelen met "
            "de toegangscode van de gemeente (of aanmelden als bewerker)."
        )
    if editor.code != code:
        raise EditRefusedError(
            f"U bent bewerker van gemeente {editor.code}, niet van gemeente {code}: u kunt dit "
            "overzicht lezen maar niet wijzigen."
        )


def restore_version(
    url: str, code: str, version: int, *, expected_version: int, editor: Editor | None
) -> Saved:
    """Save version ``version`` of ``code``'s inventory again, as a new version."""
    permitted(editor, code)
    assert editor is not None
    rows = db.version_rows(url, code, version)
    if rows is None:
        raise EditRefusedError(f"Gemeente {code} heeft geen versie {version}.")
    found = db.save(
        url,
        code,
        rows,
        expected_version=expected_version,
        editor=editor.identity,
        note=f"versie {version} teruggezet",
    )
    return _saved(found)


def history_table(url: str, code: str) -> pd.DataFrame:
    """The versions of ``code``'s inventory, newest first: versie, wanneer, wie, wat."""
    rows = [
        {
            "versie": v.version,
            "wanneer": display_time(v.saved_at),
            "wie": v.editor,
            "wat": v.summary,
        }
        for v in db.history(url, code)
    ]
    return pd.DataFrame(rows, columns=["versie", "wanneer", "wie", "wat"])


def shared_inventories(url: str) -> SharedInventories:
    """Every saved inventory as one typed table (ids made unique across municipalities) and the
    source label per municipality code: the provision of the units they cover."""
    tables = []
    sources: dict[str, str] = {}
    for found in db.all_current(url):
        sources[found.code] = saved_source(found.version, found.saved_at)
        if found.rows:
            tables.append(table_of(found.rows))
    if not tables:
        empty = table_of([])
        return SharedInventories(table=empty, sources=sources)
    table = pd.concat(tables, ignore_index=True)
    return SharedInventories(table=table, sources=sources)


__all__ = [
    "SAVED_SOURCE",
    "InventoryConflictError",
    "InventoryRefusedError",
    "Saved",
    "SharedInventories",
    "check_rows",
    "history_table",
    "permitted",
    "restore_version",
    "rows_of",
    "save_inventory",
    "saved_inventory",
    "saved_source",
    "shared_inventories",
    "table_of",
]
