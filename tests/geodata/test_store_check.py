"""One store check for every command: a damaged or incomplete store gets a Dutch message that
says to run 'verbonden data build --force', never a traceback; the build repairs it, takes a lock
and writes the store only once it is complete."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.build import build_store
from geodata.cli import main as data_main
from geodata.settings import Settings, load_settings
from geodata.store import StoreError, check_store, read_layer, store_problem
from layers.cli import main as verbonden

ROOT = Path(__file__).resolve().parents[2]
REPAIR = "verbonden data build --force"


def _home_with(settings: Settings, tmp_path: Path, name: str) -> Path:
    """A home folder with the test's raw files (linked) and a copy of its store."""
    home = tmp_path / name
    home.mkdir()
    (home / "raw").symlink_to(settings.raw_dir, target_is_directory=True)
    shutil.copyfile(settings.store_path, home / "verbonden.gpkg")
    return home


def _truncate(store: Path) -> None:
    os.truncate(store, store.stat().st_size // 2)


def _corrupt(store: Path) -> None:
    with store.open("r+b") as handle:
        handle.seek(store.stat().st_size // 3)
        handle.write(b"\xa5" * 40_000)


def _drop_wijken(store: Path) -> None:
    with sqlite3.connect(store) as db:
        db.execute("DELETE FROM wijk_display WHERE fid > 100")


DAMAGES = {"afgekapt": _truncate, "beschadigd": _corrupt, "onvolledig": _drop_wijken}


@pytest.fixture(params=sorted(DAMAGES))
def damaged_home(request, settings, tmp_path) -> Path:
    home = _home_with(settings, tmp_path, request.param)
    DAMAGES[request.param](home / "verbonden.gpkg")
    return home


def test_the_built_store_passes_the_check(store_path):
    assert store_problem(store_path) is None
    assert check_store(store_path) == store_path


def test_a_damaged_store_is_refused_with_the_repair_command(damaged_home):
    store = damaged_home / "verbonden.gpkg"
    assert store_problem(store) is not None
    with pytest.raises(StoreError, match="verbonden data build --force"):
        read_layer(store, "gemeente")


def test_every_command_says_to_rebuild_a_damaged_store(damaged_home, tmp_path, capsys):
    home = str(damaged_home)
    upload = tmp_path / "cijfers.csv"
    upload.write_text("code,waarde\n11002,5\n44021,7\n", encoding="utf-8")
    commands = [
        ["data", "info", "--home", home],
        ["resolve", "Anvers", "--home", home],
        ["check", str(upload), "--store", str(damaged_home / "verbonden.gpkg")],
        ["map", str(upload), "--out", str(tmp_path / "kaart.html"), "--home", home],
        ["export", "indicators", "--level", "gemeente", "--home", home],
        ["export", "initiatives", "--home", home, "-o", str(tmp_path / "i.csv")],
    ]
    for argv in commands:
        status = verbonden(argv)
        out, err = capsys.readouterr()
        assert status != 0, argv
        assert REPAIR in err, (argv, err)
        assert "Traceback" not in out + err and "onverwachte fout" not in err.lower(), argv
    assert not (tmp_path / "kaart.html").exists() and not (tmp_path / "i.csv").exists()


def test_data_build_repairs_a_damaged_store(settings, tmp_path, capsys):
    home = _home_with(settings, tmp_path, "herstel")
    _truncate(home / "verbonden.gpkg")
    assert data_main(["data", "build", "--home", str(home)]) == 0
    assert "klaar" in capsys.readouterr().out
    assert store_problem(home / "verbonden.gpkg") is None
    assert sorted(p.name for p in home.iterdir()) == [
        ".verbonden.gpkg.lock",
        "raw",
        "verbonden.gpkg",
    ]


def test_two_concurrent_builds_leave_a_complete_store(settings, tmp_path):
    home = _home_with(settings, tmp_path, "samen")
    (home / "verbonden.gpkg").unlink()
    code = "import sys; from geodata.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", code, "data", "build", "--force", "--home", str(home)]
    runs = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(*run.communicate(timeout=600), run.returncode) for run in runs]
    for _out, err, status in results:
        assert status == 0, err
        assert "Traceback" not in err
    assert any("wachten" in err for _, err, _ in results), "the second build must wait"
    assert store_problem(home / "verbonden.gpkg") is None
    assert not [p for p in home.iterdir() if ".part" in p.name]


def test_build_on_a_full_disk_says_what_to_free(settings, full_dir, capsys):
    home = full_dir / "thuis"
    home.mkdir()
    (home / "raw").symlink_to(settings.raw_dir, target_is_directory=True)
    assert data_main(["data", "build", "--home", str(home)]) == 1
    err = capsys.readouterr().err
    assert "schijfruimte" in err and "Traceback" not in err
    assert not (home / "verbonden.gpkg").exists()
    assert not [p for p in home.iterdir() if ".part" in p.name]


def test_build_in_a_read_only_folder_says_which_folder(read_only_dir, capsys):
    home = read_only_dir / "thuis"
    assert data_main(["data", "build", "--home", str(home)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "alleen-lezen" in err and str(read_only_dir) in err


def test_build_waits_for_the_lock_holder(settings, tmp_path):
    from geodata.build import build_lock

    home = _home_with(settings, tmp_path, "slot")
    local = load_settings(home=home, mirror=settings.mirror)
    told: list[str] = []
    with build_lock(local):
        code = (
            "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR);"
            "sys.exit(0 if fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB) is None else 1)"
        )
        held = subprocess.run(
            [sys.executable, "-c", code, str(home / ".verbonden.gpkg.lock")],
            capture_output=True,
            check=False,
        )
        assert held.returncode != 0, "the lock must keep a second builder out"
    assert build_store(local, on_wait=told.append)["gemeente"] == 285
    assert told == []
