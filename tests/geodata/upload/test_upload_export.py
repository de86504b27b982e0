from __future__ import annotations

import csv
import io

import pandas as pd
from openpyxl import load_workbook

from geodata.safe_export import neutralise_formulas, to_csv_bytes, to_excel_bytes
from geodata.upload import read_upload

PAYLOADS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1",
    "\r=1",
]


def _frame():
    return pd.DataFrame({"naam": [*PAYLOADS, "Gent"], "waarde": [1.5, -2.0, 3, 4, 5, 6, 7]})


def test_text_cells_are_prefixed_numbers_stay_numbers():
    out = neutralise_formulas(_frame())
    assert all(v.startswith("'") for v in out["naam"].iloc[:-1])
    assert out["naam"].iloc[-1] == "Gent"
    assert out["waarde"].tolist() == [1.5, -2.0, 3, 4, 5, 6, 7]
    assert pd.api.types.is_numeric_dtype(out["waarde"])


def test_column_names_are_neutralised_too():
    out = neutralise_formulas(pd.DataFrame({"=cmd": ["x"]}))
    assert list(out.columns) == ["'=cmd"]


def test_csv_export_has_no_live_formula():
    text = to_csv_bytes(_frame()).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 8
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or cell == "-2.0"


def test_csv_excel_nl_uses_semicolon_decimal_comma_and_bom():
    data = to_csv_bytes(pd.DataFrame({"naam": ["Gent"], "waarde": [1.5]}), excel_nl=True)
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["naam;waarde", "Gent;1,5"]


def test_excel_export_has_no_formula_cells():
    workbook = load_workbook(io.BytesIO(to_excel_bytes(_frame(), sheet_name="=blad")))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert not str(row[0].value).startswith(("=", "+", "-", "@"))
        assert isinstance(row[1].value, int | float)
    assert not sheet.title.startswith("=")


def test_rejected_rows_of_formula_corpus_export_safely(corpus_dir, resolver):
    report = read_upload(
        (corpus_dir / "formula_payloads.csv").read_bytes(), filename="f.csv", resolver=resolver
    ).report
    assert len(report.rejected_rows) == 1
    text = to_csv_bytes(report.rejected_rows).decode("utf-8")
    assert "'=HYPERLINK" in text
    workbook = load_workbook(
        io.BytesIO(to_excel_bytes(report.rejected_rows, sheet_name="geweigerd"))
    )
    values = [
        c.value for row in workbook.active.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert not any(v.startswith("=") for v in values)
