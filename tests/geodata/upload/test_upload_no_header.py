"""Issue 12: a file without a header line ('geen kopregel', header line 0) is read with every
record counted as data, in columns named 'kolom 1', 'kolom 2', ..."""

from __future__ import annotations

import io

from openpyxl import Workbook

from geodata.upload import UploadOptions, read_upload
from geodata.upload.tabular import read_text_table

NAMES = ["Antwerpen", "Gent", "Aalst", "Brugge", "Leuven", "Mechelen", "Hasselt", "Genk", "Lier",
         "Geel"]  # fmt: skip
CODES = ["11001", "11002", "11004", "11005", "11008", "11009", "11013", "11016"]


def _read(resolver, data: bytes, name: str, **options):
    return read_upload(data, filename=name, resolver=resolver, options=UploadOptions(**options))


def _identity(report) -> None:
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    assert len(report.rejected_rows) == report.rows_unmatched + report.rows_malformed


def test_a_one_column_list_without_header_counts_every_name(resolver):
    data = ("\n".join(NAMES) + "\n").encode()
    table = read_text_table(data, filename="namen.csv", header_row=0)
    assert list(table.cells.columns) == ["kolom 1"]
    assert table.cells["kolom 1"].tolist() == NAMES
    assert table.lines.tolist() == list(range(1, 11))
    result = _read(resolver, data, "namen.csv", header_row=0)
    report = result.report
    _identity(report)
    assert report.rows_in == 10 and report.rows_matched == 10
    said = [m.message for m in report.messages if m.message.startswith("Geen kopregel")]
    assert said == ["Geen kopregel: alle 10 regels zijn gegevens; kolommen kolom 1."]
    assert result.choices["header_line"] == 0


def test_a_headerless_code_table_matches_its_codes(resolver):
    text = "".join(f"{code};{431 + i}\n" for i, code in enumerate(CODES)) + "11018;\n"
    result = _read(resolver, text.encode(), "codes.csv", header_row=0, key_column="kolom 1")
    report = result.report
    _identity(report)
    assert report.rows_in == 9 and report.rows_matched == 9
    values = dict(zip(result.table["code"], result.table["kolom 2"], strict=True))
    assert values["11002"] == 432
    assert any("kolommen kolom 1, kolom 2" in m.message for m in report.messages)


def test_a_headerless_row_of_another_width_is_malformed_with_a_reason(resolver):
    text = "".join(f"{code};{i}\n" for i, code in enumerate(CODES)) + "11018;1;2\n"
    report = _read(resolver, text.encode(), "codes.csv", header_row=0).report
    _identity(report)
    assert report.rows_in == 9 and report.rows_malformed == 1
    assert report.rejected_rows["line"].tolist() == [9]
    assert "de meeste regels hebben er 2" in report.rejected_rows["reason"].iat[0]


def test_an_xlsx_without_header_counts_every_row(resolver):
    wb = Workbook()
    ws = wb.active
    for i, code in enumerate(CODES):
        ws.append([int(code), 100 + i])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = _read(resolver, buffer.getvalue(), "codes.xlsx", header_row=0)
    report = result.report
    _identity(report)
    assert report.rows_in == 8 and report.rows_matched == 8
    assert result.choices["columns"] == ["kolom 1", "kolom 2"]
    # detected, the first row is taken as the header and not counted
    assert _read(resolver, buffer.getvalue(), "codes.xlsx").report.rows_in == 7
