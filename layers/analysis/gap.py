"""The action gap: need tercile x provision tercile, and a ranked list with reasons in Dutch.

Classes are strings ``"<need>-<provision>"`` with 1 = low and 3 = high, so ``"3-1"`` is high
need with low provision; units without a need index get ``"onbekend"``. Provision is the tercile
of the unit's own measure (see :mod:`.provision`): of the residents' view among the units measured
by it, or, for units covered by an uploaded inventory, of initiatives per 10,000 older residents
among those units, where a unit without any initiative always counts as low provision (see
:func:`provision_tercile`).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from layers.analysis.provision import VIEW_MEASURE
from layers.initiatives import EFFECTIVE_ELEMENTS, OLDER_GROUPS, TARGET_GROUPS
from layers.maps import format_value

UNKNOWN = "onbekend"
GAP_DISCLAIMER = (
    "Aanbod volgens de inwoners zelf: het gemiddelde van het aandeel dat voldoende activiteiten "
    "voor senioren ziet en het aandeel dat tevreden is over de ouderenvoorzieningen "
    "(Gemeente-Stadsmonitor 2023, een enquête: een mening, geen telling). De voorbeelden uit de "
    "VVSG-publicatie 'Verbonden met (n)iemand' staan op de kaart als inspiratie, maar tellen niet "
    "mee als aanbod. Houd het eigen overzicht van initiatieven van een gemeente bij op de pagina "
    "'Inventaris' (of laad een bestand op via 'Eigen data'): voor de gemeenten die het dekt, "
    "wordt dat de maat van het aanbod."
)
UPLOADED_NOTE = (
    "Aanbod volgens het opgeladen overzicht van initiatieven; initiatieven die er niet in staan, "
    "tellen niet mee."
)
NEED_NAMES = {1: "lage", 2: "middelmatige", 3: "hoge"}
PROVISION_NAMES = {1: "laag", 2: "middelmatig", 3: "hoog"}
GAP_LABELS: dict[str, str] = {
    f"{need}-{prov}": f"{NEED_NAMES[need]} nood, {PROVISION_NAMES[prov]} aanbod"
    for need in (1, 2, 3)
    for prov in (1, 2, 3)
} | {UNKNOWN: "onbekend (geen nood-index of geen aanbodcijfer)"}
TOP_PERCENTILE = 80.0  # "top fifth of Flanders"
Row = Mapping[Hashable, Any]  # one unit: a record of the table (column -> value)
_GROUP_NAMES = {term.id: term.label.lower() for term in TARGET_GROUPS}


class ReasonSpec(Protocol):
    """What the reasons need of an indicator spec (``layers.indicators.IndicatorSpec`` fits)."""

    @property
    def label(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def decimals(self) -> int: ...
    @property
    def direction(self) -> int: ...
    @property
    def gap_phrase(self) -> str: ...
    @property
    def target_group(self) -> str | None: ...


def need_tercile(nood: pd.Series) -> pd.Series:
    """1 (lowest third) .. 3 (highest third) of the known need values; NaN -> <NA>."""
    values = pd.to_numeric(nood, errors="coerce").astype(float)
    share = values.rank(method="average", pct=True)
    classes = np.ceil(share * 3 - 1e-9).clip(1, 3)
    return pd.Series(classes, index=nood.index).astype("Int64")


def provision_classes(
    count: pd.Series, rate: pd.Series, view: pd.Series, uses_view: pd.Series
) -> pd.Series:
    """1 (low) .. 3 (high) provision of each unit on its own measure.

    Where ``uses_view``: the tercile of ``view`` (the residents' view, higher = more) among the
    units measured by it (NaN -> <NA>). Elsewhere: :func:`provision_tercile` of the initiatives
    among the units measured by them.
    """
    uses_view = uses_view.astype(bool)
    result = pd.Series(pd.NA, index=count.index, dtype="Int64")
    if uses_view.any():
        result[uses_view] = need_tercile(view[uses_view])
    if (~uses_view).any():
        result[~uses_view] = provision_tercile(count[~uses_view], rate[~uses_view])
    return result


def provision_tercile(count: pd.Series, rate: pd.Series) -> pd.Series:
    """1 (low) .. 3 (high) provision; every unit without an initiative is 1.

    ``count`` is the number of initiatives, ``rate`` initiatives per 10,000 residents. When at
    least a third of the units has no initiative, those units form class 1 and the others are
    split at their median rate into 2 and 3. Otherwise the rates are cut into terciles (the
    units without initiatives then fall in class 1 as the lowest). A unit with initiatives but no
    known rate gets <NA>.
    """
    count = pd.to_numeric(count, errors="coerce").fillna(0)
    rate = pd.to_numeric(rate, errors="coerce").astype(float)
    none = count <= 0
    result = pd.Series(pd.NA, index=count.index, dtype="Int64")
    result[none] = 1
    with_rate = ~none & rate.notna()
    if none.mean() >= 1 / 3:
        share = rate[with_rate].rank(method="average", pct=True)
        result[with_rate] = np.where(share > 0.5, 3, 2)
    else:
        ranked = rate.where(~none, 0.0)[none | with_rate]
        share = ranked.rank(method="average", pct=True)
        classes = np.ceil(share * 3 - 1e-9).clip(1, 3).astype(int)
        result[with_rate] = classes[with_rate[with_rate].index]
    return result


def gap_classes(
    nood: pd.Series,
    count: pd.Series,
    rate: pd.Series,
    *,
    view: pd.Series | None = None,
    uses_view: pd.Series | None = None,
) -> pd.DataFrame:
    """``nood_klasse``, ``aanbod_klasse``, ``kloof_klasse`` ("3-1"/"onbekend"), ``kloof_label``.

    Without ``view`` every unit is measured by its initiatives (``count``, ``rate``); with it, the
    units where ``uses_view`` is true by the residents' view (see :func:`provision_classes`).
    """
    need = need_tercile(nood)
    if view is None:
        provision = provision_tercile(count, rate)
    else:
        flags = pd.Series(True, index=nood.index) if uses_view is None else uses_view
        provision = provision_classes(count, rate, view, flags)
    known = need.notna() & provision.notna()
    labels = [
        f"{int(n)}-{int(p)}" if ok else UNKNOWN
        for n, p, ok in zip(need.fillna(0), provision.fillna(0), known, strict=True)
    ]
    out = pd.DataFrame({"nood_klasse": need, "aanbod_klasse": provision}, index=nood.index)
    out["kloof_klasse"] = labels
    out["kloof_label"] = [GAP_LABELS[label] for label in labels]
    return out


def _split(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(str(v) for v in value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    return tuple(part for part in str(value).split(";") if part)


def _indicator_reasons(
    row: Row,
    *,
    specs: Mapping[str, ReasonSpec],
    indicators: Sequence[str],
    flanders: Mapping[str, float],
) -> list[str]:
    found: list[tuple[float, str]] = []
    for indicator in indicators:
        if not _high(row, indicator):
            continue
        pct = row[f"{indicator}__percentiel"]
        spec = specs[indicator]
        phrase = spec.gap_phrase or f"hoge score op '{spec.label}'"
        number = float(row[indicator])
        value = format_value(number, decimals=spec.decimals, unit=spec.unit)
        reference = flanders.get(indicator)
        if reference is None or math.isnan(reference):
            found.append((float(pct), f"{phrase} ({value})"))
        elif (number - float(reference)) * spec.direction > 0:
            ref = format_value(float(reference), decimals=spec.decimals, unit=spec.unit)
            found.append((float(pct), f"{phrase} ({value}, Vlaanderen {ref})"))
    return [text for _, text in sorted(found, key=lambda item: -item[0])]


def _high(row: Row, indicator: str) -> bool:
    """Whether the unit is in the top fifth of Flanders for ``indicator`` (needs its percentile)."""
    pct: float | None = row.get(f"{indicator}__percentiel", math.nan)
    return pct is not None and not pd.isna(pct) and float(pct) >= TOP_PERCENTILE


def _view_reasons(row: Row, flemish_view: float) -> list[str]:
    """Why a unit measured by the residents' view has low provision (class 1), or unknown."""
    value: float | None = row.get("aanbod_enquete", math.nan)
    if value is None or pd.isna(value):
        return ["oordeel van de inwoners over het aanbod onbekend"]
    if row.get("aanbod_klasse") != 1:
        return []
    text = format_value(float(value), decimals=0, unit="%")
    if not math.isnan(flemish_view):
        text += f", Vlaanderen {format_value(flemish_view, decimals=0, unit='%')}"
    return [f"weinig inwoners tevreden over het aanbod voor ouderen ({text})"]


def _provision_reasons(row: Row, specs: Mapping[str, ReasonSpec]) -> list[str]:
    count = int(row.get("aanbod_aantal", 0) or 0)
    wide = int(row.get("aanbod_gemeentebreed", 0) or 0)
    if count == 0 and wide == 0:
        return ["geen initiatief bekend in het overzicht"]
    reasons = []
    if count == 0:
        reasons.append(
            f"geen initiatief in de wijk zelf bekend ({wide} voor de hele gemeente of regio)"
        )
    groups = set(_split(row.get("aanbod_doelgroepen")))
    if not groups & OLDER_GROUPS:
        reasons.append("geen initiatief voor ouderen bekend")
    unanswered = [
        spec.target_group
        for indicator, spec in specs.items()
        if spec.target_group and spec.target_group not in groups and _high(row, indicator)
    ]
    for group in dict.fromkeys(unanswered):
        reasons.append(f"geen initiatief voor {_GROUP_NAMES.get(group, group)} bekend")
    elements = set(_split(row.get("aanbod_elementen_lijst")))
    missing = [term.label.lower() for term in EFFECTIVE_ELEMENTS if term.id not in elements]
    if missing:
        covered = len(EFFECTIVE_ELEMENTS) - len(missing)
        reasons.append(
            f"{covered} van de {len(EFFECTIVE_ELEMENTS)} werkzame elementen aanwezig "
            f"(ontbreekt: {', '.join(missing)})"
        )
    return reasons


def gap_reasons(
    frame: pd.DataFrame,
    *,
    specs: Mapping[str, ReasonSpec],
    indicators: Sequence[str],
    flanders: Mapping[str, float],
    flemish_view: float = math.nan,
) -> pd.Series:
    """A Dutch reasons text per unit, built from the data.

    Names every indicator in ``indicators`` whose ``{id}__percentiel`` is
    :data:`TOP_PERCENTILE` or more (top fifth of Flanders) with its spec's ``gap_phrase``, the
    unit's value and the Flemish value from ``flanders`` (left out when the unit is not worse than
    Flanders as a whole, which happens when the Flemish value is pulled up by the cities: "high"
    would then be misleading), then what the provision lacks: no initiative at all, none for older
    people, none for the ``target_group`` of an indicator in ``specs`` on which the unit is in the
    top fifth (e.g. people living alone), and the missing effective elements. A unit whose gap
    uses the residents' view (``aanbod_maat``) gets that instead: low provision is quoted with the
    unit's view and ``flemish_view``.
    """
    texts = []
    for row in frame.to_dict("records"):  # records, not iterrows: 0.5 s less at wijk level
        parts = _indicator_reasons(row, specs=specs, indicators=indicators, flanders=flanders)
        if pd.isna(row.get("nood", math.nan)):
            parts.append("nood onbekend")
        if row.get("aanbod_maat") == VIEW_MEASURE:
            parts.extend(_view_reasons(row, flemish_view))
        else:
            parts.extend(_provision_reasons(row, specs))
        texts.append(", ".join(parts))
    return pd.Series(texts, index=frame.index, dtype=object)


def gap_ranking(frame: pd.DataFrame, *, top: int | None = None) -> pd.DataFrame:
    """Units ordered by largest gap: high need with low provision first, then by need.

    Sort keys: need class minus provision class (descending), need class (descending), need index
    (descending), provision on the unit's own measure (ascending: the residents' view or the
    initiatives per 10,000), code. Units with class "onbekend" come last.
    ``frame`` needs ``code``, ``nood``, ``nood_klasse``, ``aanbod_klasse`` and ``kloof_klasse``;
    all its columns are kept and a ``kloof_rang`` (1 = largest gap) is added first.
    """
    for column in ("code", "nood", "nood_klasse", "aanbod_klasse", "kloof_klasse"):
        if column not in frame:
            raise ValueError(f"kolom '{column}' ontbreekt in de tabel.")
    if top is not None and top < 1:
        raise ValueError(f"top moet minstens 1 zijn, niet {top}.")
    keys = pd.DataFrame(index=frame.index)
    known = frame["kloof_klasse"] != UNKNOWN
    need = pd.to_numeric(frame["nood_klasse"], errors="coerce").astype(float)
    provision = pd.to_numeric(frame["aanbod_klasse"], errors="coerce").astype(float)
    keys["unknown"] = (~known).astype(int)
    keys["gap"] = -(need - provision).fillna(-9)
    keys["need"] = -need.fillna(0)
    keys["nood"] = -pd.to_numeric(frame["nood"], errors="coerce").fillna(-1)
    rate = frame["aanbod_per_10000"] if "aanbod_per_10000" in frame else pd.Series(0.0, frame.index)
    if "aanbod_maat" in frame and "aanbod_enquete" in frame:  # each unit on its own measure
        rate = rate.where(frame["aanbod_maat"] != VIEW_MEASURE, frame["aanbod_enquete"])
    keys["rate"] = pd.to_numeric(rate, errors="coerce").fillna(0)
    keys["code"] = frame["code"].astype(str)
    order = keys.sort_values(["unknown", "gap", "need", "nood", "rate", "code"]).index
    ranked = frame.loc[order].reset_index(drop=True)
    ranked.insert(0, "kloof_rang", np.arange(1, len(ranked) + 1))
    return ranked if top is None else ranked.head(top)
