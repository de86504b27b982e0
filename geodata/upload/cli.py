"""``verbonden check FILE``: the upload reading path on the command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from geodata.files import WriteError, write_bytes
from geodata.messages import Message
from geodata.store import StoreError
from geodata.upload.limits import read_user_file
from geodata.upload.options import AGGREGATIONS, DUPLICATES, UploadOptions
from geodata.upload.read import read_upload
from geodata.upload.report import (
    PROGRAM_FAULT,
    UploadRejectedError,
    UploadReport,
    rejected_file_report,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from geodata.resolver import Resolver
    from geodata.upload.read import Gemeenten

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckRequest:
    """One file to check, with the reading options and the store's reference data."""

    data: bytes
    filename: str
    options: UploadOptions
    store_path: Path
    resolver: Resolver
    gemeenten: Gemeenten


@dataclass(frozen=True)
class CheckOutcome:
    """What a check found: the report, the usable rows for ``--output`` and the choices offered.

    ``mismatch`` is a Dutch sentence when the content does not fit the kind asked for; nothing is
    then usable.
    """

    report: UploadReport
    rows: pd.DataFrame | None = None
    choices: dict[str, Any] = field(default_factory=dict)
    mismatch: str | None = None

    @property
    def usable(self) -> bool:
        """True when the file can be used as asked (possibly with warnings)."""
        return self.report.usable and self.mismatch is None


