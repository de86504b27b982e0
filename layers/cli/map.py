"""``verbonden map FILE --out MAP.html``: a standalone map of an uploaded indicator or point file.

The file goes through the same reading path as ``verbonden check`` and the dashboard. A table
becomes a choropleth of one value column on the store's gemeente or wijk polygons; a point file
becomes a point layer over the gemeente outlines. The result is one self-contained HTML file
(Leaflet inlined, no external URL) that can be sent by mail. Every text from the file is escaped
by the map builders of :mod:`layers.maps`. Exit status: 0 map written, 1 file rejected, 2 usage
error; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from geodata.files import WriteError, write_text
from geodata.store import StoreError
from geodata.upload.cli import program_fault
from layers.uploads import MAX_SINGLE_POINTS, points_preview_map, table_preview_map

if TYPE_CHECKING:  # the points of a map come as a GeoDataFrame; every other command (`check`)
    import geopandas as gpd  # starts without geopandas

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
TABLE_COLUMNS = ("level", "code", "naam")
LEVEL_LABELS = {"gemeente": "gemeenten", "wijk": "wijken"}
MESSAGE_LEVELS = {"info": "info", "warning": "waarschuwing", "error": "fout"}
NAME_COLUMNS = ("naam", "name", "stop_name", "titel", "title", "label", "omschrijving")
MAX_LISTED_ROWS = 5


class MapUsageError(Exception):
    """A usage problem (unknown column, unwritable output) with a Dutch message."""


class NothingToMapError(Exception):
    """The file was read but has nothing a map can show (Dutch message); exit status 1."""


def value_columns(table: pd.DataFrame) -> list[str]:
    """The value columns of an upload table (everything but level, code and naam)."""
    return [str(c) for c in table.columns if c not in TABLE_COLUMNS]


def unused_row_notes(rejected_rows: pd.DataFrame, *, limit: int = MAX_LISTED_ROWS) -> list[str]:
    """Legend notes naming the first ``limit`` rows that are not on the map, with their reason."""
    if rejected_rows.empty:
        return []
    records = rejected_rows[["line", "reason"]].head(limit).to_dict(orient="records")
    notes = [f"Niet op de kaart: regel {r['line']}: {r['reason']}" for r in records]
    if len(rejected_rows) > limit:
        notes.append(f"… en nog {len(rejected_rows) - limit} rij(en) (zie 'verbonden check').")
    return notes


def _label_column(points: gpd.GeoDataFrame, attributes: list[str]) -> str:
    lowered = {c.lower(): c for c in attributes}
    for name in NAME_COLUMNS:
        if name in lowered:
            return lowered[name]
    for column in attributes:
        if points[column].dtype == object:
            return column
    return "regel"


def _check_output(out: str) -> Path:
    path = Path(out)
    if path.is_dir():
        raise MapUsageError(f"--out '{out}' is een map; geef een bestandsnaam zoals kaart.html.")
    parent = path.parent
    if not parent.is_dir():
        raise MapUsageError(f"de map '{parent}' voor --out bestaat niet.")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise MapUsageError(f"'{out}' kan niet geschreven worden (geen schrijfrechten).")
    return path


def _size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"


def _print_messages(result: Any) -> None:
    for message in result.report.messages:
        print(f"{MESSAGE_LEVELS.get(message.level, message.level)}: {message}", file=sys.stderr)


def _choose_column(table: pd.DataFrame, column: str | None, columns: list[str]) -> str:
    available = value_columns(table)
    if not available:
        raise NothingToMapError(
            "het bestand heeft geen kolom met getallen om op de kaart te tonen."
        )
    if column is None:
        return available[0]
    if column in available:
        return column
    listing = ", ".join(f"'{c}'" for c in available)
    if column in columns:
        raise MapUsageError(
            f"kolom '{column}' bevat geen bruikbare getallen; kies een van: {listing}."
        )
    raise MapUsageError(f"kolom '{column}' bestaat niet; kies een van: {listing}.")


def _table_map(result: Any, args: argparse.Namespace, store_path: Path) -> tuple[str, str]:
    """(html, summary) for a table upload."""
    from geodata.store import read_layer

    table = result.table
    column = _choose_column(table, args.column, result.choices.get("columns", []))
    counts = table["level"].value_counts()
    level = args.level or str(counts.idxmax())
    other = int(len(table) - counts.get(level, 0))
    notes = unused_row_notes(result.report.rejected_rows)
    if other:
        notes.insert(0, f"{other} eenheid/eenheden van een ander niveau niet op deze kaart.")
    units = read_layer(store_path, level, display=True)
    outlines = read_layer(store_path, "gemeente", display=True) if level == "wijk" else None
    title = args.title or f"{column} — {result.report.filename}"
    m = table_preview_map(
        table[table["level"] == level],
        units,
        level=level,
        column=column,
        filename=result.report.filename,
        outlines=outlines,
        restrict_wijken=False,
        title=title,
        notes=notes,
    )
    shown = table[(table["level"] == level) & table[column].notna()]
    summary = f"kolom '{column}'"
    others = [f"'{c}'" for c in value_columns(table) if c != column]
    if others and args.column is None:
        summary += f" (ook beschikbaar met --column: {', '.join(others)})"
    summary += f", {len(shown)} van {len(units)} {LEVEL_LABELS[level]} met een waarde"
    if other:
        summary += f", {other} eenheid/eenheden van een ander niveau niet getoond"
    from layers.maps import standalone_html  # folium: only when a map is written

    return standalone_html(m, title=title), summary


def _points_map(result: Any, args: argparse.Namespace, store_path: Path) -> tuple[str, str]:
    """(html, summary) for a point upload."""
    from geodata.store import read_layer

    points = result.points
    if args.column is not None and args.column not in points.columns:
        internal = ("regel", "gemeente_code", points.geometry.name)
        listing = ", ".join(f"'{c}'" for c in points.columns if c not in internal)
        raise MapUsageError(f"kolom '{args.column}' bestaat niet; kies een van: {listing}.")
    gemeenten = read_layer(store_path, "gemeente", display=True)
    title = args.title or f"Punten uit {result.report.filename}"
    attributes = [
        str(c) for c in points.columns if c not in ("regel", "gemeente_code", points.geometry.name)
    ]
    m = points_preview_map(
        points,
        gemeenten,
        name=f"Punten uit {result.report.filename}",
        label_column=_label_column(points, attributes),
        filename=result.report.filename,
        colour_by=args.column,
        title=title,
        notes=unused_row_notes(result.report.rejected_rows),
    )
    grouped = " (gegroepeerd per gemeente)" if len(points) > MAX_SINGLE_POINTS else ""
    from layers.maps import standalone_html

    return standalone_html(m, title=title), f"{len(points)} punten op de kaart{grouped}"


def _run(args: argparse.Namespace) -> int:
    from geodata.settings import load_settings
    from geodata.upload import UploadRejectedError, read_upload, read_user_file
    from geodata.upload.cli import load_reference, reading_options

    path = Path(args.file)
    if not path.is_file():
        raise MapUsageError(f"bestand '{path}' bestaat niet of is geen bestand.")
    out = _check_output(args.out)
    try:
        options = reading_options(args)
    except ValueError as exc:
        raise MapUsageError(str(exc)) from None
    try:
        data = read_user_file(path)
    except OSError as exc:
        raise MapUsageError(f"bestand '{path}' kan niet gelezen worden ({exc.strerror}).") from None
    except UploadRejectedError as exc:
        for message in exc.messages:
            print(f"fout: {message}", file=sys.stderr)
        print(f"Geen kaart geschreven: '{path.name}' is geweigerd.", file=sys.stderr)
        return EXIT_REJECTED
    store_path = load_settings(home=args.home).store_path
    try:
        resolver, gemeenten = load_reference(store_path)
    except StoreError as exc:
        raise MapUsageError(str(exc)) from None
    result = read_upload(
        data, filename=path.name, resolver=resolver, options=options, gemeenten=gemeenten
    )
    _print_messages(result)
    report = result.report
    if not report.usable or (result.table is None and result.points is None):
        print(f"Geen kaart geschreven: '{path.name}' is geweigerd.", file=sys.stderr)
        return EXIT_REJECTED
    if result.table is not None:
        html, detail = _table_map(result, args, store_path)
    else:
        html, detail = _points_map(result, args, store_path)
    try:
        write_text(out, html)
    except WriteError as exc:
        raise MapUsageError(str(exc)) from None
    print(
        f"{report.rows_matched} van {report.rows_in} rijen gebruikt ({detail}); kaart geschreven "
        f"naar {out} ({_size_text(out.stat().st_size)})."
    )
    return EXIT_OK


def run_map(args: argparse.Namespace) -> int:
    """Run ``verbonden map``; 0 written, 1 rejected, 2 usage error. Never raises."""
    try:
        return _run(args)
    except MapUsageError as exc:
        print(f"verbonden map: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NothingToMapError as exc:
        print(f"Geen kaart geschreven: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print("verbonden map: onderbroken.", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # the one boundary: file problems never get here
        return program_fault("map", exc)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``map`` to the ``verbonden`` parser."""
    from geodata.upload.cli import add_reading_arguments

    parser = subparsers.add_parser(
        "map",
        help="een eigen bestand als losse HTML-kaart (om te mailen)",
        description="Lees een bestand met cijfers per gemeente of wijk, of met punten, en schrijf "
        "één zelfstandig HTML-bestand met de kaart (zonder internetverbinding te openen).",
    )
    parser.add_argument("file", help="het bestand (CSV, Excel, GeoJSON, GeoPackage, zip)")
    parser.add_argument("--out", required=True, help="het HTML-bestand om te schrijven")
    parser.add_argument(
        "--column",
        help="waardekolom voor de kaart (standaard de eerste); bij punten: kolom voor de kleur",
    )
    parser.add_argument("--title", help="titel van de kaart")
    parser.add_argument(
        "--level", choices=("gemeente", "wijk"), help="niveau als het bestand beide bevat"
    )
    add_reading_arguments(parser)
    parser.add_argument("--home", help="map met de gegevensopslag (VERBONDEN_HOME)")
    parser.set_defaults(func=run_map)


__all__ = [
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "MapUsageError",
    "NothingToMapError",
    "register",
    "run_map",
    "unused_row_notes",
    "value_columns",
]
