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
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STORE_FILENAME = "verbonden.gpkg"
INVENTORY_DB_FILENAME = "inventaris.sqlite"
DATABASE_URL_VARIABLE = "VERBONDEN_DATABASE_URL"


@dataclass(frozen=True)
class Settings:
    """Resolved data locations."""

    home: Path
    mirror: Path | None = None
    database_url: str | None = None

    @property
    def raw_dir(self) -> Path:
        """Folder with the fetched upstream files, laid out as in the mirror."""
        return self.home / "raw"

    @property
    def store_path(self) -> Path:
        """The GeoPackage built by ``verbonden data build``."""
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
