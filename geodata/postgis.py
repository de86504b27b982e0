"""The store in a shared PostgreSQL/PostGIS database (``VERBONDEN_DATABASE_URL``).

The same layers and tables as the GeoPackage, one table each in the schema ``verbonden_store``
(geometry in the column ``geometry`` with its SRID; a ``fid`` column keeps the row order).
:mod:`geodata.store` and :mod:`geodata.build` come here when the store's name maps to a database
(:func:`geodata.settings.store_database_url`); nothing else imports this module.

- **Writing** (:func:`write_store`) happens in one transaction: a fresh schema is filled and
  checked (every layer with its count), then swapped in place of the old one by renaming, so a
  reader sees the old store or the new one and a failed or killed build leaves nothing behind.
  One builder at a time per database (:func:`build_lock`, a PostgreSQL advisory lock), besides the
  home folder's file lock.
- **Version**: every build writes a new ``build_id`` row into ``meta``; it keys the per-process
  store check and the files derived from the store, as the file's stat does for the GeoPackage.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiLineString, MultiPoint, MultiPolygon
from sqlalchemy import Connection, text
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from geodata.database import DatabaseError, engine
from geodata.settings import display_url

SCHEMA = "verbonden_store"
ORDER_COLUMN = "fid"
GEOMETRY_COLUMN = "geometry"
# pg_advisory_lock key of the store build ("verbonde" in ASCII): one builder per database.
LOCK_KEY = 0x766572626F6E6465
_GEOMETRY = "_geometry_wkb"
_MULTI: dict[str, Any] = {  # single part -> its multi-part class
    "Polygon": MultiPolygon,
    "LineString": MultiLineString,
    "Point": MultiPoint,
}

Counter = Callable[[str], int]
# The store's own check (geodata.store.layers_problem): the layers present and a row counter in,
# a Dutch phrase about the first missing or wrong layer out (None: all right).
Check = Callable[[set[str], Counter], str | None]


class DatabaseStoreError(DatabaseError):
    """The store's database cannot be reached or used; ``str()`` is a Dutch sentence with the
    fix (:mod:`geodata.store` turns it into its ``StoreError``)."""


def unreachable(url: str, error: BaseException) -> str:
    """A Dutch sentence for a database that does not answer, refuses us or fails a statement."""
    detail = " ".join(str(getattr(error, "orig", None) or error).split())[:200]
    if isinstance(error, OperationalError | InterfaceError):
        return (
            f"De gedeelde databank {display_url(url)} is niet bereikbaar of weigert de "
            f"verbinding ({detail}). Controleer VERBONDEN_DATABASE_URL en of de databankserver "
            "draait."
        )
    return (
        f"De gedeelde databank {display_url(url)} gaf een fout bij de gegevensopslag ({detail}). "
        "Bouw ze opnieuw met 'verbonden data build --force'; blijft de fout, kijk dan na of deze "
        "gebruiker er tabellen mag maken."
    )


def _quote(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def _tables(conn: Connection, schema: str) -> set[str]:
    rows = conn.execute(
        text("SELECT table_name FROM information_schema.tables WHERE table_schema = :schema"),
        {"schema": schema},
    )
    return {str(row[0]) for row in rows}


def _counter(conn: Connection, schema: str) -> Counter:
    def count(name: str) -> int:
        sql = f"SELECT count(*) FROM {_quote(conn, schema)}.{_quote(conn, name)}"  # noqa: S608 - quoted
        return int(conn.execute(text(sql)).scalar_one())

    return count


def exists(url: str) -> bool:
    """Whether the database holds a store (its schema exists); raises DatabaseStoreError."""
    try:
        with engine(url).connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :schema"),
                {"schema": SCHEMA},
            ).first()
    except SQLAlchemyError as error:
        raise DatabaseStoreError(unreachable(url, error)) from error
    return found is not None


def problem(url: str, check: Check) -> str | None:
    """What is wrong with the store in the database (Dutch), or None when it is whole: the
    store's own check of the layers present and their counts."""
    try:
        with engine(url).connect() as conn:
            present = _tables(conn, SCHEMA)
            if not present:
                return f"de gegevensopslag ontbreekt in de databank ({display_url(url)})"
            return check(present, _counter(conn, SCHEMA))
    except SQLAlchemyError as error:
        return unreachable(url, error)


