"""Every corpus file: expected status, a clear Dutch message, and rows_in = matched + unmatched +
malformed; every unused row listed with its line and reason."""

from __future__ import annotations

import math

import pytest

from geodata.upload import UploadOptions, read_upload
from tests.geodata.upload.conftest import load_corpus_module

EXPECTED = load_corpus_module().expected()


def test_corpus_is_large_enough_and_fully_described(corpus_dir):
    generated = {p.name for p in corpus_dir.iterdir()}
    assert len(generated) >= 30
    assert generated == set(EXPECTED), "expected.json must describe exactly the generated files"


@pytest.fixture(scope="module")
def results(corpus_dir, resolver, gemeenten):
    out = {}
    for name, expected in EXPECTED.items():
        data = (corpus_dir / name).read_bytes()
        options = UploadOptions(**expected.get("options", {}))
        out[name] = read_upload(
            data, filename=name, resolver=resolver, options=options, gemeenten=gemeenten
        )
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name, results):
    expected = EXPECTED[name]
    result = results[name]
    report = result.report
    assert report.status == expected["status"], [str(m) for m in report.messages]
    assert report.kind == expected["kind"]
    for key in ("rows_in", "rows_matched", "rows_unmatched", "rows_malformed"):
        assert getattr(report, key) == expected[key], (key, [str(m) for m in report.messages])
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    unused = report.rejected_rows
    assert len(unused) == report.rows_unmatched + report.rows_malformed
    assert unused["reason"].map(lambda r: isinstance(r, str) and len(r) > 5).all()
    assert unused["line"].map(lambda v: int(v) >= 1).all()
    if "message" in expected:
        assert any(expected["message"] in m.message for m in report.messages), [
            str(m) for m in report.messages
        ]
    assert not any("onverwachte fout" in m.message for m in report.messages)
    for message in report.messages:
        assert message.file and message.file.startswith(name)
    if report.status == "rejected":
        assert any(m.level == "error" for m in report.messages)
        assert result.table is None and result.points is None
    elif report.kind == "table":
        assert result.table is not None and len(result.table) >= 1
        assert list(result.table.columns[:3]) == ["level", "code", "naam"]
    else:
        assert result.points is not None and len(result.points) == report.rows_matched
        assert result.points.crs.to_epsg() == 4326


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "values" in e))
def test_corpus_values(name, results):
    table = results[name].table.set_index("code")
    for code, columns in EXPECTED[name]["values"].items():
        for column, value in columns.items():
            got = table.at[code, column]
            if value is None:
                assert math.isnan(got)
            else:
                assert got == pytest.approx(value, rel=1e-6), (code, column)


def test_payload_text_is_kept_literally_as_data(results):
    """Escaping is the renderer's job; the reader must keep the text intact, not drop the row."""
    report = results["payload_names.csv"].report
    listed = " ".join(report.rejected_rows.astype(str).to_numpy().ravel())
    assert "<img src=x onerror=alert(1)>" in listed
    assert "${alert(1)}" in listed


def test_rejected_before_reading_never_counts_rows(results):
    for name in ("oversize.csv", "zip_bomb.zip", "path_traversal.zip", "png_renamed.csv"):
        assert results[name].report.rows_in == 0
