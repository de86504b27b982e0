"""The what-if of new meeting places, on the real store (Herselt)."""

import time

import numpy as np
import pytest

from layers.indicators import IndicatorInputs
from layers.planning import planning_base, suggest_sites, what_if


@pytest.fixture(scope="module")
def base(settings):
    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    return planning_base(inputs, home=settings.home)


@pytest.fixture(scope="module")
def herselt(base):
    return str(base.gemeente_names[base.gemeente_names == "Herselt"].index[0])


def test_no_new_place_changes_nothing(base, herselt):
    result = what_if(base, gemeente=herselt, new=np.empty((0, 2)))
    units = result.units
    assert units["niveau"].tolist()[0] == "gemeente"
    assert (units["niveau"] == "wijk").sum() >= 2
    assert (units["erbij_65plus"] == 0).all()
    assert (units["ver_voor"] == units["ver_na"]).all()
    assert (units["rang_voor"] == units["rang_na"]).all()
    assert result.points.empty
    assert result.existing_count == 0


def test_gain_is_the_65plus_of_sectors_within_reach(base, herselt):
    own = base.gemeente_sectors(herselt)
    new = own[["x", "y"]].to_numpy()[:2]
    result = what_if(base, gemeente=herselt, new=new, distance_m=800)
    distance = np.hypot(
        own["x"].to_numpy()[:, None] - new[None, :, 0],
        own["y"].to_numpy()[:, None] - new[None, :, 1],
    ).min(axis=1)
    expected = own["inwoners_65plus"].to_numpy()[distance <= 800].sum()
    gemeente, wijken = result.units.iloc[0], result.units.iloc[1:]
    assert gemeente["erbij_65plus"] == pytest.approx(expected)
    assert wijken["erbij_65plus"].sum() == pytest.approx(expected)
    assert gemeente["ver_na"] < gemeente["ver_voor"] == 100.0  # no known places: all far before
    assert gemeente["nood_na"] < gemeente["nood_voor"]
    assert len(result.points) == 2
    assert (result.points["erbij_65plus"] <= result.points["bereik_65plus"]).all()
    assert 100 < result.radius_m[0] <= result.radius_m[1]


def test_existing_places_are_already_covering(base, herselt):
    own = base.gemeente_sectors(herselt)
    point = own[["x", "y"]].to_numpy()[:1]
    result = what_if(base.with_existing(point), gemeente=herselt, new=point)
    assert (result.units["erbij_65plus"] == 0).all()
    assert result.units["ver_voor"].iloc[0] < 100.0
    assert result.existing_count == 1


def test_distance_out_of_range(base, herselt):
    with pytest.raises(ValueError, match="Wandelafstand"):
        what_if(base, gemeente=herselt, new=np.empty((0, 2)), distance_m=2000)


def test_unknown_gemeente(base):
    with pytest.raises(ValueError, match="Onbekende gemeentecode"):
        what_if(base, gemeente="99999", new=np.empty((0, 2)))


def test_what_if_answers_fast(base, herselt):
    new = base.gemeente_sectors(herselt)[["x", "y"]].to_numpy()[:3]
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        what_if(base, gemeente=herselt, new=new)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.5


def test_suggested_sites_reach_what_they_claim(base, herselt):
    result = suggest_sites(base, gemeente=herselt, k=3, distance_m=800)
    assert len(result.sites) == 3
    assert result.gains["bereikt_65plus"].is_monotonic_increasing
    assert result.sites["extra_65plus"].sum() == pytest.approx(
        result.gains["bereikt_65plus"].iloc[-1]
    )
    check = what_if(base, gemeente=herselt, new=result.xy)
    assert check.units["erbij_65plus"].iloc[0] == pytest.approx(
        result.gains["bereikt_65plus"].iloc[-1]
    )


def test_suggested_sites_for_one_wijk(base, herselt):
    wijk = f"{herselt}W03"
    own = base.gemeente_sectors(herselt)
    total = own.loc[own["wijk_code"] == wijk, "inwoners_65plus"].sum()
    result = suggest_sites(base, gemeente=herselt, k=2, distance_m=800, wijk=wijk)
    assert result.wijk == wijk
    assert result.total_65plus == pytest.approx(total)
    assert 0 < result.gains["bereikt_65plus"].iloc[-1] <= total
    assert result.candidates == len(own)
    with pytest.raises(ValueError, match="Wijk"):
        suggest_sites(base, gemeente=herselt, k=1, distance_m=800, wijk="11002W01")
