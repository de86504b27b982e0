"""Issue 12: exact accounting of every record of an upload, and a read budget."""

from __future__ import annotations

import io
import math

import pytest
from openpyxl import Workbook

from geodata.upload import UploadOptions, read_upload
from geodata.upload.limits import ReadBudget
from geodata.upload.report import UploadRejectedError
from geodata.upload.tabular import read_text_rows

# 2025 gemeenten that were not merged (their own code is their 2025 code).
CODES = [
    "11001", "11002", "11004", "11005", "11008", "11009", "11013", "11016", "11018", "11021",
    "11022", "11023", "11024", "11025", "11029", "11030", "11035", "11037", "11038", "11039",
    "11040", "11044", "11050", "11052", "11053", "11054", "11055", "11057", "44021", "31005",
]  # fmt: skip


def _read(resolver, data: str | bytes, name: str = "f.csv", **options):
    raw = data.encode() if isinstance(data, str) else data
    return read_upload(raw, filename=name, resolver=resolver, options=UploadOptions(**options))


def _identity(report) -> None:
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    assert len(report.rejected_rows) == report.rows_unmatched + report.rows_malformed
    assert all(str(r).strip() for r in report.rejected_rows["reason"])


def _texts(report) -> str:
    return " ".join(m.message for m in report.messages)


def test_rows_with_a_blank_value_do_not_push_the_header_down(resolver):
    text = "gemeente;alleenwonenden\n11001;\n11002;\n11004;\n"
    text += "".join(f"{code};{431 + i}\n" for i, code in enumerate(CODES[3:]))
    result = _read(resolver, text)
    report = result.report
    _identity(report)
    assert result.choices["header_line"] == 1
    assert result.choices["columns"] == ["gemeente", "alleenwonenden"]
    assert report.rows_in == 30 and report.rows_matched == 30
    # A blank (suppressed) value is a missing value of a known unit, like 'n.b.'.
    values = dict(zip(result.table["code"], result.table["alleenwonenden"], strict=True))
    assert all(math.isnan(values[code]) for code in ("11001", "11002", "11004"))
    assert values["11005"] == 431
    assert "notitieregel" not in _texts(report)


def test_key_only_last_rows_are_malformed_rows(resolver):
    result = _read(resolver, "gemeente;waarde\n11001;5\n11002;6\n11004\n11005\n")
    report = result.report
    _identity(report)
    assert (report.rows_in, report.rows_matched, report.rows_malformed) == (4, 2, 2)
    assert report.rejected_rows["line"].tolist() == [4, 5]
    assert report.rejected_rows["reason"].str.contains("1 veld").all()
    assert "notitieregel" not in _texts(report)


def test_ragged_rows_are_all_counted(resolver):
    text = "gemeente;a;b\n11001;1;2\n11002;1\n11004;1;2;3\n11005\n11008;1;2\n11009;3;4\n"
    report = _read(resolver, text).report
    _identity(report)
    assert report.rows_in == 6
    assert report.rows_matched == 3 and report.rows_malformed == 3
    assert report.rejected_rows["line"].tolist() == [3, 4, 5]


def test_a_note_under_the_table_is_a_counted_row(resolver):
    report = _read(resolver, "gemeente;waarde\n11001;5\n11002;6\nBron: eigen telling\n").report
    _identity(report)
    assert report.rows_in == 3 and report.rows_malformed == 1
    assert "notitie" in report.rejected_rows["reason"].iat[0]


def test_an_unclosed_quote_names_its_line_and_counts_what_it_swallowed(resolver):
    text = 'gemeente;waarde\n11001;"5\n'
    text += "".join(f"{CODES[i % 29 + 1]};{i}\n" for i in range(100))
    report = _read(resolver, text).report
    _identity(report)
    assert report.rows_in == 101
    assert report.rows_malformed == 101
    assert "regel 2" in report.rejected_rows["reason"].iat[-1]
    quote = [m for m in report.messages if "aanhalingsteken" in m.message]
    assert quote and quote[0].line == 2 and "100 regel(s)" in quote[0].message


def test_a_quote_closed_on_a_later_line_is_one_record(resolver):
    text = 'gemeente;opmerking;waarde\n11001;"twee\nregels";5\n11002;x;6\n'
    report = _read(resolver, text).report
    _identity(report)
    assert report.rows_in == 2 and report.rows_matched == 2


def test_a_one_column_list_says_which_line_is_the_header(resolver):
    names = ["Gent", "Aalst", "Brugge", "Leuven", "Mechelen", "Hasselt", "Genk", "Lier", "Geel"]
    report = _read(resolver, "Antwerpen\n" + "\n".join(names) + "\n").report
    _identity(report)
    assert report.rows_in == 9
    header = [m for m in report.messages if "als kop genomen" in m.message]
    assert header and header[0].line == 1 and "Antwerpen" in header[0].message
    chosen = _read(resolver, "naam\nAntwerpen\n" + "\n".join(names) + "\n", header_row=1)
    assert chosen.report.rows_in == 10


def test_header_line_option_is_followed_and_checked(resolver):
    text = "Titel\ngemeente;waarde\n11001;5\n11002;6\n"
    assert _read(resolver, text, header_row=2).report.rows_in == 2
    assert _read(resolver, text, header_row=3).report.rows_in == 1
    rejected = _read(resolver, text, header_row=40).report
    assert rejected.status == "rejected" and "Regel 40" in _texts(rejected)


