"""Turn resolved rows into one row per 2025 unit: duplicates, mergers and sectors handled openly.

Nothing is overwritten or averaged silently: duplicate keys are refused unless the analyst chose
what to keep, and several rows for one 2025 unit (a merged municipality, statistical sectors)
are only combined with an explicit aggregation (sum, or a rate recomputed from a numerator and
a denominator).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from geodata.messages import Message

Duplicates = Literal["refuse", "first", "last", "sum"]
Aggregation = Literal["sum", "rate"]
RATE_SCALES: tuple[float, ...] = (1.0, 100.0, 1000.0)
NEW_RATE_COLUMN = "aandeel"
# A header naming a share, rate, mean or percentage: such a column is never summed.
SHARE_HEADER = re.compile(
    r"%|‰|\bpct\b|procent|percent|aandeel|ratio|verhouding|gemiddel|\bgem\b|mediaan|median"
    r"|\bmean\b|average|\bavg\b|\brate\b|graad|\bper\b|_per_|\bper\d|dichtheid|\bindex\b"
    r"|\bscore\b|\bkans\b",
    re.I,
)


@dataclass
class Combined:
    """The combined table and what happened to rows that were not used."""

    table: pd.DataFrame
    unused: dict[int, str] = field(default_factory=dict)  # row position -> reason
    messages: list[Message] = field(default_factory=list)
    choices: dict[str, Any] = field(default_factory=dict)


def _handle_duplicates(
    keys: pd.DataFrame, lines: np.ndarray, duplicates: Duplicates, filename: str, combined: Combined
) -> pd.DataFrame:
    dup = keys.duplicated(["level", "unit"], keep=False)
    if not dup.any():
        return keys
    rows = keys.loc[dup, ["naam", "level", "unit"]].sort_index()
    # one integer per (level, unit): grouping on ints, not on 100,000 tuples
    rows["group"] = rows.groupby(["level", "unit"], sort=False, dropna=False).ngroup()
    rows = rows.drop(columns=["level", "unit"])
    rows["line"] = lines[rows.index.to_numpy()]
    grouped = rows.groupby("group", sort=False)["line"]
    sizes = grouped.size()
    longer = set(sizes.index[sizes > 6])
    first_lines = grouped.head(6)
    listed = {
        key: ", ".join(map(str, v)) + (" ..." if key in longer else "")
        for key, v in first_lines.groupby(rows["group"], sort=False).agg(list).items()
    }
    where = rows["group"].map(listed)
    naam = rows["naam"].astype(str)
    if duplicates == "refuse":
        reasons = "dubbele sleutel: " + naam + " staat op regels " + where + "; kies welke rij telt"
        drop = rows.index
    elif duplicates in ("first", "last"):
        kept_line = grouped.transform(duplicates)
        drop = rows.index[(rows["line"] != kept_line).to_numpy()]
        reasons = ("dubbele sleutel: " + naam + "; regel " + kept_line.astype(str) + " gebruikt")[
            drop
        ]
    else:
        drop = rows.index[:0]
        reasons = naam[:0]
    combined.unused.update(zip(drop.tolist(), reasons.loc[drop].tolist(), strict=True))
    first = rows.iloc[0]
    choice = {"refuse": "geen van beide gebruikt", "first": "eerste rij gebruikt",
              "last": "laatste rij gebruikt", "sum": "waarden opgeteld"}[duplicates]  # fmt: skip
    n_groups = len(listed)
    combined.messages.append(
        Message(
            "warning",
            f"{n_groups} sleutel(s) komen meer dan eens voor (bv. {first['naam']} op regels "
            f"{listed[first['group']]}): {choice}. Kies wat er met dubbele rijen moet gebeuren "
            "(eerste, laatste, optellen).",
            line=int(first["line"]),
            file=filename,
        )
    )
    combined.choices["duplicate_keys"] = rows.drop_duplicates("group")["naam"].astype(str).tolist()
    return keys.drop(index=drop)


def _rate_scale(rate: pd.Series, ratio: pd.Series) -> float:
    valid = rate.notna() & ratio.notna() & (ratio != 0)
    if not valid.any():
        return 100.0
    factor = float((rate[valid] / ratio[valid]).median())
    return min(RATE_SCALES, key=lambda s: abs(np.log10(max(abs(factor), 1e-12)) - np.log10(s)))


def share_reason(column: str, values: pd.Series, *, percent_signs: int = 0) -> str | None:
    """Why a value column is a share, rate, mean or percentage (so never summed), or None.

    The header says so ('Aandeel (%)', 'gemiddelde', 'per 1.000 inwoners', ...), the cells carry
    a '%' sign, or every value lies between 0 and 1 with at least one fraction.
    """
    if SHARE_HEADER.search(column):
        return f"de kop '{column}' noemt een aandeel, percentage, gemiddelde of verhouding"
    if percent_signs:
        return f"{percent_signs} cel(len) van '{column}' hebben een %-teken"
    present = values.dropna()
    if len(present) and bool(present.between(0, 1).all()) and bool((present % 1 != 0).any()):
        return f"alle waarden van '{column}' liggen tussen 0 en 1 (een aandeel)"
    return None


def combine_rows(
    keys: pd.DataFrame,
    values: pd.DataFrame,
    lines: np.ndarray,
    *,
    filename: str,
    duplicates: Duplicates = "refuse",
    aggregation: Aggregation | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
    rate_column: str | None = None,
    components: dict[str, list[tuple[str, str]]] | None = None,
    column_merges: Mapping[str, Aggregation | None] | None = None,
    shares: Mapping[str, str] | None = None,
    rejected_parts: Mapping[str, str] | None = None,
) -> Combined:
    """Combine usable rows (``keys`` from :func:`resolve_keys`, only resolved rows; ``values``
    aligned on the same row positions) into one row per (level, code).

    How several rows of one unit are merged is decided per value column: ``column_merges``
    (column -> 'sum', 'rate' or None) overrides the default that ``aggregation`` sets. A column
    in ``shares`` (column -> why it is a share, rate, mean or percentage) is never summed; a
    rate is recombined only from the ``numerator`` and ``denominator`` columns.
    ``rejected_parts`` maps the identity of a row that resolved but is not used (an old code) to
    where and why, so an incomplete merger names the real cause.
    """
    combined = Combined(table=pd.DataFrame())
    shares = dict(shares or {})
    if aggregation == "rate" and (
        numerator not in values.columns or denominator not in values.columns
    ):
        combined.messages.append(
            Message(
                "error",
                "Voor een verhouding zijn een teller- en een noemerkolom met getallen nodig "
                f"(gekozen: {numerator!r} en {denominator!r}; beschikbaar: "
                f"{', '.join(map(str, values.columns)) or 'geen'}).",
                file=filename,
            )
        )
        aggregation = None
    keys = _handle_duplicates(keys, lines, duplicates, filename, combined)
    keys = _refuse_era_conflicts(keys, lines, components or {}, filename, combined)
    keys = _drop_incomplete_mergers(
        keys, components or {}, rejected_parts or {}, filename, combined
    )
    group_size = keys.groupby(["level", "code"])["code"].transform("size")
    multi = keys[group_size > 1]
    methods: dict[str, Aggregation | None] = {}
    if not multi.empty:
        methods = _merge_methods(
            [str(c) for c in values.columns],
            aggregation=aggregation,
            duplicates=duplicates,
            column_merges=column_merges or {},
            rate=(numerator, denominator, rate_column),
            shares=shares,
            filename=filename,
            combined=combined,
        )
        combined.choices["merge_methods"] = dict(methods)
    if shares:
        combined.choices["share_columns"] = shares
    if not multi.empty and not any(methods.values()):
        refused = [str(c) for c in values.columns if c in shares]
        chosen = bool(aggregation or duplicates == "sum" or column_merges)
        _leave_unmerged(
            keys,
            multi=multi,
            lines=lines,
            refused=refused if chosen else [],
            filename=filename,
            combined=combined,
        )
        keys = keys[group_size <= 1]
        methods = {}
    elif not multi.empty:
        combined.choices["merged_codes"] = sorted(
            multi.drop_duplicates(["level", "code"])["code"].astype(str).tolist()
        )
    group_keys = [keys["level"], keys["code"]]
    vals = values.loc[keys.index]
    summed = vals.groupby(group_keys, sort=True).sum(min_count=1)
    sizes = keys.groupby(["level", "code"], sort=True).size()
    incomplete = vals.isna().groupby(group_keys, sort=True).any() & (sizes > 1).to_numpy()[:, None]
    summed = summed.mask(incomplete)
    if bool(incomplete.to_numpy().any()):
        combined.messages.append(
            Message(
                "warning",
                "Bij het samenvoegen ontbrak voor sommige delen een waarde; het resultaat is "
                "daar leeg gelaten in plaats van een onvolledige som.",
                file=filename,
            )
        )
    merged = sizes[sizes > 1].index
    unmerged = [c for c, m in methods.items() if m != "sum"]
    if len(merged) and unmerged:
        summed.loc[merged, unmerged] = np.nan
    rates = [c for c, m in methods.items() if m == "rate"]
    if aggregation == "rate" and rate_column is None and len(merged):
        rates.append(NEW_RATE_COLUMN)
    if rates:
        summed = _recompute_rates(
            summed, vals, keys, rates, (str(numerator), str(denominator)), filename, combined
        )
    naam = keys.groupby(["level", "code"], sort=True)["naam"].first()
    table = summed.copy()
    table.insert(0, "naam", naam)
    table = table.reset_index()
    combined.table = table
    return combined


def _leave_unmerged(
    keys: pd.DataFrame,
    *,
    multi: pd.DataFrame,
    lines: np.ndarray,
    refused: list[str],
    filename: str,
    combined: Combined,
) -> None:
    """List the rows of units with several rows as unused until a merge can be applied."""
    codes = multi.drop_duplicates(["level", "code"])
    why = (
        f"; {', '.join(refused)} kan niet opgeteld worden (aandeel, percentage, gemiddelde of "
        "verhouding): herbereken uit teller en noemer"
        if refused
        else ""
    )
    for p in multi.index:
        combined.unused[p] = (
            f"meerdere rijen horen bij {keys.at[p, 'naam']!s} ({keys.at[p, 'code']!s}): "
            f"kies hoe ze samengevoegd worden (optellen of verhouding herberekenen){why}"
        )
    example = codes.iloc[0]
    until = (
        "Uw keuze kan voor geen enkele kolom toegepast worden (zie hierboven), dus die rijen "
        "worden niet gebruikt. Kies per kolom"
        if why
        else "Die rijen worden niet gebruikt tot u per kolom kiest"
    )
    combined.messages.append(
        Message(
            "warning",
            f"{len(codes)} eenheid/eenheden krijgen meerdere rijen (samengevoegde gemeenten "
            f"of statistische sectoren, bv. {example['naam']} ({example['code']})). {until}: "
            "optellen (aantallen) of een verhouding herberekenen uit teller en noemer. "
            "Gemiddelden worden nooit stil berekend.",
            line=int(lines[multi.index[0]]),
            file=filename,
        )
    )
    combined.choices["needs_aggregation"] = True
    combined.choices["merged_codes"] = sorted(codes["code"].astype(str).tolist())


def _merge_methods(
    columns: list[str],
    *,
    aggregation: Aggregation | None,
    duplicates: Duplicates,
    column_merges: Mapping[str, Aggregation | None],
    rate: tuple[str | None, str | None, str | None],
    shares: Mapping[str, str],
    filename: str,
    combined: Combined,
) -> dict[str, Aggregation | None]:
    """How each value column is merged: 'sum', 'rate' or None (left empty for merged units)."""
    numerator, denominator, rate_column = rate
    methods: dict[str, Aggregation | None] = {}
    for column in columns:
        if column in column_merges:
            methods[column] = column_merges[column]
        elif aggregation == "rate":
            methods[column] = "rate" if column == rate_column else "sum"
        elif aggregation == "sum" or duplicates == "sum":
            methods[column] = "sum"
        else:
            methods[column] = None
    parts = (numerator, denominator)
    for column, method in methods.items():
        if method == "sum" and column in shares:
            methods[column] = None
            combined.messages.append(
                Message(
                    "warning",
                    f"Kolom '{column}' wordt niet opgeteld: {shares[column]}. Een som van "
                    "aandelen of gemiddelden is fout (11,2 % + 9,8 % is geen 21,0 %). Voor "
                    "samengevoegde eenheden blijft ze leeg; herbereken ze uit een teller- en een "
                    "noemerkolom (aantallen).",
                    column=column,
                    file=filename,
                )
            )
        elif method == "rate" and (
            column in parts
            or numerator not in columns
            or denominator not in columns
            or any(p in shares for p in parts)
        ):
            methods[column] = None
            combined.messages.append(
                Message(
                    "error",
                    f"Kolom '{column}' kan alleen herberekend worden uit een teller- en een "
                    "noemerkolom met aantallen (andere kolommen dan deze; gekozen: "
                    f"{numerator!r} en {denominator!r}). Voor samengevoegde eenheden blijft ze "
                    "leeg.",
                    column=column,
                    file=filename,
                )
            )
    empty = [c for c, m in methods.items() if m is None and c not in shares]
    if any(methods.values()) and empty:
        combined.messages.append(
            Message(
                "warning",
                f"Kolommen {', '.join(empty)} worden niet samengevoegd (geen keuze); voor "
                "samengevoegde eenheden blijven ze leeg.",
                file=filename,
            )
        )
    return methods


def _recompute_rates(  # noqa: PLR0917 - private helper, called once
    summed: pd.DataFrame,
    vals: pd.DataFrame,
    keys: pd.DataFrame,
    names: list[str],
    parts: tuple[str, str],
    filename: str,
    combined: Combined,
) -> pd.DataFrame:
    numerator, denominator = parts
    sizes = keys.groupby(["level", "code"], sort=True).size()
    merged = sizes[sizes > 1].index
    ratio = summed[numerator] / summed[denominator].replace(0, np.nan)
    single = vals.groupby([keys["level"], keys["code"]], sort=True).first()
    for name in names:
        scale = _rate_scale(single[name], ratio) if name in vals.columns else 100.0
        if name not in summed.columns:
            summed[name] = np.nan
            alone = sizes[sizes == 1].index
            summed.loc[alone, name] = (ratio * scale).loc[alone]
        summed.loc[merged, name] = (ratio * scale).loc[merged]
        combined.messages.append(
            Message(
                "info",
                f"'{name}' herberekend als {numerator} / {denominator}"
                f"{f' x {scale:g}' if scale != 1 else ''} voor {len(merged)} "
                "samengevoegde eenheid/eenheden.",
                file=filename,
            )
        )
    return summed


def _refuse_era_conflicts(
    keys: pd.DataFrame,
    lines: np.ndarray,
    components: Mapping[str, list[tuple[str, str]]],
    filename: str,
    combined: Combined,
) -> pd.DataFrame:
    """Refuse a merged 2025 municipality that is in the file both whole and by its 2024 parts.

    A row for the 2025 unit (its 2025 code or name) next to a row for one of its parts (a 2024
    code or name) counts the same residents twice when summed, so none of those rows is used,
    whatever aggregation was chosen. Antwerpen (11002) kept its code in 2025: a row 11002 next
    to Borsbeek (11007) is read as the 2024 municipality only when the rest of the file is
    clearly a 2024 file (other 2024 parts, no 2025-only key).
    """
    gemeente = keys["level"] == "gemeente"
    merged = keys["code"].astype(str).isin(list(components)) & gemeente
    if not merged.any():
        return keys
    code = keys["code"].astype(str)
    whole = merged & keys["kind"].isin(["nis2025", "naam"])
    part = merged & keys["kind"].isin(["nis2024", "alias"]) & (keys["unit"].astype(str) != code)
    kept_code = {new for new, parts in components.items() if new in {old for old, _ in parts}}
    conflicts: list[str] = []
    drop: list[int] = []
    for new in sorted(set(code[whole]) & set(code[part])):
        if new in kept_code:
            other_parts = part & (code != new)
            only_2025 = whole & ~code.isin(list(kept_code))
            if other_parts.any() and not only_2025.any():
                continue  # a 2024 file: this code is the 2024 municipality, one of the parts
        rows = keys.index[(whole | part) & (code == new)]
        names = dict(components[new])
        wholes = [p for p in rows if bool(whole.at[p])]
        parts = [p for p in rows if bool(part.at[p])]
        naam = str(keys.at[rows[0], "naam"])
        on_lines = ", ".join(str(int(lines[p])) for p in wholes)
        part_text = ", ".join(
            f"{names.get(str(keys.at[p, 'unit']), str(keys.at[p, 'unit']))} "
            f"({keys.at[p, 'unit']!s}, regel {int(lines[p])})"
            for p in parts
        )
        reason = (
            f"conflict: {naam} ({new}) van 2025 (regel {on_lines}) en deel(en) van vóór 2025 "
            f"{part_text} staan allebei in het bestand; samen tellen ze dezelfde inwoners "
            "dubbel. Houd alleen de rij van 2025 over, of alleen de rijen van vóór 2025 (alle "
            "delen)"
        )
        for p in rows:
            combined.unused[int(p)] = reason
        drop.extend(int(p) for p in rows)
        conflicts.append(new)
        listed = ", ".join(f"{n} ({c})" for c, n in components[new])
        combined.messages.append(
            Message(
                "warning",
                f"{naam} ({new}) staat in het bestand als gemeente van 2025 (regel {on_lines}) "
                f"én met deel(en) van vóór 2025: {part_text}. {naam} bestaat sinds 2025 uit "
                f"{listed}; samen zouden die rijen dezelfde inwoners dubbel tellen, dus geen "
                f"van die rijen wordt gebruikt en {naam} blijft leeg. Houd in het bestand alleen "
                "de rij van 2025 over, of alleen de rijen van vóór 2025 (alle delen), en laad het "
                "opnieuw op.",
                line=int(lines[rows[0]]),
                file=filename,
            )
        )
    if not conflicts:
        return keys
    combined.choices["era_conflicts"] = conflicts
    return keys.drop(index=drop)


def _drop_incomplete_mergers(
    keys: pd.DataFrame,
    components: dict[str, list[tuple[str, str]]],
    rejected_parts: Mapping[str, str],
    filename: str,
    combined: Combined,
) -> pd.DataFrame:
    """Leave a merged 2025 municipality empty when one of its 2024 parts has no usable row.

    Its other rows are listed as not used; the message says, per missing part, whether it is
    absent from the file or present but not used (and why).
    """
    old_codes = {old for parts in components.values() for old, _ in parts}
    old_style = keys["kind"].isin(["nis2024", "alias"]).any() or any(
        unit in old_codes and unit not in components for unit in rejected_parts
    )
    if not old_style:
        return keys
    present = set(keys["unit"].astype(str))
    incomplete: list[str] = []
    drop: list[int] = []
    gemeente = keys["level"] == "gemeente"
    for code in sorted(set(keys.loc[gemeente, "code"].astype(str))):
        parts = components.get(code)
        missing = [(old, naam) for old, naam in parts or [] if old not in present]
        if not missing:
            continue
        rows = keys.index[gemeente & (keys["code"].astype(str) == code)]
        naam = str(keys.at[rows[0], "naam"])
        causes = [
            f"Het deel {n} ({c}) staat in het bestand, maar die rij wordt niet gebruikt "
            f"({rejected_parts[c]})"
            if c in rejected_parts
            else f"Het deel {n} ({c}) ontbreekt in het bestand"
            for c, n in missing
        ]
        incomplete.append(code)
        drop.extend(int(p) for p in rows)
        gone = ", ".join(f"{n} ({c})" for c, n in missing)
        for p in rows:
            combined.unused[int(p)] = (
                f"onvolledige fusie: voor {naam} van 2025 ({code}) ontbreekt het deel van 2024 "
                f"{gone}; de waarde voor 2025 blijft leeg"
            )
        listed = ", ".join(f"{n} ({c})" for c, n in parts or [])
        combined.messages.append(
            Message(
                "warning",
                f"{naam} ({code}) bestaat sinds 2025 uit de gemeenten van 2024 {listed}. "
                f"{'; '.join(causes)}. Zonder dat deel is de waarde voor 2025 onvolledig: "
                f"{naam} blijft leeg (ook op de kaart).",
                file=filename,
            )
        )
    if incomplete:
        combined.choices["incomplete_mergers"] = incomplete
    return keys.drop(index=drop)


__all__ = [
    "NEW_RATE_COLUMN",
    "SHARE_HEADER",
    "Aggregation",
    "Combined",
    "Duplicates",
    "combine_rows",
    "share_reason",
]
