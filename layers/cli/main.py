"""The ``verbonden`` console script: data pipeline commands plus analysis commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from geodata.cli import build_parser, run
from geodata.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``verbonden`` command."""
    parser, commands = build_parser(after_build=_precompute)
    for register in _registrations():
        register(commands)
    return run(parser, argv)


def _precompute(settings: Settings) -> dict[str, int]:
    """After ``verbonden data build``: compute the indicator tables once into the cache, and the
    resolver's lookup tables (the first ``verbonden check`` then reads them from there)."""
    from geodata.resolver import Resolver
    from layers.analysis import precompute
    from layers.indicators import IndicatorInputs

    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    counts = precompute(inputs, home=settings.home)
    Resolver.from_store(settings.store_path)
    return counts


def _registrations() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    from layers.cli.check import register as register_check

    found: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]
    found = [register_check]
    from layers.cli.export import register as register_export

    found.append(register_export)
    from layers.cli.map import register as register_map

    found.append(register_map)
    from layers.cli.plan import register as register_plan

    found.append(register_plan)
    from layers.cli.beheer import register as register_beheer

    found.append(register_beheer)
    return found


if __name__ == "__main__":
    sys.exit(main())
