"""Need index: percentile ranks, weighting, missing values, robustness."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.analysis.need import (
    RANK_DECIMALS,
    default_theme_indicators,
    default_weights,
    need_index,
    percentile_rank,
    risk_rank,
    robustness,
)
from layers.indicators import REGISTRY, UNAVAILABLE_THEMES, get_spec

DIRECTIONS = {"a": 1, "b": -1, "c": 1}

values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
maybe_missing = st.one_of(values, st.just(math.nan))


@st.composite
def frames(draw, *, min_units: int = 3, max_units: int = 25) -> pd.DataFrame:
    n = draw(st.integers(min_value=min_units, max_value=max_units))
    data = {"code": [f"U{i:03d}" for i in range(n)]}
    for column in DIRECTIONS:
        data[column] = draw(st.lists(maybe_missing, min_size=n, max_size=n))
    return pd.DataFrame(data)


weight_maps = st.fixed_dictionaries(
    {
        "a": st.floats(min_value=0.01, max_value=10),
        "b": st.floats(min_value=0.01, max_value=10),
        "c": st.floats(min_value=0.01, max_value=10),
    }
)


def test_percentile_rank_direction_ties_and_missing():
    series = pd.Series([10.0, 20.0, 20.0, np.nan, 40.0])
    up = percentile_rank(series, direction=1)
    assert up.tolist()[:3] == [0.0, 50.0, 50.0]
    assert math.isnan(up.iloc[3])
    assert up.iloc[4] == 100.0
    down = percentile_rank(series, direction=-1)
    assert down.iloc[0] == 100.0
    assert down.iloc[4] == 0.0
    with pytest.raises(ValueError, match="richting"):
        percentile_rank(series, direction=0)


def test_percentile_rank_single_value_is_neutral():
    ranks = percentile_rank(pd.Series([np.nan, 3.0]), direction=1)
    assert math.isnan(ranks.iloc[0])
    assert ranks.iloc[1] == 50.0


def test_need_index_reweights_and_flags_in_dutch():
    frame = pd.DataFrame(
        {
            "code": ["A", "B", "C"],
            "x": [1.0, 2.0, 3.0],
            "y": [3.0, np.nan, 1.0],
            "y__reden": ["", "geen cijfer voor 80-plussers", ""],
        }
    )
    out = need_index(
        frame, weights={"x": 1, "y": 1}, directions={"x": 1, "y": 1}, labels={"y": "Leeftijd 80+"}
    )
    assert out["code"].tolist() == ["A", "B", "C"]
    # B only has x (percentile 50): its index is 50, not (50 + 0) / 2.
    assert out.loc[1, "nood"] == 50.0
    assert out.loc[1, "nood_bekend"] == 1
    assert out.loc[1, "nood_gebruikt"] == 2
    assert out.loc[1, "nood_vlag"] == "berekend zonder: Leeftijd 80+ — geen cijfer voor 80-plussers"
    assert out.loc[0, "nood_vlag"] == ""
    assert out["nood_rang"].tolist() == [1, 1, 1]  # A: (0+100)/2, B: 50, C: (100+0)/2


def test_need_index_nan_only_when_nothing_known_and_rank_order():
    frame = pd.DataFrame({"code": ["A", "B", "C"], "x": [1.0, np.nan, 5.0]})
    out = need_index(frame, weights={"x": 2.0}, directions={"x": 1})
    assert math.isnan(out.loc[1, "nood"])
    assert pd.isna(out.loc[1, "nood_rang"])
    assert out.loc[1, "nood_vlag"].startswith("geen enkele indicator bekend")
    assert math.isnan(out.loc[1, "robuustheid"])
    assert out.loc[2, "nood_rang"] == 1
    assert out.loc[0, "nood_rang"] == 2


def test_zero_weight_indicator_is_left_out():
    frame = pd.DataFrame({"code": ["A", "B"], "x": [1.0, 2.0], "y": [np.nan, np.nan]})
    out = need_index(frame, weights={"x": 1.0, "y": 0.0}, directions={"x": 1})
    assert out["nood_vlag"].tolist() == ["", ""]
    assert "y__percentiel" not in out


@pytest.mark.parametrize(
    ("weights", "directions", "message"),
    [
        ({"x": -1.0}, {"x": 1}, "gewicht"),
        ({"x": 0.0}, {"x": 1}, "minstens één indicator"),
        ({"z": 1.0}, {"z": 1}, "ontbreekt"),
        ({"x": 1.0}, {}, "richting"),
    ],
)
def test_need_index_rejects_bad_weights_in_dutch(weights, directions, message):
    frame = pd.DataFrame({"code": ["A"], "x": [1.0]})
    with pytest.raises(ValueError, match=message):
        need_index(frame, weights=weights, directions=directions)


@settings(max_examples=60, deadline=None)
@given(frame=frames(), weights=weight_maps, factor=st.floats(min_value=0.001, max_value=1000))
def test_invariant_to_scaling_of_weights(frame, weights, factor):
    base = need_index(frame, weights=weights, directions=DIRECTIONS, draws=20)
    scaled_weights = {k: v * factor for k, v in weights.items()}
    scaled = need_index(frame, weights=scaled_weights, directions=DIRECTIONS, draws=20)
    np.testing.assert_allclose(base["nood"], scaled["nood"], rtol=1e-9, atol=1e-9)
    assert base["nood_bekend"].tolist() == scaled["nood_bekend"].tolist()


@settings(max_examples=60, deadline=None)
@given(
    frame=frames(),
    weights=weight_maps,
    data=st.data(),
)
def test_monotonic_in_a_risk_increasing_indicator(frame, weights, data):
    unit = data.draw(st.integers(min_value=0, max_value=len(frame) - 1))
    column = data.draw(st.sampled_from(["a", "c", "b"]))
    if math.isnan(frame.loc[unit, column]):
        frame.loc[unit, column] = 0.0
    step = data.draw(st.floats(min_value=0.0, max_value=500))
    raised = frame.copy()
    # "b" has direction -1: lowering it raises the risk.
    raised.loc[unit, column] += step * DIRECTIONS[column]
    before = need_index(frame, weights=weights, directions=DIRECTIONS, draws=10)
    after = need_index(raised, weights=weights, directions=DIRECTIONS, draws=10)
    assert after.loc[unit, "nood"] >= before.loc[unit, "nood"] - 1e-9


@settings(max_examples=60, deadline=None)
@given(frame=frames(), weights=weight_maps)
def test_missing_values_are_never_zero(frame, weights):
    out = need_index(frame, weights=weights, directions=DIRECTIONS, draws=10)
    ranks = {c: percentile_rank(frame[c], direction=d) for c, d in DIRECTIONS.items()}
    for i in range(len(frame)):
        known = [c for c in DIRECTIONS if not math.isnan(frame.loc[i, c])]
        if not known:
            assert math.isnan(out.loc[i, "nood"])
            continue
        expected = sum(weights[c] * ranks[c].iloc[i] for c in known) / sum(
            weights[c] for c in known
        )
        assert out.loc[i, "nood"] == pytest.approx(expected, abs=1e-9)
        assert out.loc[i, "nood_bekend"] == len(known)
        if len(known) < len(DIRECTIONS):
            zero_filled = sum(weights[c] * ranks[c].iloc[i] for c in known) / sum(weights.values())
            if expected > 1e-6:
                assert out.loc[i, "nood"] != pytest.approx(zero_filled, abs=1e-9)
            assert out.loc[i, "nood_vlag"].startswith("berekend zonder")


def test_filling_missing_with_zero_would_change_the_index():
    frame = pd.DataFrame(
        {"code": ["A", "B", "C", "D"], "x": [4.0, 3.0, 2.0, 1.0], "y": [np.nan, 1.0, 2.0, 3.0]}
    )
    out = need_index(frame, weights={"x": 1, "y": 1}, directions={"x": 1, "y": 1})
    filled = need_index(frame.fillna(0), weights={"x": 1, "y": 1}, directions={"x": 1, "y": 1})
    assert out.loc[0, "nood"] == 100.0
    assert filled.loc[0, "nood"] < out.loc[0, "nood"]


@settings(max_examples=30, deadline=None)
@given(frame=frames(min_units=5), weights=weight_maps)
def test_robustness_in_unit_interval_and_deterministic(frame, weights):
    first = need_index(frame, weights=weights, directions=DIRECTIONS)
    second = need_index(frame, weights=weights, directions=DIRECTIONS)
    known = first["nood"].notna()
    assert first.loc[known, "robuustheid"].between(0, 1).all()
    assert first["robuustheid"].isna().equals(~known)
    pd.testing.assert_series_equal(first["robuustheid"], second["robuustheid"])


def test_robustness_of_a_unit_that_dominates_is_one():
    ranks = np.array([[100.0, 100.0], [0.0, 50.0], [50.0, 0.0], [20.0, 30.0], [10.0, 10.0]])
    share = robustness(ranks)
    assert share[0] == 1.0
    assert share[4] == 0.0


def test_robustness_depends_on_the_weights_when_units_trade_off():
    # Unit 0 leads on x, unit 1 on y; with 10 units the top fifth is 2 units.
    x = [100, 0, 60, 50, 40, 30, 20, 10, 5, 1]
    y = [0, 100, 60, 50, 40, 30, 20, 10, 5, 1]
    ranks = np.column_stack([x, y]).astype(float)
    share = robustness(ranks, draws=200, seed=1)
    assert 0 < share[0] < 1
    assert 0 < share[1] < 1
    assert share[2] == 1.0  # 60/60 is always at least second
    np.testing.assert_array_equal(share, robustness(ranks, draws=200, seed=1))


def test_default_weights_per_level():
    gemeente_ids = {
        "alleenwonend",
        "alleenwonend_2023",
        "leeftijd_80plus",
        "leeftijd_65plus",
        "buitende_kernen",
        "gebrek_ontmoetingsplaatsen",
        "afstand_station",
        "afstand_delijn",
    }
    # real measures for all four themes per gemeente: households 2023, 80+, survey, De Lijn
    assert default_weights("gemeente", gemeente_ids) == {
        "alleenwonend_2023": 1.0,
        "leeftijd_80plus": 1.0,
        "gebrek_ontmoetingsplaatsen": 1.0,
        "afstand_delijn": 1.0,
    }
    assert all(get_spec(i).kind != "proxy" for i in default_weights("gemeente", REGISTRY))
    with_upload = default_theme_indicators("gemeente", {*gemeente_ids, "ver_van_ontmoetingsplaats"})
    assert with_upload["ontmoeting"] == "ver_van_ontmoetingsplaats"
    # the current stops (an uploaded stops.txt) replace the 2015 stops
    with_stops = default_theme_indicators("gemeente", {*gemeente_ids, "afstand_halte"})
    assert with_stops["mobiliteit"] == "afstand_halte"
    wijk_ids = {"leeftijd_65plus", "buitende_kernen", "afstand_station", "afstand_delijn"}
    wijk = default_weights("wijk", wijk_ids)
    assert set(wijk) == {"leeftijd_65plus", "buitende_kernen", "afstand_delijn"}
    # three themes per wijk, meeting places by proxy (until uploaded); living alone has no source
    assert [get_spec(i).kind for i in wijk if get_spec(i).kind != "proxy"] == ["observed"] * 2
    assert "alleenwonend" not in default_theme_indicators("wijk", REGISTRY)
    assert "per wijk" in UNAVAILABLE_THEMES["wijk"]["alleenwonend"]
    with pytest.raises(ValueError, match="niveau"):
        default_weights("provincie", gemeente_ids)


def test_robustness_texts_follow_the_settings():
    from layers.analysis.need import (
        ROBUSTNESS_DEFINITION,
        ROBUSTNESS_DRAWS,
        TOP_SHARE,
        robustness_text,
    )

    assert robustness_text(0.85) == (
        f"in 85 % van {ROBUSTNESS_DRAWS} willekeurige wegingen bij de hoogste "
        f"{round(TOP_SHARE * 100)} %"
    )
    assert ROBUSTNESS_DEFINITION == (
        "aandeel van 200 willekeurige wegingen waarin het gebied bij de hoogste 20 % blijft"
    )


def test_equal_need_indices_share_a_rank_despite_float_noise():
    # Every unit's index is 50 in exact arithmetic; the float sums differ in the last bit.
    frame = pd.DataFrame({"code": list("ABCDEFGHIJ"), "x": range(10), "y": range(9, -1, -1)})
    frame["z"] = 3
    out = need_index(frame, weights=dict.fromkeys("xyz", 0.1), directions=dict.fromkeys("xyz", 1))
    assert out["nood"].nunique() > 1  # the noise this test is about
    assert out["nood_rang"].tolist() == [1] * 10
    noisy = pd.Series([50.0, 50.0 + 1e-12, 40.0])
    assert risk_rank(noisy.round(RANK_DECIMALS), direction=1).tolist() == [1.0, 1.0, 3.0]
