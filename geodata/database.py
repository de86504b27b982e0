"""The one way to a SQL database: an SQLAlchemy engine per URL, shared within the process.

Two kinds of database, chosen by :attr:`geodata.settings.Settings.inventory_url`:

- the embedded default, an SQLite file in the home folder (``sqlite:///.../inventaris.sqlite``),
  opened with a busy timeout and foreign keys on, so two processes on one machine take turns;
- a shared PostgreSQL/PostGIS server (``VERBONDEN_DATABASE_URL``), for several app servers.
  ``postgresql://`` URLs are given the psycopg (3) driver.

Callers use :func:`engine` and SQLAlchemy transactions (``with engine.begin() as conn``); no other
module creates engines.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

# SQLAlchemy loads with the first URL: a command that never opens a database (``check``) and
# the store's readers, which only need DatabaseError, start without it.
_engines: dict[str, Engine] = {}
_lock = threading.Lock()
SQLITE_BUSY_TIMEOUT_S = 30


class DatabaseError(Exception):
    """The database cannot be reached or used; ``str()`` is a Dutch sentence with the fix."""


def normalise_url(url: str) -> str:
    """``url`` with an explicit driver: ``postgresql://`` becomes ``postgresql+psycopg://``."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    """Whether ``url`` names an SQLite database (the embedded default)."""
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def engine(url: str) -> Engine:
    """The process's engine for ``url`` (created once; thread-safe)."""
    from sqlalchemy import create_engine, event

    key = normalise_url(url)
    with _lock:
        found = _engines.get(key)
        if found is not None:
            return found
        if is_sqlite(key):
            created = create_engine(
                key, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
            )
            event.listen(created, "connect", _sqlite_pragmas)
        else:
            created = create_engine(key, pool_pre_ping=True, pool_size=5, max_overflow=5)
        _engines[key] = created
        return created


def dispose_all() -> None:
    """Close every engine's connections (tests; after a fork)."""
    with _lock:
        for created in _engines.values():
            created.dispose()
        _engines.clear()


__all__ = ["DatabaseError", "dispose_all", "engine", "is_sqlite", "normalise_url"]
