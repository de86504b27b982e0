"""Interpret a table keyed by gemeente/wijk: key column, year, value columns, accounting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from geodata.messages import Message
from geodata.resolver import Resolver
from geodata.upload.accounting import RowLedger
from geodata.upload.aggregate import combine_rows
from geodata.upload.keys import (
    KeyColumn,
    components_2024,
    detect_key_column,
    detect_year_column,
    resolve_keys,
    year_values,
)
from geodata.upload.numbers import parse_numbers
from geodata.upload.options import UploadOptions
from geodata.upload.report import UploadRejectedError, UploadReport

MIN_NUMERIC_SHARE = 0.5
# Another column resolving this well is a second key (a name next to a code), not a value.
OTHER_KEY_SCORE = 0.8
_CELL_MESSAGES_PER_COLUMN = 20


@dataclass
class TableOutcome:
    """Result of interpreting a keyed table."""

    report: UploadReport
    table: pd.DataFrame | None
    choices: dict[str, Any] = field(default_factory=dict)


def _value_columns(
    cells: pd.DataFrame, candidates: list[str], options: UploadOptions, filename: str
) -> tuple[dict[str, Any], list[str], list[Message]]:
    parsed: dict[str, Any] = {}
    ignored: list[str] = []
    messages: list[Message] = []
    for column in candidates:
        result = parse_numbers(cells[column], decimal=options.decimal)
        if options.value_columns is not None or (
            result.numeric_share >= MIN_NUMERIC_SHARE and (result.status != "missing").any()
        ):
            parsed[column] = result
        else:
            ignored.append(column)
    if ignored:
        messages.append(
            Message(
                "info",
                f"Kolommen zonder getallen niet als waarde gebruikt: {', '.join(ignored)}.",
                file=filename,
            )
        )
    return parsed, ignored, messages


def _flag_cells(
    parsed: dict[str, Any], cells: pd.DataFrame, ledger: RowLedger, filename: str
) -> list[Message]:
    messages: list[Message] = []
    for column, result in parsed.items():
        bad = np.flatnonzero(result.status.isin(["ambiguous", "conflict", "invalid"]).to_numpy())
        bad = np.array([p for p in bad if ledger.reason[int(p)] is None], dtype=np.int64)
        for n, position in enumerate(bad):
            raw = cells[column].iat[int(position)]
            reason = result.reason(raw, str(result.status.iat[int(position)]))
            ledger.mark(int(position), "malformed", f"kolom '{column}': {reason}")
            if n < _CELL_MESSAGES_PER_COLUMN:
                messages.append(
                    Message(
                        "warning",
                        reason,
                        line=int(ledger.lines[position]),
                        column=column,
                        file=filename,
                    )
                )
        if len(bad) > _CELL_MESSAGES_PER_COLUMN:
            messages.append(
                Message(
                    "warning",
                    f"... en nog {len(bad) - _CELL_MESSAGES_PER_COLUMN} cel(len) in deze kolom "
                    "(zie de lijst met geweigerde rijen).",
                    column=column,
                    file=filename,
                )
            )
        if result.notation == "mixed":
            messages.append(
                Message(
                    "warning",
                    "De kolom gebruikt zowel een decimale komma als een decimale punt.",
                    column=column,
                    file=filename,
                )
            )
    return messages


def _choose_year(
    cells: pd.DataFrame,
    year_column: str | None,
    options: UploadOptions,
    ledger: RowLedger,
    filename: str,
) -> tuple[list[Message], dict[str, Any]]:
    if year_column is None:
        return [], {}
    years = year_values(cells[year_column])
    distinct = sorted(int(y) for y in years.dropna().unique())
    choices: dict[str, Any] = {"year_column": year_column, "years": distinct}
    if len(distinct) <= 1 and options.year is None:
        return [], choices
    if options.year is not None and options.year not in distinct:
        raise UploadRejectedError(
            Message(
                "error",
                f"Jaar {options.year} komt niet voor in kolom '{year_column}' "
                f"(wel: {', '.join(map(str, distinct))}).",
                column=year_column,
                file=filename,
            )
        )
    chosen = options.year if options.year is not None else distinct[-1]
    choices["year"] = chosen
    other = np.flatnonzero((years != chosen).fillna(True).to_numpy())
    written = cells[year_column].iloc[other].astype(str).str.strip()
    ledger.mark_all(
        other, "unmatched", ("jaar " + written + f" niet gekozen (gekozen: {chosen})").tolist()
    )
    messages = []
    if options.year is None:
        messages.append(
            Message(
                "warning",
                f"Het bestand bevat {len(distinct)} jaren ({', '.join(map(str, distinct))}); "
                f"alleen {chosen} wordt gebruikt. Kies een ander jaar als dat niet klopt.",
                column=year_column,
                file=filename,
            )
        )
    return messages, choices


def _key_column(
    cells: pd.DataFrame, resolver: Resolver, options: UploadOptions, filename: str
) -> tuple[str | None, list[KeyColumn]]:
    best, candidates = detect_key_column(cells, resolver)
    if options.key_column is None:
        return (best.name if best else None), candidates
    if options.key_column not in cells.columns:
        raise UploadRejectedError(
            Message(
                "error",
                f"Kolom '{options.key_column}' bestaat niet; kolommen: "
                f"{', '.join(map(str, cells.columns))}.",
                file=filename,
            )
        )
    return options.key_column, candidates


def _value_candidates(
    cells: pd.DataFrame,
    *,
    key_column: str,
    year_column: str | None,
    candidates: list[KeyColumn],
    options: UploadOptions,
    filename: str,
) -> list[str]:
    if options.value_columns is not None:
        missing = [c for c in options.value_columns if c not in cells.columns]
        if missing:
            raise UploadRejectedError(
                Message("error", f"Kolom(men) {', '.join(missing)} bestaan niet.", file=filename)
            )
        return list(options.value_columns)
    other_keys = {c.name for c in candidates if c.score >= OTHER_KEY_SCORE}
    return [
        str(c) for c in cells.columns if c not in (key_column, year_column) and c not in other_keys
    ]


def interpret_table(
    cells: pd.DataFrame,
    lines: np.ndarray,
    *,
    row_problems: dict[int, str],
    resolver: Resolver | None,
    options: UploadOptions,
    filename: str,
    messages: list[Message],
) -> TableOutcome:
    """Resolve keys, read value columns and combine rows into one row per 2025 unit."""
    cells = cells.reset_index(drop=True)
    if cells.empty:
        raise UploadRejectedError(
            Message("error", "Het bestand heeft een kop maar geen gegevensrijen.", file=filename)
        )
    ledger = RowLedger(cells, lines)
    for position, reason in row_problems.items():
        ledger.mark(position, "malformed", reason)
    messages = list(messages)
    choices: dict[str, Any] = {"columns": [str(c) for c in cells.columns]}
    if resolver is None:
        raise UploadRejectedError(
            Message(
                "error",
                "Zonder referentiegegevens kunnen gemeenten niet herkend worden; "
                "bouw ze met 'verbonden data build'.",
                file=filename,
            )
        )
    key_column, candidates = _key_column(cells, resolver, options, filename)
    if key_column is None:
        ledger.mark_all(
            range(len(cells)), "unmatched", "geen kolom met gemeente- of wijkcodes of -namen"
        )
        messages.append(
            Message(
                "error",
                "Geen kolom met NIS-codes, gemeentenamen, sector- of wijkcodes gevonden "
                f"(kolommen: {', '.join(map(str, cells.columns))}). Kies de sleutelkolom.",
                file=filename,
            )
        )
        report = ledger.report(filename=filename, kind="table", messages=messages)
        return TableOutcome(report, None, choices)
    choices["key_column"] = key_column
    choices["key_candidates"] = [c.name for c in candidates]
    year_column = detect_year_column(cells.drop(columns=[key_column]))
    value_candidates = _value_candidates(
        cells,
        key_column=key_column,
        year_column=year_column,
        candidates=candidates,
        options=options,
        filename=filename,
    )
    parsed, ignored, value_messages = _value_columns(cells, value_candidates, options, filename)
    messages.extend(value_messages)
    choices.update({"value_columns": list(parsed), "ignored_columns": ignored})
    keys = resolve_keys(cells[key_column], resolver)
    totals = np.flatnonzero((keys["status"] == "total").to_numpy())
    if len(totals):
        messages.append(
            Message(
                "info",
                f"{len(totals)} totaalrij(en) herkend en niet als gemeente gelezen (regel "
                f"{int(ledger.lines[totals[0]])}: '{cells.at[totals[0], key_column]!s}').",
                line=int(ledger.lines[totals[0]]),
                column=key_column,
                file=filename,
            )
        )
    for status in ("total", "ambiguous", "unknown"):
        positions = np.flatnonzero((keys["status"] == status).to_numpy())
        ledger.mark_all(positions, "unmatched", keys["reason"].iloc[positions].tolist())
    messages.extend(_flag_cells(parsed, cells, ledger, filename))
    year_messages, year_choices = _choose_year(cells, year_column, options, ledger, filename)
    messages.extend(year_messages)
    choices.update(year_choices)
    values = pd.DataFrame({c: r.values for c, r in parsed.items()}, index=cells.index)
    usable = ledger.usable
    combined = combine_rows(
        keys[usable],
        values[usable],
        ledger.lines,
        filename=filename,
        duplicates=options.duplicates,
        aggregation=options.aggregation,
        numerator=options.numerator,
        denominator=options.denominator,
        rate_column=options.rate_column,
        components=components_2024(resolver),
    )
    for position, reason in combined.unused.items():
        ledger.mark(int(position), "unmatched", reason)
    messages.extend(combined.messages)
    choices.update(combined.choices)
    report = ledger.report(filename=filename, kind="table", messages=messages)
    table = combined.table if report.rows_matched else None
    return TableOutcome(report, table, choices)


__all__ = ["TableOutcome", "interpret_table"]
