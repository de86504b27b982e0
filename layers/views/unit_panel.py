"""The side panel of a clicked unit: its figures next to Flanders and its province, and its rank."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from layers.indicators import IndicatorSpec
from layers.maps import format_value


def _text(value: object, *, spec: IndicatorSpec) -> str:
    if value is None or pd.isna(value):
        return "–"
    label = spec.value_label(float(value)) if spec.value_labels else ""
    shown = format_value(float(value), decimals=spec.decimals, unit=spec.unit)
    return f"{label} ({shown})" if label else shown


def risk_rank(values: pd.Series, *, direction: int) -> pd.Series:
    """Rank 1 = most risk (direction-aware), ties share the best rank; NaN stays NaN."""
    return (values.astype(float) * direction).rank(ascending=False, method="min")


def unit_figures(
    table: pd.DataFrame,
    code: str,
    *,
    specs: Mapping[str, IndicatorSpec],
    flanders: Mapping[str, float],
    province: Mapping[str, float],
) -> pd.DataFrame:
    """One row per indicator: the unit's value, Flanders, its province, its rank, the source.

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
                "Indicator": spec.label + (" (benadering)" if spec.is_proxy else ""),
                "Waarde": _text(table.at[i, ident], spec=spec),
                "Vlaanderen": _text(flanders.get(ident), spec=spec),
                "Provincie": _text(province.get(ident), spec=spec),
                "Rang": "–" if pd.isna(rank) else f"{int(rank)} van {known}",
                "Opmerking": note,
                "Bron": f"{spec.source} ({spec.year})",
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["eenheden"] = total
    return out


def need_summary(table: pd.DataFrame, code: str) -> dict[str, str]:
    """Need index, its rank, robustness and gap class of one unit, as Dutch texts."""
    row = table[table["code"].astype(str) == str(code)].iloc[0]
    known = int(table["nood"].notna().sum())
    need = row.get("nood")
    robust = row.get("robuustheid")
    return {
        "nood": "onbekend" if pd.isna(need) else f"{need:.0f} van 100".replace(".", ","),
        "rang": "–" if pd.isna(row.get("nood_rang")) else f"{int(row['nood_rang'])} van {known}",
        "robuustheid": "–"
        if pd.isna(robust)
        else f"in {round(100 * robust)} % van 200 willekeurige wegingen bij de hoogste 20 %",
        "kloof": str(row.get("kloof_label", "")),
        "redenen": str(row.get("kloof_redenen", "")),
        "vlag": str(row.get("nood_vlag", "") or ""),
    }
