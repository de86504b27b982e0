"""Spatial uploads: GeoJSON, GeoPackage and zipped shapefiles, read in memory through GDAL.

Shapefile parts may sit in any folder of the archive; they are copied into a fresh in-memory zip
(never to disk) that GDAL reads through its virtual file system. A missing ``.prj`` is replaced
by a CRS inferred from the coordinate range (shown for confirmation), a missing ``.cpg`` by an
encoding detected from the ``.dbf`` bytes. Invalid geometries are repaired and listed.
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from geodata.messages import Message
from geodata.upload.limits import Archive
from geodata.upload.points import CRS_LABELS, WGS84, infer_crs
from geodata.upload.report import UploadRejectedError

_SHAPE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


@dataclass
class GeoLayer:
    """Features in WGS84 with 1-based feature numbers, messages and the choices offered."""

    gdf: gpd.GeoDataFrame
    lines: np.ndarray
    messages: list[Message] = field(default_factory=list)
    choices: dict[str, Any] = field(default_factory=dict)
    malformed: dict[int, str] = field(default_factory=dict)


def _read(source: bytes, *, filename: str, **kwargs: Any) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf: gpd.GeoDataFrame = pyogrio.read_dataframe(io.BytesIO(source), **kwargs)
            return gdf
    except Exception as exc:  # GDAL raises many error types on damaged files
        raise UploadRejectedError(
            Message(
                "error", f"Het geografische bestand kan niet gelezen worden ({exc}).", file=filename
            )
        ) from exc


def _choose_layer(names: list[str], layer: str | None, filename: str) -> tuple[str, list[Message]]:
    if not names:
        raise UploadRejectedError(Message("error", "Het bestand bevat geen lagen.", file=filename))
    if layer is not None:
        if layer not in names:
            raise UploadRejectedError(
                Message(
                    "error",
                    f"Laag '{layer}' bestaat niet; kies uit: {', '.join(names)}.",
                    file=filename,
                )
            )
        return layer, []
    if len(names) > 1:
        return names[0], [
            Message(
                "warning",
                f"Het bestand heeft {len(names)} lagen ({', '.join(names)}); laag '{names[0]}' "
                "werd gelezen. Kies een andere laag als dat niet klopt.",
                file=filename,
            )
        ]
    return names[0], []


def read_geojson(data: bytes, *, filename: str, crs: str | None, crs_confirmed: bool) -> GeoLayer:
    """A GeoJSON file (coordinates are WGS84 unless the file says otherwise)."""
    return finish_layer(
        _read(data, filename=filename), filename=filename, crs=crs, crs_confirmed=crs_confirmed
    )


def read_geopackage(
    data: bytes, *, filename: str, layer: str | None, crs: str | None, crs_confirmed: bool
) -> GeoLayer:
    """One layer of a GeoPackage; with several layers the first is read and the others offered."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            listed = pyogrio.list_layers(io.BytesIO(data))
    except Exception as exc:
        raise UploadRejectedError(
            Message("error", f"De GeoPackage kan niet gelezen worden ({exc}).", file=filename)
        ) from exc
    spatial = [str(n) for n, g in listed if g]
    names = spatial or [str(n) for n, _ in listed]
    chosen, messages = _choose_layer(names, layer, filename)
    result = finish_layer(
        _read(data, filename=filename, layer=chosen),
        filename=filename,
        crs=crs,
        crs_confirmed=crs_confirmed,
    )
    result.messages[:0] = messages
    result.choices.update({"layers": names, "layer": chosen})
    return result


def _dbf_encoding(dbf: bytes) -> tuple[str, bool]:
    """Encoding of a .dbf without .cpg: (encoding, detected from non-ASCII text)."""
    body = dbf[32:]
    if all(b < 128 for b in body):
        return "UTF-8", False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "CP1252", True
    return "UTF-8", True


