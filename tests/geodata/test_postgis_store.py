"""The store in a shared PostGIS database (``VERBONDEN_DATABASE_URL``): the build writes the same
layers and tables as the GeoPackage, every reader reads the same from it, a damaged store gets
the Dutch message with the repair command, a failed build leaves the old store, one builder at a
time, and the commands work against it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from geodata import postgis
from geodata.build import build_store
from geodata.cli import main as data_main
from geodata.database import engine
from geodata.settings import Settings, load_settings
from geodata.store import (
    POLYGON_LAYERS,
    REPAIR,
    StoreError,
    check_store,
    layer_counts,
    read_attributes,
    read_layer,
    read_table,
    store_problem,
)
from layers.cli import main as verbonden
from layers.indicators import IndicatorInputs, compute
from tests.e2e.app_server import free_port

FLEMISH = {"gemeente": 285, "gemeente2024": 300, "wijk": 2563, "provincie": 5, "gewest": 1}


def _schemas(url: str) -> set[str]:
    with engine(url).connect() as conn:
        rows = conn.execute(text("SELECT schema_name FROM information_schema.schemata"))
        return {str(row[0]) for row in rows}


def test_the_build_writes_every_layer_with_the_geopackage_s_counts(
    postgis_settings: Settings, store_path: Path
) -> None:
    counts = layer_counts(postgis_settings.store_path)
    assert counts == layer_counts(store_path)
    for name, expected in FLEMISH.items():
        assert counts[name] == counts[f"{name}_display"] == expected
    assert counts["statsec"] > 19_000
    assert store_problem(postgis_settings.store_path) is None


@pytest.mark.parametrize("display", [False, True], ids=["analysis", "display"])
@pytest.mark.parametrize("name", POLYGON_LAYERS)
def test_every_layer_reads_the_same_from_both_stores(
    postgis_settings: Settings, store_path: Path, name: str, display: bool
) -> None:
    ours = read_layer(postgis_settings.store_path, name, display=display)
    theirs = read_layer(store_path, name, display=display)
    assert list(ours.columns) == list(theirs.columns)
    assert ours.crs == theirs.crs
    pd.testing.assert_frame_equal(ours.drop(columns="geometry"), theirs.drop(columns="geometry"))
    assert ours.geometry.geom_equals_exact(theirs.geometry, tolerance=0).all()
    part = read_layer(postgis_settings.store_path, name, display=display, columns=["code"])
    assert list(part.columns) == ["code", "geometry"]


@pytest.mark.parametrize("name", ["statsec", "crosswalk_gemeente2024"])
def test_tables_and_attributes_read_the_same(
    postgis_settings: Settings, store_path: Path, name: str
) -> None:
    pd.testing.assert_frame_equal(
        read_table(postgis_settings.store_path, name), read_table(store_path, name)
    )
    pd.testing.assert_frame_equal(
        read_attributes(postgis_settings.store_path, "wijk"), read_attributes(store_path, "wijk")
    )


@pytest.mark.parametrize("level", ["gemeente", "wijk"])
def test_indicators_are_the_same_from_both_stores(
    postgis_settings: Settings, settings: Settings, level: str
) -> None:
    ours = compute(IndicatorInputs(postgis_settings.store_path, postgis_settings.raw_dir), level)
    theirs = compute(IndicatorInputs(settings.store_path, settings.raw_dir), level)
    pd.testing.assert_frame_equal(ours, theirs)
    assert len(ours) == FLEMISH[level]
    # a few units a reader would look up (Antwerpen, Gent, Leuven and its wijken) have figures
    codes = ours["code"].astype(str)
    picked = ours[codes.isin(["11002", "44021", "24062"]) | codes.str.startswith("24062")]
    assert len(picked) >= 3
    assert (picked["leeftijd_65plus"] > 0).all() and (picked["inwoners"] > 0).all()


def test_data_info_names_the_database_without_its_password(
    postgis_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgis_settings.database_url
    assert url is not None
    monkeypatch.setenv("VERBONDEN_DATABASE_URL", url.replace("postgres@", "postgres:geheim@"))
    status = data_main(["data", "info", "--home", str(postgis_settings.home)])
    out, err = capsys.readouterr()
    # the password is wrong for a trust server too: it must not appear either way
    assert "geheim" not in out + err
    assert status == 0, err
    assert "PostGIS-databank" in out and "volledig en onbeschadigd" in out
    assert "wijk_display" in out and "2563" in out


def test_a_database_that_does_not_answer_says_what_to_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBONDEN_DATABASE_URL", f"postgresql://v:pw@127.0.0.1:{free_port()}/v")
    status = data_main(["data", "info", "--home", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 1
    assert "niet bereikbaar" in err and "VERBONDEN_DATABASE_URL" in err
    assert "Traceback" not in err and ":pw@" not in err


def test_a_damaged_database_store_is_refused_and_data_build_repairs_it(
    postgis_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, store = postgis_settings.database_url, postgis_settings.store_path
    assert url is not None
    check_store(store)  # remembered as whole: dropping a table must still be noticed
    with engine(url).begin() as conn:
        conn.execute(text(f"DROP TABLE {postgis.SCHEMA}.wijk_display"))
    try:
        with pytest.raises(StoreError) as raised:
            read_layer(store, "wijk", display=True)
        message = str(raised.value)
        assert "laag 'wijk_display' ontbreekt" in message
        assert REPAIR in message and "PostGIS-databank" in message
        monkeypatch.setenv("VERBONDEN_DATABASE_URL", url)
        home = ["--home", str(postgis_settings.home)]
        assert data_main(["data", "info", *home]) == 1
        assert REPAIR in capsys.readouterr().err
        assert verbonden(["resolve", "Anvers", *home]) == 1
        err = capsys.readouterr().err
        assert REPAIR in err and "Traceback" not in err
    finally:
        assert data_main(["data", "build", "--home", str(postgis_settings.home)]) == 0
    assert "klaar" in capsys.readouterr().out
    assert store_problem(store) is None
    assert read_layer(store, "wijk", display=True).shape[0] == 2563


def test_a_failed_build_leaves_the_old_store_and_nothing_else(
    postgis_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, store = postgis_settings.database_url, postgis_settings.store_path
    assert url is not None
    before = postgis.meta(url)["build_id"]
    written: list[str] = []
    original = postgis._write_frame

    def fail_halfway(conn, frame, schema, name):  # type: ignore[no-untyped-def]
        if len(written) == 5:
            raise OSError("de schijf van de databankserver is vol (test)")
        written.append(name)
        original(conn, frame, schema, name)

    monkeypatch.setattr(postgis, "_write_frame", fail_halfway)
    with pytest.raises(OSError, match="test"):
        build_store(postgis_settings, force=True)
    assert len(written) == 5
    assert postgis.meta(url)["build_id"] == before
    assert store_problem(store) is None
    assert [s for s in _schemas(url) if s.startswith(postgis.SCHEMA)] == [postgis.SCHEMA]


def test_a_second_builder_waits_for_the_first_and_keeps_its_store(
    postgis_settings: Settings, tmp_path: Path
) -> None:
    url = postgis_settings.database_url
    assert url is not None
    other = load_settings(home=tmp_path / "b", mirror=postgis_settings.mirror, database_url=url)
    before = postgis.meta(url)["build_id"]
    told: list[str] = []
    result: list[dict[str, int]] = []
    with postgis.build_lock(url, on_wait=lambda _text: None):
        worker = threading.Thread(
            target=lambda: result.append(build_store(other, force=True, on_wait=told.append))
        )
        worker.start()
        worker.join(timeout=5)
        assert worker.is_alive(), "the second builder must wait for the lock"
    worker.join(timeout=120)
    assert told and "wachten" in told[0]
    assert result and result[0]["gemeente"] == 285
    assert postgis.meta(url)["build_id"] == before  # it kept the store the first one built


def test_check_and_map_work_against_the_database_store(
    postgis_settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert postgis_settings.database_url is not None
    monkeypatch.setenv("VERBONDEN_DATABASE_URL", postgis_settings.database_url)
    monkeypatch.setenv("VERBONDEN_HOME", str(postgis_settings.home))
    upload = tmp_path / "cijfers.csv"
    upload.write_text("gemeente,waarde\nAnvers,5\nGent,7\nLeuven,9\n", encoding="utf-8")
    assert verbonden(["check", str(upload), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows_in"], report["rows_matched"]) == (3, 3)
    page = tmp_path / "kaart.html"
    assert verbonden(["map", str(upload), "--out", str(page)]) == 0, capsys.readouterr().err
    html = page.read_text(encoding="utf-8")
    assert "Antwerpen" in html and "Gent" in html
