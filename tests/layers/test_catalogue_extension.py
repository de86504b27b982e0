"""A new indicator = one builder + one catalogue entry, and nothing else.

An extra indicator is registered here (and removed afterwards) without touching any other module;
it then reaches the need index, the gap reasons, the unit table, the CSV export and the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from geodata.store import read_attributes, read_layer
from layers.analysis import (
    TOP_PERCENTILE,
    default_weights,
    flanders_value,
    load_inventory,
    unit_table,
)
from layers.indicators import (
    REGISTRY,
    IndicatorInputs,
    IndicatorSpec,
    build_indicator,
    compute,
    register,
    sectors,
    unplaced_sectors,
    unregister,
)
from layers.indicators.frames import no_data_reason, ratio, units
from layers.initiatives import element_checklist, target_groups_reached
from layers.reports import export_indicators, municipality_report_pdf
from layers.views import municipality_summary

EXTRA_ID = "test_jonger_dan_65"
EXTRA_LABEL = "Inwoners jonger dan 65 (testindicator)"
EXTRA_PHRASE = "weinig inwoners jonger dan 65"
ANTWERPEN = "11002"


def _younger_than_65(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents younger than 65 (Census 2021): the 65+ sector counts turned around."""
    census = sectors.census_65plus(inputs)
    sums = sectors.sum_by(census, level, ["x65", "total"])
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["total"] - sums["x65"],
        denominator=sums["total"],
        missing_reason=no_data_reason(level),
    )


EXTRA = IndicatorSpec(
    id=EXTRA_ID,
    label=EXTRA_LABEL,
    explanation="Het aandeel inwoners jonger dan 65 jaar; weinig jongeren betekent meer risico.",
    unit="%",
    direction=-1,
    levels=("gemeente", "wijk"),
    theme="leeftijd",
    source="Statbel, Census 2021 per statistische sector",
    year="2021",
    licence="Statbel open data (test)",
    caveats=(),
    is_proxy=False,
    builder=_younger_than_65,
    sector_source="census",
    gap_phrase=EXTRA_PHRASE,
)


@pytest.fixture(scope="module")
def extra() -> Iterator[IndicatorSpec]:
    """The extra indicator, registered for this module only."""
    assert EXTRA_ID not in REGISTRY
    register(EXTRA)
    yield EXTRA
    unregister(EXTRA_ID)


@pytest.fixture(scope="module")
def inputs(settings) -> IndicatorInputs:
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def table(extra: IndicatorSpec, inputs: IndicatorInputs) -> pd.DataFrame:
    """The gemeente unit table with the need index on the extra indicator alone."""
    return unit_table(inputs, "gemeente", weights={extra.id: 1.0})


def test_the_builder_is_built_and_scaled_by_its_spec(extra, inputs):
    frame = build_indicator(inputs, extra.id, "wijk")
    own = frame.set_index("code")
    older = build_indicator(inputs, "leeftijd_65plus", "wijk").set_index("code")
    both = own["value"].notna()
    assert both.sum() > 2000
    # 100 - share of 65+: the spec's scale (100) turned the counts into a percentage
    assert (own.loc[both, "value"] + older.loc[both, "value"]).round(9).eq(100).all()
    # the sector table it declares gives the same unplaced sectors as the 65+ indicator
    pd.testing.assert_frame_equal(
        unplaced_sectors(inputs, extra.id), unplaced_sectors(inputs, "leeftijd_65plus")
    )


def test_it_reaches_the_unit_table_and_the_need_index(extra, table, store_path):
    assert {extra.id, f"{extra.id}__reden", f"{extra.id}__kanttekening"} <= set(table.columns)
    assert len(table) == len(read_attributes(store_path, "gemeente"))
    # weighted alone, the need index is its percentile rank (direction -1: fewest young = 100)
    pct = table[f"{extra.id}__percentiel"]
    pd.testing.assert_series_equal(table["nood"], pct, check_names=False)
    lowest = table.loc[table[extra.id].idxmin()]
    assert lowest["nood"] == 100.0 and lowest["nood_rang"] == 1


def test_its_gap_phrase_names_top_fifth_units(extra, table, inputs):
    flemish = flanders_value(inputs, extra.id)
    top = table[(table[f"{extra.id}__percentiel"] >= TOP_PERCENTILE) & (table[extra.id] < flemish)]
    assert len(top) > 20
    assert top["kloof_redenen"].str.startswith(EXTRA_PHRASE).all()
    rest = table[table[f"{extra.id}__percentiel"] < TOP_PERCENTILE]
    assert not rest["kloof_redenen"].str.contains(EXTRA_PHRASE).any()


def test_it_reaches_the_csv_export(extra, table, tmp_path):
    path = tmp_path / "gemeente.csv"
    export_indicators(table, path, format="csv")
    exported = pd.read_csv(path, dtype={"code": str}).set_index("code")
    assert exported.loc[ANTWERPEN, extra.id] == pytest.approx(
        table.set_index("code").loc[ANTWERPEN, extra.id], abs=1e-4
    )


def test_it_reaches_the_municipality_pdf(extra, inputs, store_path, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    wide = compute(inputs, "gemeente")
    ids = [i for i, spec in REGISTRY.items() if "gemeente" in spec.levels and i in wide]
    summary = municipality_summary(
        wide,
        REGISTRY,
        code=ANTWERPEN,
        gemeente_attrs=read_attributes(store_path, "gemeente"),
        numerators={i: build_indicator(inputs, i, "gemeente") for i in ids},
        inputs=inputs,
    )
    assert extra.id in set(summary["indicator"])
    inventory = load_inventory(inputs)
    own = inventory[inventory["gemeente_code"] == ANTWERPEN]
    data = municipality_report_pdf(
        naam="Antwerpen",
        code=ANTWERPEN,
        summary=summary,
        wijken=read_layer(store_path, "wijk", display=True),
        wijk_values=None,
        initiatives=own,
        checklist=element_checklist(own),
        hints=[],
        generated_on=date(2025, 3, 5),
        groups=target_groups_reached(own),
    )
    path = tmp_path / "rapport.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert EXTRA_LABEL in " ".join(text.split())


@pytest.fixture
def wijk_default() -> Iterator[IndicatorSpec]:
    """A spec that is the need-index default of a theme with no wijk default yet."""
    spec = IndicatorSpec(
        id="test_alleen_per_wijk",
        label="Alleenwonenden per wijk (test)",
        explanation="Test.",
        unit="%",
        direction=1,
        levels=("wijk",),
        theme="alleenwonend",
        source="test",
        year="2025",
        licence="test",
        caveats=(),
        is_proxy=False,
        builder=_younger_than_65,
        need_default=("wijk",),
    )
    register(spec)
    yield spec
    unregister(spec.id)


def test_a_need_default_on_the_spec_gets_a_default_weight(wijk_default):
    assert default_weights("wijk", REGISTRY)[wijk_default.id] == 1.0
    assert wijk_default.id not in default_weights("gemeente", REGISTRY)
