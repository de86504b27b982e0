"""The Kaart at wijk level on real data (issue 11): a municipality-wide initiative is shown as
such in a wijk, not counted as local provision of every wijk ("7 initiatieven" in every wijk
of Gent)."""

from __future__ import annotations

import pytest

from geodata.store import read_attributes, read_layer
from layers.analysis import load_inventory, place_inventory
from layers.analysis import unit_table as build_unit_table
from layers.indicators import IndicatorInputs, specs_for
from layers.views import GAP_LAYER, initiatives_for_map, kaart_view, layer_choices

GENT = "44021"


@pytest.fixture(scope="module")
def inputs(settings) -> IndicatorInputs:
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


@pytest.fixture(scope="module")
def wijk_table(inputs):
    return build_unit_table(inputs, "wijk")


@pytest.fixture(scope="module")
def gent_inventory_table(inputs):
    """Gent's staff upload the publication's Gent initiatives as their own inventory: then the
    inventory, not the residents' view, is the provision measure of Gent's wijken."""
    inventory = load_inventory(inputs)
    own = inventory[inventory["gemeente_code"].astype(str) == GENT]
    return build_unit_table(inputs, "wijk", inventory=own)


def test_city_wide_initiatives_are_not_counted_in_every_wijk(wijk_table, gent_inventory_table):
    gent = wijk_table[wijk_table["gemeente_code"] == GENT]
    assert len(gent) > 10
    # Gent's initiatives in the publication are city-wide: none is a wijk's own provision
    assert (gent["aanbod_aantal"] == 0).all(), gent["aanbod_aantal"].tolist()
    assert (gent["aanbod_gemeentebreed"] >= 5).all()
    measured = gent_inventory_table[gent_inventory_table["gemeente_code"] == GENT]
    assert (measured["aanbod_aantal"] == 0).all()
    reasons = measured["kloof_redenen"].iloc[0]
    assert "geen initiatief in de wijk zelf bekend" in reasons
    assert "voor de hele gemeente" in reasons


def test_a_wijk_panel_says_which_initiatives_are_city_wide(inputs, settings, wijk_table):
    specs = {s.id: s for s in specs_for("wijk") if s.id in wijk_table}
    choice = next(c for c in layer_choices(specs, wijk_table) if c.id == GAP_LAYER)
    code = str(wijk_table.loc[wijk_table["gemeente_code"] == GENT, "code"].iloc[0])
    points = place_inventory(inputs, load_inventory(inputs))
    view = kaart_view(
        wijk_table,
        specs,
        level="wijk",
        scope=f"g:{GENT}",
        choice=choice,
        gemeente_attrs=read_attributes(settings.store_path, "gemeente"),
        units=read_layer(settings.store_path, "wijk", display=True),
        references=lambda ident: None,
        weights={},
        scheme="quantiles",
        initiatives=points,
        current=code,
        default_bounds=[[50.0, 2.0], [52.0, 6.0]],
    )
    panel = view.panel
    assert panel is not None and panel.initiatives is not None
    assert panel.initiatives_title.startswith("Initiatieven: 0 in deze wijk, ")
    assert set(panel.initiatives["Bereik"]) == {"heel Gent"}
    assert "Initiatieven in de wijk" in view.ranking.columns
    assert "Voor de hele gemeente" in view.ranking.columns
    assert len(initiatives_for_map(points)) == len(points)
