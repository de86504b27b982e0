"""The validation report of an upload as the dashboard shows it: tables and Dutch notes.

Pure functions over :class:`geodata.upload.UploadReport` (and an inventory's messages, turned
into the same kind of report), so every upload kind gets one report with the accounting identity
``rows read = matched + not matched + malformed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from geodata.messages import Message
from geodata.upload import CRS_LABELS, UploadReport, decide_status

LEVEL_LABELS: dict[str, str] = {"info": "info", "warning": "waarschuwing", "error": "fout"}
STATUS_LABELS: dict[str, str] = {
    "ok": "Het bestand is bruikbaar.",
    "warnings": "Het bestand is bruikbaar, met opmerkingen: lees ze voor u het gebruikt.",
    "rejected": "Het bestand kan niet gebruikt worden.",
}
AGGREGATION_LABELS: dict[str, str] = {
    "": "niet samenvoegen (die rijen worden niet gebruikt)",
    "sum": "optellen (voor aantallen)",
    "rate": "verhouding herberekenen uit teller en noemer",
}
# The merge of one value column (key of ``UploadOptions.column_merges``); "standaard" follows
# the choice for the whole file.
COLUMN_MERGE_LABELS: dict[str, str] = {
    "standaard": "zoals hierboven gekozen",
    "sum": "optellen (aantallen)",
    "rate": "herberekenen uit teller en noemer",
    "": "niet samenvoegen (leeg voor samengevoegde eenheden)",
}
DUPLICATE_LABELS: dict[str, str] = {
    "refuse": "geen van de dubbele rijen gebruiken",
    "first": "de eerste rij gebruiken",
    "last": "de laatste rij gebruiken",
    "sum": "de waarden optellen",
}
MESSAGE_COLUMNS = ("Regel", "Kolom", "Soort", "Melding")


def messages_frame(messages: Sequence[Message]) -> pd.DataFrame:
    """One row per message: line (text, empty for the whole file), column, level (Dutch) and the
    message, in the reader's order."""
    frame = pd.DataFrame(
        {
            # text, so that a message about the whole file shows an empty cell, not "None"
            "Regel": ["" if m.line is None else str(m.line) for m in messages],
            "Kolom": [m.column or "" for m in messages],
            "Soort": [LEVEL_LABELS.get(m.level, m.level) for m in messages],
            "Melding": [m.message for m in messages],
        },
        columns=list(MESSAGE_COLUMNS),
    )
    return frame.reset_index(drop=True)


def accounting_line(report: UploadReport) -> str:
    """The accounting identity in words, e.g. '5 gelezen = 4 gekoppeld + 1 niet gekoppeld + 0
    onleesbaar'."""
    return (
        f"{report.rows_in} rijen gelezen = {report.rows_matched} gekoppeld + "
        f"{report.rows_unmatched} niet gekoppeld + {report.rows_malformed} onleesbaar"
    )


def rejected_rows_frame(report: UploadReport) -> pd.DataFrame:
    """The rows not used, with Dutch headers for line and reason and the original cells."""
    return report.rejected_rows.rename(columns={"line": "regel", "reason": "reden"})


def column_merge_choices(column: str, choices: Mapping[str, Any]) -> list[str]:
    """The merges offered for one value column: never 'sum' for a share, rate, mean or
    percentage (``choices["share_columns"]``, from the reader)."""
    shares = choices.get("share_columns") or {}
    return [m for m in COLUMN_MERGE_LABELS if not (m == "sum" and column in shares)]


