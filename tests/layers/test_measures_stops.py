"""Bus/tram stops (De Lijn 2015) and railway stations, recomputed from the raw mirror files.

Distances are recomputed here with pyproj and a scipy k-d tree from the raw CSV/JSON files. Only
the placement of sectors in 2025 gemeenten and wijken is taken from ``sectors`` (shared by every
sector-based indicator and tested on its own); everything specific to these measures is rebuilt.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer
from scipy.spatial import cKDTree

from layers.analysis.reference import flanders_value
from layers.indicators import build_indicator, get_spec, sectors
from layers.indicators.points import stations_xy
from layers.indicators.spec import IndicatorInputs

FLEMISH = ("1", "23", "24", "3", "4", "7")
TO_LAMBERT = Transformer.from_crs(4326, 31370, always_xy=True)
HOOGSTRATEN = "13014"


def _xy(lon: pd.Series, lat: pd.Series) -> np.ndarray:
    x, y = TO_LAMBERT.transform(lon.to_numpy(float), lat.to_numpy(float))
    return np.column_stack([x, y])


def _nearest(points: np.ndarray, targets: np.ndarray) -> np.ndarray:
    return cKDTree(targets).query(points)[0]


@pytest.fixture(scope="module")
def inputs(settings):
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def centroid_rows(mirror, inputs):
    """Flemish sectors from the raw JSON with their 2024 population and centroid, placed."""
    records = json.loads(
        (mirror / "statbel-derived/population_sector_centroids_2024.json").read_text("utf-8")
    )
    raw = pd.DataFrame.from_records(records, columns=["sc", "pop", "lat", "lng"])
    raw = raw[raw["sc"].str.startswith(FLEMISH)].reset_index(drop=True)
    placement = sectors.centroids(inputs).set_index("statsec")[["gemeente_code", "wijk_code"]]
    placed = raw.join(placement, on="sc")
    xy = _xy(raw["lng"], raw["lat"])
    return placed.assign(x=xy[:, 0], y=xy[:, 1])


@pytest.fixture(scope="module")
def stops_2015(mirror):
    table = pd.read_csv(mirror / "delijn-derived/delijn_stops_2015.csv")
    assert len(table) == 41_329
    return _xy(table["lon"], table["lat"])


def _by_unit(frame: pd.DataFrame, level: str, columns: list[str]) -> pd.DataFrame:
    key = "wijk_code" if level == "wijk" else "gemeente_code"
    return frame[frame[key] != ""].groupby(key)[columns].sum()


@pytest.mark.parametrize("level", ["gemeente", "wijk"])
def test_distance_and_share_beyond_500_m(inputs, centroid_rows, stops_2015, level):
    distance = _nearest(centroid_rows[["x", "y"]].to_numpy(), stops_2015)
    rows = centroid_rows.assign(
        pop_m=centroid_rows["pop"] * distance,
        pop_far=np.where(distance > 500, centroid_rows["pop"], 0.0),
    )
    sums = _by_unit(rows, level, ["pop", "pop_m", "pop_far"])
    mean = build_indicator(inputs, "afstand_delijn", level).set_index("code")
    far = build_indicator(inputs, "verder_dan_delijn", level).set_index("code")
    expected_mean = (sums["pop_m"] / sums["pop"].where(sums["pop"] > 0)).reindex(mean.index)
    expected_far = (100 * sums["pop_far"] / sums["pop"].where(sums["pop"] > 0)).reindex(far.index)
    np.testing.assert_allclose(mean["value"], expected_mean, rtol=0, atol=1e-9)
    np.testing.assert_allclose(far["value"], expected_far, rtol=0, atol=1e-9)
    if level == "gemeente":
        # Every Flemish resident is placed, so Flanders is the mean over all sectors.
        assert mean["denominator"].sum() == centroid_rows["pop"].sum()
        flanders_m = (centroid_rows["pop"] * distance).sum() / centroid_rows["pop"].sum()
        flanders_far = 100 * rows["pop_far"].sum() / centroid_rows["pop"].sum()
        assert flanders_value(inputs, "afstand_delijn") == pytest.approx(flanders_m, abs=1e-9)
        assert flanders_value(inputs, "verder_dan_delijn") == pytest.approx(flanders_far, abs=1e-9)
        assert round(flanders_m) == 226
        assert round(flanders_far, 1) == 6.8


@pytest.mark.parametrize("level", ["gemeente", "wijk"])
def test_65plus_beyond_500_m(inputs, mirror, centroid_rows, stops_2015, level):
    census = pd.read_csv(
        mirror / "statbel-derived/census2021_65plus_sector.csv", dtype={"cd_sector": str}
    )
    census = census[census["cd_sector"].str.startswith(FLEMISH)]
    located = census.merge(centroid_rows, left_on="cd_sector", right_on="sc", how="inner")
    distance = _nearest(located[["x", "y"]].to_numpy(), stops_2015)
    located = located.assign(x65_far=np.where(distance > 500, located["x65"], 0.0))
    sums = _by_unit(located, level, ["x65", "x65_far"])
    frame = build_indicator(inputs, "ouderen_ver_van_delijn", level).set_index("code")
    expected = (100 * sums["x65_far"] / sums["x65"].where(sums["x65"] > 0)).reindex(frame.index)
    np.testing.assert_allclose(frame["value"], expected, rtol=0, atol=1e-9)


def test_labelled_haltes_2015_with_an_invitation_to_upload():
    for indicator_id in ("afstand_delijn", "verder_dan_delijn", "ouderen_ver_van_delijn"):
        spec = get_spec(indicator_id)
        assert "haltes 2015" in spec.label
        assert any("stops.txt" in caveat for caveat in spec.caveats)
        assert spec.requires is None  # available without an upload


def test_uploaded_stops_replace_2015_in_the_gemeenten_they_cover(inputs, centroid_rows):
    mechelen = centroid_rows[centroid_rows["gemeente_code"] == "12025"]
    uploaded = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(mechelen["lng"], mechelen["lat"]), crs=4326
    )
    with_upload = IndicatorInputs(
        store_path=inputs.store_path, raw_dir=inputs.raw_dir, stops=uploaded
    )
    frame = build_indicator(with_upload, "afstand_delijn", "gemeente").set_index("code")
    before = build_indicator(inputs, "afstand_delijn", "gemeente").set_index("code")
    assert before.loc["12025", "value"] > 50
    assert frame.loc["12025", "value"] == pytest.approx(0.0, abs=1e-6)
    assert "opgeladen haltes" in frame.loc["12025", "caveat"]
    assert frame.loc["73028", "value"] == before.loc["73028", "value"]  # far away: 2015 stops
    assert frame.loc["73028", "caveat"] == ""


# --- railway stations ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stations(mirror):
    return pd.read_csv(mirror / "iRail/stations/stations.csv")


def test_stations_with_service_and_across_the_border(inputs, stations):
    belgian = stations["country-code"] == "be"
    idle = stations[belgian & (stations["avg_stop_times"] == 0)]
    assert {"Antwerpen-Dam", "Meer-Grens", "Zwankendamme"} <= set(idle["name"])
    abroad = stations[~belgian]
    assert {"Maastricht", "Eijsden", "Meerssen", "Breda"} <= set(abroad["name"])
    # Exactly the stations with service or abroad, in file order: no idle Belgian station is used
    # (Zwijndrecht-Dorp shares its coordinates with a served station, so compare rows, not points).
    used = stations_xy(inputs.raw_dir)
    expected = _xy(
        *(
            stations.loc[~belgian | (stations["avg_stop_times"] > 0), c]
            for c in ("longitude", "latitude")
        )
    )
    assert len(used) == len(expected) == len(stations) - len(idle)
    np.testing.assert_allclose(used, expected, rtol=0, atol=1e-6)


def test_station_distance_recomputed_and_hoogstraten_changes(inputs, stations, centroid_rows):
    belgian = stations["country-code"] == "be"
    new = stations[~belgian | (stations["avg_stop_times"] > 0)]
    old = stations[belgian]
    points = centroid_rows[["x", "y"]].to_numpy()
    rows = centroid_rows.assign(
        new_km=centroid_rows["pop"]
        * _nearest(points, _xy(new["longitude"], new["latitude"]))
        / 1000,
        old_km=centroid_rows["pop"]
        * _nearest(points, _xy(old["longitude"], old["latitude"]))
        / 1000,
    )
    sums = _by_unit(rows, "wijk", ["pop", "new_km", "old_km"])
    frame = build_indicator(inputs, "afstand_station", "wijk").set_index("code")
    expected = (sums["new_km"] / sums["pop"].where(sums["pop"] > 0)).reindex(frame.index)
    np.testing.assert_allclose(frame["value"], expected, rtol=0, atol=1e-9)
    previous = (sums["old_km"] / sums["pop"].where(sums["pop"] > 0)).reindex(frame.index)
    change = frame["value"] - previous
    # Hoogstraten: the idle Meer-Grens station on its territory no longer counts.
    hoogstraten = change[change.index.str.startswith(HOOGSTRATEN)]
    assert hoogstraten.abs().max() > 5.0
    meer = stations.loc[stations["name"] == "Meer-Grens"]
    assert (meer["avg_stop_times"] == 0).all()
    # Near the Dutch border, Maastricht, Eijsden or Breda is now the nearest railway.
    assert (change < -2.0).any()
    assert set(change.index[change < -2.0].str[:2]) <= {"13", "71", "72", "73"}
    spec = get_spec("afstand_station")
    assert not any("Alleen Belgische stations" in c for c in spec.caveats)
