"""Shared fixtures: a store built from the read-only mirror, and a resolver over it.

The mirror defaults to ``../shared/data`` next to the project (override with VERBONDEN_MIRROR).
The test home lives in ``.verbonden-home/test`` (gitignored) so local reruns reuse the idempotent
build; CI starts from a clean checkout and builds it once per session.
"""

from __future__ import annotations

import os
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
