"""The municipality summary: reference values from summed counts, median fallback, ranks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pytest

from layers.analysis import MEDIAN, NO_VALUE, OWN, RATIO, risk_rank
from layers.views.summary import (
    municipality_context,
    municipality_summary,
    rank_position,
    rank_text,
    summary_display,
)


@dataclass(frozen=True)
class Spec:
    id: str
    direction: int = 1
    label: str = "Alleenwonenden"
    unit: str = "%"
    levels: tuple[str, ...] = ("gemeente",)
    theme: str = "alleenwonend"
    source: str = "Statbel, Census 2021"
    year: str = "2021"
    licence: str = "Statbel open data"
    caveats: tuple[str, ...] = ()
    is_proxy: bool = False
    decimals: int = 1
    scale: float = 100.0
    aggregate: Any = None
    value_labels: tuple[tuple[float, str], ...] = field(default=())


ATTRS = pd.DataFrame(
    {
        "code": ["10001", "10002", "20001", "20002"],
        "naam": ["Aa", "Bé", "Cé", "Dë"],
        "provincie_code": ["P1", "P1", "P2", "P2"],
        "provincie": ["Prov Een", "Prov Een", "Prov Twee", "Prov Twee"],
        "uitrustingsgraad_code": ["a0", "b1", "a0", "b1"],
        "uitrustingsgraad": ["steden", "dorpen", "steden", "dorpen"],
    }
)
# Rates 10 %, 50 %, 20 %, 40 % with very different populations.
COUNTS = pd.DataFrame(
    {
        "code": ["10001", "10002", "20001", "20002"],
        "value": [10.0, 50.0, 20.0, 40.0],
        "numerator": [100.0, 50.0, 20.0, 400.0],
        "denominator": [1000.0, 100.0, 100.0, 1000.0],
    }
)
WIDE = pd.DataFrame(
    {
        "code": COUNTS["code"],
        "naam": ATTRS["naam"],
        "rate": COUNTS["value"],
        "rate__reden": ["", "", "", ""],
        "rate__kanttekening": ["", "kleine gemeente", "", ""],
        "dist": [1.0, 9.0, 3.0, 5.0],
        "wijkonly": [1.0, 2.0, 3.0, 4.0],
    }
)
SPECS = {
    "rate": Spec("rate"),
    "dist": Spec("dist", direction=-1, label="Nabijheid", unit="km", scale=1.0),
    "wijkonly": Spec("wijkonly", levels=("wijk",)),
}


def _summary(code: str = "10002", **options: Any) -> pd.DataFrame:
    return municipality_summary(
        WIDE, SPECS, code=code, gemeente_attrs=ATTRS, numerators={"rate": COUNTS}, **options
    ).set_index("indicator")


def test_reference_values_are_ratios_of_summed_counts_not_mean_rates():
    row = _summary().loc["rate"]
    assert row["gemeente"] == 50.0
    assert row["vlaanderen"] == pytest.approx(570 / 2200 * 100)  # mean of rates would be 30
    assert row["provincie"] == pytest.approx(150 / 1100 * 100)  # P1: 10002 and 10001
    assert row["vergelijkbaar"] == pytest.approx(450 / 1100 * 100)  # b1: 10002 and 20002
    assert row["methode"] == RATIO
    assert row["vlaanderen_tekst"] == "25,9 %"


def test_indicator_without_counts_falls_back_to_median_and_says_so():
    row = _summary().loc["dist"]
    assert row["vlaanderen"] == 4.0  # median of 1, 9, 3, 5
    assert row["provincie"] == 5.0  # median of 1 and 9
    assert row["methode"] == MEDIAN
    assert row["vlaanderen_tekst"] == "4,0 km (mediaan)"
    assert row["gemeente_tekst"] == "9,0 km"


def test_rank_is_direction_aware_one_is_highest_risk():
    summary = _summary()
    assert summary.loc["rate", "rang"] == 1  # 50 % is the highest share
    assert summary.loc["dist", "rang"] == 4  # 9 km, but a higher value means less risk
    assert summary.loc["rate", "rang_van"] == 4
    assert summary.loc["rate", "rang_tekst"] == "1e van 4 (1 = hoogste risico)"


def test_only_gemeente_level_indicators_and_caveats_and_sources():
    summary = _summary()
    assert list(summary.index) == ["rate", "dist"]
    assert summary.loc["rate", "kanttekening"] == "Kleine gemeente."  # notes are whole sentences
    assert summary.loc["rate", "bron"] == "Statbel, Census 2021"
    assert summary.loc["rate", "licentie"] == "Statbel open data"


def test_own_group_aggregation_is_used_and_nan_means_no_group_value():
    calls = []

    def aggregate(inputs: object, groups: pd.Series) -> pd.Series:
        calls.append(inputs)
        return pd.Series(7.0, index=pd.unique(groups.to_numpy()))

    def nothing(inputs: object, groups: pd.Series) -> pd.Series:
        return pd.Series(math.nan, index=pd.unique(groups.to_numpy()))

    specs = [Spec("rate", aggregate=aggregate), Spec("dist", aggregate=nothing, scale=1.0)]
    summary = municipality_summary(
        WIDE, specs, code="10001", gemeente_attrs=ATTRS, inputs="INPUTS"
    ).set_index("indicator")
    assert calls == ["INPUTS"] * 3
    assert summary.loc["rate", "vlaanderen"] == 7.0
    assert summary.loc["rate", "methode"] == OWN
    assert summary.loc["dist", "methode"] == NO_VALUE  # e.g. an ordinal class: no average
    assert math.isnan(summary.loc["dist", "vlaanderen"])


def test_value_labels_name_ordinal_values():
    specs = [Spec("wijkonly", levels=("gemeente",), value_labels=((1.0, "a0: steden"),))]
    summary = municipality_summary(WIDE, specs, code="10001", gemeente_attrs=ATTRS)
    assert summary.loc[0, "gemeente_tekst"] == "a0: steden"


def test_unknown_code_gives_a_dutch_error():
    with pytest.raises(ValueError, match="NIS-code '99999' niet gevonden"):
        _summary(code="99999")


def test_rank_helpers():
    ranks = risk_rank(pd.Series([3.0, None, 5.0, 5.0]), direction=1)
    assert ranks.tolist()[0] == 3 and math.isnan(ranks.tolist()[1]) and ranks.tolist()[2:] == [1, 1]
    assert rank_text(math.nan, 285) == "geen rang (geen gegevens)"
    assert rank_position(7, 285) == "bij de 20% gemeenten met het hoogste risico"
    assert rank_position(280, 285) == "bij de 20% gemeenten met het laagste risico"
    assert rank_position(150, 285) == "in de middengroep"


def test_display_frame_has_dutch_headers():
    context = municipality_context(ATTRS, code="10002")
    assert context.groep_aantal == 2
    shown = summary_display(_summary().reset_index(), context)
    assert list(shown.columns[:5]) == [
        "Indicator",
        "Bé",
        "Vlaams Gewest",
        "Provincie Prov Een",
        "Vergelijkbare gemeenten",
    ]
    assert shown.loc[0, "Bé"] == "50,0 %"


# --- real data -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(settings):
    from geodata.store import read_attributes
    from layers.indicators import build_indicator, compute
    from layers.indicators.catalogue import REGISTRY
    from layers.indicators.spec import IndicatorInputs

    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    wide = compute(inputs, "gemeente")
    ids = [i for i, spec in REGISTRY.items() if "gemeente" in spec.levels and i in wide]
    counts = {i: build_indicator(inputs, i, "gemeente") for i in ids}
    attrs = read_attributes(settings.store_path, "gemeente")
    return inputs, wide, counts, attrs, ids


def test_antwerpen_has_all_reference_values_and_a_rank(real):
    from layers.indicators.catalogue import REGISTRY

    inputs, wide, counts, attrs, ids = real
    summary = municipality_summary(
        wide, REGISTRY, code="11002", gemeente_attrs=attrs, numerators=counts, inputs=inputs
    )
    assert list(summary["indicator"]) == ids and ids
    for _, row in summary.iterrows():
        references = ("vlaanderen", "provincie", "vergelijkbaar")
        assert pd.notna(row["gemeente"]), row["indicator"]
        if row["methode"] == NO_VALUE:  # only an ordinal class has no group value
            assert REGISTRY[row["indicator"]].value_labels, row["indicator"]
            assert all(pd.isna(row[column]) for column in references)
            continue
        for column in references:
            assert pd.notna(row[column]), (row["indicator"], column)
        assert 1 <= row["rang"] <= row["rang_van"] <= 285
        assert row["bron"] and row["jaar"] and row["licentie"]


def test_antwerpen_comparable_group_is_same_uitrustingsgraad_class(real):
    from layers.indicators.catalogue import REGISTRY

    inputs, wide, counts, attrs, _ = real
    summary = municipality_summary(
        wide, REGISTRY, code="11002", gemeente_attrs=attrs, numerators=counts, inputs=inputs
    ).set_index("indicator")
    klass = attrs.loc[attrs["code"] == "11002", "uitrustingsgraad_code"].iloc[0]
    members = set(attrs.loc[attrs["uitrustingsgraad_code"] == klass, "code"])
    assert "44021" in members and "11004" not in members  # Gent yes, Boechout no
    frame = counts["alleenwonend"]
    part = frame[frame["code"].isin(members)].dropna(subset=["numerator", "denominator"])
    expected = part["numerator"].sum() / part["denominator"].sum() * 100
    assert summary.loc["alleenwonend", "vergelijkbaar"] == pytest.approx(expected)
    # Antwerpen has many people living alone: among the highest-risk tenth.
    assert summary.loc["alleenwonend", "rang"] <= 28
    assert summary.loc["alleenwonend", "gemeente"] > summary.loc["alleenwonend", "vlaanderen"]
