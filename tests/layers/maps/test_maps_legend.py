"""Legends: escaped text, readable contrast and size, no-data swatch, bivariate axes."""

from __future__ import annotations

import re

import pandas as pd

from layers.maps.classify import classify
from layers.maps.colour import contrast_ratio
from layers.maps.legend import (
    LEGEND_BACKGROUND,
    SOURCE_COLOUR,
    bivariate_legend_html,
    category_legend_html,
    classification_legend,
    legend_html,
)
from layers.maps.palettes import BIVARIATE, sequential

from .conftest import PAYLOADS


def test_class_legend_has_title_unit_labels_no_data_and_source():
    result = classify(pd.Series([4.5, 5.0, 6.1, None, 7.2, 9.8, 3.3]), unit="%")
    html = classification_legend(
        result, title="Leeftijd 80+", source="Statbel (2024), open data", palette="PuBu"
    )
    assert "Leeftijd 80+" in html and "Eenheid: %" in html
    for label in result.labels:
        assert label in html
    for colour in sequential("PuBu", 5):
        assert f"background:{colour}" in html
    assert "geen gegevens" in html and "(1)" in html
    assert "Bron: Statbel (2024), open data" in html


def test_legend_escapes_every_text():
    for payload in PAYLOADS:
        html = legend_html(
            title=payload,
            unit=payload,
            labels=[payload],
            colours=["#ffffb2"],
            source=payload,
            notes=[payload],
        )
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert "`" not in html and "${" not in html and "\\" not in html


def test_legend_text_is_large_and_dark_enough():
    html = legend_html(title="t", unit="%", labels=["a"], colours=["#fff"], source="s")
    sizes = [int(s) for s in re.findall(r"font(?:-size)?:\s*(\d+)px", html)]
    assert sizes and min(sizes) >= 12
    colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", html))
    assert colours
    for colour in colours | {SOURCE_COLOUR}:
        assert contrast_ratio(colour, LEGEND_BACKGROUND) >= 7, colour


def test_bivariate_legend_shows_nine_cells_and_both_axes():
    html = bivariate_legend_html(title="Actiekloof", source="eigen berekening", no_data_count=2)
    cells = re.findall(
        r'data-need="(\d)" data-provision="(\d)" style="[^"]*background:(#\w+)', html
    )
    assert len(cells) == 9
    for need, provision, colour in cells:
        assert BIVARIATE[(int(need), int(provision))] == colour
    assert "Nood →" in html and "Aanbod →" in html
    assert "hoge nood, weinig aanbod" in html
    assert "geen gegevens" in html and "Bron: eigen berekening" in html


def test_category_legend_lists_categories_and_the_approximate_symbol():
    html = category_legend_html(
        title="Initiatieven",
        colours={"huisbezoek": "#0072b2", PAYLOADS[0]: "#e69f00"},
        counts={"huisbezoek": 3},
        source="VVSG",
        approximate=True,
    )
    assert "huisbezoek" in html and "(3)" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "benaderde locatie" in html and "dashed" in html
