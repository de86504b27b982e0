from __future__ import annotations

import math

import pandas as pd
import pytest

from geodata.upload.numbers import parse_numbers


def _parse(cells, **kw):
    return parse_numbers(pd.Series(cells, dtype=object), **kw)


@pytest.mark.parametrize(
    ("cells", "values"),
    [
        (["12,5", "3", "1.234,56"], [12.5, 3.0, 1234.56]),
        (["1,234.5", "2,000", "7"], [1234.5, 2000.0, 7.0]),
        (["1.234", "2.345.678"], [1234.0, 2345678.0]),
        (["0.123", "1.234"], [0.123, 1.234]),
        (["12 345,6", "-1,5", "+2", "12%"], [12345.6, -1.5, 2.0, 12.0]),
        (["1\u00a0234,5", "\u22123,5"], [1234.5, -3.5]),
        ([1.5, 2, 11002.0], [1.5, 2.0, 11002.0]),
    ],
)
def test_notations_are_read(cells, values):
    result = _parse(cells)
    assert result.values.tolist() == pytest.approx(values)
    assert (result.status == "ok").all()


def test_missing_markers_are_missing_not_errors():
    result = _parse(["n.b.", "nb", "-", "x", "", None, "N.B."])
    assert (result.status == "missing").all()
    assert result.values.isna().all()


def test_ambiguous_cells_are_flagged_when_the_column_gives_no_evidence():
    result = _parse(["1.234", "12.345", "567"])
    assert result.status.tolist() == ["ambiguous", "ambiguous", "ok"]
    assert math.isnan(result.values[0])
    assert "dubbelzinnig" in result.reason("1.234", "ambiguous")


def test_ambiguous_cells_follow_column_evidence():
    assert _parse(["1.234", "12,5"]).values.tolist() == [1234.0, 12.5]
    assert _parse(["1,234", "12.5"]).values.tolist() == [1234.0, 12.5]


def test_mixed_decimal_marks_are_flagged_not_guessed():
    result = _parse(["12,5", "12.5", "13,1"])
    assert result.notation == "mixed"
    assert result.status.tolist() == ["ok", "conflict", "ok"]
    tie = _parse(["12,5", "12.5"])
    assert tie.status.tolist() == ["conflict", "conflict"]


def test_chosen_decimal_mark_resolves_ambiguity():
    assert _parse(["1.234", "12.345"], decimal=",").values.tolist() == [1234.0, 12345.0]
    assert _parse(["1.234"], decimal=".").values.tolist() == [1.234]
    assert _parse(["12.5"], decimal=",").status.tolist() == ["conflict"]


def test_text_is_invalid_and_lowers_the_numeric_share():
    result = _parse(["abc", "1", "2", "3"])
    assert result.status.tolist()[0] == "invalid"
    assert result.numeric_share == 0.75
    assert "geen getal" in result.reason("abc", "invalid")


def test_non_finite_numbers_are_malformed_with_a_reason():
    cells = ["1E400", "inf", "-Infinity", "nan", "NaN", "12.5"]
    result = _parse(cells)
    assert result.status.tolist() == ["invalid"] * 5 + ["ok"]
    assert result.values[:5].isna().all() and result.values[5] == 12.5
    assert "geen eindig getal" in result.reason("1E400", "invalid")
    assert "geen eindig getal" in result.reason("inf", "invalid")
    assert "NaN" in result.reason("nan", "invalid")