def meta(url: str) -> dict[str, str]:
    """The ``meta`` table as a dict; empty when the store or the database is not there."""
    try:
        with engine(url).connect() as conn:
            rows = conn.execute(text(f'SELECT key, value FROM {SCHEMA}."meta"')).all()  # noqa: S608 - our constant
    except SQLAlchemyError:
        return {}
    return {str(key): str(value) for key, value in rows}


def version(url: str) -> str | None:
    """The store's build id (new for every build) and its number of tables (a dropped table
    changes it), or None when there is no store."""
    sql = (
        f"SELECT value, (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = :schema) "  # noqa: S608 - our constant
        f"FROM {SCHEMA}.\"meta\" WHERE key = 'build_id'"
    )
    try:
        with engine(url).connect() as conn:
            row = conn.execute(text(sql), {"schema": SCHEMA}).first()
    except SQLAlchemyError:
        return None
    return None if row is None else f"{row[0]}-{row[1]}"


def read(
    url: str, name: str, *, geometry: bool = True, columns: list[str] | None = None
) -> pd.DataFrame:
    """A layer or table in row order, like pyogrio reads it from the GeoPackage: the attribute
    columns (``columns`` only, when given) and, with ``geometry``, the geometry last."""
    try:
        with engine(url).connect() as conn:
            quoted = f"{_quote(conn, SCHEMA)}.{_quote(conn, name)}"
            if columns is None:
                present = conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = :schema AND table_name = :name "
                        "ORDER BY ordinal_position"
                    ),
                    {"schema": SCHEMA, "name": name},
                ).all()
                columns = [
                    str(row[0]) for row in present if row[0] not in {ORDER_COLUMN, GEOMETRY_COLUMN}
                ]
            selected = [_quote(conn, c) for c in columns]
            if geometry:  # WKB bytes: parsed by shapely at once (no hex text, no per-row work)
                selected.append(f"ST_AsBinary({_quote(conn, GEOMETRY_COLUMN)}) AS {_GEOMETRY}")
            sql = f"SELECT {', '.join(selected)} FROM {quoted} ORDER BY {ORDER_COLUMN}"  # noqa: S608 - quoted names
            frame = pd.read_sql(text(sql), conn)
            if not geometry:
                return frame
            srid = conn.execute(
                text("SELECT Find_SRID(:schema, :name, :column)"),
                {"schema": SCHEMA, "name": name, "column": GEOMETRY_COLUMN},
            ).scalar()
    except SQLAlchemyError as error:
        raise DatabaseStoreError(unreachable(url, error)) from error
    wkb = [bytes(value) if value is not None else None for value in frame.pop(_GEOMETRY)]
    shapes = shapely.from_wkb(np.array(wkb, dtype=object))
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(shapes), crs=srid or None)


def _same_kind(geometry: gpd.GeoSeries) -> gpd.GeoSeries:
    """Single parts as multi-parts when a layer mixes both, as the GeoPackage writer does, so
    both stores read back the same geometry (a Polygon beside MultiPolygons is written as one)."""
    kinds = set(geometry.geom_type.dropna())
    for single, multi in _MULTI.items():
        if single in kinds and multi.__name__ in kinds:
            return gpd.GeoSeries(
                [multi([g]) if g is not None and g.geom_type == single else g for g in geometry],
                index=geometry.index,
                crs=geometry.crs,
            )
    return geometry


def counts(url: str, order: list[str]) -> dict[str, int]:
    """Row count of every table of the store, in ``order`` first, then any others by name."""
    try:
        with engine(url).connect() as conn:
            present = _tables(conn, SCHEMA)
            count = _counter(conn, SCHEMA)
            names = [n for n in order if n in present] + sorted(present - set(order))
            return {name: count(name) for name in names}
    except SQLAlchemyError as error:
        raise DatabaseStoreError(unreachable(url, error)) from error


