"""``verbonden check FILE [--kind KIND]``: the dashboard's upload check on the command line.

The reading path and the report live in :mod:`geodata.upload.cli`; this module adds ``--kind``,
which checks a file as the 'Eigen data' page does for that kind, through
:func:`layers.uploads.process_upload` (an initiative inventory, or a table or points that must be
of the chosen kind). Without ``--kind`` the file is read as a table or points, as detected.
"""

from __future__ import annotations

import argparse
import io
from functools import partial
from typing import Any

import pandas as pd

from geodata.store import read_attributes
from geodata.upload.cli import (
    Checker,
    CheckOutcome,
    CheckRequest,
    normalised_rows,
    read_check,
    run_check,
)
from geodata.upload.cli import register as register_upload_check
from layers.initiatives import inventory_to_csv
from layers.uploads import UPLOAD_KINDS, Processed, locality_owners, process_upload


def register(subparsers: Any) -> None:
    """Add ``check`` (with ``--kind``) to the ``verbonden`` parser."""
    parser = register_upload_check(subparsers)
    parser.add_argument(
        "--kind",
        choices=tuple(UPLOAD_KINDS),
        help="soort bestand zoals op de pagina Eigen data; 'initiatieven' controleert een "
        "overzicht van initiatieven (standaard: tabel of punten, zoals gevonden)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``check`` for the chosen kind; 0 usable, 1 rejected, 2 usage error. Never raises."""
    return run_check(args, checker=checker(args.kind))


def checker(kind: str | None) -> Checker:
    """The check for ``kind`` (None: read as a table or points, as detected)."""
    return read_check if kind is None else partial(_check_kind, kind)


def _check_kind(kind: str, request: CheckRequest) -> CheckOutcome:
    localities = None
    if kind == "initiatieven":
        localities = locality_owners(partial(read_attributes, request.store_path))
    processed = process_upload(
        request.data,
        filename=request.filename,
        kind=kind,
        options=request.options,
        resolver=request.resolver,
        gemeenten=request.gemeenten,
        localities=localities,
    )
    return CheckOutcome(
        report=processed.report,
        rows=_usable_rows(processed),
        choices=dict(processed.choices),
        mismatch=processed.mismatch,
    )


def _usable_rows(processed: Processed) -> pd.DataFrame | None:
    """The rows ``--output`` writes: valid inventory rows in the inventory's own columns, or the
    normalised table or points."""
    if not processed.usable:
        return None
    if processed.inventory is not None:
        valid = processed.inventory[processed.inventory["geldig"]]
        text = inventory_to_csv(valid).decode("utf-8")
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return normalised_rows(processed.table, processed.points)


__all__ = ["checker", "register", "run"]
