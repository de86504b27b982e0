"""Interpret point data: coordinate columns of a plain table, or a point layer."""

from __future__ import annotations

from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.messages import Message
from geodata.upload.accounting import RowLedger
from geodata.upload.numbers import parse_numbers
from geodata.upload.options import UploadOptions
from geodata.upload.points import (
    CRS_LABELS,
    WGS84,
    CoordinateColumns,
    fix_swapped,
    infer_crs,
    locate_points,
)
from geodata.upload.report import UploadRejectedError, UploadReport

_DEGREE_NAMES = ("lat", "lon", "lng", "breedte", "lengte", "wgs84")
_Frame = TypeVar("_Frame", bound=pd.DataFrame)  # a table or a layer, returned as it came


def _check_points(
    points: gpd.GeoDataFrame,
    ledger: RowLedger,
    positions: np.ndarray,
    *,
    gemeenten: gpd.GeoDataFrame | None,
    check_swap: bool,
    filename: str,
) -> tuple[gpd.GeoDataFrame, list[Message]]:
    """Swap fixes and the Flanders test on WGS84 points at the given row positions."""
    messages: list[Message] = []
    lines = pd.Series(ledger.lines[positions], index=points.index)
    if check_swap:
        points, swap_messages = fix_swapped(points, lines, filename=filename)
        messages.extend(swap_messages)
    inside, codes = locate_points(points, gemeenten=gemeenten)
    outside = ~inside.to_numpy()
    xs = points.geometry.x.to_numpy()[outside]
    ys = points.geometry.y.to_numpy()[outside]
    reasons = [f"punt buiten Vlaanderen ({x:.5f}, {y:.5f})" for x, y in zip(xs, ys, strict=True)]
    ledger.mark_all(positions[outside], "unmatched", reasons)
    if outside.any():
        first = int(ledger.lines[positions[outside][0]])
        messages.append(
            Message(
                "warning",
                f"{int(outside.sum())} punt(en) liggen buiten Vlaanderen en worden niet gebruikt "
                "(zie de lijst met geweigerde rijen).",
                line=first,
                file=filename,
            )
        )
    points = points.copy()
    points["gemeente_code"] = codes.to_numpy()
    return points[inside.to_numpy()], messages


def interpret_point_table(
    cells: pd.DataFrame,
    lines: np.ndarray,
    coords: CoordinateColumns,
    *,
    row_problems: dict[int, str],
    options: UploadOptions,
    gemeenten: gpd.GeoDataFrame | None,
    filename: str,
    messages: list[Message],
) -> tuple[UploadReport, gpd.GeoDataFrame | None, dict[str, object]]:
    """A table with coordinate columns (lat/lon, x/y, stop_lat/stop_lon...) becomes points."""
    cells = cells.reset_index(drop=True)
    ledger = RowLedger(cells, lines)
    for position, reason in row_problems.items():
        ledger.mark(position, "malformed", reason)
    messages = list(messages)
    parsed = {c: parse_numbers(cells[c], decimal=options.decimal) for c in (coords.x, coords.y)}
    for column, result in parsed.items():
        for p in np.flatnonzero(
            result.status.isin(["ambiguous", "conflict", "invalid"]).to_numpy()
        ):
            reason = result.reason(cells.at[p, column], str(result.status.iat[int(p)]))
            ledger.mark(int(p), "malformed", f"kolom '{column}': {reason}")
        for p in np.flatnonzero((result.status == "missing").to_numpy()):
            ledger.mark(int(p), "malformed", f"kolom '{column}': geen coördinaat")
    x, y = parsed[coords.x].values, parsed[coords.y].values
    valid = ledger.usable
    crs = options.crs or infer_crs(x[valid], y[valid])
    if crs is None:
        raise UploadRejectedError(
            Message(
                "error",
                f"De coördinaten in kolommen '{coords.x}' en '{coords.y}' passen in geen bekend "
                "stelsel (WGS84, Lambert 72, Lambert 2008). Geef het stelsel op.",
                file=filename,
            )
        )
    named_degrees = any(n in str(coords.y).lower() for n in _DEGREE_NAMES)
    if options.crs is None:
        confirmed = options.crs_confirmed or (crs == WGS84 and named_degrees)
        messages.append(
            Message(
                "info" if confirmed else "warning",
                f"Coördinaten in kolommen '{coords.x}' en '{coords.y}' gelezen als "
                f"{CRS_LABELS.get(crs, crs)}"
                + ("." if confirmed else "; afgeleid uit het bereik, bevestig dit."),
                file=filename,
            )
        )
    positions = np.flatnonzero(valid)
    geometry = gpd.points_from_xy(x.to_numpy()[positions], y.to_numpy()[positions], crs=crs)
    attributes = _free_line_column(cells.iloc[positions].copy())
    attributes.insert(0, "regel", ledger.lines[positions])
    points = gpd.GeoDataFrame(attributes, geometry=geometry, crs=crs).to_crs(WGS84)
    points, point_messages = _check_points(
        points, ledger, positions, gemeenten=gemeenten, check_swap=crs == WGS84, filename=filename
    )
    messages.extend(point_messages)
    report = ledger.report(filename=filename, kind="points", messages=messages)
    choices: dict[str, object] = {
        "coordinate_columns": [coords.x, coords.y],
        "crs": crs,
        "columns": [str(c) for c in cells.columns],
    }
    return report, (points.reset_index(drop=True) if report.rows_matched else None), choices


def _free_line_column(frame: _Frame) -> _Frame:
    """Rename a user column called ``regel`` so the file line number can take that name."""
    if "regel" in frame.columns:
        return frame.rename(columns={"regel": "regel (bestand)"})
    return frame


def interpret_point_layer(
    gdf: gpd.GeoDataFrame,
    lines: np.ndarray,
    *,
    malformed: dict[int, str],
    gemeenten: gpd.GeoDataFrame | None,
    filename: str,
    messages: list[Message],
) -> tuple[UploadReport, gpd.GeoDataFrame | None]:
    """A point layer (already in WGS84): swapped axes, outside Flanders, gemeente code."""
    gdf = gdf.reset_index(drop=True)
    attributes = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    ledger = RowLedger(attributes, lines)
    for position, reason in malformed.items():
        ledger.mark(position, "malformed", reason)
    positions = np.flatnonzero(ledger.usable)
    points = _free_line_column(gdf.iloc[positions].copy())
    if not points.empty:
        points.geometry = points.geometry.representative_point()
    points.insert(0, "regel", ledger.lines[positions])
    points, point_messages = _check_points(
        points, ledger, positions, gemeenten=gemeenten, check_swap=True, filename=filename
    )
    report = ledger.report(filename=filename, kind="points", messages=[*messages, *point_messages])
    return report, (points.reset_index(drop=True) if report.rows_matched else None)


__all__ = ["interpret_point_layer", "interpret_point_table"]
