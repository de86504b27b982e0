"""`verbonden check FILE --kind ...`: an initiative inventory (and a chosen kind) on the command
line, with the page's checks, the same report, exit codes 0/1/2 and --json."""

from __future__ import annotations

import argparse
import csv
import io
import json

import pandas as pd

from layers.cli.check import register
from layers.initiatives import INVENTORY_COLUMNS
from layers.uploads import template_bytes

GOOD = {
    "id": "babbel",
    "naam": "Babbelnamiddag",
    "gemeente_code": "44021",
    "doelgroepen": "ouderen",
    "actietypes": "ontmoeting",
    "effectieve_elementen": "ontmoeting",
    "beleidsdomein": "welzijn",
    "bron_url": "https://www.voorbeeld.be",
    "precisie": "gemeente",
}


def _inventory(*rows: dict[str, str]) -> bytes:
    frame = pd.DataFrame([{c: row.get(c, "") for c in INVENTORY_COLUMNS} for row in rows])
    return frame.to_csv(index=False).encode("utf-8")


def _run(argv, store_path, capsys):
    parser = argparse.ArgumentParser(prog="verbonden")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args([*argv, "--store", str(store_path)])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_inventory_template_is_usable(tmp_path, store_path, capsys):
    name, data = template_bytes("initiatieven")
    path = tmp_path / name
    path.write_bytes(data)
    code, out, _ = _run(
        ["check", str(path), "--kind", "initiatieven", "--json"], store_path, capsys
    )
    payload = json.loads(out)
    assert code == 0
    assert (payload["status"], payload["rows_in"], payload["rows_matched"]) == ("ok", 1, 1)


def test_inventory_rows_with_errors_are_listed_and_the_valid_ones_written(
    tmp_path, store_path, capsys
):
    bad = {**GOOD, "id": "b", "naam": "Ander", "doelgroepen": "marsmannetjes"}
    path = tmp_path / "eigen.csv"
    path.write_bytes(_inventory(GOOD, bad))
    output = tmp_path / "geldig.csv"
    code, out, _ = _run(
        ["check", str(path), "--kind", "initiatieven", "--output", str(output)], store_path, capsys
    )
    assert code == 0  # one valid row: usable, with the other row reported
    assert "rijen gelezen 2, gekoppeld 1" in out
    assert "marsmannetjes" in out and "regel 3" in out
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["babbel"]
    assert list(rows[0]) == list(INVENTORY_COLUMNS)


def test_inventory_without_a_valid_row_exits_one(tmp_path, store_path, capsys):
    path = tmp_path / "eigen.csv"
    path.write_bytes(_inventory({**GOOD, "gemeente_code": "99999"}))
    code, out, _ = _run(
        ["check", str(path), "--kind", "initiatieven", "--json"], store_path, capsys
    )
    payload = json.loads(out)
    assert code == 1
    assert payload["status"] == "rejected"
    assert any(m["line"] == 2 and m["level"] == "error" for m in payload["messages"])


def test_not_a_table_is_refused_as_an_inventory(tmp_path, store_path, capsys):
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    code, out, err = _run(["check", str(path), "--kind", "initiatieven"], store_path, capsys)
    assert code == 1
    assert "afbeelding" in out and "overzicht van initiatieven" in out
    assert "Traceback" not in out + err


def test_content_of_another_kind_is_rejected_with_the_reason(tmp_path, store_path, capsys):
    path = tmp_path / "plaatsen.csv"
    path.write_bytes(b"naam,lat,lon\nDienstencentrum,51.05,3.72\n")
    code, out, _ = _run(["check", str(path), "--kind", "indicator", "--json"], store_path, capsys)
    payload = json.loads(out)
    assert code == 1
    assert payload["status"] == "rejected"
    assert "Ontmoetingsplaatsen" in payload["mismatch"]
    code, _, _ = _run(["check", str(path), "--kind", "ontmoetingsplaatsen"], store_path, capsys)
    assert code == 0


def test_without_kind_the_file_is_read_as_detected(tmp_path, store_path, capsys):
    path = tmp_path / "plaatsen.csv"
    path.write_bytes(b"naam,lat,lon\nDienstencentrum,51.05,3.72\n")
    code, out, _ = _run(["check", str(path), "--json"], store_path, capsys)
    assert code == 0
    assert "mismatch" not in json.loads(out)


def test_a_bug_is_a_program_fault_not_a_file_problem(tmp_path, store_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("bug in Verbonden")

    monkeypatch.setattr("layers.uploads.process.read_inventory", broken)
    name, data = template_bytes("initiatieven")
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = _run(["check", str(path), "--kind", "initiatieven"], store_path, capsys)
    assert code == 2
    assert "Verbonden zelf (geen fout in uw bestand)" in err
    assert "Traceback" not in out + err
