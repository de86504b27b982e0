"""Class breaks and Dutch class labels."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pandas as pd
import pytest

from layers.maps.classify import MISSING_CLASS, classify, fisher_jenks_bins
from layers.maps.formatting import format_number, format_value


def test_dutch_number_format():
    assert format_number(1234.5, decimals=1) == "1.234,5"
    assert format_number(-0.04, decimals=1) == "0,0"
    assert format_number(1234567, decimals=0) == "1.234.567"
    assert format_value(6.16, decimals=2, unit="%") == "6,16 %"
    assert format_value(float("nan"), unit="%") == "geen gegevens"


def test_quantiles_labels_and_missing_values():
    values = pd.Series([4.5, 5.0, 6.1, None, 7.2, 9.8, 3.3], index=list("abcdefg"))
    result = classify(values, unit="%")
    assert result.k == 5
    assert result.labels[0] == "3,3 – 4,5 %"
    assert result.labels[-1] == "7,2 – 9,8 %"
    assert result.classes["d"] == MISSING_CLASS
    assert list(result.classes.index) == list("abcdefg")
    assert result.classes["g"] == 0 and result.classes["f"] == 4
    assert sum(result.counts) == 6 and result.n_missing == 1
    assert any("zonder waarde" in note for note in result.notes)


def test_classes_follow_bins_for_every_value():
    rng = np.random.default_rng(7)
    values = pd.Series(rng.gamma(2.0, 3.0, 300))
    for scheme in ("quantiles", "fisher_jenks", "equal_interval"):
        result = classify(values, scheme=scheme, k=5)
        edges = [result.lower, *result.bins]
        for value, cls in zip(values, result.classes, strict=True):
            assert cls >= 0
            assert value <= edges[cls + 1] + 1e-12
            if cls > 0:
                assert value > edges[cls]


def test_quantiles_put_similar_numbers_in_each_class():
    values = pd.Series(np.arange(100, dtype=float))
    assert classify(values, k=4).counts == (25, 25, 25, 25)


def test_fisher_jenks_matches_mapclassify_on_real_sized_data():
    rng = np.random.default_rng(3)
    values = rng.lognormal(1.0, 0.6, 285)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = mapclassify.FisherJenks(values, k=5).bins
    assert np.allclose(fisher_jenks_bins(values, 5), expected)


def test_few_unique_values_give_fewer_classes_with_a_note():
    result = classify(pd.Series([1, 1, 1, 2, 2, 3]), k=5)
    assert result.k == 3
    assert result.classes.tolist() == [0, 0, 0, 1, 1, 2]
    assert any("3 verschillende" in note for note in result.notes)


def test_k_larger_than_number_of_values():
    result = classify(pd.Series([2.0, 8.0]), scheme="fisher_jenks", k=7)
    assert result.k == 2
    assert result.classes.tolist() == [0, 1]


def test_single_value_and_all_missing():
    single = classify(pd.Series([5.0, 5.0]), k=5, unit="km")
    assert single.k == 1 and single.labels == ("5 km",)
    empty = classify(pd.Series([np.nan, None], dtype=float), k=5)
    assert empty.k == 0 and empty.labels == ()
    assert empty.classes.tolist() == [MISSING_CLASS, MISSING_CLASS]
    assert any("Geen enkele waarde" in note for note in empty.notes)


def test_manual_breaks_add_a_top_class_for_higher_values():
    result = classify(pd.Series([1.0, 12, 25, 40]), scheme="manual", breaks=[10, 20, 30])
    assert result.bins == (10.0, 20.0, 30.0, 40.0)
    assert result.classes.tolist() == [0, 1, 2, 3]
    assert result.labels[0] == "1 – 10"


def test_manual_breaks_must_increase():
    with pytest.raises(ValueError, match="oplopen"):
        classify(pd.Series([1.0, 2.0]), scheme="manual", breaks=[10, 5])
    with pytest.raises(ValueError, match="minstens"):
        classify(pd.Series([1.0, 2.0]), scheme="manual", breaks=[])


def test_non_numeric_values_are_refused_with_a_dutch_message():
    with pytest.raises(ValueError, match="geen getallen"):
        classify(pd.Series(["a", "b"], name="naam"))


def test_large_numbers_use_thousands_separators():
    result = classify(pd.Series([1234.0, 50000, 99999]), scheme="equal_interval", k=2, unit="inw.")
    assert result.labels[0].startswith("1.234 – ")
    assert result.labels[-1].endswith("99.999 inw.")


def test_class_of_new_values():
    result = classify(pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]), k=2)
    assert result.class_of(1.0) == 0
    assert result.class_of(10.0) == 1
    assert result.class_of(float("nan")) == MISSING_CLASS


@pytest.mark.parametrize("k", [3, 5, 7])
def test_quantile_and_equal_interval_bins_match_mapclassify(k):
    from layers.maps.classify import equal_interval_bins, quantile_bins

    rng = np.random.default_rng(k)
    for values in (rng.gamma(2.0, 3.0, 2563), rng.integers(0, 6, 285).astype(float)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected_q = mapclassify.Quantiles(values, k=k).bins
            expected_e = mapclassify.EqualInterval(values, k=k).bins
        np.testing.assert_allclose(quantile_bins(values, k), expected_q)
        np.testing.assert_allclose(equal_interval_bins(values, k), expected_e)


def test_counts_take_the_noun_in_the_right_number():
    from layers.maps import count_text

    assert count_text(1, "initiatief", "initiatieven") == "1 initiatief"
    assert count_text(0, "initiatief", "initiatieven") == "0 initiatieven"
    assert count_text(1200, "initiatief", "initiatieven") == "1.200 initiatieven"
