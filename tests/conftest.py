"""Shared fixtures: a store built from the read-only mirror, and a resolver over it.

The mirror defaults to ``../shared/data`` next to the project (override with VERBONDEN_MIRROR).
The test home lives in ``.verbonden-home/test`` (gitignored) so local reruns reuse the idempotent
build; CI starts from a clean checkout and builds it once per session.

The shared store: ``postgis_url`` is the URL of a PostGIS database (``VERBONDEN_TEST_DATABASE_URL``
when set, else a throwaway server on 127.0.0.1 started by :mod:`bench.postgis`), and
``postgis_settings`` are settings whose store is built into it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.postgis import TEST_URL_VARIABLE, PostgisServer, missing_reason
from geodata.build import build_store
from geodata.database import dispose_all
from geodata.resolver import Resolver
from geodata.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
MIRROR = Path(os.environ.get("VERBONDEN_MIRROR") or ROOT.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The read-only open data mirror."""
    if not (MIRROR / "README.md").is_file():
        pytest.fail(f"open data mirror not found at {MIRROR}; set VERBONDEN_MIRROR")
    return MIRROR


@pytest.fixture(scope="session")
def settings(mirror: Path) -> Settings:
    """Settings whose store is built from the mirror."""
    home = Path(os.environ.get("VERBONDEN_TEST_HOME") or ROOT / ".verbonden-home" / "test")
    s = load_settings(home=home, mirror=mirror)
    build_store(s)
    return s


@pytest.fixture(scope="session")
def store_path(settings: Settings) -> Path:
    """Path of the built GeoPackage."""
    return settings.store_path


@pytest.fixture(scope="session")
def resolver(store_path: Path) -> Resolver:
    """A resolver over the built store."""
    return Resolver.from_store(store_path)


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """A ``postgresql://`` URL of a PostGIS database the tests may write to.

    ``VERBONDEN_TEST_DATABASE_URL`` when set; else a throwaway server on 127.0.0.1 (started now,
    stopped and removed after the session). Without PostgreSQL/PostGIS installed the test is
    skipped, saying what to install; in CI (``CI`` set) that is a failure instead.
    """
    given = os.environ.get(TEST_URL_VARIABLE, "").strip()
    if given:
        yield given
        return
    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = PostgisServer.start()
    try:
        yield server.url
    finally:
        dispose_all()
        server.stop()


@pytest.fixture(scope="session")
def postgis_settings(
    postgis_url: str, mirror: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings whose store is built into the ``postgis_url`` database (its own home folder)."""
    home = tmp_path_factory.mktemp("home-postgis")
    s = load_settings(home=home, mirror=mirror, database_url=postgis_url)
    build_store(s)
    return s


def _mount_tmpfs(target: Path, options: str) -> None:
    """Mount a small tmpfs on ``target``, or skip: the full-disk and read-only tests need to mount
    (as root, e.g. in CI's container); root ignores file permissions, so a chmod cannot stand in."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (full-disk and read-only tests)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")


def _unmount(target: Path) -> None:
    subprocess.run(["umount", str(target)], capture_output=True, check=False)


@pytest.fixture
def full_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 64 kB file system that is completely full (a filler file takes the room)."""
    target = tmp_path / "vol"
    target.mkdir()
    _mount_tmpfs(target, "size=64k")
    try:
        with (target / "opvulling").open("wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        yield target
    finally:
        _unmount(target)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder on a read-only file system (root cannot write there either)."""
    target = tmp_path / "alleen-lezen"
    target.mkdir()
    _mount_tmpfs(target, "ro,size=64k")
    try:
        yield target
    finally:
        _unmount(target)


def _empty_postgresql(url: str) -> str:
    """``url`` with the inventory tables dropped (a fresh store for each test), or skip."""
    from sqlalchemy.exc import SQLAlchemyError

    from geodata import inventories
    from geodata.database import engine

    try:
        inventories.METADATA.drop_all(engine(url))
    except SQLAlchemyError as error:
        pytest.fail(f"the PostgreSQL test database is not reachable: {error}")
    inventories.forget_engines()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty inventory database: SQLite in ``tmp_path``, and PostgreSQL (the ``postgis_url``
    server: ``VERBONDEN_TEST_DATABASE_URL`` or a throwaway one)."""
    from geodata import inventories
    from geodata.database import dispose_all

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'inventaris.sqlite'}"
    else:
        # The PostGIS fixture: VERBONDEN_TEST_DATABASE_URL, else a throwaway server on 127.0.0.1
        # (skipped without PostgreSQL installed; a failure in CI).
        url = _empty_postgresql(str(request.getfixturevalue("postgis_url")))
    try:
        yield url
    finally:
        dispose_all()
        inventories.forget_engines()
