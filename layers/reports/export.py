"""Write the unit table and the initiatives to CSV, GeoJSON or GeoPackage.

CSV is UTF-8 with a header row and ``.`` as decimal separator; ``excel_nl=True`` writes ``;`` as
separator, decimal commas and a byte-order mark so Excel in nl-BE opens it correctly. Text cells
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return) get a leading apostrophe in CSV; numbers stay numbers. GeoJSON is WGS84 (RFC 7946) with
a top-level ``metadata`` member; GeoPackage keeps the store's Belgian Lambert 72 and stores the
metadata as layer metadata. List cells (tuples) are written as ``;``-separated text and
figures are rounded to four decimals.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Literal, TypeVar

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geodata.safe_export import neutralise_formulas

WGS84 = "EPSG:4326"
FrameT = TypeVar("FrameT", bound=pd.DataFrame)
DECIMALS = 4  # figures are written rounded to 4 decimals (0.0001 percentage point)
IndicatorFormat = Literal["csv", "geojson", "gpkg"]
InitiativeFormat = Literal["csv", "geojson"]


class ExportError(ValueError):
    """An export that cannot be written; the message is Dutch and meant for the user."""


def _is_text_column(series: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)


def _flatten(frame: FrameT) -> FrameT:
    """Tuples and lists become ``;``-separated text and floats are rounded to DECIMALS."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(DECIMALS)
        if column == "geometry" or not _is_text_column(out[column]):
            continue
        if any(isinstance(v, tuple | list) for v in out[column]):
            out[column] = [
                ";".join(str(x) for x in v) if isinstance(v, tuple | list) else v
                for v in out[column]
            ]
    return out


def _write_csv(frame: pd.DataFrame, path: Path | IO[str], *, excel_nl: bool) -> None:
    table = neutralise_formulas(_flatten(frame))
    sep, decimal, newline = (";", ",", "\r\n") if excel_nl else (",", ".", "\n")
    if isinstance(path, str | Path):
        encoding = "utf-8-sig" if excel_nl else "utf-8"
        table.to_csv(
            path, index=False, encoding=encoding, sep=sep, decimal=decimal, lineterminator=newline
        )
    else:
        table.to_csv(path, index=False, sep=sep, decimal=decimal, lineterminator=newline)


def _clean(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _write_geojson(
    frame: gpd.GeoDataFrame, path: Path | IO[str], *, metadata: Mapping[str, str]
) -> None:
    wgs84 = frame.to_crs(WGS84) if frame.crs is not None else frame
    features = []
    columns = [c for c in wgs84.columns if c != wgs84.geometry.name]
    for row, geometry in zip(
        wgs84[columns].itertuples(index=False), wgs84.geometry.values, strict=True
    ):
        properties = {c: _clean(v) for c, v in zip(columns, row, strict=True)}
        shape = None if geometry is None or geometry.is_empty else geometry.__geo_interface__
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    document = {"type": "FeatureCollection", "metadata": dict(metadata), "features": features}
    text = json.dumps(document, ensure_ascii=False, allow_nan=False)
    if isinstance(path, str | Path):
        Path(path).write_text(text, encoding="utf-8")
    else:
        path.write(text)


def _with_geometry(frame: pd.DataFrame, units: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if isinstance(frame, gpd.GeoDataFrame):
        return frame
    if units is None:
        raise ExportError("voor GeoJSON of GeoPackage zijn de gebiedsgrenzen nodig.")
    shapes = units[["code", units.geometry.name]].copy()
    shapes["code"] = shapes["code"].astype(str)
    missing = set(frame["code"].astype(str)) - set(shapes["code"])
    if missing:
        example = ", ".join(sorted(missing)[:5])
        raise ExportError(f"geen grenzen gevonden voor {len(missing)} gebieden (bv. {example}).")
    merged = shapes.merge(frame.assign(code=frame["code"].astype(str)), on="code", how="right")
    return gpd.GeoDataFrame(merged, geometry=units.geometry.name, crs=units.crs)


def _need_path(path: Path | IO[str] | None, format: str) -> Path:
    if not isinstance(path, str | Path):
        raise ExportError(f"voor het formaat '{format}' is een uitvoerbestand nodig (--output).")
    return Path(path)


def export_indicators(
    frame: pd.DataFrame,
    path: Path | IO[str],
    *,
    format: IndicatorFormat,
    excel_nl: bool = False,
    units: gpd.GeoDataFrame | None = None,
    metadata: Mapping[str, str] | None = None,
) -> None:
    """Write the unit table (one row per unit) as CSV, GeoJSON or GeoPackage.

    ``units`` is the store layer with ``code`` and geometry, needed for GeoJSON/GeoPackage unless
    ``frame`` is a GeoDataFrame (use the display layer for GeoJSON: it is already simplified).
    ``metadata`` (e.g. the gap disclaimer and the sources) goes into the GeoJSON ``metadata``
    member or the GeoPackage layer metadata; in CSV the table's own caveat columns carry it.
    """
    metadata = dict(metadata or {})
    if format == "csv":
        _write_csv(frame, path, excel_nl=excel_nl)
    elif format == "geojson":
        _write_geojson(_flatten(_with_geometry(frame, units)), path, metadata=metadata)
    elif format == "gpkg":
        target = _need_path(path, format)
        shaped = _flatten(_with_geometry(frame, units))
        target.unlink(missing_ok=True)
        pyogrio.write_dataframe(
            shaped, target, layer="verbonden", driver="GPKG", layer_metadata=metadata or None
        )
    else:
        raise ExportError(f"onbekend formaat '{format}': kies csv, geojson of gpkg.")


def initiatives_table(points: gpd.GeoDataFrame) -> pd.DataFrame:
    """The placed initiatives as a plain table with ``lat``/``lon`` of the shown point."""
    table = _flatten(pd.DataFrame(points.drop(columns=points.geometry.name)))
    for column in ("regel", "geldig"):
        if column in table:
            table = table.drop(columns=column)
    geometry = points.geometry.to_crs(WGS84) if points.crs is not None else points.geometry
    shapes = geometry.to_numpy()  # points; None and empty points give NaN
    table["lat"] = [round(float(v), 6) for v in shapely.get_y(shapes)]
    table["lon"] = [round(float(v), 6) for v in shapely.get_x(shapes)]
    return table


def export_initiatives(
    points: gpd.GeoDataFrame,
    path: Path | IO[str],
    *,
    format: InitiativeFormat,
    excel_nl: bool = False,
    metadata: Mapping[str, str] | None = None,
) -> None:
    """Write placed initiatives (from ``place_initiatives``) as CSV or GeoJSON points."""
    if format == "csv":
        _write_csv(initiatives_table(points), path, excel_nl=excel_nl)
    elif format == "geojson":
        shaped = gpd.GeoDataFrame(
            initiatives_table(points).drop(columns=["lat", "lon"]),
            geometry=points.geometry.values,
            crs=points.crs,
        )
        _write_geojson(shaped, path, metadata=dict(metadata or {}))
    else:
        raise ExportError(f"onbekend formaat '{format}': kies csv of geojson.")
