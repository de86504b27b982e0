"""One-person households from Statistiek Vlaanderen's file, recomputed from the raw mirror files.

Expected values are rebuilt here with pandas from ``huishoudens.csv`` and the Provincies in Cijfers
crosswalk (``gemeente2024_gemeente.xlsx``), never through the code under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.analysis.reference import flanders_value
from layers.indicators import build_indicator, get_spec
from layers.indicators.household_sizes import share_in_year
from layers.indicators.spec import IndicatorInputs

HOUSEHOLDS = "gehuybre/data-blog/embuild-analyses/analyses/huishoudensgroei/data/huishoudens.csv"
CROSSWALK = (
    "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/"
    "gemeente2024_gemeente.xlsx"
)


@pytest.fixture(scope="module")
def inputs(settings):
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def raw(mirror):
    table = pd.read_csv(mirror / HOUSEHOLDS, encoding="utf-8-sig", dtype={"niscode": str})
    table["single"] = np.where(table["aantal_huishoudleden"].astype(str) == "1", table["aantal"], 0)
    return table


@pytest.fixture(scope="module")
def crosswalk(mirror):
    table = pd.read_excel(mirror / CROSSWALK, dtype=str)
    table = table[~table["gemeente2024"].str.startswith("9999")]
    return table.set_index("gemeente2024")["gemeente"]


def _expected(raw: pd.DataFrame, crosswalk: pd.Series, year: int) -> pd.Series:
    """% one-person per 2025 code; NaN where a part of the 2025 unit has no row that year."""
    rows = raw[raw["jaar"] == year]
    per_2024 = rows.groupby("niscode")[["aantal", "single"]].sum().reindex(crosswalk.index)
    complete = per_2024["aantal"].notna().groupby(crosswalk).all()
    sums = per_2024.groupby(crosswalk).sum()
    return (100 * sums["single"] / sums["aantal"]).where(complete)


def _flanders(raw: pd.DataFrame, year: int) -> float:
    rows = raw[raw["jaar"] == year]
    return 100 * rows["single"].sum() / rows["aantal"].sum()


@pytest.mark.parametrize(
    ("indicator_id", "year", "flanders"),
    [
        ("alleenwonend_2023", 2023, 33.18),
        ("alleenwonend_2011_sv", 2011, 30.34),
        ("alleenwonend_prognose_2030", 2030, 33.92),
        ("alleenwonend_prognose_2040", 2040, 34.34),
    ],
)
def test_share_per_gemeente_and_flanders(inputs, raw, crosswalk, indicator_id, year, flanders):
    frame = build_indicator(inputs, indicator_id, "gemeente").set_index("code")
    expected = _expected(raw, crosswalk, year).reindex(frame.index)
    assert expected.notna().sum() >= 284
    np.testing.assert_allclose(frame["value"], expected, rtol=0, atol=1e-9)
    assert frame.loc[expected.isna(), "reason"].ne("").all()
    assert flanders_value(inputs, indicator_id) == pytest.approx(_flanders(raw, year), abs=1e-9)
    assert round(flanders_value(inputs, indicator_id), 2) == flanders


def test_antwerpen_includes_borsbeek_and_herstappe_projection_is_unknown(inputs, raw):
    rows = raw[(raw["jaar"] == 2023) & raw["niscode"].isin(["11002", "11007"])]
    frame = build_indicator(inputs, "alleenwonend_2023", "gemeente").set_index("code")
    assert frame.loc["11002", "denominator"] == rows["aantal"].sum()
    assert frame.loc["11002", "numerator"] == rows["single"].sum()
    assert frame.loc["11002", "caveat"] == ""  # complete: no "zonder Borsbeek" any more
    projected = build_indicator(inputs, "alleenwonend_prognose_2040", "gemeente").set_index("code")
    assert np.isnan(projected.loc["73028", "value"])
    assert "prognose" in projected.loc["73028", "reason"]


def test_kind_says_observed_or_projection():
    assert get_spec("alleenwonend_2023").kind_label == "waarneming"
    for indicator_id in ("alleenwonend_prognose_2030", "alleenwonend_prognose_2040"):
        spec = get_spec(indicator_id)
        assert spec.kind == "projection"
        assert "prognose" in spec.label


def test_change_2011_2023(inputs, raw, crosswalk):
    frame = build_indicator(inputs, "alleenwonend_verschil_2011_2023", "gemeente").set_index("code")
    expected = (_expected(raw, crosswalk, 2023) - _expected(raw, crosswalk, 2011)).reindex(
        frame.index
    )
    np.testing.assert_allclose(frame["value"], expected, rtol=0, atol=1e-9)
    assert flanders_value(inputs, "alleenwonend_verschil_2011_2023") == pytest.approx(
        _flanders(raw, 2023) - _flanders(raw, 2011), abs=1e-9
    )


def test_2021_equals_census_2021_exactly(inputs, raw, mirror, crosswalk):
    census = pd.read_csv(
        mirror / "statbel-derived/census2021_households_municipality.csv", dtype={"nis_code": str}
    ).set_index("nis_code")
    rows = raw[raw["jaar"] == 2021]
    per_2024 = rows.groupby("niscode")[["aantal", "single"]].sum()
    both = census.index.intersection(per_2024.index)
    assert len(both) == len(census) == 273
    assert (per_2024.loc[both, "aantal"] == census.loc[both, "households_private"]).all()
    assert (per_2024.loc[both, "single"] == census.loc[both, "households_single_person"]).all()
    assert per_2024.loc["11002", "single"] == 103_982
    assert per_2024.loc["11002", "aantal"] == 237_521
    # The built 2021 share agrees with the census rate for every municipality that did not merge
    # (Antwerpen now includes Borsbeek, which the census lacks). The builder helper gives the bare
    # fraction; build_indicator applies the spec's scale (100).
    frame = share_in_year(inputs, "gemeente", 2021).set_index("code")
    parts = crosswalk.groupby(crosswalk).size()
    alone = parts.index[parts == 1]
    unmerged = both.intersection(alone)
    assert len(unmerged) == 272
    census_rate = 100 * census["households_single_person"] / census["households_private"]
    np.testing.assert_allclose(
        100 * frame.loc[unmerged, "value"], census_rate[unmerged], rtol=0, atol=1e-9
    )
    assert round(flanders_share_2021 := _flanders(raw, 2021), 2) == 32.47
    assert 100 * frame["numerator"].sum() / frame["denominator"].sum() == pytest.approx(
        flanders_share_2021, abs=1e-9
    )
