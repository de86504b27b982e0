from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from geodata.upload.excel import read_excel_table
from geodata.upload.report import UploadRejectedError
from geodata.upload.tabular import column_letter, find_header, read_text_table


def test_notes_above_header_and_footer_are_reported_with_lines():
    text = (
        "Titel van de tabel\r\nBron: Statbel\r\n\r\nniscode;waarde\r\n11002;1\r\n\r\n44021;2\r\n"
        "Bron: eigen berekening\r\n"
    )
    table = read_text_table(text.encode(), filename="f.csv")
    assert table.header_line == 4
    assert list(table.cells.columns) == ["niscode", "waarde"]
    # Issue 12: the note under the table is a counted row, malformed with its reason.
    assert table.lines.tolist() == [5, 7, 8]
    assert table.row_problems == {2: "notitie, geen gegevensrij: 'Bron: eigen berekening'"}
    texts = " ".join(m.message for m in table.messages)
    assert "boven de kop" in texts and "lege regel" in texts


def test_line_numbers_survive_quoted_newlines():
    text = 'naam,opmerking,waarde\nGent,"twee\nregels",1\nAalst,x,2\n'
    table = read_text_table(text.encode(), filename="f.csv")
    assert table.lines.tolist() == [2, 4]
    assert table.cells.iat[0, 1] == "twee\nregels"


def test_wrong_field_counts_are_row_problems():
    table = read_text_table(b"a;b\n1;2\n3;4;5;6\n7;8;;\n", filename="f.csv")
    assert set(table.row_problems) == {1}
    assert "4 velden" in table.row_problems[1]


def test_duplicate_and_empty_header_names_are_made_unique():
    table = read_text_table(b"naam;;naam\nGent;1;2\n", filename="f.csv")
    assert list(table.cells.columns) == ["naam", "kolom B", "naam (2)"]


def test_find_header_skips_notes_with_trailing_separators():
    rows = [["Bron: x", "", ""], ["", "", ""], ["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]]
    assert find_header(rows) == 2


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_not_text_is_rejected():
    with pytest.raises(UploadRejectedError):
        read_text_table(bytes(range(256)) * 10, filename="f.csv")


def _workbook(build):
    wb = Workbook()
    build(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_excel_sheet_choice_and_listing():
    def build(wb):
        wb.active.title = "Uitleg"
        wb.active.append(["Alleen tekst"])
        data = wb.create_sheet("Data")
        data.append(["niscode", "waarde"])
        data.append([11002, 1.5])

    data = _workbook(build)
    table = read_excel_table(data, filename="w.xlsx")
    assert table.choices["sheet"] == "Data"
    assert table.choices["sheets"] == ["Uitleg", "Data"]
    assert any("2 bladen" in m.message for m in table.messages)
    chosen = read_excel_table(data, filename="w.xlsx", sheet="Uitleg")
    assert chosen.choices["sheet"] == "Uitleg"
    with pytest.raises(UploadRejectedError, match="bestaat niet"):
        read_excel_table(data, filename="w.xlsx", sheet="Geen")


def test_excel_formula_without_cached_value_is_reported_per_cell():
    def build(wb):
        ws = wb.active
        ws.append(["niscode", "a", "b"])
        ws.append(["11002", 2, "=B2*2"])
        ws.append(["44021", 3, 6])

    table = read_excel_table(_workbook(build), filename="w.xlsx")
    assert table.row_problems == {0: "kolom 'b' bevat een formule zonder opgeslagen waarde (=B2*2)"}
    cell_messages = [m for m in table.messages if m.line == 2 and m.column == "b"]
    assert cell_messages and "formule" in cell_messages[0].message
    assert table.lines.tolist() == [2, 3]
