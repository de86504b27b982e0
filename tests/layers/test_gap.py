"""Action gap: terciles, 3x3 classes, ranking and Dutch reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from layers.analysis.gap import (
    GAP_DISCLAIMER,
    GAP_LABELS,
    TOP_PERCENTILE,
    gap_classes,
    gap_ranking,
    gap_reasons,
    need_tercile,
    provision_classes,
    provision_tercile,
)
from layers.analysis.provision import VIEW_MEASURE


@dataclass(frozen=True)
class Spec:
    label: str
    unit: str
    decimals: int = 1
    direction: int = 1
    gap_phrase: str = ""
    target_group: str | None = None


SPECS = {
    "alleenwonend": Spec(
        "Alleenwonend",
        "%",
        gap_phrase="hoog aandeel alleenwonenden",
        target_group="alleenwonenden",
    ),
    "leeftijd_80plus": Spec("Leeftijd 80+", "%", 2, gap_phrase="hoog aandeel 80-plussers"),
    "eigen": Spec("Eigen indicator", "km"),
}


def test_need_terciles_split_known_values_in_thirds():
    nood = pd.Series([10.0, 20, 30, 40, 50, 60, np.nan, 70, 80, 90])
    assert need_tercile(nood).tolist() == [1, 1, 1, 2, 2, 2, pd.NA, 3, 3, 3]


def test_every_unit_without_initiative_is_low_provision_even_when_most_have_none():
    count = pd.Series([0, 0, 0, 0, 0, 0, 1, 1, 2, 4])
    rate = pd.Series([0.0, 0, 0, 0, 0, 0, 1.0, 2.0, 3.0, 8.0])
    classes = provision_tercile(count, rate)
    assert classes.tolist()[:6] == [1] * 6
    # The units with initiatives are split at their median into 2 and 3.
    assert classes.tolist()[6:] == [2, 2, 3, 3]


def test_provision_terciles_when_few_units_have_none():
    count = pd.Series([0, 1, 1, 1, 1, 1, 1, 1, 1])
    rate = pd.Series([0.0, 1, 2, 3, 4, 5, 6, 7, 8])
    assert provision_tercile(count, rate).tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3]


def test_provision_with_initiatives_but_unknown_rate_is_unknown():
    classes = provision_tercile(pd.Series([0, 2, 1]), pd.Series([0.0, np.nan, 4.0]))
    assert classes.tolist()[0] == 1
    assert pd.isna(classes.iloc[1])


def test_gap_classes_are_need_dash_provision_and_unknown_without_need():
    nood = pd.Series([90.0, 10.0, 50.0, np.nan, 95.0, 5.0])
    count = pd.Series([0, 3, 1, 0, 5, 0])
    rate = pd.Series([0.0, 9.0, 2.0, 0.0, 20.0, 0.0])
    out = gap_classes(nood, count, rate)
    # need: 5 known values, rank shares 0.2 0.4 0.6 0.8 1.0 -> 1 2 2 3 3
    # provision: half has none (1); the others split at their median rate: 2 -> 2, 9 and 20 -> 3
    assert out["kloof_klasse"].tolist() == ["3-1", "2-3", "2-2", "onbekend", "3-3", "1-1"]
    assert out.loc[0, "kloof_label"] == "hoge nood, laag aanbod"
    assert set(GAP_LABELS) == {f"{n}-{p}" for n in (1, 2, 3) for p in (1, 2, 3)} | {"onbekend"}


def _ranked_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["A", "B", "C", "D", "E", "F"],
            "naam": ["Aa", "Bb", "Cc", "Dd", "Ee", "Ff"],
            "nood": [60.0, 95.0, 80.0, np.nan, 40.0, 90.0],
            "nood_klasse": pd.array([2, 3, 3, pd.NA, 1, 3], dtype="Int64"),
            "aanbod_klasse": pd.array([1, 1, 1, 1, 3, 3], dtype="Int64"),
            "kloof_klasse": ["2-1", "3-1", "3-1", "onbekend", "1-3", "3-3"],
            "aanbod_per_10000": [0.0, 0.0, 0.0, 0.0, 5.0, 9.0],
        }
    )


def test_gap_ranking_puts_high_need_low_provision_first_then_by_need():
    ranked = gap_ranking(_ranked_frame())
    assert ranked["code"].tolist() == ["B", "C", "A", "F", "E", "D"]
    assert ranked["kloof_rang"].tolist() == [1, 2, 3, 4, 5, 6]
    assert gap_ranking(_ranked_frame(), top=2)["code"].tolist() == ["B", "C"]


def test_gap_ranking_rejects_bad_input():
    with pytest.raises(ValueError, match="kloof_klasse"):
        gap_ranking(_ranked_frame().drop(columns="kloof_klasse"))
    with pytest.raises(ValueError, match="top"):
        gap_ranking(_ranked_frame(), top=0)


def test_reasons_name_top_quintile_indicators_with_flemish_value():
    frame = pd.DataFrame(
        {
            "code": ["A", "B"],
            "nood": [90.0, 30.0],
            "alleenwonend": [45.12, 20.0],
            "alleenwonend__percentiel": [97.0, 10.0],
            "leeftijd_80plus": [5.0, 9.5],
            "leeftijd_80plus__percentiel": [40.0, 85.0],
            "eigen": [12.0, 1.0],
            "eigen__percentiel": [80.0, 0.0],
            "aanbod_aantal": [0, 2],
            "aanbod_doelgroepen": ["", "jongeren;gezinnen"],
            "aanbod_elementen_lijst": ["", "activiteiten;ontmoeting"],
        }
    )
    reasons = gap_reasons(
        frame,
        specs=SPECS,
        indicators=["alleenwonend", "leeftijd_80plus", "eigen"],
        flanders={"alleenwonend": 32.468, "leeftijd_80plus": 6.157},
    )
    first, second = reasons.tolist()
    assert first.startswith(
        "hoog aandeel alleenwonenden (45,1 %, Vlaanderen 32,5 %), "
        "hoge score op 'Eigen indicator' (12,0 km)"
    )
    assert first.endswith("geen initiatief bekend in het overzicht")
    assert "80-plussers" not in first
    assert second.startswith("hoog aandeel 80-plussers (9,50 %, Vlaanderen 6,16 %)")
    assert "geen initiatief voor ouderen bekend" in second
    assert "2 van de 7 werkzame elementen aanwezig" in second
    assert "betekenisvolle contacten creëren" in second
    assert "alleenwonenden" not in second


def test_reasons_for_older_people_and_people_living_alone():
    frame = pd.DataFrame(
        {
            "code": ["A"],
            "nood": [70.0],
            "alleenwonend": [40.0],
            "alleenwonend__percentiel": [90.0],
            "aanbod_aantal": [1],
            "aanbod_doelgroepen": [("mensen-met-dementie",)],
            "aanbod_elementen_lijst": [
                (
                    "activiteiten",
                    "ontmoeting",
                    "praktische-hulp",
                    "betekenisvol-contact",
                    "sociale-vaardigheden",
                    "realistische-verwachtingen",
                    "betekenisvolle-rol",
                )
            ],
        }
    )
    text = gap_reasons(frame, specs=SPECS, indicators=["alleenwonend"], flanders={}).iloc[0]
    assert (
        text == "hoog aandeel alleenwonenden (40,0 %), geen initiatief voor alleenwonenden bekend"
    )


def test_reasons_do_not_call_a_value_below_flanders_high():
    frame = pd.DataFrame(
        {
            "code": ["A"],
            "nood": [70.0],
            "alleenwonend": [32.3],
            "alleenwonend__percentiel": [85.0],
            "leeftijd_80plus": [7.0],
            "leeftijd_80plus__percentiel": [85.0],
            "aanbod_aantal": [0],
        }
    )
    text = gap_reasons(
        frame,
        specs=SPECS,
        indicators=["alleenwonend", "leeftijd_80plus"],
        flanders={"alleenwonend": 32.468, "leeftijd_80plus": 6.157},
    ).iloc[0]
    assert "alleenwonenden" not in text
    assert text.startswith("hoog aandeel 80-plussers (7,00 %, Vlaanderen 6,16 %)")


def test_disclaimer_says_provision_is_the_residents_view_and_examples_do_not_count():
    assert "enquête" in GAP_DISCLAIMER
    assert "voorbeelden" in GAP_DISCLAIMER
    assert "tellen niet mee" in GAP_DISCLAIMER
    assert "eigen overzicht van initiatieven" in GAP_DISCLAIMER
    assert "pagina 'Inventaris'" in GAP_DISCLAIMER  # where an editor keeps it


def test_each_unit_is_classed_on_its_own_provision_measure():
    # Units 0-5 by the residents' view (terciles among those six), 6-8 by an inventory.
    view = pd.Series([40.0, 50, 60, 70, 80, 90, 10, 10, 10])
    uses_view = pd.Series([True] * 6 + [False] * 3)
    count = pd.Series([5, 5, 5, 5, 5, 5, 0, 1, 2])
    rate = pd.Series([9.0] * 6 + [0.0, 1.0, 2.0])
    classes = provision_classes(count, rate, view, uses_view)
    assert classes.tolist() == [1, 1, 2, 2, 3, 3, 1, 2, 3]
    # initiatives never count where the view is the measure, and a missing view is unknown
    none = provision_classes(count * 0, rate * 0, view.where(view != 40), uses_view)
    assert none.iloc[:6].tolist() == [pd.NA, 1, 2, 2, 3, 3]


def test_gap_of_a_view_measured_unit_quotes_the_view_not_the_initiatives():
    frame = pd.DataFrame(
        {
            "code": ["A", "B"],
            "nood": [80.0, 80.0],
            "aanbod_aantal": [0, 0],
            "aanbod_enquete": [41.0, 70.0],
            "aanbod_klasse": [1, 3],
            "aanbod_maat": [VIEW_MEASURE, VIEW_MEASURE],
        }
    )
    texts = gap_reasons(frame, specs=SPECS, indicators=[], flanders={}, flemish_view=61.0)
    low = "weinig inwoners tevreden over het aanbod voor ouderen (41 %, Vlaanderen 61 %)"
    assert texts.iloc[0] == low
    assert texts.iloc[1] == ""
    assert "initiatief" not in " ".join(texts)


def test_any_indicator_with_a_target_group_asks_for_an_initiative_for_it():
    specs = SPECS | {"zorg": Spec("Zorgnood", "%", target_group="mantelzorgers")}
    frame = pd.DataFrame(
        {
            "code": ["A", "B", "C"],
            "nood": [70.0, 70.0, 70.0],
            "zorg": [30.0, 29.0, 30.0],
            "zorg__percentiel": [TOP_PERCENTILE, TOP_PERCENTILE - 0.1, 95.0],
            "aanbod_aantal": [1, 1, 1],
            "aanbod_doelgroepen": ["ouderen", "ouderen", "ouderen;mantelzorgers"],
        }
    )
    texts = gap_reasons(frame, specs=specs, indicators=["zorg"], flanders={}).tolist()
    assert "geen initiatief voor mantelzorgers bekend" in texts[0]
    assert texts[0].startswith("hoge score op 'Zorgnood' (30,0 %)")
    assert "mantelzorgers" not in texts[1]  # just below the top fifth
    assert "mantelzorgers" not in texts[2]  # an initiative reaches them


def test_ranking_breaks_ties_on_each_units_own_provision_measure():
    frame = pd.DataFrame(
        {
            "code": ["A", "B"],
            "nood": [70.0, 70.0],
            "nood_klasse": [3, 3],
            "aanbod_klasse": [1, 1],
            "kloof_klasse": ["3-1", "3-1"],
            "aanbod_per_10000": [0.0, 0.0],
            "aanbod_enquete": [60.0, 40.0],
            "aanbod_maat": [VIEW_MEASURE, VIEW_MEASURE],
        }
    )
    assert gap_ranking(frame)["code"].tolist() == ["B", "A"]  # fewer residents satisfied first
