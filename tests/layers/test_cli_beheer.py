"""``verbonden beheer``: access codes, editors, history and restore from the command line."""

from __future__ import annotations

from pathlib import Path

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
