"""Settings: where the home folder, the mirror and the shared database come from."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.settings import load_settings


def test_without_a_database_url_the_inventory_lives_in_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VERBONDEN_DATABASE_URL", raising=False)
    settings = load_settings(home=tmp_path)
    assert not settings.shared_database
    assert settings.inventory_url == f"sqlite:///{tmp_path.resolve() / 'inventaris.sqlite'}"


def test_the_database_url_comes_from_the_environment_unless_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBONDEN_DATABASE_URL", " postgresql://verbonden@127.0.0.1:5433/v ")
    settings = load_settings(home=tmp_path)
    assert settings.shared_database
    assert settings.inventory_url == "postgresql://verbonden@127.0.0.1:5433/v"
    explicit = load_settings(home=tmp_path, database_url="postgresql://other/db")
    assert explicit.inventory_url == "postgresql://other/db"
