"""The one entry point for reading an uploaded file, used by the dashboard and the CLI.

``read_upload`` never raises on bad input: every problem of the file becomes a Dutch message
naming the file, line, column and reason, and a file that cannot be used gets status 'rejected'.
The readers turn the errors a damaged file causes into :class:`UploadRejectedError`; any other
exception is a bug in Verbonden and propagates to the caller's boundary (the page, the command).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from geodata.resolver import Resolver
from geodata.upload.excel import read_excel_table
from geodata.upload.limits import open_archive
from geodata.upload.options import UploadOptions
from geodata.upload.points import find_coordinate_columns
from geodata.upload.report import UploadRejectedError, UploadReport, rejected_file_report
from geodata.upload.rows import REFUSED_KINDS, checked_kind, refuse
from geodata.upload.table_rows import interpret_table
from geodata.upload.tabular import RawTable, read_text_table

if TYPE_CHECKING:
    from typing import TypeAlias

    import geopandas as gpd

    from geodata.upload.geo import GeoLayer

    #: The store's gemeente layer for the Flanders test of points, or a function that reads it,
    #: called only when the file holds points (a table never needs the layer, nor geopandas).
    Gemeenten: TypeAlias = gpd.GeoDataFrame | Callable[[], gpd.GeoDataFrame] | None

_SUPPORTED = (
    "Gebruik CSV of tekst (.csv, .txt), Excel (.xlsx), GeoJSON, GeoPackage (.gpkg) of een "
    "gezipte shapefile (.zip)."
)
_INNER = (".csv", ".txt", ".tsv", ".xlsx", ".geojson", ".json", ".gpkg")


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
    gemeenten: Gemeenten = None,
) -> UploadResult:
    """Read an uploaded file (any supported format, detected from its content).

    ``gemeenten`` (the store's gemeente layer, or a function that reads it when the file holds
    points) makes the Flanders test of points exact and gives each point its ``gemeente_code``;
    without it a bounding box is used. A file problem gives a rejected report; an exception
    raised here is a bug in Verbonden.
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


def _read(
    data: bytes,
    *,
    filename: str,
    resolver: Resolver | None,
    options: UploadOptions,
    gemeenten: Gemeenten,
    depth: int = 0,
) -> UploadResult:
    kind = checked_kind(data, filename=filename)
    if kind in REFUSED_KINDS:
        raise refuse(
            filename,
            f"Dit bestand is {REFUSED_KINDS[kind]}, geen tabel of kaartlaag. {_SUPPORTED}",
        )
    if kind == "xlsx":
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
        from geodata.upload.geo import read_geojson  # GDAL and geopandas: spatial files only

        layer = read_geojson(
            data, filename=filename, crs=options.crs, crs_confirmed=options.crs_confirmed
        )
        return _from_layer(
            layer, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
        )
    if kind == "gpkg":
        from geodata.upload.geo import read_geopackage

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
        from geodata.upload.geo import read_zipped_shapefile

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
    raise refuse(
        filename,
        "De zip bevat geen shapefile (.shp) en niet precies één leesbaar bestand "
        f"({listing}). {_SUPPORTED}",
    )


def _layer(gemeenten: Gemeenten) -> gpd.GeoDataFrame | None:
    """The gemeente layer, read now when a function to read it was given."""
    return gemeenten() if callable(gemeenten) else gemeenten


def _from_table(
    raw: RawTable,
    *,
    filename: str,
    resolver: Resolver | None,
    options: UploadOptions,
    gemeenten: Gemeenten,
) -> UploadResult:
    coords = (
        None if options.key_column else find_coordinate_columns([str(c) for c in raw.cells.columns])
    )
    if coords is not None:
        from geodata.upload.point_rows import interpret_point_table  # geopandas: points only

        report, points, choices = interpret_point_table(
            raw.cells,
            raw.lines,
            coords,
            row_problems=raw.row_problems,
            options=options,
            gemeenten=_layer(gemeenten),
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
        separator=raw.choices.get("separator"),
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
    gemeenten: Gemeenten,
) -> UploadResult:
    gdf = layer.gdf
    types = set(gdf.geom_type[gdf.geometry.notna() & ~gdf.geometry.is_empty])
    if types and types <= {"Point", "MultiPoint"}:
        from geodata.upload.point_rows import interpret_point_layer

        report, points = interpret_point_layer(
            gdf,
            layer.lines,
            malformed=layer.malformed,
            gemeenten=_layer(gemeenten),
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


__all__ = ["UploadResult", "read_upload"]
