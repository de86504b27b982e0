"""Labels the Kaart and Over de data show say each thing once (issue 11, bug 10): a proxy's
label carries "(benadering)" itself, so no page appends it again; a province is named once."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.indicators import REGISTRY, IndicatorSpec, specs_for
from layers.views import layer_choices, scope_options, unit_figures
from tests.layers.specs import make_spec

MARK = "(benadering)"


@pytest.mark.parametrize(
    "changes",
    [
        {"is_proxy": True, "label": "X"},
        {"is_proxy": True, "label": "X (benadering) (benadering)"},
        {"is_proxy": False, "label": "X (benadering)"},
    ],
)
def test_the_proxy_mark_is_in_a_proxy_label_exactly_once(changes):
    with pytest.raises(ValueError, match="benadering"):
        make_spec(**changes)
    assert make_spec(is_proxy=True, label="X (benadering)").label == "X (benadering)"


def test_catalogue_labels_say_benadering_at_most_once():
    for spec in REGISTRY.values():
        assert spec.label.count(MARK) == (1 if spec.is_proxy else 0), spec.label


def _table(specs: dict[str, IndicatorSpec]) -> pd.DataFrame:
    rows = {"code": ["1", "2"], "naam": ["A", "B"]}
    return pd.DataFrame(rows | {ident: [1.0, 2.0] for ident in specs})


def test_picker_and_side_panel_show_a_proxy_label_once():
    specs = {s.id: s for s in specs_for("gemeente")}
    assert any(s.is_proxy for s in specs.values())
    table = _table(specs)
    for choice in layer_choices(specs, table):
        assert choice.picker_label.count(MARK) <= 1, choice.picker_label
    figures = unit_figures(table, "1", specs=specs, references={}, province_code="10000")
    for label in figures["Indicator"]:
        assert label.count(MARK) <= 1, label
    proxies = [s.label for s in specs.values() if s.is_proxy]
    assert set(proxies) <= set(figures["Indicator"])


def test_area_list_names_a_province_once():
    attrs = pd.DataFrame(
        {
            "code": ["11002", "44021"],
            "naam": ["Antwerpen", "Gent"],
            "provincie_code": ["10000", "40000"],
            "provincie": ["Antwerpen", "Oost-Vlaanderen"],
        }
    )
    options = scope_options(attrs)
    assert options["p:10000"] == "Provincie Antwerpen"


# The initiatives legend agrees with the filter (issue 11, bug 11).


@pytest.fixture(scope="module")
def placed(settings):
    from layers.analysis import load_inventory, place_inventory
    from layers.indicators import IndicatorInputs

    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    return place_inventory(inputs, load_inventory(inputs))


def _legend_counts(html: str) -> dict[str, int]:
    import re

    rows = re.findall(r"<span>([^<]+) <span[^>]*>\((\d+)\)</span></span>", html)
    return {label: int(count) for label, count in rows}


def test_initiatives_legend_counts_agree_with_the_action_filter(placed):
    from layers.initiatives import ACTION_TYPES, labels
    from layers.views import GAP_LAYER, initiatives_for_map, map_overlay

    older = initiatives_for_map(placed, target_groups=["ouderen"])
    assert len(older) > 5
    table = pd.DataFrame(
        {"code": ["1"], "naam": ["A"], "kloof_klasse": ["3-1"], "kloof_kanttekening": [""]}
    )
    choice = next(c for c in layer_choices({}, table) if c.id == GAP_LAYER)
    overlay = map_overlay(
        table,
        choice=choice,
        scope_codes=["1"],
        bounds=[[50.0, 2.0], [52.0, 6.0]],
        fit_key="x",
        initiatives=older,
    )
    counts = _legend_counts(overlay.points_legend_html)
    names = labels(ACTION_TYPES)
    assert counts, overlay.points_legend_html
    for term, name in names.items():
        if name in counts:
            both = initiatives_for_map(placed, target_groups=["ouderen"], action_types=[term])
            assert counts[name] == len(both), (name, counts[name], len(both))
    assert counts[names["ontmoeting"]] == len(
        initiatives_for_map(placed, target_groups=["ouderen"], action_types=["ontmoeting"])
    )
    assert f"{len(older)} initiatieven" in overlay.points_legend_html
