"""The one entry point for reading an uploaded file, used by the dashboard and the CLI.

``read_upload`` never raises on bad input: every problem becomes a Dutch message naming the
file, line, column and reason, and a file that cannot be used gets status 'rejected'.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from geodata.messages import Message
from geodata.resolver import Resolver
from geodata.upload.aggregate import Aggregation, Duplicates
from geodata.upload.excel import read_excel_table
from geodata.upload.geo import GeoLayer, read_geojson, read_geopackage, read_zipped_shapefile
from geodata.upload.limits import check_archive, check_upload_size, open_archive
from geodata.upload.numbers import Decimal
from geodata.upload.point_rows import interpret_point_layer, interpret_point_table
from geodata.upload.points import find_coordinate_columns
from geodata.upload.report import UploadRejectedError, UploadReport, rejected_file_report
from geodata.upload.sniff import sniff_kind
from geodata.upload.table_rows import interpret_table
from geodata.upload.tabular import RawTable, read_text_table

_SUPPORTED = (
    "Gebruik CSV of tekst (.csv, .txt), Excel (.xlsx), GeoJSON, GeoPackage (.gpkg) of een "
    "gezipte shapefile (.zip)."
)
_REFUSED_KINDS = {
    "png": "een afbeelding (PNG)",
    "jpeg": "een afbeelding (JPEG)",
    "gif": "een afbeelding (GIF)",
    "pdf": "een PDF-document",
    "html": "een webpagina (HTML)",
    "xml": "een XML-bestand",
    "json": "een JSON-bestand zonder geografische objecten (geen GeoJSON)",
    "binary": "een binair bestand van een onbekend type",
    "xls": "een oud Excel-bestand (.xls); sla het op als .xlsx of CSV",
}
_INNER = (".csv", ".txt", ".tsv", ".xlsx", ".geojson", ".json", ".gpkg")


@dataclass(frozen=True)
class UploadOptions:
    """Choices the analyst can make; the defaults read the file as detected.

    ``decimal`` forces the decimal separator; ``duplicates`` says what to do with a key that
    occurs more than once ('refuse' uses none); ``aggregation`` combines several rows of one 2025
    unit ('sum', or 'rate' from ``numerator``/``denominator`` into ``rate_column``); ``year``
    picks one year of a multi-year file; ``crs`` sets and ``crs_confirmed`` confirms a CRS.
    """

    sheet: str | None = None
    layer: str | None = None
    header_row: int | None = None
    key_column: str | None = None
    value_columns: tuple[str, ...] | None = None
    decimal: Decimal = "auto"
    duplicates: Duplicates = "refuse"
    aggregation: Aggregation | None = None
    numerator: str | None = None
    denominator: str | None = None
    rate_column: str | None = None
    year: int | None = None
    crs: str | None = None
    crs_confirmed: bool = False


@dataclass(frozen=True)
class UploadResult:
    """What an upload gave: the report, and the usable data.

    ``table``: columns ``level`` ('gemeente'|'wijk'), ``code``, ``naam`` and every value column as
    float. ``points``: WGS84 points with their attributes, ``regel`` and ``gemeente_code``.
    ``features``: non-point geometries (WGS84, repaired) of a spatial upload. ``choices``: what a
    UI can offer (sheets, layers, key column candidates, years, ...).
    """

    report: UploadReport
    table: pd.DataFrame | None = None
    points: gpd.GeoDataFrame | None = None
    features: gpd.GeoDataFrame | None = None
    choices: dict[str, Any] = field(default_factory=dict)


def read_upload(
    data: bytes,
    *,
    filename: str,
    resolver: Resolver | None,
    options: UploadOptions | None = None,
    gemeenten: gpd.GeoDataFrame | None = None,
) -> UploadResult:
    """Read an uploaded file (any supported format, detected from its content).

    ``gemeenten`` (the store's gemeente layer) makes the Flanders test of points exact and gives
    each point its ``gemeente_code``; without it a bounding box is used.
    """
    options = options or UploadOptions()
    try:
        return _read(
            data, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
        )
    except UploadRejectedError as exc:
        return UploadResult(
            report=rejected_file_report(filename=filename, kind="table", messages=exc.messages)
        )
    except Exception as exc:  # last line of defence: bad input must never crash the caller
        message = Message(
            "error",
            "Het bestand kon niet gelezen worden door een onverwachte fout "
            f"({type(exc).__name__}: {exc}).",
            file=filename,
        )
        return UploadResult(
            report=rejected_file_report(filename=filename, kind="table", messages=[message])
        )


def _refuse(filename: str, text: str) -> UploadRejectedError:
    return UploadRejectedError(Message("error", text, file=filename))


def _read(
    data: bytes,
    *,
    filename: str,
    resolver: Resolver | None,
    options: UploadOptions,
    gemeenten: gpd.GeoDataFrame | None,
    depth: int = 0,
) -> UploadResult:
    check_upload_size(data, filename=filename)
    kind = sniff_kind(data)
    if kind == "empty":
        raise _refuse(filename, "Het bestand is leeg.")
    if kind in _REFUSED_KINDS:
        raise _refuse(
            filename,
            f"Dit bestand is {_REFUSED_KINDS[kind]}, geen tabel of kaartlaag. {_SUPPORTED}",
        )
    if kind == "xlsx":
        check_archive(data, filename=filename)
        raw = read_excel_table(
            data, filename=filename, sheet=options.sheet, header_row=options.header_row
        )
        return _from_table(
            raw, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
        )
    if kind == "text":
        raw = read_text_table(data, filename=filename, header_row=options.header_row)
        return _from_table(
            raw, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
        )
    if kind == "geojson":
        layer = read_geojson(
            data, filename=filename, crs=options.crs, crs_confirmed=options.crs_confirmed
        )
        return _from_layer(
            layer, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
        )
    if kind == "gpkg":
        layer = read_geopackage(
            data,
            filename=filename,
            layer=options.layer,
            crs=options.crs,
            crs_confirmed=options.crs_confirmed,
        )
        return _from_layer(
            layer, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
        )
    archive = open_archive(data, filename=filename)
    if any(n.lower().endswith(".shp") for n in archive.members):
        layer = read_zipped_shapefile(
            archive,
            filename=filename,
            layer=options.layer,
            crs=options.crs,
            crs_confirmed=options.crs_confirmed,
        )
        return _from_layer(
            layer, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
        )
    inner = [n for n in archive.members if n.lower().endswith(_INNER)]
    if len(inner) == 1 and depth == 0:
        name = inner[0]
        return _read(
            archive.members[name],
            filename=f"{filename}/{posixpath.basename(name)}",
            resolver=resolver,
            options=options,
            gemeenten=gemeenten,
            depth=1,
        )
    listing = ", ".join(archive.names()[:10]) or "geen bestanden"
    raise _refuse(
        filename,
        "De zip bevat geen shapefile (.shp) en niet precies één leesbaar bestand "
        f"({listing}). {_SUPPORTED}",
    )


def _from_table(
    raw: RawTable,
    *,
    filename: str,
    resolver: Resolver | None,
    options: UploadOptions,
    gemeenten: gpd.GeoDataFrame | None,
) -> UploadResult:
    coords = (
        None if options.key_column else find_coordinate_columns([str(c) for c in raw.cells.columns])
    )
    if coords is not None:
        report, points, choices = interpret_point_table(
            raw.cells,
            raw.lines,
            coords,
            row_problems=raw.row_problems,
            options=options,
            gemeenten=gemeenten,
            filename=filename,
            messages=raw.messages,
        )
        return UploadResult(report=report, points=points, choices={**raw.choices, **choices})
    outcome = interpret_table(
        raw.cells,
        raw.lines,
        row_problems=raw.row_problems,
        resolver=resolver,
        options=options,
        filename=filename,
        messages=raw.messages,
    )
    return UploadResult(
        report=outcome.report, table=outcome.table, choices={**raw.choices, **outcome.choices}
    )


def _from_layer(
    layer: GeoLayer,
    *,
    filename: str,
    resolver: Resolver | None,
    options: UploadOptions,
    gemeenten: gpd.GeoDataFrame | None,
) -> UploadResult:
    gdf = layer.gdf
    types = set(gdf.geom_type[gdf.geometry.notna() & ~gdf.geometry.is_empty])
    if types and types <= {"Point", "MultiPoint"}:
        report, points = interpret_point_layer(
            gdf,
            layer.lines,
            malformed=layer.malformed,
            gemeenten=gemeenten,
            filename=filename,
            messages=layer.messages,
        )
        return UploadResult(report=report, points=points, choices=layer.choices)
    cells = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object)
    outcome = interpret_table(
        cells,
        layer.lines,
        row_problems=layer.malformed,
        resolver=resolver,
        options=options,
        filename=filename,
        messages=layer.messages,
    )
    return UploadResult(
        report=outcome.report,
        table=outcome.table,
        features=gdf,
        choices={**layer.choices, **outcome.choices},
    )


__all__ = ["UploadOptions", "UploadResult", "read_upload"]