def read_zipped_shapefile(
    archive: Archive, *, filename: str, layer: str | None, crs: str | None, crs_confirmed: bool
) -> GeoLayer:
    """A shapefile inside a zip archive, its ``.shp`` in any folder."""
    shps = [n for n in archive.members if n.lower().endswith(".shp")]
    stems = [n[:-4] for n in shps]
    chosen, messages = _choose_layer(stems, layer, filename)
    parts = {
        ext: archive.members.get(chosen + ext) or archive.members.get(chosen + ext.upper())
        for ext in _SHAPE_PARTS
    }
    base = posixpath.basename(chosen) or "laag"
    for ext, label in ((".dbf", "de attributen (.dbf)"), (".shx", "de index (.shx)")):
        if parts[ext] is None:
            raise UploadRejectedError(
                Message(
                    "error",
                    f"De shapefile '{base}' mist {label}; voeg dat bestand toe aan de zip.",
                    file=filename,
                )
            )
    kwargs: dict[str, Any] = {}
    if parts[".cpg"] is None:
        encoding, detected = _dbf_encoding(parts[".dbf"] or b"")
        kwargs["encoding"] = encoding
        if detected:
            messages.append(
                Message(
                    "info",
                    f"Geen .cpg-bestand: tekens in de attributen gelezen als {encoding}. "
                    "Controleer namen met accenten.",
                    file=filename,
                )
            )
    flat = io.BytesIO()
    with zipfile.ZipFile(flat, "w", zipfile.ZIP_STORED) as zf:
        for ext, content in parts.items():
            if content is not None:
                zf.writestr(f"{base}{ext}", content)
    gdf = _read(flat.getvalue(), filename=filename, **kwargs)
    if parts[".prj"] is None:
        # set_crs(None) drops the CRS; the geopandas stubs do not list None (also below)
        gdf = gdf.set_crs(None, allow_override=True)  # type: ignore[call-overload]
    result = finish_layer(
        gdf,
        filename=filename,
        crs=crs,
        crs_confirmed=crs_confirmed,
        missing_prj=parts[".prj"] is None,
    )
    result.messages[:0] = messages
    result.choices.update({"layers": stems, "layer": chosen})
    return result


def finish_layer(
    gdf: gpd.GeoDataFrame,
    *,
    filename: str,
    crs: str | None,
    crs_confirmed: bool,
    missing_prj: bool = False,
) -> GeoLayer:
    """Set or infer the CRS, repair invalid geometries, and reproject to WGS84."""
    messages: list[Message] = []
    choices: dict[str, Any] = {}
    lines = np.arange(1, len(gdf) + 1, dtype=np.int64)
    malformed: dict[int, str] = {}
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    for pos in np.flatnonzero(empty.to_numpy()):
        malformed[int(pos)] = "object zonder geometrie"
    bounds = gdf.bounds[~empty]
    beyond_degrees = bool(len(bounds)) and float(bounds.abs().to_numpy().max()) > 180
    if gdf.crs is not None and gdf.crs.equals(WGS84) and beyond_degrees:
        # GeoJSON without a CRS holding metres
        gdf = gdf.set_crs(None, allow_override=True)  # type: ignore[call-overload]
    if crs is not None:
        gdf = gdf.set_crs(crs, allow_override=True)
    elif gdf.crs is None:
        inferred = infer_crs(
            (bounds["minx"] + bounds["maxx"]) / 2, (bounds["miny"] + bounds["maxy"]) / 2
        )
        if inferred is None:
            raise UploadRejectedError(
                Message(
                    "error",
                    "Het coördinatenstelsel ontbreekt"
                    f"{' (geen .prj-bestand)' if missing_prj else ''} en kan niet afgeleid worden "
                    "uit de coördinaten. Geef het op (bv. EPSG:31370).",
                    file=filename,
                )
            )
        gdf = gdf.set_crs(inferred)
        choices["crs_inferred"] = inferred
        messages.append(
            Message(
                "info" if crs_confirmed else "warning",
                f"Het coördinatenstelsel ontbreekt{' (geen .prj-bestand)' if missing_prj else ''}; "
                f"afgeleid uit de coördinaten: {CRS_LABELS[inferred]}."
                + ("" if crs_confirmed else " Bevestig dit of kies een ander stelsel."),
                file=filename,
            )
        )
    choices["crs"] = gdf.crs.to_string() if gdf.crs else None
    invalid = ~empty & ~gdf.geometry.is_valid
    if invalid.any():
        positions = np.flatnonzero(invalid.to_numpy())
        reasons = [shapely.is_valid_reason(g) for g in gdf.geometry.iloc[positions]]
        gdf = gdf.copy()
        geometry_column = gdf.geometry.name
        repaired = shapely.make_valid(gdf.geometry.to_numpy()[invalid.to_numpy()])
        gdf.loc[invalid, geometry_column] = repaired
        listed = ", ".join(
            f"{int(lines[p])} ({r})" for p, r in list(zip(positions, reasons, strict=True))[:8]
        )
        messages.append(
            Message(
                "warning",
                f"{len(positions)} ongeldige geometrie(ën) hersteld met make_valid: object {listed}"
                + (" ..." if len(positions) > 8 else "")
                + ". Controleer de vormen.",
                line=int(lines[positions[0]]),
                file=filename,
            )
        )
        choices["repaired"] = [int(lines[p]) for p in positions]
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    return GeoLayer(gdf=gdf, lines=lines, messages=messages, choices=choices, malformed=malformed)


__all__ = ["GeoLayer", "finish_layer", "read_geojson", "read_geopackage", "read_zipped_shapefile"]
