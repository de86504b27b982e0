"""Gemeente-Stadsmonitor 2023 shares per 2025 gemeente, recomputed from the raw mirror files.

Expected values come straight from the R file (read with ``rdata``), the Statbel 2024 population
and the Provincies in Cijfers crosswalk, never through the code under test.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import rdata

from layers.analysis.reference import flanders_value, province_values
from layers.indicators import build_indicator, get_spec
from layers.indicators.spec import IndicatorInputs

SURVEY = "methodmatters/vibe_of_flanders_part_2/Data/Derived/master_sm_df_20240506.RDS"
CROSSWALK = (
    "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen/"
    "gemeente2024_gemeente.xlsx"
)
CASES = [
    ("gebrek_ontmoetingsplaatsen", "Voldoende ontmoetingsplaatsen", True),
    ("onvoldoende_openbaar_vervoer", "Voldoende openbaar vervoer", True),
    ("activiteiten_senioren", "Voldoende activiteiten voor senioren", False),
    ("tevredenheid_ouderenvoorzieningen", "Tevredenheid over ouderenvoorzieningen", False),
]


@pytest.fixture(scope="module")
def inputs(settings):
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def parts(mirror):
    """Per 2019-2024 gemeente: its 2025 code, 2024 population and every survey column."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = pd.DataFrame(rdata.read_rds(mirror / SURVEY))
    survey["nis"] = survey["nis_code"].astype(int).astype(str)
    population = pd.read_csv(
        mirror / "statbel-derived/population_80plus_municipality_2024.csv", dtype={"nis": str}
    )
    crosswalk = pd.read_excel(mirror / CROSSWALK, dtype=str).set_index("gemeente2024")["gemeente"]
    table = population[["nis", "tot_pop"]].merge(survey, on="nis", how="left")
    return table.assign(gemeente=table["nis"].map(crosswalk))


@pytest.mark.parametrize(("indicator_id", "column", "complement"), CASES)
def test_population_weighted_share(inputs, parts, indicator_id, column, complement):
    assert len(parts) == 300
    assert parts[column].notna().sum() == 299  # Herstappe missing
    share = 100 - parts[column] if complement else parts[column]
    weighted = (share * parts["tot_pop"]).groupby(parts["gemeente"]).sum(min_count=1)
    complete = share.notna().groupby(parts["gemeente"]).all()
    expected = (weighted / parts.groupby("gemeente")["tot_pop"].sum()).where(complete)
    frame = build_indicator(inputs, indicator_id, "gemeente").set_index("code")
    expected = expected.reindex(frame.index)
    np.testing.assert_allclose(frame["value"], expected, rtol=0, atol=1e-9)
    # A gemeente that did not merge shows its own survey figure, exactly.
    alone = parts.groupby("gemeente")["nis"].transform("size") == 1
    own = share[alone].set_axis(parts.loc[alone, "gemeente"]).dropna()
    assert (frame.loc[own.index, "value"] == own).all()
    assert frame.loc[own.index, "caveat"].eq("").all()
    # Merged gemeenten are estimates and say so; Herstappe is unknown with a reason.
    merged = parts.loc[~alone, "gemeente"].unique()
    assert len(merged) == 13  # the 12 new municipalities and Antwerpen (with Borsbeek)
    assert frame.loc[merged, "caveat"].str.startswith("schatting").all()
    assert np.isnan(frame.loc["73028", "value"])
    assert "Herstappe" in frame.loc["73028", "reason"]
    # Flanders is the population-weighted mean over the gemeenten with a figure.
    known = share.notna()
    flanders = (share[known] * parts.loc[known, "tot_pop"]).sum() / parts.loc[
        known, "tot_pop"
    ].sum()
    assert flanders_value(inputs, indicator_id) == pytest.approx(flanders, abs=1e-9)
    spec = get_spec(indicator_id)
    assert spec.kind == "survey"
    assert spec.kind_label == "enquête"


def test_province_values_are_population_weighted(inputs, parts):
    share = 100 - parts["Voldoende ontmoetingsplaatsen"]
    known = share.notna()
    province = parts["gemeente"].str[0].map({"1": "A", "2": "B", "3": "W", "4": "O", "7": "L"})
    weighted = (share * parts["tot_pop"])[known].groupby(province[known]).sum()
    population = parts.loc[known, "tot_pop"].groupby(province[known]).sum()
    values = province_values(inputs, "gebrek_ontmoetingsplaatsen")
    assert len(values) == 5
    expected = sorted((weighted / population).round(9))
    assert sorted(values["value"].round(9)) == expected