Checker = Callable[[CheckRequest], CheckOutcome]


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``check`` sub-command to the ``verbonden`` parser and return its parser (a caller
    that knows more kinds of file, such as ``layers.cli``, adds its options and handler)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
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
    return parser


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """The reading options shared by ``check`` and ``map`` (sheet, layer, key column, year, ...)."""
    parser.add_argument("--sheet", help="Excel-blad")
    parser.add_argument("--layer", help="laag (GeoPackage of shapefile)")
    parser.add_argument("--key-column", help="kolom met NIS-codes, namen, sector- of wijkcodes")
    parser.add_argument(
        "--header-line", type=int, metavar="N",
        help="regelnummer (of Excel-rij) van de kopregel, als de herkende kop niet klopt; "
        "0: geen kopregel, elke regel is gegevens (kolommen 'kolom 1', 'kolom 2', ...)",
    )  # fmt: skip
    parser.add_argument(
        "--year", type=int, help="jaar om te gebruiken als het bestand er meerdere heeft"
    )
    parser.add_argument(
        "--decimal", choices=[",", "."], help="decimaalteken als de notatie dubbelzinnig is"
    )
    parser.add_argument(
        "--duplicates", choices=DUPLICATES, default="refuse",
        help="wat te doen met dubbele sleutels (standaard: geen van beide gebruiken)",
    )  # fmt: skip
    parser.add_argument(
        "--aggregation", choices=AGGREGATIONS, help="rijen van één 2025-eenheid samenvoegen"
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
    if args.header_line is not None and args.header_line < 0:
        raise ValueError("--header-line is een regelnummer vanaf 1, of 0 voor geen kopregel.")
    return UploadOptions(
        sheet=args.sheet,
        header_row=args.header_line,
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


def load_reference(store_path: Path) -> tuple[Resolver, Callable[[], gpd.GeoDataFrame]]:
    """(resolver, a function that reads the gemeente codes layer) from the store, after
    :func:`geodata.store.check_store`: ``StoreError`` (Dutch, with the command that repairs it)
    when it is missing or damaged. The layer is read only for a file with points."""
    from geodata.resolver import Resolver
    from geodata.store import check_store, read_layer

    check_store(store_path)
    return Resolver.from_store(store_path), partial(
        read_layer, store_path, "gemeente", columns=["code"]
    )


def _store_path(store: str | None) -> Path:
    from geodata.settings import load_settings

    return Path(store) if store else load_settings().store_path


def normalised_rows(
    table: pd.DataFrame | None, points: gpd.GeoDataFrame | None
) -> pd.DataFrame | None:
    """The usable rows: 2025 code, name and every value column as a plain number (or points)."""
    if table is not None:
        return table
    if points is not None:
        frame = pd.DataFrame(points.drop(columns=points.geometry.name))
        frame["lon"] = points.geometry.x.round(7)
        frame["lat"] = points.geometry.y.round(7)
        return frame
    return None


def read_check(request: CheckRequest) -> CheckOutcome:
    """The default check: :func:`read_upload` (a table per gemeente or wijk, or points)."""
    result = read_upload(
        request.data,
        filename=request.filename,
        resolver=request.resolver,
        options=request.options,
        gemeenten=request.gemeenten,
    )
    rows = normalised_rows(result.table, result.points) if result.report.usable else None
    return CheckOutcome(report=result.report, rows=rows, choices=dict(result.choices))


def _print_human(outcome: CheckOutcome) -> None:
    report = outcome.report
    print(f"{report.filename}: {report.status}")
    print(
        f"  rijen gelezen {report.rows_in}, gekoppeld {report.rows_matched}, "
        f"niet gekoppeld {report.rows_unmatched}, onleesbaar {report.rows_malformed}"
    )
    for message in report.messages:
        print(f"  [{message.level}] {message}")
    if outcome.mismatch:
        print(f"  [error] {outcome.mismatch}")


def program_fault(command: str, exc: Exception) -> int:
    """The command line's boundary for a bug in Verbonden: a Dutch line on stderr that says it is
    not the file's fault (never a traceback; that goes to the log at debug level); exit 2."""
    _LOG.debug("Fout in Verbonden in 'verbonden %s'", command, exc_info=exc)
    print(f"verbonden {command}: {PROGRAM_FAULT} ({type(exc).__name__}: {exc})", file=sys.stderr)
    return EXIT_USAGE


def run_check(args: argparse.Namespace, checker: Checker = read_check) -> int:
    """Run the check with ``checker``; 0 usable, 1 rejected, 2 usage error or a bug. Never
    raises."""
    try:
        return _run(args, checker)
    except KeyboardInterrupt:
        return _error("onderbroken.")
    except Exception as exc:  # the one boundary: file problems never get here
        return program_fault("check", exc)


def _read_file(args: argparse.Namespace, path: Path) -> tuple[bytes, UploadOptions] | int:
    """(the file's bytes, the reading options), or the exit status after a message or report."""
    if not path.is_file():
        return _error(f"bestand '{path}' bestaat niet of is geen bestand.")
    try:
        options = reading_options(args)
    except ValueError as exc:
        return _error(str(exc))
    try:
        return read_user_file(path), options
    except OSError as exc:
        return _error(f"bestand '{path}' kan niet gelezen worden ({exc.strerror}).")
    except UploadRejectedError as exc:
        report = rejected_file_report(filename=path.name, kind="table", messages=exc.messages)
        return _report(args, CheckOutcome(report=report))


def _run(args: argparse.Namespace, checker: Checker) -> int:
    path = Path(args.file)
    read = _read_file(args, path)
    if isinstance(read, int):
        return read
    data, options = read
    store_path = _store_path(getattr(args, "store", None))
    try:
        resolver, gemeenten = load_reference(store_path)
    except StoreError as exc:
        return _error(str(exc))
    request = CheckRequest(data, path.name, options, store_path, resolver, gemeenten)
    outcome = checker(request)
    if args.output and outcome.usable and outcome.rows is not None:
        from geodata.safe_export import to_csv_bytes

        try:
            write_bytes(Path(args.output), to_csv_bytes(outcome.rows))
        except WriteError as exc:
            return _error(str(exc))
    return _report(args, outcome)


def _report(args: argparse.Namespace, outcome: CheckOutcome) -> int:
    if args.json:
        payload = outcome.report.as_dict()
        if outcome.mismatch:
            payload["status"] = "rejected"
            payload["mismatch"] = outcome.mismatch
        payload["choices"] = _jsonable(outcome.choices)
        print(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        _print_human(outcome)
        if args.output and not outcome.usable:
            print(Message("info", f"'{args.output}' niet geschreven: het bestand is geweigerd."))
    return EXIT_OK if outcome.usable else EXIT_REJECTED


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
    "CheckOutcome",
    "CheckRequest",
    "Checker",
    "add_reading_arguments",
    "load_reference",
    "normalised_rows",
    "program_fault",
    "read_check",
    "reading_options",
    "register",
    "run_check",
]
