"""``verbonden check FILE``: the upload reading path on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from geodata.messages import Message
from geodata.upload.read import UploadOptions, UploadResult, read_upload

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


def register(subparsers: Any) -> None:
    """Add the ``check`` sub-command to the ``verbonden`` parser."""
    parser = subparsers.add_parser(
        "check",
        help="Controleer een bestand zoals het dashboard het zou inlezen.",
        description="Lees een bestand (CSV, Excel, GeoJSON, GeoPackage, gezipte shapefile) en "
        "meld wat er met elke rij gebeurt.",
    )
    parser.add_argument("file", help="het te controleren bestand")
    parser.add_argument("--json", action="store_true", help="rapport als één JSON-object")
    parser.add_argument(
        "--output", help="schrijf de bruikbare rijen genormaliseerd naar dit CSV-bestand"
    )
    add_reading_arguments(parser)
    parser.add_argument(
        "--store", help="pad naar de gegevensopslag (standaard uit de instellingen)"
    )
    parser.set_defaults(func=run_check)


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """The reading options shared by ``check`` and ``map`` (sheet, layer, key column, year, ...)."""
    parser.add_argument("--sheet", help="Excel-blad")
    parser.add_argument("--layer", help="laag (GeoPackage of shapefile)")
    parser.add_argument("--key-column", help="kolom met NIS-codes, namen, sector- of wijkcodes")
    parser.add_argument(
        "--year", type=int, help="jaar om te gebruiken als het bestand er meerdere heeft"
    )
    parser.add_argument(
        "--decimal", choices=[",", "."], help="decimaalteken als de notatie dubbelzinnig is"
    )
    parser.add_argument(
        "--duplicates", choices=["refuse", "first", "last", "sum"], default="refuse",
        help="wat te doen met dubbele sleutels (standaard: geen van beide gebruiken)",
    )  # fmt: skip
    parser.add_argument(
        "--aggregation", choices=["sum", "rate"], help="rijen van één 2025-eenheid samenvoegen"
    )
    parser.add_argument("--numerator", help="tellerkolom voor --aggregation rate")
    parser.add_argument("--denominator", help="noemerkolom voor --aggregation rate")
    parser.add_argument("--crs", help="coördinatenstelsel, bv. EPSG:31370")


def reading_options(args: argparse.Namespace) -> UploadOptions:
    """:class:`UploadOptions` from the arguments of :func:`add_reading_arguments`.

    Raises ``ValueError`` with a Dutch message for an inconsistent combination.
    """
    if (args.numerator or args.denominator) and args.aggregation != "rate":
        raise ValueError("--numerator en --denominator horen bij --aggregation rate.")
    return UploadOptions(
        sheet=args.sheet,
        layer=args.layer,
        key_column=args.key_column,
        year=args.year,
        decimal=args.decimal or "auto",
        duplicates=args.duplicates,
        aggregation=args.aggregation,
        numerator=args.numerator,
        denominator=args.denominator,
        crs=args.crs,
        crs_confirmed=args.crs is not None,
    )


def _error(text: str) -> int:
    print(f"verbonden check: {text}", file=sys.stderr)
    return EXIT_USAGE


def load_reference(store_path: Path) -> tuple[Any, Any]:
    """(resolver, gemeente codes layer) from the store; ``FileNotFoundError`` (Dutch) if absent."""
    from geodata.resolver import Resolver
    from geodata.store import read_layer

    if not store_path.is_file():
        raise FileNotFoundError(
            f"De gegevensopslag ontbreekt ({store_path}). Bouw ze eerst met 'verbonden data build'."
        )
    return Resolver.from_store(store_path), read_layer(store_path, "gemeente", columns=["code"])


def _load_reference(store: str | None) -> tuple[Any, Any]:
    from geodata.settings import load_settings

    return load_reference(Path(store) if store else load_settings().store_path)


def normalised_rows(result: UploadResult) -> pd.DataFrame | None:
    """The usable rows: 2025 code, name and every value column as a plain number (or points)."""
    if result.table is not None:
        return result.table
    if result.points is not None:
        points = result.points
        frame = pd.DataFrame(points.drop(columns=points.geometry.name))
        frame["lon"] = points.geometry.x.round(7)
        frame["lat"] = points.geometry.y.round(7)
        return frame
    return None


def _print_human(result: UploadResult) -> None:
    report = result.report
    print(f"{report.filename}: {report.status}")
    print(
        f"  rijen gelezen {report.rows_in}, gekoppeld {report.rows_matched}, "
        f"niet gekoppeld {report.rows_unmatched}, onleesbaar {report.rows_malformed}"
    )
    for message in report.messages:
        print(f"  [{message.level}] {message}")


def run_check(args: argparse.Namespace) -> int:
    """Run the check; 0 usable, 1 rejected, 2 usage error. Never raises."""
    try:
        return _run(args)
    except KeyboardInterrupt:
        return _error("onderbroken.")
    except Exception as exc:  # never a traceback on the command line
        return _error(f"onverwachte fout: {type(exc).__name__}: {exc}")


def _run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        return _error(f"bestand '{path}' bestaat niet of is geen bestand.")
    try:
        options = reading_options(args)
    except ValueError as exc:
        return _error(str(exc))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _error(f"bestand '{path}' kan niet gelezen worden ({exc.strerror}).")
    try:
        resolver, gemeenten = _load_reference(getattr(args, "store", None))
    except FileNotFoundError as exc:
        return _error(str(exc))
    result = read_upload(
        data, filename=path.name, resolver=resolver, options=options, gemeenten=gemeenten
    )
    if args.output and result.report.usable:
        rows = normalised_rows(result)
        if rows is not None:
            from geodata.safe_export import to_csv_bytes

            Path(args.output).write_bytes(to_csv_bytes(rows))
    if args.json:
        payload = result.report.as_dict()
        payload["choices"] = _jsonable(result.choices)
        print(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        _print_human(result)
        if args.output and not result.report.usable:
            print(Message("info", f"'{args.output}' niet geschreven: het bestand is geweigerd."))
    return EXIT_OK if result.report.usable else EXIT_REJECTED


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


__all__ = [
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "add_reading_arguments",
    "load_reference",
    "normalised_rows",
    "reading_options",
    "register",
    "run_check",
]
