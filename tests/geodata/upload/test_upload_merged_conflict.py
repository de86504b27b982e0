"""A 2025 municipality next to its pre-2025 parts is a conflict, never a sum (issue 16)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from geodata.upload import UploadOptions, read_upload
from geodata.upload.cli import register

TESSENDERLO_CODES = b"nis,aantal\n71071,50000\n71057,19000\n71069,11000\n"
TESSENDERLO_NAMES = b"naam,aantal\nTessenderlo-Ham,50000\nTessenderlo,19000\nHam,11000\n"
ANTWERPEN = b"nis,aantal\n11002,530000\n11007,11000\n"
# Not in conflict: a 2025 row for one merger, other mergers by their parts only.
MIXED = b"nis,aantal\n71071,50000\n44084,3\n11002,530000\n11007,11000\n13001,7\n"


def _check(path: Path, options: list[str], store_path: Path, capsys) -> tuple[int, dict]:
    parser = argparse.ArgumentParser(prog="verbonden")
    register(parser.add_subparsers(dest="command"))
    argv = ["check", str(path), "--json", "--store", str(store_path), *options]
    args = parser.parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, json.loads(out)


@pytest.mark.parametrize("data", [TESSENDERLO_CODES, TESSENDERLO_NAMES, ANTWERPEN])
@pytest.mark.parametrize(
    "options", [[], ["--aggregation", "sum"], ["--duplicates", "sum"]], ids=["none", "agg", "dup"]
)
def test_check_refuses_2025_unit_with_its_parts(data, options, tmp_path, store_path, capsys):
    path = tmp_path / "fusie.csv"
    path.write_bytes(data)
    out = tmp_path / "uit.csv"
    _, payload = _check(path, [*options, "--output", str(out)], store_path, capsys)
    rows = data.count(b"\n") - 1
    assert payload["rows_in"] == rows
    assert payload["rows_matched"] == 0
    assert payload["rows_unmatched"] == rows
    assert payload["rows_malformed"] == 0
    assert payload["status"] != "ok"
    text = " ".join(m["message"] for m in payload["messages"])
    assert "dubbel" in text
    assert "optellen" not in text
    assert ("71071" in text and "71057" in text and "71069" in text) or (
        "11002" in text and "11007" in text
    )
    assert "Houd in het bestand alleen de rij van 2025" in text
    assert not out.exists() or not {"80000", "541000"} & set(out.read_text().split(","))


def test_reader_uses_the_other_rows_and_names_the_conflict(resolver):
    data = b"nis,aantal\n71071,50000\n71057,19000\n71069,11000\n44021,5\n"
    for options in (UploadOptions(), UploadOptions(aggregation="sum")):
        result = read_upload(data, filename="f.csv", resolver=resolver, options=options)
        report = result.report
        assert (report.rows_in, report.rows_matched, report.rows_unmatched) == (4, 1, 3)
        assert report.rows_malformed == 0
        assert result.table is not None
        assert result.table["code"].astype(str).tolist() == ["44021"]
        assert result.choices["era_conflicts"] == ["71071"]
        unused = result.report.as_dict()
        assert "optellen" not in json.dumps(unused["messages"])


def test_a_2024_file_still_sums_antwerpen_and_borsbeek(resolver):
    """11002 is also the 2024 code of Antwerpen: in a file of 2024 parts it is a part."""
    data = b"nis,aantal\n11002,530000\n11007,11000\n71057,19000\n71069,11000\n"
    result = read_upload(
        data, filename="f.csv", resolver=resolver, options=UploadOptions(aggregation="sum")
    )
    assert result.report.rows_matched == 4
    assert result.table is not None
    values = dict(zip(result.table["code"].astype(str), result.table["aantal"], strict=True))
    assert values == {"11002": 541000, "71071": 30000}


def test_mixed_file_refuses_only_the_conflicting_merger(resolver):
    result = read_upload(
        MIXED, filename="f.csv", resolver=resolver, options=UploadOptions(aggregation="sum")
    )
    report = result.report
    assert report.rows_in == report.rows_matched + report.rows_unmatched + report.rows_malformed
    assert result.choices["era_conflicts"] == ["11002"]
    assert result.table is not None
    assert "11002" not in set(result.table["code"].astype(str))
    assert "71071" in set(result.table["code"].astype(str))
