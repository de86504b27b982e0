from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.upload import UploadOptions, read_upload
from geodata.upload.report import UploadReport


def test_report_refuses_broken_accounting():
    with pytest.raises(ValueError, match="accounting"):
        UploadReport(
            filename="f",
            kind="table",
            status="ok",
            rows_in=3,
            rows_matched=1,
            rows_unmatched=1,
            rows_malformed=0,
        )


def test_as_dict_is_json_serialisable(resolver):
    result = read_upload(
        b"niscode;waarde\n11002;1\nAtlantis;2\n", filename="f.csv", resolver=resolver
    )
    payload = json.loads(json.dumps(result.report.as_dict()))
    assert payload["rows_unmatched"] == 1
    assert payload["rejected_rows"][0]["line"] == 3
    assert payload["messages"][0]["file"] == "f.csv"


def test_table_output_columns_and_types(resolver):
    result = read_upload(
        b"gemeente;inwoners;opmerking\nGent;265.086,0;x\nLeuven;102.275,5;y\n",
        filename="f.csv",
        resolver=resolver,
    )
    assert list(result.table.columns) == ["level", "code", "naam", "inwoners"]
    assert result.table["inwoners"].dtype == float
    assert result.choices["key_column"] == "gemeente"
    assert result.choices["ignored_columns"] == ["opmerking"]


def test_key_column_option(resolver):
    data = b"a;b;w\n11002;44021;1\n"
    result = read_upload(
        data, filename="f.csv", resolver=resolver, options=UploadOptions(key_column="b")
    )
    assert result.table["code"].tolist() == ["44021"]
    bad = read_upload(
        data, filename="f.csv", resolver=resolver, options=UploadOptions(key_column="zz")
    )
    assert bad.report.status == "rejected" and "bestaat niet" in bad.report.messages[0].message


def test_without_resolver_tables_are_rejected_with_a_message():
    result = read_upload(b"niscode;w\n11002;1\n", filename="f.csv", resolver=None)
    assert result.report.status == "rejected"
    assert "verbonden data build" in result.report.messages[0].message


def test_zip_with_one_csv_in_a_folder(resolver):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("map/data.csv", "niscode;w\n11002;1\n")
    result = read_upload(buffer.getvalue(), filename="z.zip", resolver=resolver)
    assert result.report.status == "ok"
    assert result.report.messages == [] or all(
        m.file == "z.zip/data.csv" for m in result.report.messages
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(resolver, data):
    report = read_upload(data, filename="x.csv", resolver=resolver).report
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    assert report.status in ("ok", "warnings", "rejected")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                ["11002", "Gent", "1,5", "1.234", "n.b.", "", "Totaal", "x;y", '"', "=1"]
            ),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_random_tables_keep_the_accounting_identity(resolver, rows):
    text = "niscode;waarde;extra\n" + "\n".join(";".join(r) for r in rows)
    report = read_upload(text.encode(), filename="t.csv", resolver=resolver).report
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    assert len(report.rejected_rows) == report.rows_unmatched + report.rows_malformed
    assert not any("onverwachte fout" in m.message for m in report.messages)


def test_a_point_file_with_its_own_regel_column_is_read(resolver):
    from geodata.upload import read_upload

    data = b"regel,naam,lat,lon\n7,Ontmoetingshuis,51.2194,4.4025\n8,Buurthuis,51.0543,3.7174\n"
    result = read_upload(data, filename="plaatsen.csv", resolver=resolver)
    assert result.report.status in {"ok", "warnings"}, result.report.messages
    assert result.report.rows_matched == 2
    assert "regel (bestand)" in result.points.columns
    assert result.points["regel"].tolist() == [2, 3]


def test_a_file_keyed_by_2025_codes_is_not_called_incomplete(resolver):
    from geodata.upload import read_upload

    data = b"nis;waarde\n11002;5\n46021;4\n11001;3\n"
    result = read_upload(data, filename="nieuw.csv", resolver=resolver)
    assert not any("onvolledig" in m.message for m in result.report.messages)
    assert result.report.rows_matched == 3
