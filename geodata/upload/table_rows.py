"""Interpret a table keyed by gemeente/wijk: key column, year, value columns, accounting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from geodata.messages import Message
from geodata.resolver import Resolver
from geodata.upload.accounting import RowLedger
from geodata.upload.aggregate import combine_rows, share_reason
from geodata.upload.keys import (
    KeyColumn,
    components_2024,
    detect_key_column,
    detect_year_column,
    resolve_keys,
    year_values,
)
from geodata.upload.numbers import ParsedColumn, file_convention, parse_numbers
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
    cells: pd.DataFrame,
    candidates: list[str],
    options: UploadOptions,
    filename: str,
    separator: str | None,
) -> tuple[dict[str, ParsedColumn], list[str], list[Message], dict[str, Any]]:
    """Parse the candidate columns; the file's number convention (inferred from all of them)
    reads the ambiguous cells of a column without evidence of its own."""
    parsed: dict[str, ParsedColumn] = {}
    ignored: list[str] = []
    messages: list[Message] = []
    choices: dict[str, Any] = {}
    for column in candidates:
        result = parse_numbers(cells[column], decimal=options.decimal)
        if options.value_columns is not None or (
            result.numeric_share >= MIN_NUMERIC_SHARE and (result.status != "missing").any()
        ):
            parsed[column] = result
        else:
            ignored.append(column)
    convention = file_convention(parsed) if options.decimal == "auto" else None
    if convention is not None:
        notation, proof = convention
        for column, result in list(parsed.items()):
            if result.notation == "none":
                parsed[column] = parse_numbers(cells[column], file_notation=notation)
        followers = [c for c, r in parsed.items() if r.followed_file]
        text = number_convention_note(
            notation, proof=proof, example=parsed[proof].example, separator=separator,
            followers=followers,
        )  # fmt: skip
        choices["number_convention"] = text
        messages.append(Message("info", text, file=filename))
    if ignored:
        messages.append(
            Message(
                "info",
                f"Kolommen zonder getallen niet als waarde gebruikt: {', '.join(ignored)}.",
                file=filename,
            )
        )
    return parsed, ignored, messages, choices


def number_convention_note(
    notation: str,
    *,
    proof: str,
    example: str | None,
    separator: str | None,
    followers: list[str],
) -> str:
    """The Dutch sentence saying which number convention was inferred for the file, and why."""
    shown = f" ('{example}')" if example else ""
    if notation == ",":
        what = "Belgisch/Nederlands: decimale komma, punt tussen duizendtallen"
        reason = f"decimale komma's in kolom '{proof}'{shown}"
        if separator == ";":
            reason += " en puntkomma als scheidingsteken"
    else:
        what = "internationaal: decimale punt, komma tussen duizendtallen"
        reason = f"decimale punten in kolom '{proof}'{shown}"
    text = f"Getalnotatie van het bestand afgeleid: {what} (uit {reason})."
    if followers:
        listed = ", ".join(f"'{c}'" for c in followers)
        sample = "'529.247' = 529247" if notation == "," else "'529,247' = 529247"
        text += f" Zo gelezen in {listed} (bv. {sample}). Kies anders het decimaalteken."
    return text


def _flag_cells(
    parsed: dict[str, ParsedColumn], cells: pd.DataFrame, ledger: RowLedger, filename: str
) -> list[Message]:
    """Report every unreadable value cell. Such a cell is left empty; its row is malformed only
    when none of its value columns holds a readable number (one column's problem never discards
    another column's good value)."""
    messages: list[Message] = []
    first_bad: dict[int, str] = {}
    readable = np.zeros(len(cells), dtype=bool)
    for result in parsed.values():
        readable |= (result.status == "ok").to_numpy()
    for column, result in parsed.items():
        bad = np.flatnonzero(result.status.isin(["ambiguous", "conflict", "invalid"]).to_numpy())
        bad = np.array([p for p in bad if ledger.reason[int(p)] is None], dtype=np.int64)
        for n, at in enumerate(bad.tolist()):
            position = int(at)
            raw = cells[column].iat[position]
            reason = result.reason(raw, str(result.status.iat[position]))
            first_bad.setdefault(position, f"kolom '{column}': {reason}")
            if n < _CELL_MESSAGES_PER_COLUMN:
                kept = " Deze cel blijft leeg; de andere kolommen van de rij worden gebruikt."
                messages.append(
                    Message(
                        "warning",
                        reason + (kept if readable[position] else ""),
                        line=int(ledger.lines[position]),
                        column=column,
                        file=filename,
                    )
                )
        if len(bad) > _CELL_MESSAGES_PER_COLUMN:
            messages.append(
                Message(
                    "warning",
                    f"... en nog {len(bad) - _CELL_MESSAGES_PER_COLUMN} onleesbare cel(len) in "
                    "deze kolom; ze blijven leeg (rijen zonder enig leesbaar getal staan in de "
                    "lijst met geweigerde rijen).",
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
    for position, reason in first_bad.items():
        if not readable[position]:
            ledger.mark(position, "malformed", reason)
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
    separator: str | None = None,
) -> TableOutcome:
    """Resolve keys, read value columns and combine rows into one row per 2025 unit.

    ``separator`` is the CSV separator the reader detected (it supports the inferred number
    convention: ``;`` with decimal commas is a nl-BE file)."""
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
    parsed, ignored, value_messages, number_choices = _value_columns(
        cells, value_candidates, options, filename, separator
    )
    messages.extend(value_messages)
    choices.update({"value_columns": list(parsed), "ignored_columns": ignored, **number_choices})
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
    shares = {
        c: why
        for c, r in parsed.items()
        if (why := share_reason(c, r.values, percent_signs=r.percent_signs)) is not None
    }
    usable = ledger.usable
    resolved = np.flatnonzero(((keys["status"] == "ok").to_numpy()) & ~usable)
    rejected_parts = {
        str(keys["unit"].iat[p]): f"regel {int(ledger.lines[p])}: {ledger.reason[p]}"
        for p in map(int, resolved)
    }
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
        column_merges=dict(options.column_merges),
        shares=shares,
        rejected_parts=rejected_parts,
    )
    for position, reason in combined.unused.items():
        ledger.mark(int(position), "unmatched", reason)
    messages.extend(combined.messages)
    choices.update(combined.choices)
    report = ledger.report(filename=filename, kind="table", messages=messages)
    table = combined.table if report.rows_matched else None
    return TableOutcome(report, table, choices)


__all__ = ["TableOutcome", "interpret_table"]
