"""Build indicators: one checked frame per indicator, the wide table, unplaced sectors.

Reference values (Flanders, provinces, peer groups) are in :mod:`layers.analysis.reference`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from layers.indicators import sectors
from layers.indicators.catalogue import get_spec, specs_for
from layers.indicators.frames import units
from layers.indicators.spec import RESULT_COLUMNS, IndicatorInputs


def build_indicator(inputs: IndicatorInputs, indicator_id: str, level: str) -> pd.DataFrame:
    """Run one builder and check its frame: every unit once, the columns, a reason for each NaN.

    Wherever the builder gives both counts (``numerator``, ``denominator`` > 0), the value is
    ``spec.scale * numerator / denominator``: the scale is declared once, on the spec.
    """
    spec = get_spec(indicator_id)
    if level not in spec.levels:
        msg = (
            f"Indicator '{spec.label}' bestaat niet op niveau '{level}' "
            f"(wel op: {', '.join(spec.levels)})."
        )
        raise ValueError(msg)
    frame = spec.builder(inputs, level)
    expected = units(inputs.store_path, level)["code"]
    problems = []
    if tuple(frame.columns) != RESULT_COLUMNS:
        problems.append(f"kolommen {list(frame.columns)} in plaats van {list(RESULT_COLUMNS)}")
    elif len(frame) != len(expected) or set(frame["code"]) != set(expected):
        problems.append(f"{len(frame)} rijen in plaats van de {len(expected)} eenheden")
    elif (frame["value"].isna() & (frame["reason"] == "")).any():
        problems.append("ontbrekende waarden zonder reden")
    if problems:
        msg = f"Indicator '{indicator_id}' ({level}): " + "; ".join(problems) + "."
        raise ValueError(msg)
    if level == "wijk" and spec.sector_source is not None:
        frame = _with_centroid_caveats(frame, *_sector_frame(inputs, spec.sector_source))
    return _scaled(frame, spec.scale)


def _sector_frame(inputs: IndicatorInputs, source: str) -> tuple[pd.DataFrame, str]:
    """The placed sector table of a ``sector_source`` and the column of its weight."""
    if source == "census":
        return sectors.census_65plus(inputs), "total"
    if source == "centroids":
        return sectors.centroids(inputs), "pop"
    if source == "located_65plus":
        return sectors.located_65plus(inputs), "x65"
    msg = f"Onbekende sectorbron '{source}'."
    raise ValueError(msg)


def _with_centroid_caveats(frame: pd.DataFrame, placed: pd.DataFrame, weight: str) -> pd.DataFrame:
    """Add the centroid-placement caveat to every wijk whose value depends on it."""
    caveats = sectors.centroid_caveats(placed, weight)
    extra = frame["code"].map(caveats).fillna("")
    if not (extra != "").any():
        return frame
    frame = frame.copy()
    frame["caveat"] = [
        " ".join(part for part in (str(old), str(new)) if part)
        for old, new in zip(frame["caveat"], extra, strict=True)
    ]
    return frame


def _scaled(frame: pd.DataFrame, scale: float) -> pd.DataFrame:
    """The frame with ``value = scale * numerator / denominator`` where both counts are known."""
    numerator = pd.to_numeric(frame["numerator"], errors="coerce").astype(float)
    denominator = pd.to_numeric(frame["denominator"], errors="coerce").astype(float)
    counted = (numerator.notna() & (denominator > 0)).to_numpy()
    if not counted.any():
        return frame
    frame = frame.copy()
    frame.loc[counted, "value"] = scale * numerator[counted] / denominator[counted]
    return frame


def compute(inputs: IndicatorInputs, level: str, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Wide table: ``code``, ``naam``, ``inwoners``, then per indicator ``{id}``, ``{id}__reden``,
    ``{id}__kanttekening``.

    ``ids`` defaults to every indicator available at the level. Indicators that need an upload
    that is absent are left out (no columns).
    """
    wanted = [spec.id for spec in specs_for(level)] if ids is None else list(ids)
    table = units(inputs.store_path, level)[["code", "naam"]].copy()
    table["inwoners"] = residents(inputs, level).reindex(table["code"]).to_numpy()
    columns: dict[str, pd.Series] = {}
    for indicator_id in wanted:
        spec = get_spec(indicator_id)
        if spec.requires is not None and inputs.upload(spec.requires) is None:
            continue
        frame = build_indicator(inputs, indicator_id, level).set_index("code")
        columns[indicator_id] = frame["value"]
        columns[f"{indicator_id}__reden"] = frame["reason"]
        columns[f"{indicator_id}__kanttekening"] = frame["caveat"]
    extra = pd.DataFrame(columns).reindex(table["code"]).reset_index(drop=True)
    return pd.concat([table.reset_index(drop=True), extra], axis=1)


def residents(inputs: IndicatorInputs, level: str) -> pd.Series:
    """Residents on 1 January 2024 per unit code of ``level`` (sector populations summed, so the
    wijken of a gemeente add up to it; 0 for a unit without residents), as ``Int64``."""
    summed = sectors.sum_by(sectors.centroids(inputs), level, ["pop"])["pop"]
    codes = units(inputs.store_path, level)["code"]
    return summed.reindex(codes).fillna(0).round().astype("Int64")


def unplaced_sectors(inputs: IndicatorInputs, indicator_id: str) -> pd.DataFrame:
    """Sectors of a sector-based indicator that cannot be placed, and the people they hold.

    Columns ``statsec``, ``inwoners`` (the weight the indicator uses: residents, or 65-plussers
    for the meeting-place indicator), ``gemeente_code`` and ``wijk_code`` (empty when not
    placed) and ``reden``. Empty for indicators that are not built from sectors.
    """
    source = get_spec(indicator_id).sector_source
    if source is None:
        return pd.DataFrame(columns=["statsec", "inwoners", "gemeente_code", "wijk_code", "reden"])
    frame, weight = _sector_frame(inputs, source)
    return sectors.unplaced(frame, weight, need_point=source == "located_65plus")
