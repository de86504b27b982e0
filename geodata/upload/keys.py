"""Find the key column of a table and resolve every key to a 2025 gemeente or wijk."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from geodata.names import as_nis_code, name_key
from geodata.resolver import Match, Resolver
from geodata.upload.sniff import is_total_label

_KEY_HEADER = re.compile(
    r"(nis|refnis|code|gemeente|gemeentenaam|naam|name|commune|municipality|sector|statsec"
    r"|wijk|geoitem|gebied|locatie|plaats)",
    re.I,
)
_YEAR_HEADER = re.compile(
    r"^(jaar|jaartal|year|periode|period|referentiejaar|ref_?jaar|annee|année|yr)$", re.I
)
_WIJK_LIKE = re.compile(r"^\d{5}[A-Z0-9]*W[A-Z0-9]*$")
_SAMPLE = 200
_EARLY_STOP = 15
# Numbers (other than 4-5 digit codes) and dates are never keys; skipping them saves name lookups.
_NOT_A_KEY = r"[-+]?[\d.,\s%]+|\d{4}-\d{2}-\d{2}.*"
_CODE_LIKE = r"\d{4,5}([.,]0+)?"
MIN_KEY_SCORE = 0.3
# Kinds naming a unit of another era or a smaller unit: several rows may form one 2025 unit.
PART_KINDS = frozenset({"nis2024", "alias", "deelgemeente", "statsec"})


@dataclass(frozen=True)
class KeyColumn:
    """The detected key column and the share of its sampled values that resolved."""

    name: str
    score: float


def resolve_one(resolver: Resolver, value: object) -> Match:
    """Resolve one key: wijk codes through ``resolve_wijk``, everything else through ``resolve``."""
    text = "" if value is None else str(value).strip().upper()
    if text in resolver.wijken or _WIJK_LIKE.match(text):
        wijk = resolver.resolve_wijk(text)
        if wijk.ok:
            return wijk
    return resolver.resolve(value)


def _known(resolver: Resolver, value: object) -> bool:
    """Cheap test whether a value names a place (no fuzzy search, unlike ``resolve``)."""
    code = as_nis_code(value)
    if code is not None:
        return code in resolver.names_2025 or code in resolver.codes_2024
    text = str(value).strip()
    upper = text.upper()
    return (
        upper in resolver.sectors
        or upper in resolver.wijken
        or name_key(text) in resolver.name_index
    )


def detect_key_column(
    cells: pd.DataFrame, resolver: Resolver, *, exclude: tuple[str, ...] = ()
) -> tuple[KeyColumn | None, list[KeyColumn]]:
    """The column whose values best resolve to places; ties go to a header that names a key.

    Returns the best column (None when no column reaches :data:`MIN_KEY_SCORE`) and every
    candidate with its score, best first.
    """
    scored: list[tuple[float, int, KeyColumn]] = []
    for position, column in enumerate(cells.columns):
        if column in exclude:
            continue
        values = cells[column]
        present = values[values.astype(str).str.strip() != ""]
        sample = present.drop_duplicates().head(_SAMPLE)
        sample = sample[~sample.map(is_total_label).astype(bool)]
        text = sample.astype(str).str.strip()
        sample = sample[
            ~(text.str.fullmatch(_NOT_A_KEY) & ~text.str.fullmatch(_CODE_LIKE)).to_numpy()
        ]
        if sample.empty:
            continue
        ok = 0
        for n, value in enumerate(sample, start=1):
            ok += _known(resolver, value)
            if n == _EARLY_STOP and ok == 0:
                break
        score = ok / n
        if score <= 0:
            continue
        bonus = 1 if _KEY_HEADER.search(str(column)) else 0
        scored.append((score, bonus * 1000 - position, KeyColumn(str(column), round(score, 3))))
    scored.sort(key=lambda item: (round(item[0], 2), item[1]), reverse=True)
    candidates = [kc for _, _, kc in scored]
    best = candidates[0] if candidates and candidates[0].score >= MIN_KEY_SCORE else None
    return best, candidates


def detect_year_column(cells: pd.DataFrame) -> str | None:
    """A column named jaar/year/periode whose values are years (1900-2100)."""
    for column in cells.columns:
        if not _YEAR_HEADER.match(str(column).strip()):
            continue
        years = year_values(cells[column])
        if years.notna().sum() and years.dropna().between(1900, 2100).all():
            return str(column)
    return None


def year_values(values: pd.Series) -> pd.Series:
    """Years as integers (NA when a cell is not a year)."""
    text = values.astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    return pd.to_numeric(text.where(text.str.fullmatch(r"\d{4}")), errors="coerce").astype("Int64")


def _unit_identity(match: Match, old_by_name: dict[str, str]) -> str:
    """What unit a row describes: the same unit twice is a duplicate, different units a merge."""
    kind = match.kind or ""
    name = name_key(match.query)
    identities = {
        "wijk": f"wijk:{match.code}",
        "nis2024": as_nis_code(match.query) or match.query,
        "alias": old_by_name.get(name, f"naam:{name}"),
        "deelgemeente": f"deel:{name}",
        "statsec": f"sector:{match.query.strip().upper()}",
        "naam": old_by_name.get(name, str(match.code)),
    }
    return identities.get(kind, str(match.code))


def _reason(match: Match) -> str:
    query = match.query.strip()
    if match.status == "ambiguous":
        options = ", ".join(f"{naam} ({code})" for code, naam in match.candidates)
        return f"'{query}' is dubbelzinnig ({match.note}): {options}; gebruik de NIS-code"
    if not query:
        return "geen code of naam in de sleutelkolom"
    return f"'{query}' niet gevonden: {match.note or 'onbekende code of naam'}"


def resolve_keys(values: pd.Series, resolver: Resolver) -> pd.DataFrame:
    """Resolve every row's key (each distinct value once).

    Columns: ``status`` ('ok', 'total', 'ambiguous', 'unknown'), ``level`` ('gemeente'|'wijk'),
    ``code``, ``naam``, ``kind``, ``note``, ``unit`` (identity of the described unit) and
    ``reason`` (Dutch, for rows that are not ok).
    """
    old_by_name = {name_key(n): old for old, (_, n) in resolver.codes_2024.items()}
    codes, uniques = pd.factorize(values.astype(object).where(values.notna(), ""))
    records: list[dict[str, object]] = []
    for raw in uniques:
        if is_total_label(raw):
            records.append(
                {
                    "status": "total",
                    "reason": f"totaalrij '{str(raw).strip()}', geen gemeente",
                }
            )
            continue
        match = resolve_one(resolver, raw)
        records.append(
            {
                "status": match.status,
                "level": "wijk" if match.code in resolver.wijken else "gemeente",
                "code": match.code,
                "naam": match.naam,
                "kind": match.kind,
                "note": match.note,
                "unit": _unit_identity(match, old_by_name) if match.ok else None,
                "reason": None if match.ok else _reason(match),
            }
        )
    columns = ["status", "level", "code", "naam", "kind", "note", "unit", "reason"]
    table = pd.DataFrame.from_records(records, columns=columns).astype(object)
    out = table.where(table.notna(), None).iloc[codes]  # per distinct key, then per row
    out.index = values.index
    return out


def components_2024(resolver: Resolver) -> dict[str, list[tuple[str, str]]]:
    """For each 2025 code formed by a merger: its 2019-2024 (code, name) parts."""
    parts: dict[str, list[tuple[str, str]]] = {}
    for old, (new, old_name) in resolver.codes_2024.items():
        parts.setdefault(new, []).append((old, old_name))
    return {new: sorted(p) for new, p in parts.items() if len(p) > 1}


__all__ = [
    "MIN_KEY_SCORE",
    "PART_KINDS",
    "KeyColumn",
    "components_2024",
    "detect_key_column",
    "detect_year_column",
    "resolve_keys",
    "resolve_one",
    "year_values",
]
