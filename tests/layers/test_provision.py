"""Provision per unit: counts, rates per 10,000 older residents, elements and target groups."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from layers.analysis.provision import provision_per_unit

INVENTORY = pd.DataFrame(
    {
        "id": ["i1", "i2", "i3"],
        "doelgroepen": [("ouderen",), "gezinnen;ouderen", ()],
        "effectieve_elementen": [("ontmoeting", "activiteiten"), "betekenisvolle-rol", ()],
    }
)
DENOMINATORS = pd.DataFrame({"code": ["A", "B", "C", "D"], "noemer": [2000.0, 500.0, np.nan, 0.0]})


def test_counts_rates_elements_and_groups_per_unit():
    assignments = pd.DataFrame(
        {
            "code": ["A", "A", "B", "A", "C"],
            "initiatief_id": ["i1", "i2", "i2", "i1", "i3"],
        }
    )
    out = provision_per_unit(
        assignments, INVENTORY, DENOMINATORS, codes=["A", "B", "C", "D", "E"], level="gemeente"
    ).set_index("code")
    assert out.loc["A", "aanbod_aantal"] == 2  # the duplicate pair counts once
    assert out.loc["A", "aanbod_per_10000"] == pytest.approx(10.0)
    assert out.loc["B", "aanbod_per_10000"] == pytest.approx(20.0)
    assert out.loc["A", "aanbod_elementen"] == 3
    # listed in the order of the seven elements, not alphabetically
    assert out.loc["A", "aanbod_elementen_lijst"] == "activiteiten;ontmoeting;betekenisvolle-rol"
    assert out.loc["A", "aanbod_doelgroepen"] == "ouderen;gezinnen"
    assert out.loc["A", "aanbod_initiatieven"] == "i1;i2"
    # unknown denominator: no rate, but a Dutch reason
    assert math.isnan(out.loc["C", "aanbod_per_10000"])
    assert out.loc["C", "aanbod_per_10000__reden"] == "aantal 80-plussers onbekend"
    # nobody in the denominator and no initiative: zero provision
    assert out.loc["D", "aanbod_per_10000"] == 0.0
    # a unit without denominator row and without initiatives
    assert out.loc["E", "aanbod_aantal"] == 0
    assert out.loc["E", "aanbod_per_10000__reden"] == "aantal 80-plussers onbekend"


def test_unknown_initiative_ids_are_not_counted():
    assignments = pd.DataFrame({"code": ["A"], "initiatief_id": ["onbekend"]})
    out = provision_per_unit(assignments, INVENTORY, DENOMINATORS, codes=["A"], level="wijk")
    assert out.loc[0, "aanbod_aantal"] == 0
    assert out.loc[0, "aanbod_per_10000"] == 0.0


def test_missing_columns_give_a_dutch_error():
    with pytest.raises(ValueError, match="kolom 'noemer' ontbreekt"):
        provision_per_unit(
            pd.DataFrame({"code": [], "initiatief_id": []}),
            INVENTORY,
            DENOMINATORS.drop(columns="noemer"),
            codes=["A"],
            level="gemeente",
        )


def test_municipality_wide_initiatives_are_not_local_provision_of_every_wijk():
    # issue 11: "7 initiatieven" for every wijk of Gent, all of them city-wide
    assignments = pd.DataFrame(
        {
            "code": ["A", "B", "A", "B", "B"],
            "initiatief_id": ["i1", "i1", "i2", "i2", "i3"],
            "toewijzing": ["gemeente", "gemeente", "regio", "regio", "punt"],
        }
    )
    out = provision_per_unit(
        assignments, INVENTORY, DENOMINATORS, codes=["A", "B"], level="wijk"
    ).set_index("code")
    assert out.loc["A", "aanbod_aantal"] == 0
    assert out.loc["A", "aanbod_gemeentebreed"] == 2
    assert out.loc["A", "aanbod_per_10000"] == 0.0
    assert out.loc["B", "aanbod_aantal"] == 1  # its own point
    assert out.loc["B", "aanbod_gemeentebreed"] == 2
    assert out.loc["B", "aanbod_per_10000"] == pytest.approx(20.0)
    # what the city-wide ones offer still reaches the wijk
    assert out.loc["A", "aanbod_doelgroepen"] == "ouderen;gezinnen"
    # at gemeente level the municipality's own initiatives are its provision
    gemeente = provision_per_unit(
        assignments, INVENTORY, DENOMINATORS, codes=["A"], level="gemeente"
    ).set_index("code")
    assert gemeente.loc["A", "aanbod_aantal"] == 2
    assert gemeente.loc["A", "aanbod_gemeentebreed"] == 0
