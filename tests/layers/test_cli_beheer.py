"""``verbonden beheer``: access codes, editors, history and restore from the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata import inventories
from geodata.database import dispose_all
from layers.cli import main
from layers.editing import unlock


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("VERBONDEN_DATABASE_URL", raising=False)
    yield tmp_path
    dispose_all()
    inventories.forget_engines()


def test_codes_are_printed_once_listed_without_secret_and_revoked(home: Path, capsys) -> None:
    assert main(["beheer", "code-instellen", "--home", str(home), "--gemeente", "11002",
                 "--naam", "Jan"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    code = out.split("geef ze veilig door): ")[1].strip()
    url = f"sqlite:///{home / 'inventaris.sqlite'}"
    assert unlock(url, "11002", code, client="cli-test").name == "Jan"
    assert main(["beheer", "codes", "--home", str(home)]) == 0
    listed = capsys.readouterr().out
    assert "11002\tJan" in listed and code not in listed
    assert main(["beheer", "code-intrekken", "--home", str(home), "--gemeente", "11002"]) == 0
    assert main(["beheer", "code-intrekken", "--home", str(home), "--gemeente", "11002"]) == 1
    assert main(["beheer", "code-instellen", "--home", str(home), "--gemeente", "11002",
                 "--naam", "Jan", "--code", "kort"]) == 1  # fmt: skip
    assert "minstens 10 tekens" in capsys.readouterr().err
    assert main(["beheer", "codes", "--home", str(home), "--gemeente", "x"]) == 2  # argparse


def test_import_history_and_restore(home: Path, tmp_path: Path, capsys) -> None:
    first = tmp_path / "v1.csv"
    first.write_text("naam,gemeente_code,precisie\nBabbelcafé,11002,gemeente\n", encoding="utf-8")
    bad = tmp_path / "fout.csv"
    bad.write_text("naam,gemeente_code,precisie\n,11002,gemeente\n", encoding="utf-8")
    args = ["beheer", "importeren", "--home", str(home), "--gemeente", "11002"]
    assert main([*args, "--bestand", str(first)]) == 0
    assert main([*args, "--bestand", str(bad)]) == 1
    assert "naam ontbreekt" in capsys.readouterr().err
    assert main([*args, "--bestand", str(first), "--naam", "An"]) == 0
    assert main(["beheer", "herstel", "--home", str(home), "--gemeente", "11002",
                 "--versie", "1"]) == 0  # fmt: skip
    assert main(["beheer", "geschiedenis", "--home", str(home), "--gemeente", "11002"]) == 0
    out = capsys.readouterr().out
    assert "versie 3" in out and "versie 1 teruggezet" in out and "An (beheer)" in out
    assert main(["beheer", "geschiedenis", "--home", str(home), "--gemeente", "Antwerpen"]) == 2
    assert "NIS-code van 5 cijfers" in capsys.readouterr().err


def test_editor_identities(home: Path, capsys) -> None:
    args = ["--home", str(home), "--gemeente", "11002", "--email", "Jan@Antwerpen.be"]
    assert main(["beheer", "editor-toevoegen", *args]) == 0
    assert main(["beheer", "editors", "--home", str(home)]) == 0
    assert "11002\tjan@antwerpen.be" in capsys.readouterr().out
    assert main(["beheer", "editor-verwijderen", *args]) == 0
    assert main(["beheer", "editor-verwijderen", *args]) == 1


def test_export_counts_the_saved_inventories(settings, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("VERBONDEN_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    for name in ("verbonden.gpkg", "raw", "cache"):
        (home / name).symlink_to(settings.home / name)
    inventory = tmp_path / "antwerpen.csv"
    inventory.write_text(
        "naam,gemeente_code,doelgroepen,precisie\nBabbelcafé,11002,ouderen,gemeente\n",
        encoding="utf-8",
    )
    try:
        assert main(["beheer", "importeren", "--home", str(home), "--gemeente", "11002",
                     "--bestand", str(inventory)]) == 0  # fmt: skip
        out = tmp_path / "gemeenten.csv"
        assert main(["export", "indicators", "--level", "gemeente", "--home", str(home),
                     "--mirror", str(settings.mirror), "--output", str(out)]) == 0  # fmt: skip
    finally:
        dispose_all()
        inventories.forget_engines()
    assert "bewaarde overzichten van 1 gemeente(n)" in capsys.readouterr().err
    table = pd.read_csv(out, dtype={"code": str}).set_index("code")
    assert "bewaard in Verbonden (versie 1" in table.loc["11002", "aanbod_bron"]
    assert table.loc["11002", "aanbod_aantal"] == 1
    assert "bewaard in Verbonden" not in table.loc["44021", "aanbod_bron"]
