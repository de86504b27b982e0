"""Settings: where the home folder, the mirror and the shared database come from."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.settings import display_url, load_settings, store_database_url, store_label


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


def test_the_store_is_the_geopackage_unless_a_database_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VERBONDEN_DATABASE_URL", raising=False)
    local = load_settings(home=tmp_path)
    assert local.store_path == tmp_path.resolve() / "verbonden.gpkg"
    assert store_database_url(local.store_path) is None
    assert store_label(local.store_path) == str(local.store_path)
    url = "postgresql://verbonden:geheim@db.internal:5432/verbonden"
    shared = load_settings(home=tmp_path / "gedeeld", database_url=url)
    assert shared.store_path.name == "verbonden.postgis"
    assert not shared.store_path.exists()  # a name, not a file
    assert store_database_url(shared.store_path) == url
    label = store_label(shared.store_path)
    assert "db.internal" in label and "geheim" not in label
    # a process that only got the name finds the database in the environment
    monkeypatch.setenv("VERBONDEN_DATABASE_URL", url)
    assert store_database_url(tmp_path / "elders" / "verbonden.postgis") == url
    assert "geheim" not in display_url("postgresql://a:geheim@[kapot")
