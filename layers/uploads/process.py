"""Checking an upload of any kind: bytes -> :class:`Processed` (report + usable data).

:func:`process_upload` reads a table or point file with :func:`geodata.upload.read_upload` and an
initiative inventory with :func:`layers.initiatives.read_inventory` (both behind the same size,
type and archive guards): a file problem becomes a rejected report with a Dutch message; a bug
propagates to the caller's boundary. :func:`options_from_values` turns the
page's (or a command's) option values into :class:`geodata.upload.UploadOptions`. The dashboard
and the command line both use this module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from geodata.resolver import Resolver
from geodata.upload import (
    AGGREGATIONS,
    DECIMALS,
    DUPLICATES,
    UploadOptions,
    UploadReport,
    choice,
    read_upload,
)
from layers.initiatives import read_inventory
from layers.uploads.review import inventory_report

if TYPE_CHECKING:
    import geopandas as gpd

    from geodata.upload.read import Gemeenten

POINT_KINDS = ("ontmoetingsplaatsen", "haltes")
# Levels whose codes an inventory may name as a location (``locatie_code``).
LOCALITY_LEVELS = ("deelgemeente", "wijk")


@dataclass(frozen=True)
class Processed:
    """A checked upload: the report and the usable data for its kind.

    ``mismatch`` is a Dutch sentence when the content does not fit the chosen kind (a point file
    chosen as indicator, or a table without coordinates chosen as points); nothing can then be
    used.
    """

    kind: str
    filename: str
    report: UploadReport
    table: pd.DataFrame | None = None
    points: gpd.GeoDataFrame | None = None
    inventory: pd.DataFrame | None = None
    choices: dict[str, Any] = field(default_factory=dict)
    mismatch: str | None = None

    @property
    def usable(self) -> bool:
        """True when something of the chosen kind can be used."""
        if not self.report.usable or self.mismatch:
            return False
        return any(x is not None for x in (self.table, self.points, self.inventory))


def _read_inventory(
    data: bytes,
    *,
    filename: str,
    resolver: Resolver | None,
    localities: Mapping[str, str] | None,
) -> Processed:
    inventory, messages = read_inventory(
        data, filename=filename, resolver=resolver, known_locality_codes=localities
    )
    report = inventory_report(inventory, messages, filename=filename)
    return Processed(
        "initiatieven", filename, report, inventory=inventory if report.usable else None
    )


def _mismatch(kind: str, table: pd.DataFrame | None, points: gpd.GeoDataFrame | None) -> str | None:
    if kind == "indicator" and table is None and points is not None:
        return (
            "Dit bestand bevat punten (coördinaten), geen tabel per gemeente of wijk. Kies "
            "bovenaan 'Ontmoetingsplaatsen' of 'Bus- en tramhaltes' om het te gebruiken."
        )
    if kind in POINT_KINDS and points is None and table is not None:
        return (
            "Dit bestand bevat geen coördinaten (kolommen lat/lon, stop_lat/stop_lon of x/y) "
            "maar een tabel per gemeente of wijk. Kies bovenaan 'Indicator' of voeg "
            "coördinaten toe (zie het sjabloon)."
        )
    return None


def process_upload(
    data: bytes,
    *,
    filename: str,
    kind: str,
    options: UploadOptions | None = None,
    resolver: Resolver | None,
    gemeenten: Gemeenten = None,
    localities: Mapping[str, str] | None = None,
) -> Processed:
    """Check an upload of ``kind`` ('indicator', 'ontmoetingsplaatsen', 'haltes' or
    'initiatieven').

    A problem of the file (too large, not a table, damaged, wrong columns...) becomes a rejected
    report with a Dutch message. An exception raised here is a bug in Verbonden: it propagates to
    the caller's one boundary (the page, the command), which logs it.
    """
    if kind == "initiatieven":
        return _read_inventory(data, filename=filename, resolver=resolver, localities=localities)
    result = read_upload(
        data, filename=filename, resolver=resolver, options=options, gemeenten=gemeenten
    )
    return Processed(
        kind,
        filename,
        result.report,
        table=result.table,
        points=result.points,
        choices=dict(result.choices),
        mismatch=_mismatch(kind, result.table, result.points),
    )


def options_from_values(values: Mapping[str, Any]) -> UploadOptions:
    """Reading options from the page's widget values (missing or empty = automatic).

    Keys: ``blad``, ``laag``, ``kopregel`` (the header's line number, as the CLI's
    ``--header-line``; '0' for none: every record is data), ``sleutel``, ``waarden`` (list),
    ``decimaal`` ('auto', ',' or '.'), ``dubbel`` (refuse/first/last/sum), ``aggregatie`` ('',
    'sum', 'rate'), ``per_kolom`` (column -> 'sum', 'rate', '' for none, or 'standaard' to
    follow ``aggregatie``), ``teller``, ``noemer``, ``verhouding``, ``jaar``, ``crs`` and
    ``crs_ok`` (the inferred CRS confirmed).
    """

    def text(name: str) -> str | None:
        value = values.get(name)
        return str(value) if value not in (None, "") else None

    aggregation = choice(values.get("aggregatie"), AGGREGATIONS)
    per_column: Mapping[str, Any] = values.get("per_kolom") or {}
    merges = tuple(
        (str(column), choice(method, AGGREGATIONS))
        for column, method in sorted(per_column.items())
        if method in ("", *AGGREGATIONS)
    )
    rate = aggregation == "rate" or any(m == "rate" for _, m in merges)
    year = text("jaar")
    chosen_values = tuple(str(v) for v in values.get("waarden") or ())
    crs = text("crs")
    header = text("kopregel")
    return UploadOptions(
        sheet=text("blad"),
        layer=text("laag"),
        header_row=int(header) if header and header.isdigit() else None,
        key_column=text("sleutel"),
        value_columns=chosen_values or None,
        decimal=choice(values.get("decimaal"), DECIMALS) or "auto",
        duplicates=choice(values.get("dubbel"), DUPLICATES) or "refuse",
        aggregation=aggregation,
        numerator=text("teller") if rate else None,
        denominator=text("noemer") if rate else None,
        rate_column=text("verhouding") if aggregation == "rate" else None,
        column_merges=merges,
        year=int(year) if year and year.isdigit() else None,
        crs=crs,
        crs_confirmed=crs is not None or bool(values.get("crs_ok")),
    )


def locality_owners(attributes: Callable[[str], pd.DataFrame]) -> dict[str, str]:
    """Deelgemeente and wijk code -> 2025 municipality code, from ``attributes(level)`` (the
    store's attribute table of a level); checks the locations named in an inventory."""
    owners: dict[str, str] = {}
    for level in LOCALITY_LEVELS:
        frame = attributes(level)
        owners |= dict(
            zip(frame["code"].astype(str), frame["gemeente_code"].astype(str), strict=True)
        )
    return owners


def file_key(data: bytes) -> str:
    """A short fingerprint of the uploaded bytes (widget keys and the memo use it)."""
    return hashlib.sha256(data).hexdigest()[:16]
