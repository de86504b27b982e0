"""The municipality summary: every indicator of one gemeente next to Flanders, its province and
comparable municipalities, with its rank among all municipalities.

Reference values come from THE aggregation, :func:`layers.analysis.reference_values` (the same
one the planner's map panel uses): a rate from summed counts, an indicator with its own group
aggregation from that (an ordinal class has none: no value), the median only without counts. The
``methode`` column says which.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from layers.analysis import MEDIAN, reference_values, risk_rank
from layers.maps import format_value

if TYPE_CHECKING:
    from layers.indicators import IndicatorInputs

SUMMARY_COLUMNS: tuple[str, ...] = (
    "indicator",
    "label",
    "eenheid",
    "thema",
    "richting",
    "decimalen",
    "gemeente",
    "vlaanderen",
    "provincie",
    "vergelijkbaar",
    "methode",
    "gemeente_tekst",
    "vlaanderen_tekst",
    "provincie_tekst",
    "vergelijkbaar_tekst",
    "rang",
    "rang_van",
    "rang_tekst",
    "reden",
    "kanttekening",
    "bron",
    "jaar",
    "licentie",
    "proxy",
)


class SummarySpec(Protocol):
    """What the summary needs of an indicator spec (``layers.indicators.IndicatorSpec`` fits)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def direction(self) -> int: ...
    @property
    def levels(self) -> tuple[str, ...]: ...
    @property
    def theme(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def year(self) -> str: ...
    @property
    def licence(self) -> str: ...
    @property
    def caveats(self) -> tuple[str, ...]: ...
    @property
    def is_proxy(self) -> bool: ...
    @property
    def decimals(self) -> int: ...
    @property
    def scale(self) -> float: ...
    @property
    def aggregate(self) -> Any: ...


@dataclass(frozen=True)
class MunicipalityContext:
    """The municipality and the groups it is compared with (Dutch names for headers)."""

    code: str
    naam: str
    provincie_code: str
    provincie: str
    groep_code: str
    groep: str
    groep_aantal: int

    @property
    def groep_tekst(self) -> str:
        """E.g. "vergelijkbare gemeenten (goed uitgeruste centra, 19 gemeenten)"."""
        return f"vergelijkbare gemeenten ({self.groep}, {self.groep_aantal} gemeenten)"


def municipality_context(gemeente_attrs: pd.DataFrame, *, code: str) -> MunicipalityContext:
    """Province and uitrustingsgraad class of ``code``; a Dutch ValueError when unknown."""
    attrs = gemeente_attrs.assign(code=gemeente_attrs["code"].astype(str))
    row = attrs[attrs["code"] == str(code)]
    if row.empty:
        raise ValueError(f"Gemeente met NIS-code '{code}' niet gevonden in de gemeentelaag.")
    first = row.iloc[0]
    group_code = str(first.get("uitrustingsgraad_code", ""))
    members = attrs["uitrustingsgraad_code"].astype(str) == group_code
    return MunicipalityContext(
        code=str(code),
        naam=str(first.get("naam", code)),
        provincie_code=str(first.get("provincie_code", "")),
        provincie=str(first.get("provincie", "")),
        groep_code=group_code,
        groep=str(first.get("uitrustingsgraad", "")),
        groep_aantal=int(members.sum()),
    )


def _spec_list(specs: Mapping[str, SummarySpec] | Iterable[SummarySpec]) -> list[SummarySpec]:
    return list(specs.values()) if isinstance(specs, Mapping) else list(specs)


def rank_text(rank: float | None, total: int) -> str:
    """Dutch rank sentence: ``"3e van 285 (1 = hoogste risico)"``; "geen rang" when unknown."""
    if rank is None or (isinstance(rank, float) and math.isnan(rank)) or total <= 0:
        return "geen rang (geen gegevens)"
    return f"{int(rank)}e van {total} (1 = hoogste risico)"


def rank_position(rank: float | None, total: int) -> str:
    """Where a rank lies, in words: "bij de 20% gemeenten met het hoogste risico", ..."""
    if rank is None or (isinstance(rank, float) and math.isnan(rank)) or total <= 0:
        return ""
    share = rank / total
    if share <= 0.2:
        return "bij de 20% gemeenten met het hoogste risico"
    if share > 0.8:
        return "bij de 20% gemeenten met het laagste risico"
    return "in de middengroep"


def value_text(spec: SummarySpec, value: float | None, *, median: bool = False) -> str:
    """A value in Dutch for a table: the class name of an ordinal value when the spec has one,
    else the number with its unit; " (mediaan)" when it is a median of municipalities."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return format_value(None)
    named = dict(getattr(spec, "value_labels", ())).get(value, "")
    text = named or format_value(value, decimals=int(spec.decimals), unit=spec.unit)
    return f"{text} (mediaan)" if median else text


def sentences(parts: Iterable[str], *, skip: Iterable[str] = ()) -> str:
    """Notes as plain Dutch sentences, each once: capitalised, ending with a full stop, joined
    by a space; empty parts and parts in ``skip`` (already said elsewhere) are left out."""
    said = {_sentence(p) for p in skip if p and p.strip()}
    out: list[str] = []
    for part in parts:
        text = _sentence(part)
        if text and text not in said and text not in out:
            out.append(text)
    return " ".join(out)


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def unit_caveats(
    caveats: Iterable[str], *, naam: str, own: bool, names: Iterable[str]
) -> list[str]:
    """The indicator-wide caveats that belong in one municipality's report.

    A caveat that names a municipality is about that municipality (e.g. "Herstappe heeft geen
    80+-cijfer"): it is left out for every other one, and for the municipality itself too when
    the unit has a note of its own (``own``: its ``__reden``/``__kanttekening`` already says it,
    in the unit's own words). Caveats that name none hold for every municipality and are kept.
    ``names`` are the names of all municipalities.
    """
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)
    # "provincie Antwerpen" names a province, which holds for all its municipalities.
    pattern = (
        re.compile(rf"(?<![\w-])(?<!provincie )(?:{alternatives})(?![\w-])")
        if alternatives
        else None
    )
    kept = []
    for caveat in caveats:
        named = set(pattern.findall(caveat)) if pattern else set()
        if not named or (named == {naam} and not own):
            kept.append(caveat)
    return kept


def _text(frame: pd.DataFrame, column: str, index: int) -> str:
    if column not in frame:
        return ""
    values = frame[column]
    return "" if values.isna().iat[index] else str(values.iat[index])


def municipality_summary(
    indicators: pd.DataFrame,
    specs: Mapping[str, SummarySpec] | Iterable[SummarySpec],
    *,
    code: str,
    gemeente_attrs: pd.DataFrame,
    numerators: Mapping[str, pd.DataFrame] | None = None,
    inputs: IndicatorInputs | None = None,
) -> pd.DataFrame:
    """One row per gemeente-level indicator present in ``indicators`` (columns SUMMARY_COLUMNS).

    ``indicators`` is the wide frame of ``layers.indicators.compute(inputs, "gemeente")`` (all
    municipalities: ranks are relative to it). ``numerators`` maps indicator id to its builder
    frame (``code``, ``numerator``, ``denominator``); ``inputs`` lets specs with their own group
    aggregation compute it. ``methode`` names how the reference values were made.
    """
    context = municipality_context(gemeente_attrs, code=code)
    codes = indicators["code"].astype(str).reset_index(drop=True)
    frame = indicators.reset_index(drop=True)
    if context.code not in set(codes):
        raise ValueError(f"Gemeente met NIS-code '{code}' ontbreekt in de indicatortabel.")
    position = int(codes[codes == context.code].index[0])
    all_names = gemeente_attrs["naam"].astype(str).tolist()
    attrs = gemeente_attrs.assign(code=gemeente_attrs["code"].astype(str)).set_index("code")
    province = attrs["provincie_code"].astype(str)
    group = attrs["uitrustingsgraad_code"].astype(str)
    groups = {
        "vlaanderen": (pd.Series("VL", index=attrs.index), "VL"),
        "provincie": (province, context.provincie_code),
        "vergelijkbaar": (group, context.groep_code),
    }
    rows = []
    for spec in _spec_list(specs):
        if "gemeente" not in spec.levels or spec.id not in frame:
            continue
        values = pd.to_numeric(frame[spec.id], errors="coerce").astype(float)
        units = pd.DataFrame({"code": codes, "value": values})
        counts = (numerators or {}).get(spec.id)
        if counts is not None and {"numerator", "denominator"} <= set(counts.columns):
            counted = counts.assign(code=counts["code"].astype(str))
            units = units.merge(counted[["code", "numerator", "denominator"]], how="left")
        references: dict[str, float] = {}
        methods = set()
        for name, (membership, key) in groups.items():
            table = reference_values(spec, membership, units, inputs=inputs)
            references[name] = float(table["value"].astype(float).loc[key])
            methods.add(str(table.at[key, "method"]))
        ranks = risk_rank(values, direction=int(spec.direction))
        total = int(values.notna().sum())
        rank = float(ranks.to_numpy(dtype=float)[position])
        own = float(values.to_numpy(dtype=float)[position])
        median = methods == {MEDIAN}
        texts = {
            f"{name}_tekst": value_text(spec, value, median=median)
            for name, value in references.items()
        }
        reason = _text(frame, f"{spec.id}__reden", position)
        own_note = _text(frame, f"{spec.id}__kanttekening", position)
        general = unit_caveats(
            spec.caveats, naam=context.naam, own=bool(own_note or reason), names=all_names
        )
        caveats = [own_note, *general]
        rows.append(
            {
                "indicator": spec.id,
                "label": spec.label,
                "eenheid": spec.unit,
                "thema": spec.theme,
                "richting": int(spec.direction),
                "decimalen": int(spec.decimals),
                "gemeente": own,
                **references,
                "methode": " / ".join(sorted(methods)),
                "gemeente_tekst": value_text(spec, own),
                **texts,
                "rang": rank,
                "rang_van": total,
                "rang_tekst": rank_text(rank, total),
                "reden": sentences([reason]),
                "kanttekening": sentences(caveats, skip=[reason]),
                "bron": spec.source,
                "jaar": str(spec.year),
                "licentie": spec.licence,
                "proxy": bool(spec.is_proxy),
            }
        )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def summary_display(summary: pd.DataFrame, context: MunicipalityContext) -> pd.DataFrame:
    """The summary as Dutch text columns for a table, CSV or Excel export."""
    notes = [
        " ".join(t for t in (r["reden"], r["kanttekening"]) if t) for _, r in summary.iterrows()
    ]
    out = pd.DataFrame(
        {
            "Indicator": summary["label"],
            context.naam: summary["gemeente_tekst"],
            "Vlaams Gewest": summary["vlaanderen_tekst"],
            f"Provincie {context.provincie}": summary["provincie_tekst"],
            "Vergelijkbare gemeenten": summary["vergelijkbaar_tekst"],
            "Rang": summary["rang_tekst"],
            "Berekening referenties": summary["methode"],
            "Opmerking": notes,
            "Bron": [f"{r['bron']} ({r['jaar']}), {r['licentie']}" for _, r in summary.iterrows()],
        }
    )
    return out.reset_index(drop=True)


def summary_export(summary: pd.DataFrame, context: MunicipalityContext) -> pd.DataFrame:
    """The summary for a CSV or Excel file meant for people: every figure a number (rounded to
    its indicator's decimals; the unit in its own column), never text such as "28,5 %"."""

    def figure(column: str) -> pd.Series:
        values = pd.to_numeric(summary[column], errors="coerce").astype(float)
        places = pd.to_numeric(summary["decimalen"], errors="coerce").fillna(1).astype(int)
        return pd.Series(
            [round(v, p) if pd.notna(v) else v for v, p in zip(values, places, strict=True)],
            index=summary.index,
            dtype=float,
        )

    notes = [
        " ".join(t for t in (r["reden"], r["kanttekening"]) if t) for _, r in summary.iterrows()
    ]
    out = pd.DataFrame(
        {
            "Indicator": summary["label"],
            "Eenheid": summary["eenheid"],
            context.naam: figure("gemeente"),
            "Vlaams Gewest": figure("vlaanderen"),
            f"Provincie {context.provincie}": figure("provincie"),
            "Vergelijkbare gemeenten": figure("vergelijkbaar"),
            "Rang": pd.to_numeric(summary["rang"], errors="coerce").astype("Int64"),
            "Van": pd.to_numeric(summary["rang_van"], errors="coerce").astype("Int64"),
            "Berekening referenties": summary["methode"],
            "Opmerking": notes,
            "Bron": [f"{r['bron']} ({r['jaar']}), {r['licentie']}" for _, r in summary.iterrows()],
        }
    )
    return out.reset_index(drop=True)
