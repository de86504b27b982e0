"""The one atomic-write helper: a failed write leaves nothing and says, in Dutch, what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.files import WriteError, atomic_path, write_bytes, write_new, write_text


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_write_replaces_the_target_only_when_complete(tmp_path):
    target = tmp_path / "uit.csv"
    target.write_text("oud", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("writer fails halfway")
    assert target.read_text(encoding="utf-8") == "oud"
    assert _names(tmp_path) == {"uit.csv"}
    write_text(target, "nieuw")
    assert target.read_text(encoding="utf-8") == "nieuw"
    assert _names(tmp_path) == {"uit.csv"}


def test_full_disk_leaves_nothing_and_says_what_to_free(full_dir):
    before = _names(full_dir)
    with pytest.raises(WriteError) as caught:
        write_bytes(full_dir / "kaart.html", b"x" * 200_000)
    text = str(caught.value)
    assert "schijf is vol" in text and "Maak ruimte vrij" in text and str(full_dir) in text
    assert "Errno" not in text
    assert _names(full_dir) == before


def test_read_only_folder_leaves_nothing_and_names_the_folder(read_only_dir):
    with pytest.raises(WriteError) as caught:
        write_text(read_only_dir / "uit.csv", "a,b\n")
    text = str(caught.value)
    assert "alleen-lezen" in text and str(read_only_dir) in text
    assert _names(read_only_dir) == set()


def test_write_new_never_overwrites(tmp_path):
    names = iter(["a.csv", "a.csv", "b.csv"])
    first = write_new(tmp_path, lambda: next(names), b"1")
    second = write_new(tmp_path, lambda: next(names), b"2")
    assert (first.name, second.name) == ("a.csv", "b.csv")
    assert first.read_bytes() == b"1" and second.read_bytes() == b"2"
    assert _names(tmp_path) == {"a.csv", "b.csv"}
