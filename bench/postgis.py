"""A throwaway PostgreSQL + PostGIS server on 127.0.0.1 for the shared-store tests and the
benchmark of several app servers (the one starter both use, like :mod:`bench.chromium`).

:class:`PostgisServer` runs Debian's ``postgresql-15`` binaries (``initdb``, ``postgres``) in a
fresh folder under ``/tmp`` (owned by the ``postgres`` user when the tests run as root, because
PostgreSQL refuses to run as root), listening on a free loopback port with its socket in that
folder, and creates a database with the PostGIS extension. :meth:`PostgisServer.stop` shuts it
down and removes the folder. Nothing listens beyond 127.0.0.1 and nothing is kept.

The session fixture ``postgis_url`` (in ``tests/conftest.py``) yields the server's URL; when
``VERBONDEN_TEST_DATABASE_URL`` is set, that database is used instead and no server is started
(it must have the PostGIS extension, and the tests may write to it). Without the binaries the
fixture skips with the packages to install (``make system-deps``); in CI (``CI`` set) it fails.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TEST_URL_VARIABLE = "VERBONDEN_TEST_DATABASE_URL"
DATABASE = "verbonden"
START_TIMEOUT_S = 60
PACKAGES = "postgresql-15 postgresql-15-postgis-3"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def binaries() -> Path | None:
    """The newest PostgreSQL ``bin`` folder that has PostGIS beside it, or None."""
    for bin_dir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        version = bin_dir.parent.name
        control = Path("/usr/share/postgresql") / version / "extension" / "postgis.control"
        programs = (bin_dir / "initdb", bin_dir / "postgres")
        if all(p.is_file() for p in programs) and control.is_file():
            return bin_dir
    return None


def missing_reason() -> str | None:
    """Why no server can be started here (None: it can)."""
    if binaries() is None:
        return (
            "PostgreSQL with PostGIS is not installed "
            f"(apt-get install {PACKAGES}; 'make system-deps')"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "the 'postgres' user is missing (it comes with the postgresql-15 package)"
    return None


@dataclass
class PostgisServer:
    """One running throwaway server; ``url`` is a ``postgresql://`` URL of its database."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.folder / "postgres.log"

    @property
    def url(self) -> str:
        """URL of the test database (trust authentication, loopback only)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{DATABASE}"

    @classmethod
    def start(cls) -> PostgisServer:
        """initdb, start, wait until it accepts connections, create the database with PostGIS."""
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError(missing_reason())
        folder = Path(tempfile.mkdtemp(prefix="verbonden-pg-", dir="/tmp"))
        server = cls(folder=folder, port=_free_port())
        try:
            server._run(bin_dir)
        except BaseException:
            server.stop()
            raise
        return server

    def _owner(self) -> str | None:
        """The user to run PostgreSQL as: ``postgres`` when we are root (it refuses root)."""
        return "postgres" if os.geteuid() == 0 else None

    def _run(self, bin_dir: Path) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres", group="postgres")
        data = self.folder / "data"
        init = subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            capture_output=True, text=True, check=False, cwd=self.folder,
            user=self._owner(), group=self._owner(),
        )  # fmt: skip
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr or init.stdout}")
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(data),
                 "-h", "127.0.0.1", "-p", str(self.port), "-k", str(self.folder),
                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=100"],
                stdout=out, stderr=subprocess.STDOUT, cwd=self.folder,
                user=self._owner(), group=self._owner(),
            )  # fmt: skip
        self._wait_ready()
        self._create_database()

    def _wait_ready(self) -> None:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres stopped: {self.log.read_text(errors='replace')}")
            try:
                with psycopg.connect(
                    f"postgresql://postgres@127.0.0.1:{self.port}/postgres", connect_timeout=2
                ):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"postgres did not start within {START_TIMEOUT_S} s: "
                        f"{self.log.read_text(errors='replace')}"
                    ) from None
                time.sleep(0.2)

    def _create_database(self) -> None:
        import psycopg

        admin = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then remove the folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(2)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


__all__ = ["TEST_URL_VARIABLE", "PostgisServer", "binaries", "missing_reason"]
