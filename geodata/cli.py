"""Command line for the data pipeline: ``verbonden data fetch|build|info`` and ``resolve``.

The console script lives in :mod:`layers.cli`, which adds the analysis commands (export, map) on
top of the parser built here; this module never imports anything above ``geodata``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from geodata.fetch import FetchError, fetch
from geodata.files import WriteError, write_problem
from geodata.settings import Settings, load_settings, store_label
from geodata.store import StoreError, check_store, layer_counts, store_exists


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(home=getattr(args, "home", None), mirror=getattr(args, "mirror", None))


def _cmd_fetch(args: argparse.Namespace) -> int:
    settings = _settings(args)
    report = fetch(settings)
    print(
        f"{report.total} bestanden klaar in {settings.raw_dir} "
        f"({len(report.copied)} gekopieerd uit de spiegelmap, {len(report.downloaded)} gedownload, "
        f"{len(report.up_to_date)} al actueel); controlegetallen kloppen."
    )
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    # the builder (GDAL, geopandas, the database driver) loads only for this command: ``check``
    # and the other commands start without it
    from geodata.build import build_store

    settings = _settings(args)
    counts = build_store(settings, force=args.force, on_wait=_tell)
    print(f"Gegevensopslag klaar: {store_label(settings.store_path)}")
    _print_counts(counts)
    if args.after_build is not None:
        extra = args.after_build(settings)
        print("Afgeleide tabellen klaar:")
        _print_counts(extra)
    return 0


def _tell(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _print_counts(counts: dict[str, int]) -> None:
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        print(f"  {name:<{width}}  {count:>6}")


def _cmd_info(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store, label = settings.store_path, store_label(settings.store_path)
    if not store_exists(store):
        where = label if settings.shared_database else settings.home
        print(
            f"Er is nog geen gegevensopslag in {where}. Voer 'verbonden data build' uit.",
            file=sys.stderr,
        )
        return 1
    try:
        check_store(store)
    except StoreError as error:
        print(f"Gegevensopslag: {label}")
        print(f"Fout: {error}", file=sys.stderr)
        return 1
    print(f"Gegevensopslag: {label} (gecontroleerd: volledig en onbeschadigd)")
    _print_counts(layer_counts(store))
    return 0


def _cmd_resolve(args: argparse.Namespace) -> int:
    from geodata.build import ensure_store
    from geodata.resolver import Resolver

    resolver = Resolver.from_store(ensure_store(_settings(args)))
    matches = [resolver.resolve(ref) for ref in args.refs]
    if args.json:
        print(json.dumps([m.__dict__ for m in matches], ensure_ascii=False, indent=1))
    else:
        for m in matches:
            if m.ok:
                extra = f" — {m.note}" if m.note else ""
                print(f"{m.query!r}: {m.code} {m.naam} [{m.kind}]{extra}")
            else:
                cands = ", ".join(f"{c} {n}" for c, n in m.candidates)
                label = "dubbelzinnig" if m.status == "ambiguous" else "onbekend"
                print(
                    f"{m.query!r}: {label} — {m.note}"
                    + (f" (kandidaten: {cands})" if cands else "")
                )
    return 0 if all(m.ok for m in matches) else 1


def _add_location_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", help="schrijfbare map voor de gegevens (VERBONDEN_HOME)")
    parser.add_argument("--mirror", help="lokale spiegelmap met de open data (VERBONDEN_MIRROR)")


def build_parser(
    *, after_build: Callable[[Settings], dict[str, int]] | None = None
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[argparse.ArgumentParser]]:
    """The ``verbonden`` parser with the data and resolve commands.

    ``after_build`` runs after ``data build`` (the analysis layer uses it to precompute its
    indicator tables) and returns row counts to print.
    """
    parser = argparse.ArgumentParser(prog="verbonden", description="Verbonden: gegevens en kaarten")
    commands = parser.add_subparsers(dest="command", required=True)
    data = commands.add_parser("data", help="bronbestanden ophalen en de opslag bouwen")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    p_fetch = data_commands.add_parser("fetch", help="bronbestanden downloaden of kopiëren")
    _add_location_options(p_fetch)
    p_fetch.set_defaults(func=_cmd_fetch)
    p_build = data_commands.add_parser(
        "build", help="de opslag bouwen (GeoPackage, of PostGIS met VERBONDEN_DATABASE_URL)"
    )
    _add_location_options(p_build)
    p_build.add_argument(
        "--force", action="store_true", help="opnieuw bouwen, ook als ze actueel is"
    )
    p_build.set_defaults(func=_cmd_build, after_build=after_build)
    p_info = data_commands.add_parser("info", help="lagen en aantallen in de opslag tonen")
    _add_location_options(p_info)
    p_info.set_defaults(func=_cmd_info)
    p_resolve = commands.add_parser("resolve", help="gemeenteverwijzingen omzetten naar NIS-2025")
    p_resolve.add_argument("refs", nargs="+", help="codes of namen")
    p_resolve.add_argument("--json", action="store_true", help="uitvoer als JSON")
    _add_location_options(p_resolve)
    p_resolve.set_defaults(func=_cmd_resolve)
    return parser, commands


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None) -> int:
    """Parse and run; user errors become a Dutch message and exit status, never a traceback."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return int(args.func(args))
    except (FetchError, StoreError, WriteError, FileNotFoundError, PermissionError) as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # e.g. a full disk while fetching: a Dutch sentence, no traceback
        where = Path(error.filename) if error.filename else Path.cwd() / "bestand"
        print(f"Fout: {write_problem(where, error) or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the data commands alone."""
    parser, _ = build_parser()
    return run(parser, argv)
