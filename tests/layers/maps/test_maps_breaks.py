"""Class breaks typed by a user (issue 11, bug 2: "Eigen klassengrenzen" raised a traceback)."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.maps import classify, parse_breaks


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("10; 20; 30", (10.0, 20.0, 30.0)),
        ("12,5 20", (12.5, 20.0)),
        ("10, 20, 30", (10.0, 20.0, 30.0)),
        (" 1.5 ;2 ", (1.5, 2.0)),
        ("-3; 0; 3", (-3.0, 0.0, 3.0)),
    ],
)
def test_parse_breaks_reads_dutch_and_english_numbers(text, breaks):
    assert parse_breaks(text) == breaks


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "minstens één klassengrens"),
        ("  ;  ", "minstens één klassengrens"),
        ("10; tien", "'tien' is geen getal"),
        ("20; 10", "van klein naar groot"),
        ("10; 10", "van klein naar groot"),
        ("inf", "eindig"),
        ("; ".join(str(i) for i in range(10)), "Hoogstens 8 grenzen"),
    ],
)
def test_parse_breaks_explains_what_to_type(text, message):
    with pytest.raises(ValueError, match=message):
        parse_breaks(text)


def test_parsed_breaks_classify():
    result = classify(
        pd.Series([5.0, 15.0, 25.0, 35.0]), scheme="manual", breaks=parse_breaks("10; 20")
    )
    assert result.classes.tolist() == [0, 1, 2, 2]