def _names(codes: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(f"{names.get(c, c)} ({c})" for c in codes)


def _merge_notes(
    choices: Mapping[str, Any],
    aggregation: str | None,
    merged_codes: Sequence[str],
    names: Mapping[str, str],
) -> list[str]:
    notes: list[str] = []
    merged = list(choices.get("merged_codes") or merged_codes)
    if merged:
        how = AGGREGATION_LABELS.get(aggregation or "", AGGREGATION_LABELS[""])
        notes.append(
            "Oude codes of sectoren samengevoegd tot de gemeenten/wijken van 2025: "
            f"{_names(merged, names)}. Gekozen: {how}."
        )
    for column, why in (choices.get("share_columns") or {}).items():
        if merged:
            notes.append(f"Kolom '{column}' wordt nooit opgeteld: {why}.")
    if choices.get("incomplete_mergers"):
        notes.append(
            "Onvolledig samengevoegd (een gemeente van 2024 ontbreekt in het bestand of haar rij "
            f"wordt niet gebruikt; blijft leeg): {_names(choices['incomplete_mergers'], names)}."
        )
    return notes


def report_notes(
    choices: Mapping[str, Any],
    *,
    aggregation: str | None = None,
    duplicates: str = "refuse",
    merged_codes: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """Dutch sentences on what the reading did: separator, sheet or layer, key column, year,
    coordinate system, repaired geometries, legacy codes merged and the aggregation chosen.

    ``merged_codes`` are the 2025 codes that received several rows (remembered from an earlier
    read, because a read with an aggregation no longer reports them); ``names`` maps codes to
    municipality names.
    """
    names = names or {}
    notes: list[str] = []
    if choices.get("separator_name"):
        notes.append(f"Scheidingsteken: {choices['separator_name']}.")
    if choices.get("number_convention"):
        notes.append(str(choices["number_convention"]))
    if len(choices.get("sheets") or []) > 1:
        notes.append(f"Excel-blad gelezen: '{choices.get('sheet')}'.")
    if len(choices.get("layers") or []) > 1:
        notes.append(f"Laag gelezen: '{choices.get('layer')}'.")
    if choices.get("key_column"):
        notes.append(f"Sleutelkolom: '{choices['key_column']}'.")
    if choices.get("value_columns"):
        listed = ", ".join(f"'{c}'" for c in choices["value_columns"])
        notes.append(f"Kolommen met waarden: {listed}.")
    if choices.get("coordinate_columns"):
        x, y = choices["coordinate_columns"]
        notes.append(f"Coördinaten uit kolommen '{x}' en '{y}'.")
    if choices.get("crs"):
        notes.append(f"Coördinatenstelsel: {CRS_LABELS.get(choices['crs'], choices['crs'])}.")
    if choices.get("year") is not None:
        notes.append(f"Jaar gebruikt: {choices['year']} (kolom '{choices.get('year_column')}').")
    if choices.get("repaired"):
        notes.append(f"{len(choices['repaired'])} ongeldige vorm(en) hersteld.")
    notes += _merge_notes(choices, aggregation, merged_codes, names)
    if choices.get("duplicate_keys"):
        keys = ", ".join(map(str, choices["duplicate_keys"][:5]))
        notes.append(f"Dubbele sleutels ({keys}): {DUPLICATE_LABELS.get(duplicates, duplicates)}.")
    return notes


def inventory_report(
    inventory: pd.DataFrame, messages: Sequence[Message], *, filename: str
) -> UploadReport:
    """An inventory read by :func:`layers.initiatives.inventory.read_inventory` as an upload report.

    Valid rows are matched; rows with an error are malformed, each listed with its line and
    the error messages of that line as the reason.
    """
    messages = list(messages)
    valid = inventory["geldig"].astype(bool) if "geldig" in inventory else pd.Series(dtype=bool)
    bad = inventory[~valid] if len(inventory) else inventory
    reasons: dict[int, list[str]] = {}
    for m in messages:
        if m.level == "error" and m.line is not None:
            where = f"kolom '{m.column}': " if m.column else ""
            reasons.setdefault(int(m.line), []).append(where + m.message)
    rejected = pd.DataFrame(
        {
            "line": pd.array([int(v) for v in bad["regel"]], dtype="Int64")
            if len(bad)
            else pd.array([], dtype="Int64"),
            "reason": ["; ".join(reasons.get(int(v), ["ongeldige rij"])) for v in bad["regel"]]
            if len(bad)
            else [],
        }
    )
    if len(bad):
        cells = bad.drop(columns=["regel", "geldig"]).reset_index(drop=True)
        cells = cells.map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple) else v)
        rejected = pd.concat([rejected, cells], axis=1)
    matched = int(valid.sum())
    rejected_file = not len(inventory) and any(m.level == "error" for m in messages)
    return UploadReport(
        filename=filename,
        kind="table",
        status=decide_status(rows_matched=matched, messages=messages, rejected=rejected_file),
        rows_in=len(inventory),
        rows_matched=matched,
        rows_unmatched=0,
        rows_malformed=len(inventory) - matched,
        messages=messages,
        rejected_rows=rejected,
    )


__all__ = [
    "AGGREGATION_LABELS",
    "COLUMN_MERGE_LABELS",
    "DUPLICATE_LABELS",
    "LEVEL_LABELS",
    "MESSAGE_COLUMNS",
    "STATUS_LABELS",
    "accounting_line",
    "column_merge_choices",
    "inventory_report",
    "messages_frame",
    "rejected_rows_frame",
    "report_notes",
]
