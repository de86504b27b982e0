"""`verbonden check` through run_check: exit codes, --json keys, --output normalised rows."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.upload.cli import register


def _run(argv, capsys):
    parser = argparse.ArgumentParser(prog="verbonden")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_usable_file_exits_zero_with_json(corpus_dir, store_path, capsys):
    code, out, _ = _run(
        ["check", str(corpus_dir / "notes_and_totals.csv"), "--json", "--store", str(store_path)],
        capsys,
    )
    assert code == 0
    payload = json.loads(out)
    for key in (
        "status",
        "rows_in",
        "rows_matched",
        "rows_unmatched",
        "rows_malformed",
        "messages",
    ):
        assert key in payload
    assert payload["status"] == "warnings"
    assert (
        payload["rows_in"]
        == payload["rows_matched"] + payload["rows_unmatched"] + payload["rows_malformed"]
    )
    for message in payload["messages"]:
        assert {"line", "column", "level", "message"} <= set(message)


def test_rejected_file_exits_one(corpus_dir, store_path, capsys):
    code, out, err = _run(
        ["check", str(corpus_dir / "png_renamed.csv"), "--store", str(store_path)], capsys
    )
    assert code == 1
    assert "afbeelding" in out
    assert "Traceback" not in out + err


def test_missing_file_is_a_usage_error(tmp_path, store_path, capsys):
    code, _, err = _run(
        ["check", str(tmp_path / "bestaat-niet.csv"), "--store", str(store_path)], capsys
    )
    assert code == 2
    assert "bestaat niet" in err


def test_missing_store_says_to_build_it(corpus_dir, tmp_path, capsys):
    code, _, err = _run(
        ["check", str(corpus_dir / "french_names.csv"), "--store", str(tmp_path / "geen.gpkg")],
        capsys,
    )
    assert code == 2
    assert "verbonden data build" in err


def test_bad_option_is_a_usage_error(corpus_dir, capsys):
    with pytest.raises(SystemExit) as exc:
        _run(["check", str(corpus_dir / "french_names.csv"), "--decimal", "x"], capsys)
    assert exc.value.code == 2


def test_numerator_without_rate_is_a_usage_error(corpus_dir, store_path, capsys):
    argv = [
        "check",
        str(corpus_dir / "old_codes_rate.csv"),
        "--numerator",
        "a",
        "--store",
        str(store_path),
    ]
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert "--aggregation rate" in err


def test_output_writes_normalised_rows_without_live_formulas(
    corpus_dir, store_path, tmp_path, capsys
):
    target = tmp_path / "genormaliseerd.csv"
    argv = [
        "check",
        str(corpus_dir / "utf8_bom_semicolon.csv"),
        "--output",
        str(target),
        "--store",
        str(store_path),
    ]
    code, _, _ = _run(argv, capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 8
    antwerpen = next(r for r in rows if r["code"] == "11002")
    assert antwerpen["naam"] == "Antwerpen"
    assert float(antwerpen["Aandeel 80+"]) == 10.5


def test_output_of_aggregated_old_codes_uses_2025_codes(corpus_dir, store_path, tmp_path, capsys):
    target = tmp_path / "uit.csv"
    argv = [
        "check",
        str(corpus_dir / "old_codes_2024.csv"),
        "--aggregation",
        "sum",
        "--output",
        str(target),
        "--store",
        str(store_path),
    ]
    code, _, _ = _run(argv, capsys)
    assert code == 0
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))}
    assert set(rows) == {"11002", "37021", "44021"}
    assert float(rows["11002"]["inwoners"]) == 541000


def test_year_option_picks_the_year(corpus_dir, store_path, capsys):
    code, out, _ = _run(
        [
            "check",
            str(corpus_dir / "two_years.csv"),
            "--year",
            "2023",
            "--json",
            "--store",
            str(store_path),
        ],
        capsys,
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["choices"]["year"] == 2023
    assert all("2024" in r["reason"] for r in payload["rejected_rows"])


def test_header_line_option_chooses_the_header(tmp_path, store_path, capsys):
    path = tmp_path / "namen.csv"
    path.write_text("Lijst van gemeenten\nnaam;waarde\nGent;1\nAalst;2\n", encoding="utf-8")
    argv = ["check", str(path), "--json", "--store", str(store_path)]
    code, out, _ = _run([*argv, "--header-line", "2"], capsys)
    payload = json.loads(out)
    assert code == 0 and payload["rows_in"] == 2 and payload["rows_matched"] == 2
    assert any("Kopregel: regel 2" in m["message"] for m in payload["messages"])
    code, out, _ = _run([*argv, "--header-line", "3"], capsys)
    assert json.loads(out)["rows_in"] == 1
    code, out, err = _run([*argv, "--header-line", "-1"], capsys)
    assert code == 2 and "--header-line" in out + err and "Traceback" not in out + err


def test_header_line_zero_reads_every_line_as_data(tmp_path, store_path, capsys):
    names = ["Antwerpen", "Gent", "Aalst", "Brugge", "Leuven", "Mechelen", "Hasselt", "Genk",
             "Lier", "Geel"]  # fmt: skip
    path = tmp_path / "namen.csv"
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    argv = ["check", str(path), "--json", "--store", str(store_path)]
    code, out, _ = _run(argv, capsys)
    assert json.loads(out)["rows_in"] == 9  # detected: the first name is the header
    code, out, _ = _run([*argv, "--header-line", "0"], capsys)
    payload = json.loads(out)
    assert code == 0 and payload["rows_in"] == 10 and payload["rows_matched"] == 10
    assert any(
        m["message"] == "Geen kopregel: alle 10 regels zijn gegevens; kolommen kolom 1."
        for m in payload["messages"]
    )
    codes = tmp_path / "codes.csv"
    codes.write_text("11002;431\n11001;12\n44021;7\n", encoding="utf-8")
    argv = ["check", str(codes), "--header-line", "0", "--json"]  # the key found by its codes
    code, out, _ = _run([*argv, "--store", str(store_path)], capsys)
    payload = json.loads(out)
    assert code == 0 and payload["rows_in"] == 3 and payload["rows_matched"] == 3


def test_quotes_do_not_change_what_the_check_says(tmp_path, store_path, capsys):
    """A file without quotes is read in blocks of one-line records; the same file with a quoted
    cell is read record by record: the report (lines, counts, rows not used) is the same."""
    lines = [
        "Bron: Statbel",
        "",
        "NIS-code;waarde",
        "11002;1,5",
        "",
        "44021;2,5",
        "* voorlopig",
        "31005",
        "99999;4",
        "11002;5,5;extra",
        "Totaal;10",
    ]
    plain = tmp_path / "zonder.csv"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    quoted = tmp_path / "met.csv"
    quoted.write_text(
        "\n".join(lines).replace("44021;2,5", '"44021";"2,5"') + "\n", encoding="utf-8"
    )
    reports = []
    for path in (plain, quoted):
        code, out, _ = _run(["check", str(path), "--json", "--store", str(store_path)], capsys)
        payload = json.loads(out)
        payload.pop("filename")
        for message in payload["messages"]:
            message.pop("file")
        reports.append((code, payload))
    assert reports[0] == reports[1]
    code, payload = reports[0]
    assert (payload["rows_in"], payload["rows_matched"]) == (7, 2)
    assert [row["line"] for row in payload["rejected_rows"]] == [7, 8, 9, 10, 11]


def test_checking_a_table_needs_no_gis_or_database_libraries(tmp_path, store_path, resolver):
    """`verbonden check` of a table starts without GDAL, geopandas or SQLAlchemy (they take
    most of a second to load and a table needs none of them), once the resolver's lookup tables
    are in the cache (``resolver`` put them there; ``data build`` does too)."""
    path = tmp_path / "cijfers.csv"
    path.write_text("NIS-code;waarde\n11002;1,5\n44021;2,5\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from layers.cli import main\n"
        f"status = main(['check', {str(path)!r}, '--store', {str(store_path)!r}])\n"
        "heavy = {'geopandas', 'pyogrio', 'shapely', 'pyproj', 'sqlalchemy'}\n"
        "print(status, sorted(heavy & set(sys.modules)))\n"
    )
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"
