"""``verbonden export indicators|initiatives``: write the unit table or the initiatives to a file.

CSV goes to standard output unless ``--output`` is given; GeoJSON and GeoPackage need a path.
User errors print a Dutch message and return a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from geodata.files import atomic_path
from geodata.settings import load_settings
from geodata.store import StoreError

if TYPE_CHECKING:
    import pandas as pd

    from layers.indicators import IndicatorInputs

Command = Callable[[argparse.Namespace], int]

EXIT_USAGE = 2
EXIT_ERROR = 1
LEVEL_NAMES = {"info": "info", "warning": "waarschuwing", "error": "fout"}


def _inputs(args: argparse.Namespace) -> IndicatorInputs:
    from geodata.build import ensure_store
    from layers.indicators import IndicatorInputs

    settings = load_settings(home=args.home, mirror=args.mirror)
    ensure_store(settings)
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


def _read_user_inventory(path: str, inputs: IndicatorInputs) -> tuple[pd.DataFrame, int]:
    """(typed inventory, number of errors); prints every message to standard error.

    The file goes through the upload guards (:func:`geodata.upload.read_user_file`, then the
    inventory reader's size, type and archive checks). A file without a single usable row is an
    error (``ValueError``, Dutch): nothing is exported from it.
    """
    from geodata.store import read_attributes
    from geodata.upload import UploadRejectedError, read_user_file
    from layers.initiatives import read_inventory

    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"het overzicht '{path}' bestaat niet.")
    codes = set(read_attributes(inputs.store_path, "gemeente")["code"].astype(str))
    try:
        data = read_user_file(file)
    except UploadRejectedError as exc:
        inventory, messages = None, exc.messages
    else:
        inventory, messages = read_inventory(data, filename=file.name, known_codes=codes)
    for message in messages:
        print(f"{LEVEL_NAMES.get(message.level, message.level)}: {message}", file=sys.stderr)
    if inventory is None or not bool(inventory["geldig"].any()):
        raise ValueError(
            f"het overzicht '{file.name}' heeft geen enkele bruikbare rij; er is niets "
            "geëxporteerd. Zie de meldingen hierboven (of 'verbonden check --kind initiatieven')."
        )
    errors = sum(m.level == "error" for m in messages)
    if errors:
        rows = "rij telt" if errors == 1 else "rijen tellen"
        print(f"Let op: {errors} {rows} niet mee door fouten.", file=sys.stderr)
    return inventory, errors


def _with_saved(
    args: argparse.Namespace, inputs: IndicatorInputs, upload: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, dict[str, str] | None]:
    """The inventory to count, with the municipalities' saved inventories (the Inventaris page),
    and the gemeenten it is the provision of; (upload, None) when none was saved."""
    from geodata.database import DatabaseError
    from layers.analysis import combine_inventories, load_inventory
    from layers.editing import shared_inventories

    url = load_settings(home=args.home, mirror=args.mirror).inventory_url
    try:
        shared = shared_inventories(url)
    except DatabaseError as error:
        print(f"Let op: bewaarde overzichten niet gelezen: {error}", file=sys.stderr)
        return upload, None
    if shared.empty:
        return upload, None
    count = len(shared.sources)
    print(f"De bewaarde overzichten van {count} gemeente(n) tellen mee.", file=sys.stderr)
    combined, sources = combine_inventories(
        load_inventory(inputs), shared.table, shared.sources, upload
    )
    return combined, sources


def _output(args: argparse.Namespace) -> Path | None:
    if args.output:
        path = Path(args.output)
        if not path.parent.is_dir():
            raise FileNotFoundError(f"de map '{path.parent}' voor --output bestaat niet.")
        return path
    if args.format != "csv":
        print(f"Fout: voor het formaat '{args.format}' is --output PAD verplicht.", file=sys.stderr)
    return None


@contextlib.contextmanager
def _target(output: Path | None) -> Iterator[Path | IO[str]]:
    """Standard output, or a temporary file next to ``output`` that replaces it only once it is
    completely written (:func:`geodata.files.atomic_path`)."""
    if output is None:
        yield sys.stdout
        return
    with atomic_path(output) as tmp:
        yield tmp


def _cmd_indicators(args: argparse.Namespace) -> int:
    from geodata.store import read_layer
    from layers.analysis import table_metadata, unit_table
    from layers.reports import export_indicators

    output = _output(args)
    if output is None and args.format != "csv":
        return EXIT_USAGE
    inputs = _inputs(args)
    inventory = None
    if args.inventory:
        inventory, _ = _read_user_inventory(args.inventory, inputs)
    combined, sources = _with_saved(args, inputs, inventory)
    table = unit_table(inputs, args.level, inventory=combined, sources=sources)
    units = None
    if args.format != "csv":
        units = read_layer(inputs.store_path, args.level, display=args.format == "geojson")
    metadata = table_metadata(args.level, weights=None, uploaded_inventory=inventory is not None)
    with _target(output) as target:
        export_indicators(
            table,
            target,
            format=args.format,
            excel_nl=args.excel_nl,
            units=units,
            metadata=metadata,
        )
    if output is not None:
        print(f"{len(table)} gebieden geschreven naar {output}.", file=sys.stderr)
    return 0


def _cmd_initiatives(args: argparse.Namespace) -> int:
    from layers.analysis import GAP_DISCLAIMER, UPLOADED_NOTE, load_inventory, place_inventory
    from layers.reports import export_initiatives

    output = _output(args)
    if output is None and args.format != "csv":
        return EXIT_USAGE
    inputs = _inputs(args)
    upload = None
    if args.inventory:
        upload, _ = _read_user_inventory(args.inventory, inputs)
    combined, sources = _with_saved(args, inputs, upload)
    inventory = load_inventory(inputs) if combined is None else combined
    note = UPLOADED_NOTE if upload is not None or sources else GAP_DISCLAIMER
    points = place_inventory(inputs, inventory)
    with _target(output) as target:
        export_initiatives(
            points,
            target,
            format=args.format,
            excel_nl=args.excel_nl,
            metadata={"opmerking": note},
        )
    if output is not None:
        print(f"{len(points)} initiatieven geschreven naar {output}.", file=sys.stderr)
    return 0


def _guarded(command: Command) -> Command:
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except BrokenPipeError:  # e.g. piped into `head`: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return EXIT_ERROR
        except (ValueError, KeyError, OSError, StoreError) as error:
            text = error.args[0] if isinstance(error, KeyError) and error.args else error
            print(f"Fout: {text}", file=sys.stderr)
            return EXIT_ERROR

    return run


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--excel-nl",
        action="store_true",
        help="';' als scheidingsteken en decimale komma's (Excel in nl-BE)",
    )
    parser.add_argument("--output", "-o", help="uitvoerbestand (CSV: standaard het scherm)")
    parser.add_argument("--inventory", help="eigen overzicht van initiatieven (CSV of Excel)")
    parser.add_argument("--home", help="schrijfbare map voor de gegevens (VERBONDEN_HOME)")
    parser.add_argument("--mirror", help="lokale spiegelmap met de open data (VERBONDEN_MIRROR)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export indicators`` and ``export initiatives`` to the ``verbonden`` parser."""
    export = subparsers.add_parser("export", help="cijfers of initiatieven exporteren")
    commands = export.add_subparsers(dest="export_command", required=True)
    indicators = commands.add_parser(
        "indicators", help="één rij per gebied: indicatoren, nood-index, aanbod en actiekloof"
    )
    indicators.add_argument("--level", choices=("gemeente", "wijk"), required=True)
    indicators.add_argument("--format", choices=("csv", "geojson", "gpkg"), default="csv")
    _common(indicators)
    indicators.set_defaults(func=_guarded(_cmd_indicators))
    initiatives = commands.add_parser("initiatives", help="de initiatieven als punten")
    initiatives.add_argument("--format", choices=("csv", "geojson"), default="csv")
    _common(initiatives)
    initiatives.set_defaults(func=_guarded(_cmd_initiatives))
