"""Issue 12: for random CSVs built from a grammar of odd cases, rows_in equals the records with
content that Python's csv module sees after the header, and the accounting identity holds."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from geodata.upload import UploadOptions, read_upload

CODES = ["11001", "11002", "44021", "31005", "12025", "99999", "Gent", "Antwerpen", "Totaal"]
HEADER = "gemeente;waarde;extra"

_code = st.sampled_from(CODES)
_value = st.sampled_from(["5", "1,5", "12.345", "", "n.b.", "abc", "-3", " 7 "])
_records = st.one_of(
    st.builds(lambda k, v, e: f"{k};{v};{e}", _code, _value, _value),  # ordinary
    st.builds(lambda k: f"{k};;", _code),  # blank values
    st.builds(lambda k: k, _code),  # key only, no separator
    st.builds(lambda k, v: f"{k};{v}", _code, _value),  # short
    st.builds(lambda k, v: f"{k};{v};{v};{v};x", _code, _value),  # long
    st.just("Bron: eigen telling"),  # a note
    st.just(""),  # an empty line
    st.just(";;"),  # separators only
    st.builds(lambda k: f'{k};"twee\nregels";1', _code),  # a quoted cell over two lines
    st.builds(lambda k: f'"{k}";"4";"a;b"', _code),  # quoted separator
)
_endings = st.sampled_from(["\n", "\r\n"])


def _csv_text(records: list[str], ending: str, nul_at: int | None, title: bool) -> str:
    if nul_at is not None and records:
        position = nul_at % len(records)
        records = [*records[:position], "11002;5\x00;x", *records[position + 1 :]]
    top = ["Alleenwonenden per gemeente"] if title else []
    return ending.join([*top, HEADER, *records]) + ending


def _reference_records(text: str, header_line: int) -> int:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    count, start = 0, 1
    for record in reader:
        if start > header_line and "".join(record).strip():
            count += 1
        start = reader.line_num + 1
    return count


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(_records, min_size=1, max_size=25),
    ending=_endings,
    nul_at=st.none() | st.integers(min_value=0, max_value=30),
    named=st.booleans(),
    title=st.booleans(),
)
def test_rows_in_matches_the_csv_module(resolver, records, ending, nul_at, named, title):
    text = _csv_text(records, ending, nul_at, title)
    options = UploadOptions(header_row=1 + title) if named else UploadOptions()
    result = read_upload(text.encode(), filename="p.csv", resolver=resolver, options=options)
    report = result.report
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    assert len(report.rejected_rows) == report.rows_unmatched + report.rows_malformed
    if report.status == "rejected" and report.rows_in == 0:
        event("refused as a whole")
        return  # refused as a whole (a header without data rows): nothing was counted
    header_line = result.choices.get("header_line", 1)
    assert report.rows_in == _reference_records(text, header_line), [
        str(m) for m in report.messages
    ]
    event(f"header line {header_line}")
    if named:
        assert header_line == 1 + title


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(_records, min_size=1, max_size=25),
    ending=_endings,
    nul_at=st.none() | st.integers(min_value=0, max_value=30),
    title=st.booleans(),
)
def test_without_header_rows_in_is_every_record(resolver, records, ending, nul_at, title):
    text = _csv_text(records, ending, nul_at, title)
    options = UploadOptions(header_row=0)
    result = read_upload(text.encode(), filename="p.csv", resolver=resolver, options=options)
    report = result.report
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    assert len(report.rejected_rows) == report.rows_unmatched + report.rows_malformed
    assert result.choices["header_line"] == 0  # read, not refused as a whole
    assert report.rows_in == _reference_records(text, 0), [str(m) for m in report.messages]
