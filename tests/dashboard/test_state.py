"""URL values checked against their widget's domain (bug 3 of issue 11): clamped or ignored,
with a Dutch note, never passed on to a widget that would raise."""

from __future__ import annotations

import math

import pytest

from dashboard.state import Param, checked

WEIGHT = Param("k_w_alleenwonend", "w_alleenwonend", "float", 1.0, bounds=(0.0, 3.0), step=0.5)
LEVEL = Param("k_niveau", "niveau", "str", "gemeente")
FILTER = Param("k_doelgroep", "doelgroep", "list", [])
POINTS = Param("k_initiatieven", "initiatieven", "bool", True)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("5", 3.0), ("-1", 0.0), ("inf", 3.0), ("-inf", 0.0), ("1.3", 1.5), ("2,5", 2.5)],
)
def test_a_weight_outside_the_slider_is_clamped_to_it(raw, value):
    result, note = checked(WEIGHT, raw)
    assert result == value
    if raw != "2,5":
        assert note and "w_alleenwonend" in note and "van 0 tot 3" in note


@pytest.mark.parametrize("raw", ["abc", "nan", "NaN", "1e", "%00", "<b>1</b>"])
def test_a_weight_that_is_no_number_gives_the_default(raw):
    result, note = checked(WEIGHT, raw)
    assert result == 1.0 and not math.isnan(result)
    assert note and "geen getal" in note


def test_values_inside_the_domain_pass_without_a_note():
    assert checked(WEIGHT, "2") == (2.0, None)
    assert checked(WEIGHT, None) == (1.0, None)
    assert checked(LEVEL, "wijk", ["gemeente", "wijk"]) == ("wijk", None)
    assert checked(FILTER, "ouderen", ["ouderen", "jongeren"]) == (["ouderen"], None)
    assert checked(POINTS, "0") == (False, None)


def test_unknown_options_are_ignored_with_a_note():
    value, note = checked(LEVEL, "provincie", ["gemeente", "wijk"])
    assert value == "gemeente" and note and "bestaat hier niet" in note
    kept, note = checked(FILTER, "ouderen,xx,ouderen", ["ouderen"])
    assert kept == ["ouderen"] and note and "'xx'" in note
    flag, note = checked(POINTS, "misschien")
    assert flag is True and note and "ja/nee" in note


def test_a_long_value_is_quoted_short_in_the_note():
    _, note = checked(LEVEL, "x" * 500, ["gemeente"])
    assert note is not None and len(note) < 120
