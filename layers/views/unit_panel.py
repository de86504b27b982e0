"""The side panel of a clicked unit: its figures next to Flanders and its province, and its rank."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from geodata.flanders import FLEMISH_REGION
from layers.analysis import MEDIAN, PER_RESIDENTS, VIEW_MEASURE, risk_rank, robustness_text
from layers.indicators import IndicatorSpec
from layers.maps import count_text, format_value


def _text(value: float | None, *, spec: IndicatorSpec, median: bool = False) -> str:
    if value is None or math.isnan(value):
        return "–"
    label = spec.value_label(value) if spec.value_labels else ""
    shown = format_value(value, decimals=spec.decimals, unit=spec.unit)
    text = f"{label} ({shown})" if label else shown
    return f"{text} (mediaan)" if median else text


def _number(frame: pd.DataFrame, column: str, row: str | int) -> float:
    """``frame.at[row, column]`` as a float (NaN when it is not a number)."""
    return float(pd.to_numeric(frame[column], errors="coerce").astype(float).loc[row])


def _reference(frame: pd.DataFrame | None, code: str, spec: IndicatorSpec) -> str:
    """A reference value of :func:`layers.analysis.panel_references` as text ("–" if none)."""
    if frame is None or code not in frame.index:
        return "–"
    return _text(
        _number(frame, "value", code), spec=spec, median=str(frame.at[code, "method"]) == MEDIAN
    )


def unit_figures(
    table: pd.DataFrame,
    code: str,
    *,
    specs: Mapping[str, IndicatorSpec],
    references: Mapping[str, pd.DataFrame],
    province_code: str,
) -> pd.DataFrame:
    """One row per indicator: the unit's value, Flanders, its province, its rank, the source.

    ``references`` maps indicator id to its :func:`layers.analysis.panel_references` frame (the
    same aggregation as the municipality summary; "–" without one, e.g. an uploaded column).
    Ranks are among all units of the table's level (all of Flanders), 1 = most risk.
    """
    rows = []
    hits = table.index[table["code"].astype(str) == str(code)]
    if len(hits) == 0:
        msg = f"Onbekende code '{code}' op dit niveau."
        raise KeyError(msg)
    i = hits[0]
    total = len(table)
    for ident, spec in specs.items():
        if ident not in table:
            continue
        ranks = risk_rank(table[ident], direction=spec.direction)
        known = int(table[ident].notna().sum())
        rank = ranks.loc[i]
        note = " ".join(
            str(table.at[i, column])
            for column in (f"{ident}__reden", f"{ident}__kanttekening")
            if column in table and isinstance(table.at[i, column], str) and table.at[i, column]
        )
        rows.append(
            {
                "Indicator": spec.label,
                "Waarde": _text(_number(table, ident, i), spec=spec),
                "Vlaanderen": _reference(references.get(ident), FLEMISH_REGION, spec),
                "Provincie": _reference(references.get(ident), province_code, spec),
                "Rang": "–" if pd.isna(rank) else f"{int(rank)} van {known}",
                "Opmerking": note,
                "Bron": f"{spec.source} ({spec.year}; {spec.licence}; {spec.kind_label})",
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["eenheden"] = total
    return out


def _cell_number(value: object) -> float:
    """A table cell as a float, NaN when missing or not a number (what ``pd.to_numeric`` with
    ``errors="coerce"`` gives, without building a Series per cell: the map's tooltips ask this
    for every unit on every rerun)."""
    if value is None or value is pd.NA:
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return math.nan


PROVISION_COLUMNS = ("aanbod_maat", "aanbod_enquete", "aanbod_aantal", "aanbod_per_10000")


def provision_text(row: pd.Series | Mapping[Hashable, Any]) -> str:
    """A unit's provision on the measure its gap uses, in Dutch ("53 % van de inwoners ...");
    ``row`` is a table row or a record (``DataFrame.to_dict("records")``)."""
    if row.get("aanbod_maat") == VIEW_MEASURE:
        value = _cell_number(row.get("aanbod_enquete"))
        if math.isnan(value):
            return "oordeel van de inwoners onbekend"
        shown = format_value(value, decimals=0, unit="%")
        return f"{shown} van de inwoners tevreden over het aanbod voor ouderen"
    count = _cell_number(row.get("aanbod_aantal"))
    number = 0 if math.isnan(count) else int(count)
    text = count_text(number, "initiatief", "initiatieven")
    rate = _cell_number(row.get("aanbod_per_10000"))
    if not math.isnan(rate):
        text += f" ({format_value(rate, decimals=1)} per {PER_RESIDENTS:_})".replace("_", ".")
    return text


def need_summary(table: pd.DataFrame, code: str) -> dict[str, str]:
    """Need index, its rank, robustness, gap class and provision measure of one unit, as Dutch
    texts (``aanbod``: the unit's provision, ``aanbod_maat`` and ``aanbod_bron``: which measure
    its gap uses and where it comes from)."""
    row = table[table["code"].astype(str) == str(code)].iloc[0]
    known = int(table["nood"].notna().sum())
    need = row.get("nood")
    robust = row.get("robuustheid")
    return {
        "nood": "onbekend" if pd.isna(need) else f"{need:.0f} van 100".replace(".", ","),
        "rang": "–" if pd.isna(row.get("nood_rang")) else f"{int(row['nood_rang'])} van {known}",
        "robuustheid": "–" if pd.isna(robust) else robustness_text(float(robust)),
        "kloof": str(row.get("kloof_label", "")),
        "redenen": str(row.get("kloof_redenen", "")),
        "vlag": str(row.get("nood_vlag", "") or ""),
        "aanbod": provision_text(row),
        "aanbod_maat": str(row.get("aanbod_maat", "") or ""),
        "aanbod_bron": str(row.get("aanbod_bron", "") or ""),
    }
