"""Shared fixtures: a store built from the read-only mirror, and a resolver over it.

The mirror defaults to ``../shared/data`` next to the project (override with VERBONDEN_MIRROR).
The test home lives in ``.verbonden-home/test`` (gitignored) so local reruns reuse the idempotent
build; CI starts from a clean checkout and builds it once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from geodata.build import build_store
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
