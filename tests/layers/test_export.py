"""Exports: CSV dialects, formula neutralising, GeoJSON/GeoPackage, and the real unit tables."""

from __future__ import annotations

import csv
import io
import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point, box

from geodata.store import read_attributes, read_layer
from layers.analysis.gap import GAP_DISCLAIMER
from layers.analysis.provision import VIEW_MEASURE
from layers.reports.export import ExportError, export_indicators, export_initiatives

MIRROR_80PLUS = "statbel-derived/population_80plus_municipality_2024.csv"

# --- small frames built here -------------------------------------------------------------------


def _small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["11001", "11002"],
            "naam": ['=HYPERLINK("x")', "Antwerpen"],
            "waarde": [1.5, -2.25],
            "aantal": pd.array([3, pd.NA], dtype="Int64"),
            "reden": ["", "-geen cijfer"],
            "lijst": [("a", "b"), ()],
        }
    )


def _units() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["11001", "11002"]},
        geometry=[box(150000, 200000, 151000, 201000), box(152000, 200000, 153000, 201000)],
        crs="EPSG:31370",
    )


def test_csv_has_header_dot_decimals_and_neutralised_formulas(tmp_path):
    path = tmp_path / "uit.csv"
    export_indicators(_small(), path, format="csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == ["code", "naam", "waarde", "aantal", "reden", "lijst"]
    assert rows[1] == ["11001", '\'=HYPERLINK("x")', "1.5", "3", "", "a;b"]
    # the negative number stays a number, the text starting with "-" is neutralised
    assert rows[2] == ["11002", "Antwerpen", "-2.25", "", "'-geen cijfer", ""]


def test_csv_for_excel_nl_uses_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "uit.csv"
    export_indicators(_small(), path, format="csv", excel_nl=True)
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["code", "naam", "waarde"]
    assert rows[1][2] == "1,5"
    assert rows[2][2] == "-2,25"


def test_csv_to_a_stream(tmp_path):
    stream = io.StringIO()
    export_indicators(_small(), stream, format="csv")
    assert stream.getvalue().splitlines()[0] == "code,naam,waarde,aantal,reden,lijst"


def test_geojson_is_wgs84_with_metadata_and_nulls(tmp_path):
    path = tmp_path / "uit.geojson"
    export_indicators(
        _small(), path, format="geojson", units=_units(), metadata={"opmerking": "let op"}
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    assert document["metadata"] == {"opmerking": "let op"}
    assert len(document["features"]) == 2
    second = document["features"][1]
    assert second["properties"]["aantal"] is None
    # GeoJSON properties are data, not spreadsheet cells: the name stays as written.
    assert document["features"][0]["properties"]["naam"] == '=HYPERLINK("x")'
    lon, lat = second["geometry"]["coordinates"][0][0]
    assert 2.5 < lon < 6 and 50.6 < lat < 51.6


def test_gpkg_keeps_lambert_and_layer_metadata(tmp_path):
    path = tmp_path / "uit.gpkg"
    export_indicators(_small(), path, format="gpkg", units=_units(), metadata={"opmerking": "x"})
    back = pyogrio.read_dataframe(path)
    assert back.crs.to_epsg() == 31370
    assert back["code"].tolist() == ["11001", "11002"]
    assert pyogrio.read_info(path)["layer_metadata"] == {"opmerking": "x"}


def test_geometry_formats_need_units_and_a_path(tmp_path):
    with pytest.raises(ExportError, match="gebiedsgrenzen"):
        export_indicators(_small(), tmp_path / "x.geojson", format="geojson")
    with pytest.raises(ExportError, match="geen grenzen gevonden voor 1 gebieden"):
        export_indicators(
            _small(), tmp_path / "x.geojson", format="geojson", units=_units().iloc[:1]
        )
    with pytest.raises(ExportError, match="uitvoerbestand"):
        export_indicators(_small(), io.StringIO(), format="gpkg", units=_units())


def test_initiatives_csv_and_geojson(tmp_path):
    points = gpd.GeoDataFrame(
        {
            "id": ["a", "b"],
            "naam": ["@buurt", "Zonder punt"],
            "doelgroepen": [("ouderen", "jongeren"), ()],
            "benaderd": [True, True],
            "regel": [2, 3],
        },
        geometry=[Point(4.4025, 51.2194), None],
        crs="EPSG:4326",
    )
    path = tmp_path / "init.csv"
    export_initiatives(points, path, format="csv")
    table = pd.read_csv(path, keep_default_na=False)
    assert table["naam"].tolist() == ["'@buurt", "Zonder punt"]
    assert table["doelgroepen"].tolist() == ["ouderen;jongeren", ""]
    assert float(table.loc[0, "lat"]) == pytest.approx(51.2194)
    assert table.loc[1, "lat"] == ""
    assert "regel" not in table
    geo = tmp_path / "init.geojson"
    export_initiatives(points, geo, format="geojson", metadata={"opmerking": GAP_DISCLAIMER})
    document = json.loads(geo.read_text(encoding="utf-8"))
    assert document["features"][0]["geometry"]["coordinates"] == [4.4025, 51.2194]
    assert document["features"][1]["geometry"] is None
    assert document["metadata"]["opmerking"] == GAP_DISCLAIMER


# --- the real data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inputs(settings):
    from layers.indicators.spec import IndicatorInputs

    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def gemeente_table(inputs):
    from layers.analysis.unit_table import unit_table

    return unit_table(inputs, "gemeente")


@pytest.fixture(scope="module")
def wijk_table(inputs):
    from layers.analysis.unit_table import unit_table

    return unit_table(inputs, "wijk")


def _missing_values_have_reasons(table: pd.DataFrame) -> None:
    indicator_columns = [c[: -len("__reden")] for c in table.columns if c.endswith("__reden")]
    assert indicator_columns
    for column in indicator_columns:
        missing = table[column].isna()
        reasons = table.loc[missing, f"{column}__reden"].astype(str).str.strip()
        assert (reasons != "").all(), f"{column}: missing value without reason"


def test_gemeente_table_covers_all_municipalities_with_reasons(gemeente_table, store_path):
    table = gemeente_table
    codes = set(read_attributes(store_path, "gemeente")["code"])
    assert len(table) == 285
    assert set(table["code"]) == codes
    assert table["code"].is_unique
    _missing_values_have_reasons(table)
    assert table["nood"].notna().all()
    assert table["nood"].between(0, 100).all()
    assert table["robuustheid"].between(0, 1).all()
    classes = {f"{n}-{p}" for n in (1, 2, 3) for p in (1, 2, 3)}
    assert set(table["kloof_klasse"]) == classes | {"onbekend"}
    assert (table["kloof_kanttekening"] == GAP_DISCLAIMER).all()
    # Herstappe has no 80+ figure and no survey: its need index is re-weighted and says so, and
    # without the residents' view its provision (so its gap) is unknown.
    herstappe = table.set_index("code").loc["73028"]
    assert math.isnan(herstappe["leeftijd_80plus"])
    assert "80" in herstappe["nood_vlag"]
    assert herstappe["nood_bekend"] == herstappe["nood_gebruikt"] - 2
    assert (table["kloof_klasse"] == "onbekend").sum() == 1
    assert herstappe["kloof_klasse"] == "onbekend"


def test_wijk_table_covers_all_wijken(wijk_table, store_path):
    table = wijk_table
    assert len(table) == 2563
    assert set(table["code"]) == set(read_attributes(store_path, "wijk")["code"])
    _missing_values_have_reasons(table)
    assert "alleenwonend" not in table or table["alleenwonend"].isna().all()
    assert table["gemeente_code"].str.fullmatch(r"\d{5}").all()
    assert table.columns[:4].tolist() == ["code", "naam", "gemeente_code", "gemeente"]
    known = table["nood"].notna()
    assert known.mean() > 0.95
    assert (table.loc[~known, "kloof_klasse"] == "onbekend").all()


def test_exported_figures_match_the_mirror(gemeente_table, mirror, tmp_path):
    # Recomputed from the README figures of the mirror: Antwerpen 2025 = Antwerpen + Borsbeek.
    raw = pd.read_csv(mirror / MIRROR_80PLUS, dtype={"nis": str})
    raw["nis"] = raw["nis"].str.strip()
    parts = raw[raw["nis"].isin(["11002", "11007"])]
    expected = parts["pop_80plus"].sum() / parts["tot_pop"].sum() * 100
    path = tmp_path / "gemeente.csv"
    export_indicators(gemeente_table, path, format="csv")
    exported = pd.read_csv(path, dtype={"code": str}).set_index("code")
    assert exported.loc["11002", "leeftijd_80plus"] == pytest.approx(expected, abs=0.01)
    assert expected != pytest.approx(26391 / 544759 * 100, abs=0.01)  # Borsbeek is in it


def test_reasons_cite_flemish_values(gemeente_table):
    table = gemeente_table
    pct, share = table["alleenwonend_2023__percentiel"], table["alleenwonend_2023"]
    top = table[(pct >= 80) & (share > 33.18)]
    assert len(top) > 0
    assert (
        top["kloof_redenen"]
        .str.contains(r"hoog aandeel alleenwonenden \(\d+,\d %, Vlaanderen 33,2 %\)")
        .all()
    )
    low = table[pct < 80]
    assert not low["kloof_redenen"].str.contains("alleenwonenden (", regex=False).any()


def test_real_csv_exports_both_dialects(gemeente_table, tmp_path):
    plain, excel = tmp_path / "g.csv", tmp_path / "g_nl.csv"
    export_indicators(gemeente_table, plain, format="csv")
    export_indicators(gemeente_table, excel, format="csv", excel_nl=True)
    back = pd.read_csv(plain, dtype={"code": str})
    assert len(back) == 285
    assert back["nood"].dtype == float
    back_nl = pd.read_csv(excel, sep=";", decimal=",", dtype={"code": str}, encoding="utf-8-sig")
    np.testing.assert_allclose(back_nl["nood"], back["nood"])
    first_data_line = excel.read_text(encoding="utf-8-sig").splitlines()[1]
    assert ";" in first_data_line
    for text_column in back.columns:
        if pd.api.types.is_numeric_dtype(back[text_column]):
            continue
        cells = back[text_column].dropna().astype(str)
        assert not cells.str.match(r"^[=+\-@\t\r]").any(), text_column


def test_real_geojson_has_285_features(gemeente_table, store_path, tmp_path):
    path = tmp_path / "g.geojson"
    units = read_layer(store_path, "gemeente", display=True)
    export_indicators(
        gemeente_table, path, format="geojson", units=units, metadata={"opmerking": GAP_DISCLAIMER}
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    assert len(document["features"]) == 285
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in document["features"])
    assert document["metadata"]["opmerking"] == GAP_DISCLAIMER
    read_back = gpd.read_file(path)
    assert len(read_back) == 285
    assert read_back.crs.to_epsg() == 4326


def test_cli_exports_csv_to_stdout_and_requires_output_for_geojson(settings, capsys):
    from layers.cli import main

    status = main(
        [
            "export",
            "indicators",
            "--level",
            "gemeente",
            "--home",
            str(settings.home),
            "--mirror",
            str(settings.mirror),
        ]
    )
    captured = capsys.readouterr()
    assert status == 0
    lines = captured.out.splitlines()
    assert lines[0].startswith("code,naam,")
    assert len(lines) >= 286
    status = main(
        [
            "export",
            "indicators",
            "--level",
            "gemeente",
            "--format",
            "geojson",
            "--home",
            str(settings.home),
            "--mirror",
            str(settings.mirror),
        ]
    )
    assert status != 0
    assert "--output" in capsys.readouterr().err


def test_cli_reports_a_missing_inventory_in_dutch(settings, capsys, tmp_path):
    from layers.cli import main

    status = main(
        [
            "export",
            "initiatives",
            "--inventory",
            str(tmp_path / "geen.csv"),
            "--home",
            str(settings.home),
            "--mirror",
            str(settings.mirror),
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "bestaat niet" in err
    assert "Traceback" not in err


def test_cli_exports_initiatives(settings, tmp_path):
    from layers.cli import main

    path = tmp_path / "init.geojson"
    status = main(
        [
            "export",
            "initiatives",
            "--format",
            "geojson",
            "--output",
            str(path),
            "--home",
            str(settings.home),
            "--mirror",
            str(settings.mirror),
        ]
    )
    assert status == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    assert len(document["features"]) > 20
    assert all(f["geometry"] is not None for f in document["features"])


def test_uploaded_inventory_replaces_the_examples(inputs, tmp_path):
    from layers.analysis.gap import UPLOADED_NOTE
    from layers.analysis.unit_table import unit_table
    from layers.initiatives.inventory import read_inventory

    upload = tmp_path / "eigen.csv"
    upload.write_text(
        "naam;gemeente_code;doelgroepen;actietypes;effectieve_elementen;bron_url\n"
        "Babbelbank;73028;ouderen;ontmoeting;ontmoeting;https://example.org/a\n"
        "Telefoonkring;73028;alleenwonenden;telefonisch-contact;betekenisvol-contact;"
        "https://example.org/b\n",
        encoding="utf-8",
    )
    inventory, messages = read_inventory(upload, filename="eigen.csv")
    assert not [m for m in messages if m.level == "error"]
    table = unit_table(inputs, "gemeente", inventory=inventory).set_index("code")
    assert table["aanbod_aantal"].sum() == 2
    herstappe = table.loc["73028"]
    assert herstappe["aanbod_aantal"] == 2
    assert herstappe["aanbod_elementen"] == 2
    assert herstappe["aanbod_doelgroepen"] == "ouderen;alleenwonenden"
    # Herstappe has no 80+ count: no rate, a reason, and an unknown gap class
    assert math.isnan(herstappe["aanbod_per_10000"])
    assert herstappe["aanbod_per_10000__reden"] == "aantal 80-plussers onbekend"
    assert herstappe["kloof_klasse"] == "onbekend"
    # the inventory is the measure of the one municipality it covers, nowhere else
    assert herstappe["aanbod_maat"] == "initiatieven per 10.000 80-plussers (eigen overzicht)"
    assert herstappe["kloof_kanttekening"] == UPLOADED_NOTE
    others = table.drop(index="73028")
    assert (others["aanbod_maat"] == VIEW_MEASURE).all()
    assert (others["kloof_kanttekening"] == GAP_DISCLAIMER).all()
    assert set(others["aanbod_klasse"]) == {1, 2, 3}  # their residents' view, not "no initiative"


def test_default_provision_is_the_residents_view_for_all_285(gemeente_table, wijk_table):
    table = gemeente_table.set_index("code")
    assert (table["aanbod_maat"] == VIEW_MEASURE).all()
    assert table["aanbod_bron"].str.contains("Gemeente-Stadsmonitor 2023").all()
    assert table["aanbod_bron"].str.contains("enquête").all()
    expected = (table["activiteiten_senioren"] + table["tevredenheid_ouderenvoorzieningen"]) / 2
    pd.testing.assert_series_equal(table["aanbod_enquete"], expected, check_names=False)
    assert table["aanbod_enquete"].notna().sum() == 284  # Herstappe is not in the survey
    # classes are terciles of the view; the publication's examples are not counted
    known = table[table["aanbod_enquete"].notna()]
    assert known.groupby("aanbod_klasse")["aanbod_enquete"].max().is_monotonic_increasing
    assert known["aanbod_klasse"].value_counts().min() >= 90
    with_examples = known[known["aanbod_aantal"] > 0]
    assert len(with_examples) > 10 and set(with_examples["aanbod_klasse"]) == {1, 2, 3}
    # a wijk takes its gemeente's view, and says so
    wijk = wijk_table.set_index("code")
    parent = wijk["gemeente_code"].map(table["aanbod_enquete"])
    pd.testing.assert_series_equal(wijk["aanbod_enquete"], parent, check_names=False)
    assert wijk["aanbod_bron"].str.endswith("(cijfer van de gemeente)").all()
    assert (wijk["inwoners"] >= 0).all()


def test_export_metadata_names_source_year_licence_and_kind_of_every_figure():
    from layers.analysis.unit_table import table_metadata

    metadata = table_metadata("gemeente", weights=None, uploaded_inventory=False)
    assert "Gemeente-Stadsmonitor 2023" in metadata["bronnen"]
    for kind in ("waarneming", "enquête", "prognose", "benadering"):
        assert f"; {kind})" in metadata["bronnen"], kind
    assert "aanbod_maat" in metadata["aanbod"]
    assert metadata["opmerking"] == GAP_DISCLAIMER
