"""Palettes stay distinguishable for colour-blind readers; no-data cannot pass for a class."""

from __future__ import annotations

import itertools

import pytest

from layers.maps.colour import contrast_ratio, delta_e, simulate, to_lab
from layers.maps.palettes import (
    BIVARIATE,
    CATEGORICAL,
    NO_DATA,
    PALETTES,
    bivariate_colour,
    sequential,
)

DEFICIENCIES = ("protanopia", "deuteranopia", "tritanopia")


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("k", range(1, 10))
def test_sequential_palettes_have_k_colours_ordered_by_lightness(name, k):
    colours = sequential(name, k)
    assert len(colours) == k and len(set(colours)) == k
    lightness = [to_lab(c)[0] for c in colours]
    assert lightness == sorted(lightness, reverse=lightness[0] > lightness[-1])
    assert sequential(name, k, reverse=True) == tuple(reversed(colours))


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_neighbouring_classes_stay_distinct_under_colour_blindness(name, deficiency):
    for k in range(3, 8):
        seen = [simulate(c, deficiency) for c in sequential(name, k)]
        for a, b in itertools.pairwise(seen):
            assert delta_e(a, b) >= 5, (name, k, deficiency, a, b)


def test_unknown_palette_and_too_many_classes_are_refused():
    with pytest.raises(ValueError, match="Onbekend kleurenpalet"):
        sequential("rainbow", 5)
    with pytest.raises(ValueError, match="hoogstens"):
        sequential("YlOrRd", 10)


def _neighbours():
    for need, provision in BIVARIATE:
        for dn, dp in ((1, 0), (0, 1)):
            if (need + dn, provision + dp) in BIVARIATE:
                yield (need, provision), (need + dn, provision + dp)


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_bivariate_neighbours_distinguishable_after_simulation(deficiency):
    def seen(cell):
        colour = BIVARIATE[cell]
        return colour if deficiency is None else simulate(colour, deficiency)

    pairs = list(_neighbours())
    assert len(pairs) == 12
    for a, b in pairs:
        assert delta_e(seen(a), seen(b)) >= 12, (deficiency, a, b)
    # every class differs from every other, not only from its neighbours
    for a, b in itertools.combinations(BIVARIATE, 2):
        assert delta_e(seen(a), seen(b)) >= 10, (deficiency, a, b)


def test_bivariate_gap_cell_is_the_strongest_need_colour():
    gap = bivariate_colour(3, 1)
    assert gap == BIVARIATE[(3, 1)]
    assert to_lab(gap)[2] > 40  # a saturated orange
    with pytest.raises(ValueError, match="bivariate klasse"):
        bivariate_colour(4, 1)


def test_deuteranopia_simulation_matches_reference_values():
    # pure red and green collapse towards olive/yellow tones for a deuteranope
    red, green = simulate("#ff0000", "deuteranopia"), simulate("#00ff00", "deuteranopia")
    assert delta_e(red, green) < delta_e("#ff0000", "#00ff00") / 2
    assert simulate("#808080", "deuteranopia") in {"#808080", "#7f7f7f", "#818181"}


def test_no_data_style_cannot_be_confused_with_any_first_class():
    firsts = {sequential(name, k)[0] for name in PALETTES for k in range(1, 10)}
    firsts |= {sequential(name, k, reverse=True)[0] for name in PALETTES for k in range(1, 10)}
    firsts.add(BIVARIATE[(1, 1)])
    for colour in firsts:
        assert NO_DATA.fill != colour
        assert delta_e(NO_DATA.fill, colour) >= 10, colour
    lab = to_lab(NO_DATA.fill)
    assert abs(lab[1]) < 1 and abs(lab[2]) < 1  # neutral grey: no class colour is neutral
    assert NO_DATA.dash_array  # plus a dashed outline and a hatch pattern
    assert "repeating-linear-gradient" in NO_DATA.css_swatch()


def test_categorical_colours_are_distinct_and_visible_on_white():
    for a, b in itertools.combinations(CATEGORICAL, 2):
        assert delta_e(a, b) >= 15
    assert contrast_ratio("#1a1a1a", "#ffffff") >= 7
