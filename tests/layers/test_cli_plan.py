"""``verbonden plan``: the suggested sites as GeoJSON, Dutch messages, exit statuses."""

import json

from layers.cli import main


def _plan(settings, tmp_path, *extra):
    out = tmp_path / "plan.geojson"
    argv = ["plan", "--home", str(settings.home), "--out", str(out), *extra]
    return main(argv), out


def test_plan_writes_the_chosen_sites(settings, tmp_path, capsys):
    status, out = _plan(settings, tmp_path, "--gemeente", "Herselt", "--k", "3", "--afstand", "800")
    assert status == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["plek"] for f in collection["features"]] == [1, 2, 3]
    meta = collection["verbonden"]
    assert meta["gemeente"] == "Herselt"
    reached = sum(f["properties"]["extra_65plus"] for f in collection["features"])
    assert reached == meta["erbij_65plus"] > 0
    assert meta["ver_na"] < meta["ver_voor"]
    printed = capsys.readouterr().out
    assert "Herselt: 3 plek(ken) binnen 800 m" in printed
    assert "vogelvlucht" in printed


def test_plan_with_candidate_file(settings, tmp_path, capsys):
    candidates = tmp_path / "kandidaten.csv"
    candidates.write_text(
        "naam,lat,lon\nParochiezaal,51.0515,4.8820\nSchool,51.0290,4.8216\n", encoding="utf-8"
    )
    status, out = _plan(
        settings, tmp_path, "--gemeente", "13013", "--k", "2", "--kandidaten", str(candidates)
    )
    assert status == 0, capsys.readouterr().err
    names = {f["properties"]["kandidaat"] for f in json.loads(out.read_text())["features"]}
    assert names == {"Parochiezaal", "School"}


def test_plan_usage_errors_are_dutch(settings, tmp_path, capsys):
    status, _ = _plan(settings, tmp_path, "--gemeente", "Herzelt")
    assert status == 2
    assert "niet gevonden" in capsys.readouterr().err
    status, _ = _plan(settings, tmp_path, "--gemeente", "Herselt", "--k", "7")
    assert status == 2
    assert "Aantal plekken 7 valt buiten 1-5" in capsys.readouterr().err
    status, _ = _plan(settings, tmp_path, "--gemeente", "Herselt", "--afstand", "veel")
    assert status == 2
    err = capsys.readouterr().err
    assert "geen getal" in err
    assert "Traceback" not in err


def test_plan_with_a_file_without_points_is_rejected(settings, tmp_path, capsys):
    table = tmp_path / "tabel.csv"
    table.write_text("gemeente;waarde\nHerselt;3\n", encoding="utf-8")
    status, out = _plan(settings, tmp_path, "--gemeente", "Herselt", "--kandidaten", str(table))
    assert status == 1
    assert "geen bruikbare punten" in capsys.readouterr().err
    assert not out.exists()


def test_plan_for_one_wijk(settings, tmp_path, capsys):
    status, _ = _plan(settings, tmp_path, "--gemeente", "Herselt", "--wijk", "13013w03", "--k", "1")
    assert status == 0, capsys.readouterr().err
    assert "voor de 65-plussers van wijk 13013W03" in capsys.readouterr().out
    status, _ = _plan(settings, tmp_path, "--gemeente", "Herselt", "--wijk", "11002W01")
    assert status == 2
    assert "Wijk '11002W01' ligt niet in deze gemeente" in capsys.readouterr().err
