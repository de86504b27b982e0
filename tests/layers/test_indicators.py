"""Indicator registry and builders on the real mirror: every spec, every level, exact figures.

Expected figures are recomputed here straight from the raw CSV files (pandas only), not through the
code under test.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from layers.analysis.reference import flanders_value, province_values
from layers.indicators import build_indicator, compute, sectors, unplaced_sectors
from layers.indicators.catalogue import REGISTRY, get_spec, specs_for
from layers.indicators.frames import NO_DATA_WIJK, units
from layers.indicators.spec import LEVELS, THEMES, IndicatorInputs

FLEMISH = ("1", "23", "24", "3", "4", "7")
N_UNITS = {"gemeente": 285, "wijk": 2563}
PP = 0.01  # tolerance: 0.01 percentage point

# Flanders-wide value each indicator must reach (with the small uploads built below). A new
# indicator without an entry here fails test_every_indicator_has_an_expectation.
FLANDERS_RANGE: dict[str, tuple[float, float]] = {
    "alleenwonend": (32.45, 32.55),
    "leeftijd_80plus": (6.155, 6.165),
    "leeftijd_65plus": (20.685, 20.695),
    "uitrustingsgraad": (np.nan, np.nan),
    "buitende_kernen": (10.0, 50.0),
    "afstand_station": (1.0, 8.0),
    "verder_dan_station": (5.0, 60.0),
    "alleenwonend_2011": (25.0, 35.0),
    "alleenwonend_verschil": (0.5, 5.0),
    "ver_van_ontmoetingsplaats": (0.0, 100.0),
    "afstand_halte": (0.0, 5.0),
    "verder_dan_halte": (0.0, 100.0),
    "alleenwonend_2023": (33.175, 33.185),
    "alleenwonend_2011_sv": (30.335, 30.345),
    "alleenwonend_verschil_2011_2023": (2.8, 2.9),
    "alleenwonend_prognose_2030": (33.915, 33.925),
    "alleenwonend_prognose_2040": (34.335, 34.345),
    "gebrek_ontmoetingsplaatsen": (20.0, 45.0),
    "onvoldoende_openbaar_vervoer": (0.0, 100.0),
    "activiteiten_senioren": (0.0, 100.0),
    "tevredenheid_ouderenvoorzieningen": (0.0, 100.0),
    "afstand_delijn": (200.0, 260.0),  # the uploaded Mechelen stops replace 2015's there
    "verder_dan_delijn": (5.0, 10.0),
    "ouderen_ver_van_delijn": (0.0, 100.0),
}


@pytest.fixture(scope="module")
def stat(settings):
    return settings.raw_dir / "statbel-derived"


@pytest.fixture(scope="module")
def centroid_table(stat):
    records = json.loads((stat / "population_sector_centroids_2024.json").read_text("utf-8"))
    df = pd.DataFrame.from_records(records, columns=["sc", "pop", "lat", "lng"])
    return df[df["sc"].str.startswith(FLEMISH)]


def _point_at(centroids: pd.DataFrame, sector: str) -> gpd.GeoDataFrame:
    row = centroids.loc[centroids["sc"] == sector].iloc[0]
    return gpd.GeoDataFrame({"naam": ["test"]}, geometry=[Point(row["lng"], row["lat"])], crs=4326)


@pytest.fixture(scope="module")
def inputs(settings):
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def uploads(settings, centroid_table):
    """One meeting place in Mechelen (at a sector centroid) and a GTFS-like stops table."""
    stops_txt = pd.DataFrame(
        {
            "stop_id": ["1", "2"],
            "stop_name": ["Mechelen Station", "Mechelen <Grote Markt>"],
            "stop_lat": [51.0177, 51.0280],
            "stop_lon": [4.4836, 4.4794],
        }
    )
    stops = gpd.GeoDataFrame(
        stops_txt,
        geometry=gpd.points_from_xy(stops_txt["stop_lon"], stops_txt["stop_lat"]),
        crs=4326,
    )
    return IndicatorInputs(
        store_path=settings.store_path,
        raw_dir=settings.raw_dir,
        meeting_places=_point_at(centroid_table, "12025A00-"),
        stops=stops,
    )


def _row(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame.set_index("code").loc[code]


# --- registry ------------------------------------------------------------------------------


def test_every_indicator_has_an_expectation():
    assert set(REGISTRY) == set(FLANDERS_RANGE)


@pytest.mark.parametrize("indicator_id", sorted(REGISTRY))
def test_spec_is_complete(indicator_id):
    spec = REGISTRY[indicator_id]
    for field in ("label", "explanation", "unit", "source", "year", "licence"):
        assert str(getattr(spec, field)).strip(), field
    assert spec.levels and set(spec.levels) <= set(LEVELS)
    assert spec.theme in THEMES
    assert spec.direction in (1, -1)
    assert callable(spec.builder)
    assert spec.caveats
    if spec.is_proxy:
        assert "(benadering)" in spec.label


def test_specs_for_level_and_unknown_ids():
    assert {s.id for s in specs_for("wijk")} >= {"leeftijd_65plus", "afstand_station"}
    assert "leeftijd_80plus" not in {s.id for s in specs_for("wijk")}
    with pytest.raises(ValueError, match="Onbekend niveau"):
        specs_for("provincie")
    with pytest.raises(KeyError, match="Onbekende indicator"):
        get_spec("bestaat_niet")


_CASES = [(i, level) for i in sorted(REGISTRY) for level in REGISTRY[i].levels]


@pytest.mark.parametrize(("indicator_id", "level"), _CASES)
def test_every_unit_once_and_every_gap_explained(uploads, indicator_id, level):
    frame = build_indicator(uploads, indicator_id, level)
    assert list(frame.columns) == ["code", "value", "numerator", "denominator", "reason", "caveat"]
    assert len(frame) == N_UNITS[level]
    assert frame["code"].is_unique
    missing = frame["value"].isna()
    assert (frame.loc[missing, "reason"] != "").all()
    assert (frame.loc[~missing, "reason"] == "").all()
    if get_spec(indicator_id).unit == "%":
        assert frame.loc[~missing, "value"].between(0, 100).all()


@pytest.mark.parametrize("indicator_id", sorted(REGISTRY))
def test_flanders_value(uploads, indicator_id):
    low, high = FLANDERS_RANGE[indicator_id]
    value = flanders_value(uploads, indicator_id)
    if np.isnan(low):
        assert np.isnan(value)
    else:
        assert low <= value <= high


def test_wrong_level_is_refused_in_dutch(inputs):
    with pytest.raises(ValueError, match="bestaat niet op niveau 'wijk'"):
        build_indicator(inputs, "leeftijd_80plus", "wijk")


# --- 80+ -----------------------------------------------------------------------------------


def test_80plus_exact_figures(inputs, stat):
    raw = pd.read_csv(stat / "population_80plus_municipality_2024.csv", dtype={"nis": str})
    by = raw.set_index("nis")
    assert flanders_value(inputs, "leeftijd_80plus") == pytest.approx(
        100 * raw["pop_80plus"].sum() / raw["tot_pop"].sum(), abs=PP
    )
    assert flanders_value(inputs, "leeftijd_80plus") == pytest.approx(6.16, abs=0.005)
    frame = build_indicator(inputs, "leeftijd_80plus", "gemeente")
    antwerpen = _row(frame, "11002")
    parts = by.loc[["11002", "11007"]]  # Antwerpen + Borsbeek
    assert antwerpen["value"] == pytest.approx(
        100 * parts["pop_80plus"].sum() / parts["tot_pop"].sum(), abs=PP
    )
    assert antwerpen["denominator"] == 544759 + by.loc["11007", "tot_pop"]
    bkz = by.loc[["11056", "46003", "46013"]]  # Beveren-Kruibeke-Zwijndrecht
    assert _row(frame, "46030")["value"] == pytest.approx(
        100 * bkz["pop_80plus"].sum() / bkz["tot_pop"].sum(), abs=PP
    )
    herstappe = _row(frame, "73028")
    assert np.isnan(herstappe["value"])
    assert herstappe["reason"] == "geen 80+-cijfer in de bron (Herstappe)"


# --- households ----------------------------------------------------------------------------


def test_alleenwonend_exact_figures(inputs, stat):
    plain = pd.read_csv(stat / "census2021_households_municipality.csv", dtype={"nis_code": str})
    merged = pd.read_csv(
        stat / "census2021_households_municipality_2025_merged.csv", dtype={"nis_code_2025": str}
    )
    total = plain["households_private"].sum() + merged["households_private"].sum()
    single = plain["households_single_person"].sum() + merged["households_single_person"].sum()
    assert (total, single) == (2859018, 928256)
    assert flanders_value(inputs, "alleenwonend") == pytest.approx(100 * single / total, abs=PP)
    frame = build_indicator(inputs, "alleenwonend", "gemeente")
    antwerpen = _row(frame, "11002")
    assert (antwerpen["numerator"], antwerpen["denominator"]) == (103982, 237521)
    assert antwerpen["value"] == pytest.approx(100 * 103982 / 237521, abs=PP)
    assert "Borsbeek" in antwerpen["caveat"]
    assert (frame.loc[frame["code"] != "11002", "caveat"] == "").all()
    bkz = merged.set_index("nis_code_2025").loc["46030"]
    assert _row(frame, "46030")["value"] == pytest.approx(
        100 * bkz["households_single_person"] / bkz["households_private"], abs=PP
    )
    assert bkz["components_2024"] == "11056 + 46003 + 46013"


def test_alleenwonend_2011_places_every_row(inputs, stat):
    raw = pd.read_csv(stat / "census2011_households_1person_municipality.csv", dtype=str)
    frame = build_indicator(inputs, "alleenwonend_2011", "gemeente")
    assert frame["denominator"].sum() == raw["hh_total"].astype(float).sum()
    assert frame["numerator"].sum() == raw["hh_1person"].astype(float).sum()
    by = raw.set_index("Gemeente")
    pelt = by.loc[["Neerpelt", "Overpelt"]].astype({"hh_total": float, "hh_1person": float})
    assert _row(frame, "72043")["value"] == pytest.approx(
        100 * pelt["hh_1person"].sum() / pelt["hh_total"].sum(), abs=PP
    )
    aalter = by.loc[["Aalter", "Knesselare"]].astype({"hh_total": float, "hh_1person": float})
    assert pd.isna(by.loc["Aalter", "nis_pre2019"])  # placed by name
    assert _row(frame, "44084")["value"] == pytest.approx(
        100 * aalter["hh_1person"].sum() / aalter["hh_total"].sum(), abs=PP
    )


def test_alleenwonend_2011_codes_agree_with_the_resolver_on_names(inputs, resolver, stat):
    raw = pd.read_csv(stat / "census2011_households_1person_municipality.csv", dtype=str)
    frame = build_indicator(inputs, "alleenwonend_2011", "gemeente")
    assert frame["value"].notna().all()
    names = raw["Gemeente"].str.replace(r"\s*\([^)]*\)$", "", regex=True)
    from layers.indicators.households import MERGERS_2019

    for code, name in zip(raw["nis_pre2019"], names, strict=True):
        match = resolver.resolve(name)
        if pd.isna(code) or not match.ok:
            continue
        mapped = resolver.resolve(MERGERS_2019.get(code, code))
        assert mapped.ok and mapped.code == match.code, (code, name)


def test_alleenwonend_verschil_is_like_for_like(inputs, stat):
    raw = pd.read_csv(stat / "census2011_households_1person_municipality.csv", dtype=str)
    antwerpen_2011 = raw.loc[raw["nis_pre2019"] == "11002"].astype(
        {"hh_total": float, "hh_1person": float}
    )
    share_2011 = 100 * antwerpen_2011["hh_1person"].sum() / antwerpen_2011["hh_total"].sum()
    frame = build_indicator(inputs, "alleenwonend_verschil", "gemeente")
    antwerpen = _row(frame, "11002")
    assert antwerpen["value"] == pytest.approx(100 * 103982 / 237521 - share_2011, abs=PP)
    assert "Borsbeek" in antwerpen["caveat"]
    fl = flanders_value(inputs, "alleenwonend") - flanders_value(inputs, "alleenwonend_2011")
    assert flanders_value(inputs, "alleenwonend_verschil") == pytest.approx(fl, abs=0.05)


# --- 65+ per sector ------------------------------------------------------------------------


def test_65plus_exact_figures_and_placement(inputs, stat):
    raw = pd.read_csv(stat / "census2021_65plus_sector.csv", dtype={"cd_sector": str})
    raw = raw[raw["cd_sector"].str.startswith(FLEMISH)]
    people = raw["x65"] + raw["rest"]
    assert flanders_value(inputs, "leeftijd_65plus") == pytest.approx(
        100 * raw["x65"].sum() / people.sum(), abs=PP
    )
    assert flanders_value(inputs, "leeftijd_65plus") == pytest.approx(20.69, abs=0.005)
    gemeente = build_indicator(inputs, "leeftijd_65plus", "gemeente")
    assert gemeente["denominator"].sum() == people.sum()  # every sector placed in a gemeente
    # Borsbeek's sectors keep their 11007 prefix but count for Antwerpen (2025).
    antwerp = raw["cd_sector"].str[:5].isin(["11002", "11007"])
    assert _row(gemeente, "11002")["denominator"] == people[antwerp].sum()
    wijk = build_indicator(inputs, "leeftijd_65plus", "wijk")
    lost = unplaced_sectors(inputs, "leeftijd_65plus")
    assert wijk["denominator"].sum() + lost["inwoners"].sum() == people.sum()
    assert lost["inwoners"].sum() / people.sum() < 0.01
    assert (lost["reden"] != "").all()


def test_wijk_without_sectors_or_residents_has_a_reason(inputs):
    frame = build_indicator(inputs, "afstand_station", "wijk")
    reasons = set(frame.loc[frame["value"].isna(), "reason"])
    assert reasons == {"geen inwoners", NO_DATA_WIJK}


# --- proxies for meeting places --------------------------------------------------------------


def test_uitrustingsgraad_ordinal_classes(inputs, store_path):
    from geodata.store import read_attributes
    from layers.indicators.meeting import UITRUSTINGSGRAAD_ORDER

    spec = get_spec("uitrustingsgraad")
    gemeente = read_attributes(store_path, "gemeente")
    pairs = set(zip(gemeente["uitrustingsgraad_code"], gemeente["uitrustingsgraad"], strict=True))
    assert pairs == set(UITRUSTINGSGRAAD_ORDER)
    frame = build_indicator(inputs, "uitrustingsgraad", "gemeente")
    assert set(frame["value"]) <= set(range(1, 10))
    assert _row(frame, "11002")["value"] == 1
    assert "grote en regionale steden" in spec.value_label(1.0)
    weakest = gemeente.loc[gemeente["uitrustingsgraad_code"] == "c3", "code"]
    assert (frame.set_index("code").loc[weakest, "value"] == 9).all()


def test_buitende_kernen_counts_2024_population(inputs, centroid_table):
    gemeente = build_indicator(inputs, "buitende_kernen", "gemeente")
    wijk = build_indicator(inputs, "buitende_kernen", "wijk")
    assert gemeente["denominator"].sum() == centroid_table["pop"].sum()
    assert wijk["numerator"].sum() == gemeente["numerator"].sum()
    assert "(benadering)" in get_spec("buitende_kernen").label


# --- mobility ------------------------------------------------------------------------------


def test_station_distances(inputs):
    frame = build_indicator(inputs, "afstand_station", "gemeente").set_index("code")
    assert frame.loc["12025", "value"] < 2.0  # Mechelen
    assert frame.loc["13035", "value"] > 3.0  # Ravels
    far = build_indicator(inputs, "verder_dan_station", "gemeente").set_index("code")
    assert far.loc["13035", "value"] > 50
    wide = IndicatorInputs(
        store_path=inputs.store_path, raw_dir=inputs.raw_dir, station_distance_km=50.0
    )
    assert (build_indicator(wide, "verder_dan_station", "gemeente")["value"] == 0).all()


# --- uploads -------------------------------------------------------------------------------


def test_meeting_place_at_a_sector_centroid(uploads, stat):
    census = pd.read_csv(stat / "census2021_65plus_sector.csv", dtype={"cd_sector": str})
    sector_65 = float(census.loc[census["cd_sector"] == "12025A00-", "x65"].iloc[0])
    frame = build_indicator(uploads, "ver_van_ontmoetingsplaats", "gemeente")
    mechelen = _row(frame, "12025")
    assert 0 < mechelen["value"] < 100
    assert mechelen["numerator"] <= mechelen["denominator"] - sector_65
    others = frame.loc[frame["code"] != "12025"]
    assert others["value"].isna().all()
    assert (others["reason"] == "geen opgeladen ontmoetingsplaatsen in deze gemeente").all()
    everywhere = IndicatorInputs(
        store_path=uploads.store_path,
        raw_dir=uploads.raw_dir,
        meeting_places=uploads.meeting_places,
        walk_distance_m=1e6,
    )
    assert _row(build_indicator(everywhere, "ver_van_ontmoetingsplaats", "gemeente"), "12025")[
        "value"
    ] == pytest.approx(0.0)


def test_stops_from_a_gtfs_table(uploads, centroid_table):
    both = _row(build_indicator(uploads, "afstand_halte", "gemeente"), "12025")
    one = IndicatorInputs(
        store_path=uploads.store_path, raw_dir=uploads.raw_dir, stops=uploads.stops.iloc[:1]
    )
    single = _row(build_indicator(one, "afstand_halte", "gemeente"), "12025")
    assert 0 < both["value"] < single["value"]  # a second stop can only bring people closer
    far = build_indicator(uploads, "verder_dan_halte", "wijk")
    assert far["value"].notna().sum() > 0
    assert (
        far.loc[far["value"].isna(), "reason"]
        .isin(
            [
                "geen opgeladen haltes in deze gemeente",
                "geen inwoners",
                NO_DATA_WIJK,
            ]
        )
        .all()
    )
    # A stop at every sector centroid of Mechelen: nobody is farther than 500 m.
    mechelen = centroid_table[centroid_table["sc"].str.startswith("12025")]
    everywhere = IndicatorInputs(
        store_path=uploads.store_path,
        raw_dir=uploads.raw_dir,
        stops=gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(mechelen["lng"], mechelen["lat"]), crs=4326
        ),
    )
    assert _row(build_indicator(everywhere, "verder_dan_halte", "gemeente"), "12025")[
        "value"
    ] == pytest.approx(0.0)
    assert _row(build_indicator(everywhere, "afstand_halte", "gemeente"), "12025")[
        "value"
    ] == pytest.approx(0.0, abs=1e-6)


def test_upload_without_location_is_refused(settings):
    bad = gpd.GeoDataFrame({"naam": ["a", "b"]}, geometry=[Point(4.48, 51.02), None], crs=4326)
    inputs = IndicatorInputs(
        store_path=settings.store_path, raw_dir=settings.raw_dir, meeting_places=bad
    )
    with pytest.raises(ValueError, match="zonder locatie"):
        build_indicator(inputs, "ver_van_ontmoetingsplaats", "gemeente")


# --- wide table and reference values ---------------------------------------------------------


def test_compute_leaves_out_missing_uploads(inputs, uploads):
    plain = compute(inputs, "gemeente")
    assert list(plain.columns[:2]) == ["code", "naam"]
    assert len(plain) == 285
    assert "ver_van_ontmoetingsplaats" not in plain
    assert {"leeftijd_80plus", "leeftijd_80plus__reden", "leeftijd_80plus__kanttekening"} <= set(
        plain.columns
    )
    assert plain.set_index("code").loc["73028", "leeftijd_80plus__reden"] != ""
    assert "Borsbeek" in plain.set_index("code").loc["11002", "alleenwonend__kanttekening"]
    with_uploads = compute(uploads, "wijk", ["ver_van_ontmoetingsplaats", "leeftijd_65plus"])
    assert list(with_uploads.columns) == [
        "code",
        "naam",
        "inwoners",
        "ver_van_ontmoetingsplaats",
        "ver_van_ontmoetingsplaats__reden",
        "ver_van_ontmoetingsplaats__kanttekening",
        "leeftijd_65plus",
        "leeftijd_65plus__reden",
        "leeftijd_65plus__kanttekening",
    ]
    assert len(with_uploads) == 2563


def test_province_values_sum_counts(inputs):
    provinces = province_values(inputs, "leeftijd_80plus")
    assert len(provinces) == 5
    frame = build_indicator(inputs, "leeftijd_80plus", "gemeente")
    known = frame["numerator"].notna()
    assert provinces["numerator"].sum() == frame.loc[known, "numerator"].sum()
    assert provinces["denominator"].sum() == frame.loc[known, "denominator"].sum()
    rates = 100 * provinces["numerator"] / provinces["denominator"]
    assert np.allclose(provinces["value"], rates)


# --- sectors to wijken ---------------------------------------------------------------------------


def test_wijk_residents_add_up_to_their_gemeente(inputs):
    gemeente = compute(inputs, "gemeente", ids=[]).set_index("code")["inwoners"]
    wijk = compute(inputs, "wijk", ids=[])
    parents = wijk["code"].map(units(inputs.store_path, "wijk").set_index("code")["gemeente_code"])
    summed = wijk.groupby(parents)["inwoners"].sum()
    pd.testing.assert_series_equal(
        summed.reindex(gemeente.index).fillna(0), gemeente, check_names=False, check_dtype=False
    )
    assert gemeente.sum() == 6_818_511  # every Flemish resident of the 2024 sector file


def test_every_wijk_that_depends_on_a_centroid_says_so(inputs):
    placed = sectors.census_65plus(inputs)
    by_centroid = set(placed.loc[placed["wijk_methode"] == sectors.BY_CENTROID, "wijk_code"])
    frame = build_indicator(inputs, "leeftijd_65plus", "wijk").set_index("code")
    flagged = set(frame.index[frame["caveat"].str.contains("zwaartepunt aan deze wijk")])
    with_people = {
        code
        for code in by_centroid
        if placed.loc[
            (placed["wijk_code"] == code) & (placed["wijk_methode"] == sectors.BY_CENTROID),
            "total",
        ].sum()
        > 0
    }
    assert flagged == with_people
    assert 0 < len(flagged) < 400
    # a wijk placed entirely through the tables carries no such caveat
    assert "zwaartepunt" not in frame.loc["11057W02", "caveat"]
    assert frame.loc["11057W02", "value"] == pytest.approx(27.75, abs=0.01)
