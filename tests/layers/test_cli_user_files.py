"""Every command that reads a user's file goes through the upload guards, and a file without one
usable row is an error, never '0 ... geschreven' with exit status 0."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from layers.cli import main as verbonden


def _too_large(path: Path) -> Path:
    with path.open("wb") as handle:
        handle.write(b"code,waarde\n")
    os.truncate(path, 51 * 1024 * 1024)  # sparse: costs no disk
    return path


def _zip_bomb(path: Path) -> Path:
    """A small workbook whose sheet unpacks to about 240 MB."""
    book = openpyxl.Workbook()
    book.active.append(["naam", "gemeente_code"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, source.read(info.filename))
                continue
            row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
            with out.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(b"<worksheet><sheetData>")
                for _ in range(240_000_000 // len(row)):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return path


def _header_only() -> bytes:
    return "naam,gemeente_code\n".encode("utf-16")


def _no_valid_row() -> bytes:
    return b"naam,gemeente_code\nBuurtfeest,99999\n"


@pytest.mark.parametrize("content", [_header_only, _no_valid_row], ids=["alleen-kop", "ongeldig"])
def test_export_with_no_usable_inventory_row_is_an_error(content, settings, tmp_path, capsys):
    source = tmp_path / "overzicht.csv"
    source.write_bytes(content())
    out = tmp_path / "initiatieven.csv"
    argv = ["export", "initiatives", "--home", str(settings.home), "--inventory", str(source)]
    assert verbonden([*argv, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "geen enkele bruikbare rij" in err and "geschreven" not in err
    assert not out.exists()


@pytest.mark.parametrize("make", [_too_large, _zip_bomb], ids=["te-groot", "zipbom"])
def test_export_inventory_passes_the_upload_guards(make, settings, tmp_path, capsys):
    source = make(tmp_path / ("overzicht.xlsx" if make is _zip_bomb else "overzicht.csv"))
    out = tmp_path / "gemeenten.csv"
    argv = ["export", "indicators", "--level", "gemeente", "--home", str(settings.home)]
    assert verbonden([*argv, "--inventory", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "de grens is" in err and "Traceback" not in err
    assert not out.exists()


def test_check_and_map_refuse_a_too_large_file_before_reading_it(settings, tmp_path, capsys):
    source = _too_large(tmp_path / "groot.csv")
    assert verbonden(["check", str(source), "--store", str(settings.store_path)]) == 1
    assert "de grens is 50 MB" in capsys.readouterr().out
    out = tmp_path / "kaart.html"
    assert verbonden(["map", str(source), "--out", str(out), "--home", str(settings.home)]) == 1
    assert "de grens is 50 MB" in capsys.readouterr().err
    assert not out.exists()


def test_check_reports_a_non_finite_number_as_malformed(settings, tmp_path, capsys):
    source = tmp_path / "cijfers.csv"
    source.write_text("code,waarde\n11002,1E400\n44021,7\n", encoding="utf-8")
    rows = tmp_path / "rijen.csv"
    argv = ["check", str(source), "--store", str(settings.store_path), "--output", str(rows)]
    assert verbonden(argv) == 0
    out = capsys.readouterr().out
    assert "onleesbaar 1" in out and "geen eindig getal" in out
    assert "inf" not in rows.read_text(encoding="utf-8").lower()
