"""The Kaart and Gemeente view models on real data: both pages give the same reference values."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pandas as pd
import pytest

from geodata.store import read_attributes, read_layer
from layers.analysis import (
    NO_VALUE,
    RATIO,
    VIEW_MEASURE,
    load_inventory,
    panel_references,
    place_inventory,
)
from layers.analysis import unit_table as build_unit_table
from layers.indicators import IndicatorInputs, build_indicator, compute, report_map_spec, specs_for
from layers.reports import municipality_report_pdf
from layers.views import GAP_LAYER, gemeente_view, kaart_view, layer_choices, report_inputs
from tests.layers.maps.browser_side import restyle_entries

CODE = "11002"  # Antwerpen


@pytest.fixture(scope="module")
def inputs(settings) -> IndicatorInputs:
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def pages(inputs, settings):
    attrs = read_attributes(settings.store_path, "gemeente")
    table = build_unit_table(inputs, "gemeente")
    specs = {s.id: s for s in specs_for("gemeente") if s.id in table}
    choice = next(c for c in layer_choices(specs, table) if c.id == GAP_LAYER)
    kaart = kaart_view(
        table,
        specs,
        level="gemeente",
        scope="vl",
        choice=choice,
        gemeente_attrs=attrs,
        units=read_layer(settings.store_path, "gemeente", display=True),
        references=lambda ident: panel_references(inputs, ident),
        weights={},
        scheme="quantiles",
        initiatives=None,
        current=CODE,
        default_bounds=[[50.0, 2.0], [52.0, 6.0]],
    )
    wide = compute(inputs, "gemeente")
    inventory = load_inventory(inputs)
    gemeente = gemeente_view(
        CODE,
        wide=wide,
        gemeente_attrs=attrs,
        numerators={i: build_indicator(inputs, i, "gemeente") for i in specs if i in wide},
        inputs=inputs,
        points=place_inventory(inputs, inventory),
        inventory=inventory,
        uploaded_inventory=False,
        wijken=read_layer(settings.store_path, "wijk", display=True),
        map_values=build_indicator(inputs, report_map_spec().id, "wijk"),
        units=table,
    )
    return kaart, gemeente


def test_kaart_panel_and_gemeente_summary_agree_on_reference_values(pages):
    kaart, gemeente = pages
    assert kaart.panel is not None and kaart.panel.naam == "Antwerpen"
    figures = kaart.panel.figures.set_index("Indicator")
    summary = gemeente.summary.set_index("indicator")
    display = gemeente.display.set_index("Indicator")
    # An ordinal class has no group value: "–" on Kaart, no value and the method on Gemeente.
    label = summary.at["uitrustingsgraad", "label"]
    assert figures.at[label, "Vlaanderen"] == "–"
    assert figures.at[label, "Provincie"] == "–"
    assert pd.isna(summary.at["uitrustingsgraad", "vlaanderen"])
    assert display.at[label, "Berekening referenties"] == NO_VALUE
    # A rate: the same figure for Flanders and the province on both pages.
    assert summary.at["alleenwonend", "methode"] == RATIO
    label = summary.at["alleenwonend", "label"]
    assert figures.at[label, "Vlaanderen"] == summary.at["alleenwonend", "vlaanderen_tekst"]
    assert figures.at[label, "Provincie"] == summary.at["alleenwonend", "provincie_tekst"]


def test_gemeente_view_lists_the_municipality_and_its_wijken(pages):
    _, gemeente = pages
    assert gemeente.context.naam == "Antwerpen"
    assert len(gemeente.wijken) > 10
    assert set(gemeente.wijken["gemeente_code"]) == {CODE}
    assert gemeente.wijk_values.notna().sum() > 10
    assert gemeente.notes, "the default inventory is only examples: the report says so"
    codes = gemeente.initiatives["gemeente_code"].astype(str)
    regional = gemeente.initiatives["gemeenten"].map(lambda c: CODE in (c or ()))
    assert (codes.eq(CODE) | regional).all()


def test_the_map_says_which_provision_measure_each_gap_uses(pages):
    kaart, _ = pages
    legend = kaart.overlay.legend_html
    assert f"Aanbod gemeten als {VIEW_MEASURE} (285 gebieden)" in legend
    assert "Gemeente-Stadsmonitor 2023" in legend
    assert "tellen niet mee" in legend  # the publication's examples are not provision
    restyle = next(iter(kaart.overlay.feature_group._children.values()))
    assert "Aanbod gemeten als" in restyle.labels
    tooltip = json.dumps(restyle_entries(restyle.payload)[CODE], ensure_ascii=False)
    assert "van de inwoners tevreden over het aanbod voor ouderen" in tooltip
    assert "enquête" in tooltip
    panel = kaart.panel
    assert panel is not None
    assert panel.need["aanbod_maat"] == VIEW_MEASURE
    assert "Gemeente-Stadsmonitor 2023" in panel.need["aanbod_bron"]
    assert (
        panel.figures["Bron"]
        .str.contains("; (?:waarneming|enquête|prognose|schatting|benadering)\\)$")
        .all()
    )


def test_the_gemeente_page_and_its_pdf_say_which_provision_measure_the_gap_uses(pages, tmp_path):
    _, gemeente = pages
    lines = dict(gemeente.headline.lines)
    assert lines["Nood-index"].endswith("gemeenten (1 = hoogste nood)")
    assert f"gemeten als {VIEW_MEASURE} (bron: Gemeente-Stadsmonitor 2023" in lines["Aanbod"]
    assert "van de inwoners tevreden over het aanbod voor ouderen" in lines["Aanbod"]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    data = municipality_report_pdf(generated_on=date(2026, 12, 1), **report_inputs(gemeente))
    path = tmp_path / "rapport.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    flat = " ".join(text.stdout.split())
    assert "gemeten als oordeel van de inwoners over het aanbod voor ouderen" in flat
    assert "Actiekloof" in flat
    assert "enquête" in flat
