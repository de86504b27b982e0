"""Where Verbonden finds its data: the writable home folder and an optional mirror.

Three settings, each overridable by environment variables or explicit arguments:

- ``VERBONDEN_HOME``: writable folder holding the fetched raw files (``raw/``) and the built
  store (``verbonden.gpkg``). Default: ``$XDG_DATA_HOME/verbonden`` or
  ``~/.local/share/verbonden``.
- ``VERBONDEN_MIRROR``: a read-only folder laid out like the upstream sources (for example
  ``../shared/data``). When set, ``verbonden data fetch`` copies from it instead of downloading.
- ``VERBONDEN_DATABASE_URL``: a shared database (``postgresql://user@host/db``, PostGIS) for the
  store and the municipalities' inventories, for a deployment with several app servers. Unset:
  the embedded default (the GeoPackage and ``inventaris.sqlite`` in the home folder).

The store is named by a path everywhere (``Settings.store_path``, passed to every reader of
:mod:`geodata.store`). With a shared database that path is ``<home>/verbonden.postgis``, a name
and no file: :func:`store_database_url` maps it to the database, and the readers go there.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

STORE_FILENAME = "verbonden.gpkg"
# The name (not a file) of a store kept in the shared database; see store_database_url.
DATABASE_STORE_NAME = "verbonden.postgis"
INVENTORY_DB_FILENAME = "inventaris.sqlite"
DATABASE_URL_VARIABLE = "VERBONDEN_DATABASE_URL"


@dataclass(frozen=True)
class Settings:
    """Resolved data locations."""

    home: Path
    mirror: Path | None = None
    database_url: str | None = None

    def __post_init__(self) -> None:
        if self.database_url:
            _register_database_store(self.home / DATABASE_STORE_NAME, self.database_url)

    @property
    def raw_dir(self) -> Path:
        """Folder with the fetched upstream files, laid out as in the mirror."""
        return self.home / "raw"

    @property
    def store_path(self) -> Path:
        """The store built by ``verbonden data build``: the GeoPackage in the home folder, or
        the name of the store in the shared database (``<home>/verbonden.postgis``, no file)."""
        if self.database_url:
            return self.home / DATABASE_STORE_NAME
        return self.home / STORE_FILENAME

    @property
    def user_dir(self) -> Path:
        """Folder for files a user chose to save from the dashboard."""
        return self.home / "eigen-data"

    @property
    def shared_database(self) -> bool:
        """True when a shared database (``VERBONDEN_DATABASE_URL``) holds store and inventories."""
        return bool(self.database_url)

    @property
    def inventory_url(self) -> str:
        """SQLAlchemy URL of the database that keeps the municipalities' inventories.

        The shared database when one is set, else an SQLite file in the home folder.
        """
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / INVENTORY_DB_FILENAME}"

    @property
    def workset_dir(self) -> Path:
        """Folder with the work sets: each browser session's uploads, under an unguessable id."""
        return self.home / "werksets"


_database_stores: dict[Path, str] = {}
_stores_lock = threading.Lock()


def _register_database_store(name: Path, url: str) -> None:
    with _stores_lock:
        _database_stores[name] = url


def store_database_url(store_path: Path) -> str | None:
    """The database holding the store named ``store_path``, or None for a GeoPackage file.

    A name made by :attr:`Settings.store_path` with a database URL maps to that URL; another
    ``*.postgis`` name (e.g. in a process that received only the path) to
    ``VERBONDEN_DATABASE_URL``.
    """
    path = Path(store_path)
    with _stores_lock:
        found = _database_stores.get(path)
    if found is not None:
        return found
    if path.name == DATABASE_STORE_NAME:
        return os.environ.get(DATABASE_URL_VARIABLE, "").strip() or None
    return None


def display_url(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    from sqlalchemy.engine import make_url  # not at import: the command line starts faster

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a malformed URL is shown without anything before its last '@'
        return url.rsplit("@", 1)[-1]


def store_label(store_path: Path) -> str:
    """How messages name the store: the GeoPackage's path, or the database (no password)."""
    url = store_database_url(store_path)
    if url is None:
        return str(store_path)
    return f"PostGIS-databank {display_url(url)}"


def default_home() -> Path:
    """Per-user data folder following the XDG convention."""
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "verbonden"


def load_settings(
    *,
    home: str | Path | None = None,
    mirror: str | Path | None = None,
    database_url: str | None = None,
) -> Settings:
    """Build settings from explicit values, falling back to the environment, then defaults."""
    home_value = home or os.environ.get("VERBONDEN_HOME") or default_home()
    mirror_value = mirror or os.environ.get("VERBONDEN_MIRROR") or None
    url_value = database_url or os.environ.get(DATABASE_URL_VARIABLE, "").strip() or None
    return Settings(
        home=Path(home_value).expanduser().resolve(),
        mirror=Path(mirror_value).expanduser().resolve() if mirror_value else None,
        database_url=url_value,
    )
