"""The ``verbonden`` command: data info, resolve, and clear errors."""

from __future__ import annotations

import json

from layers.cli import main


def test_data_info_prints_every_layer_count(settings, capsys):
    assert main(["data", "info", "--home", str(settings.home)]) == 0
    out = capsys.readouterr().out
    assert "gemeente " in out and " 285" in out
    assert "wijk " in out and "2563" in out


def test_resolve_prints_one_line_per_reference(settings, capsys):
    refs = ["Anvers", "11007", "Sint Niklaas", "46003", "11002.0", "Borgloon"]
    assert main(["resolve", "--home", str(settings.home), *refs]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 6
    assert "11002 Antwerpen [naam_fr]" in lines[0]
    assert "11002 Antwerpen [nis2024]" in lines[1] and "Borsbeek" in lines[1]
    assert "46021 Sint-Niklaas" in lines[2]
    assert "46030 Beveren-Kruibeke-Zwijndrecht" in lines[3]
    assert "73111 Tongeren-Borgloon [alias]" in lines[5]


def test_resolve_json_and_unknown_exit_status(settings, capsys):
    assert main(["resolve", "--json", "--home", str(settings.home), "Gand", "Parijs"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["code"] == "44021"
    assert data[1]["status"] == "unknown"


def test_info_without_store_is_a_clear_message(tmp_path, capsys):
    assert main(["data", "info", "--home", str(tmp_path)]) == 1
    assert "verbonden data build" in capsys.readouterr().err


def test_usage_error_exits_2(capsys):
    assert main(["data", "nonsense"]) == 2
