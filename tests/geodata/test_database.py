"""One engine per database URL; SQLite gets its pragmas, PostgreSQL the psycopg driver."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from geodata.database import dispose_all, engine, is_sqlite, normalise_url


def test_postgresql_urls_get_the_psycopg_driver() -> None:
    assert normalise_url("postgresql://v:pw@127.0.0.1:5433/db") == (
        "postgresql+psycopg://v:pw@127.0.0.1:5433/db"
    )
    assert normalise_url("sqlite:////tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"
    assert is_sqlite("sqlite:////tmp/x.sqlite")
    assert not is_sqlite("postgresql://127.0.0.1/db")


def test_one_engine_per_url_and_sqlite_keeps_foreign_keys_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'inventaris.sqlite'}"
    try:
        first = engine(url)
        assert engine(url) is first
        with first.begin() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert (tmp_path / "inventaris.sqlite").is_file()
    finally:
        dispose_all()
