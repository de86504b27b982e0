"""Issue 11: an upload covering part of Flanders is used only where it covers the unit."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from layers.analysis import default_weights, unit_table
from layers.indicators import IndicatorInputs, get_spec, specs_for
from layers.views import coverage_notes

# Six meeting places in five municipalities (Antwerpen twice, Gent, Leuven, Mechelen, Brugge).
PLACES = pd.DataFrame(
    {
        "naam": ["A1", "A2", "Gent", "Leuven", "Mechelen", "Brugge"],
        "lon": [4.4025, 4.4200, 3.7174, 4.7005, 4.4792, 3.2247],
        "lat": [51.2194, 51.2100, 51.0543, 50.8798, 51.0259, 51.2093],
    }
)
HERSELT = "13013"
UPLOADED = "ver_van_ontmoetingsplaats"  # the measure built from uploaded meeting places


@pytest.fixture(scope="module")
def tables(settings):
    plain = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    points = gpd.GeoDataFrame(
        PLACES[["naam"]], geometry=gpd.points_from_xy(PLACES["lon"], PLACES["lat"]), crs=4326
    )
    with_places = IndicatorInputs(
        store_path=settings.store_path, raw_dir=settings.raw_dir, meeting_places=points
    )
    return unit_table(plain, "gemeente"), unit_table(with_places, "gemeente")


def test_uncovered_units_keep_the_default_and_their_index(tables):
    plain, uploaded = tables
    covered = uploaded["ver_van_ontmoetingsplaats__gedekt"]
    assert int(covered.sum()) == 5
    assert uploaded["nood"].notna().sum() == plain["nood"].notna().sum()
    before = plain.set_index("code")["nood"]
    after = uploaded.set_index("code")["nood"]
    assert after[HERSELT] == pytest.approx(before[HERSELT])  # not 72.8 -> 50.2
    uncovered = uploaded.loc[~covered, "code"]
    assert after[uncovered].to_numpy() == pytest.approx(before[uncovered].to_numpy())
    flag = uploaded.set_index("code").at[HERSELT, "nood_vlag"]
    default = next(
        s
        for s in specs_for("gemeente")
        if s.theme == get_spec(UPLOADED).theme and "gemeente" in s.need_default and not s.requires
    )
    assert f"standaard '{default.label}'" in flag


def test_kaart_says_which_units_use_the_upload(tables):
    _, uploaded = tables
    specs = {s.id: s for s in specs_for("gemeente") if s.id in uploaded}
    available = [i for i in specs if uploaded[i].notna().any()]
    notes = coverage_notes(
        uploaded, specs, weights=default_weights("gemeente", available), level="gemeente"
    )
    assert len(notes) == 1
    assert "voor 5 gemeenten: Antwerpen, Brugge, Gent, Leuven, Mechelen" in notes[0]
    assert "De andere 280 gemeenten houden de standaard" in notes[0]
