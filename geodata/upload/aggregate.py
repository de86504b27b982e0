"""Turn resolved rows into one row per 2025 unit: duplicates, mergers and sectors handled openly.

Nothing is overwritten or averaged silently: duplicate keys are refused unless the analyst chose
what to keep, and several rows for one 2025 unit (a merged municipality, statistical sectors)
are only combined with an explicit aggregation (sum, or a rate recomputed from a numerator and
a denominator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from geodata.messages import Message

Duplicates = Literal["refuse", "first", "last", "sum"]
Aggregation = Literal["sum", "rate"]
RATE_SCALES: tuple[float, ...] = (1.0, 100.0, 1000.0)


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
) -> Combined:
    """Combine usable rows (``keys`` from :func:`resolve_keys`, only resolved rows; ``values``
    aligned on the same row positions) into one row per (level, code)."""
    combined = Combined(table=pd.DataFrame())
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
    _report_incomplete_mergers(keys, components or {}, filename, combined)
    group_size = keys.groupby(["level", "code"])["code"].transform("size")
    multi = keys[group_size > 1]
    if not multi.empty and aggregation is None and duplicates != "sum":
        codes = multi.drop_duplicates(["level", "code"])
        for p in multi.index:
            combined.unused[p] = (
                f"meerdere rijen horen bij {keys.at[p, 'naam']!s} ({keys.at[p, 'code']!s}): "
                "kies hoe ze samengevoegd worden (optellen of verhouding herberekenen)"
            )
        example = codes.iloc[0]
        combined.messages.append(
            Message(
                "warning",
                f"{len(codes)} eenheid/eenheden krijgen meerdere rijen (samengevoegde gemeenten "
                f"of statistische sectoren, bv. {example['naam']} ({example['code']})). Die rijen "
                "worden niet gebruikt tot u kiest: optellen (aantallen) of een verhouding "
                "herberekenen uit teller en noemer. Gemiddelden worden nooit stil berekend.",
                line=int(lines[multi.index[0]]),
                file=filename,
            )
        )
        combined.choices["needs_aggregation"] = True
        combined.choices["merged_codes"] = sorted(codes["code"].astype(str).tolist())
        keys = keys[group_size <= 1]
    group_keys = [keys["level"], keys["code"]]
    vals = values.loc[keys.index]
    summed = vals.groupby(group_keys, sort=True).sum(min_count=1)
    incomplete = (
        vals.isna().groupby(group_keys, sort=True).any()
        & (keys.groupby(["level", "code"], sort=True).size() > 1).to_numpy()[:, None]
    )
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
    if aggregation == "rate" and not multi.empty:
        summed = _recompute_rate(
            summed, vals, keys, str(numerator), str(denominator), rate_column, filename, combined
        )
    naam = keys.groupby(["level", "code"], sort=True)["naam"].first()
    table = summed.copy()
    table.insert(0, "naam", naam)
    table = table.reset_index()
    combined.table = table
    return combined


def _recompute_rate(  # noqa: PLR0917 - private helper, called once
    summed: pd.DataFrame,
    vals: pd.DataFrame,
    keys: pd.DataFrame,
    numerator: str,
    denominator: str,
    rate_column: str | None,
    filename: str,
    combined: Combined,
) -> pd.DataFrame:
    sizes = keys.groupby(["level", "code"], sort=True).size()
    merged = sizes[sizes > 1].index
    name = rate_column or "aandeel"
    ratio = summed[numerator] / summed[denominator].replace(0, np.nan)
    single = vals.groupby([keys["level"], keys["code"]], sort=True).first()
    scale = _rate_scale(single[name], ratio) if name in vals.columns else 100.0
    others = [c for c in summed.columns if c not in (numerator, denominator, name)]
    if others:
        summed.loc[merged, others] = np.nan
        combined.messages.append(
            Message(
                "warning",
                f"Kolommen {', '.join(others)} kunnen niet als verhouding samengevoegd worden; "
                "voor samengevoegde eenheden blijven ze leeg.",
                file=filename,
            )
        )
    if name not in summed.columns:
        summed[name] = np.nan
        summed.loc[sizes[sizes == 1].index, name] = (ratio * scale).loc[sizes[sizes == 1].index]
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


def _report_incomplete_mergers(
    keys: pd.DataFrame,
    components: dict[str, list[tuple[str, str]]],
    filename: str,
    combined: Combined,
) -> None:
    if not keys["kind"].isin(["nis2024", "alias"]).any():
        return
    present = set(keys["unit"].astype(str))
    incomplete: list[str] = []
    for code in sorted(set(keys.loc[keys["level"] == "gemeente", "code"].astype(str))):
        parts = components.get(code)
        if not parts:
            continue
        missing = [(old, naam) for old, naam in parts if old not in present]
        if missing:
            naam = keys.loc[keys["code"] == code, "naam"].iloc[0]
            gone = ", ".join(f"{n} ({c})" for c, n in missing)
            incomplete.append(code)
            combined.messages.append(
                Message(
                    "warning",
                    f"{naam} ({code}) is sinds 2025 samengevoegd, maar {gone} ontbreekt in het "
                    "bestand: de waarde voor 2025 is onvolledig.",
                    file=filename,
                )
            )
    if incomplete:
        combined.choices["incomplete_mergers"] = incomplete


__all__ = ["Aggregation", "Combined", "Duplicates", "combine_rows"]