def _workbook(build) -> bytes:
    wb = Workbook()
    build(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_reads_the_visible_sheet_and_lists_the_hidden_one(resolver):
    def build(wb):
        ws = wb.active
        ws.title = "Gegevens"
        ws.append(["gemeente", "waarde"])
        ws.append([11001, 1])
        ws.append([11002, 2])
        hidden = wb.create_sheet("Oud")
        hidden.sheet_state = "hidden"
        hidden.append(["gemeente", "waarde"])
        for i in range(200):
            hidden.append([CODES[i % 30], i])

    result = _read(resolver, _workbook(build), "w.xlsx")
    assert result.choices["sheet"] == "Gegevens"
    assert result.report.rows_in == 2
    assert "'Oud' (verborgen)" in _texts(result.report)


def test_xlsx_two_row_merged_header_is_one_header(resolver):
    def build(wb):
        ws = wb.active
        ws.append(["gemeente", "Alleenwonenden", None])
        ws.append([None, "mannen", "vrouwen"])
        ws.merge_cells("A1:A2")
        ws.merge_cells("B1:C1")
        for i, code in enumerate(CODES[:8]):
            ws.append([int(code), 10 + i, 20 + i])

    result = _read(resolver, _workbook(build), "w.xlsx")
    _identity(result.report)
    assert result.report.rows_in == 8 and result.report.rows_matched == 8
    assert result.choices["columns"] == [
        "gemeente", "Alleenwonenden mannen", "Alleenwonenden vrouwen"
    ]  # fmt: skip


def test_xlsx_formula_cell_row_is_counted(resolver):
    def build(wb):
        ws = wb.active
        ws.append(["gemeente", "waarde"])
        for i, code in enumerate(CODES[:13]):
            ws.append([int(code), i + 1])
        ws.append(["=A2+3", None])  # a key computed by a formula, never saved by Excel

    report = _read(resolver, _workbook(build), "w.xlsx").report
    _identity(report)
    assert report.rows_in == 14 and report.rows_malformed == 1
    assert "formule" in report.rejected_rows["reason"].iat[0]


def test_utf32_with_bom_is_read(resolver):
    text = "gemeente;waarde\n11001;5\n11002;6\n"
    for encoding in ("utf-32", "utf-32-be"):
        data = text.encode(encoding)
        if encoding == "utf-32-be":
            data = b"\x00\x00\xfe\xff" + data
        report = _read(resolver, data).report
        assert (report.rows_in, report.rows_matched) == (2, 2), encoding
        assert "UTF-32" in _texts(report)


def test_a_nul_byte_rejects_its_record_not_the_file(resolver):
    report = _read(resolver, "gemeente;waarde\n11001;5\x00\n11002;6\n11004;7\n").report
    _identity(report)
    assert (report.rows_in, report.rows_matched, report.rows_malformed) == (3, 2, 1)
    assert "NUL" in report.rejected_rows["reason"].iat[0]
    assert report.rejected_rows["line"].iat[0] == 2


# --- the read budget ----------------------------------------------------------------------


def test_budget_stops_at_too_many_columns_with_a_dutch_message():
    data = (";".join(f"k{i}" for i in range(2000)) + "\n").encode() * 3
    with pytest.raises(UploadRejectedError) as caught:
        read_text_rows(data, filename="f.csv")
    text = caught.value.messages[0].message
    assert "kolommen" in text and "verwijder lege" in text.lower()


def test_budget_stops_early_on_rows_and_cells():
    data = b"gemeente;waarde\n" + b"11001;5\n" * 5000
    with pytest.raises(UploadRejectedError) as caught:
        read_text_rows(data, filename="f.csv", budget=ReadBudget("f.csv", max_rows=1000))
    assert "splits het bestand" in caught.value.messages[0].message.lower()
    with pytest.raises(UploadRejectedError) as cells:
        read_text_rows(data, filename="f.csv", budget=ReadBudget("f.csv", max_cells=3000))
    assert "cellen" in cells.value.messages[0].message


def test_budget_stops_on_time():
    data = b"gemeente;waarde\n" + b"11001;5\n" * 5000
    with pytest.raises(UploadRejectedError) as caught:
        read_text_rows(data, filename="f.csv", budget=ReadBudget("f.csv", seconds=-1.0))
    assert "seconden" in caught.value.messages[0].message


def _header_text(report) -> str:
    return next(m.message for m in report.messages if m.message.startswith("Kopregel"))


def test_weak_header_evidence_is_said_and_the_first_lines_are_offered(resolver):
    text = "gemeente;alleenwonenden\n11001;\n11002;\n11004;\n"
    text += "".join(f"{code};{431 + i}\n" for i, code in enumerate(CODES[3:]))
    result = _read(resolver, text)
    assert result.choices["header_weak"] == "de eerste rijen hebben lege waarden"
    assert "maar dat is onzeker (de eerste rijen hebben lege waarden)" in _header_text(
        result.report
    )
    offered = result.choices["header_lines"]
    assert offered[:3] == [(1, "gemeente; alleenwonenden"), (2, "11001"), (3, "11002")]
    assert len(offered) == 15
    titled = _read(resolver, "Alleenwonenden 2021\n" + text)
    assert titled.choices["header_weak"] == "er staan regels boven de kop"
    one_column = _read(resolver, "Antwerpen\nGent\nAalst\n")
    assert one_column.choices["header_weak"] == "het bestand heeft één kolom"


def test_clear_or_chosen_headers_are_not_called_uncertain(resolver):
    text = "gemeente;waarde\n11001;5\n11002;6\n"
    clear = _read(resolver, text)
    assert "header_weak" not in clear.choices
    assert _header_text(clear.report) == (
        "Kopregel: regel 1 ('gemeente; waarde'). Kies een andere kopregel als dat niet klopt."
    )
    chosen = _read(resolver, "gemeente;waarde\n11001;\n11002;6\n", header_row=1)
    assert "header_weak" not in chosen.choices
    assert "zoals gekozen" in _header_text(chosen.report)