@contextlib.contextmanager
def build_lock(url: str, *, on_wait: Callable[[str], None]) -> Iterator[bool]:
    """Hold the database's build lock; yields True when another builder had it first (``on_wait``
    was told, in Dutch, and this one waited)."""
    try:
        conn = engine(url).connect()
    except SQLAlchemyError as error:
        raise DatabaseStoreError(unreachable(url, error)) from error
    try:
        waited = False
        got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar()
        conn.commit()
        if not got:
            waited = True
            on_wait(
                f"Er is al een andere 'verbonden data build' bezig in {display_url(url)}; "
                "wachten tot die klaar is…"
            )
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            conn.commit()
        try:
            yield waited
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            conn.commit()
    finally:
        conn.close()


def _require_postgis(conn: Connection, url: str) -> None:
    installed = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first()
    if installed is not None:
        return
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION postgis"))
    except SQLAlchemyError as error:
        raise DatabaseStoreError(
            f"De databank {display_url(url)} heeft de uitbreiding PostGIS niet, en deze gebruiker "
            "mag ze niet installeren. Laat een beheerder in die databank 'CREATE EXTENSION "
            "postgis;' uitvoeren (pakket postgresql-15-postgis-3) en bouw dan opnieuw."
        ) from error


def _write_frame(conn: Connection, frame: pd.DataFrame, schema: str, name: str) -> None:
    ordered = frame.reset_index(drop=True)
    if isinstance(ordered, gpd.GeoDataFrame):
        if ordered.geometry.name != GEOMETRY_COLUMN:
            ordered = ordered.rename_geometry(GEOMETRY_COLUMN)
        ordered = ordered.set_geometry(_same_kind(ordered.geometry))
        ordered.to_postgis(
            name, conn, schema=schema, index=True, index_label=ORDER_COLUMN, chunksize=2000
        )
    else:
        ordered.to_sql(
            name, conn, schema=schema, index=True, index_label=ORDER_COLUMN, chunksize=2000
        )


def write_store(url: str, layers: dict[str, pd.DataFrame], *, check: Check) -> None:
    """Replace the store in the database by ``layers``, in one transaction (see the module)."""
    token = secrets.token_hex(4)
    staging, old = f"{SCHEMA}_nieuw_{token}", f"{SCHEMA}_oud_{token}"
    try:
        with engine(url).begin() as conn:
            _require_postgis(conn, url)
            conn.execute(text(f"CREATE SCHEMA {_quote(conn, staging)}"))
            for name, frame in layers.items():
                _write_frame(conn, frame, staging, name)
            found = check(_tables(conn, staging), _counter(conn, staging))
            if found is not None:
                raise DatabaseStoreError(
                    f"De nieuw gebouwde opslag is niet in orde ({found}); de bestaande opslag "
                    "is niet vervangen."
                )
            if SCHEMA in _schemas(conn):
                conn.execute(text(f"ALTER SCHEMA {SCHEMA} RENAME TO {_quote(conn, old)}"))
                conn.execute(text(f"ALTER SCHEMA {_quote(conn, staging)} RENAME TO {SCHEMA}"))
                conn.execute(text(f"DROP SCHEMA {_quote(conn, old)} CASCADE"))
            else:
                conn.execute(text(f"ALTER SCHEMA {_quote(conn, staging)} RENAME TO {SCHEMA}"))
    except SQLAlchemyError as error:
        raise DatabaseStoreError(unreachable(url, error)) from error


def _schemas(conn: Connection) -> set[str]:
    rows = conn.execute(text("SELECT schema_name FROM information_schema.schemata"))
    return {str(row[0]) for row in rows}


def drop_store(url: str) -> None:
    """Remove the store from the database (tests; the inventories are kept)."""
    with engine(url).begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))


__all__ = [
    "SCHEMA",
    "DatabaseStoreError",
    "build_lock",
    "counts",
    "drop_store",
    "exists",
    "meta",
    "problem",
    "read",
    "version",
    "write_store",
]
