"""Colour-blind-safe palettes: sequential classes, a 3x3 bivariate scheme and the no-data style.

Sequential ColorBrewer schemes (Cynthia A. Brewer, Pennsylvania State University, colorbrewer2.org,
Apache-2.0 licence) are listed per number of classes; ``viridis`` and ``cividis`` (matplotlib,
CC0; cividis by Nuñez, Anderton & Renslow 2018) are sampled evenly from their anchor colours.

The bivariate scheme crosses need (orange) with provision (blue): the action gap, high need with
little provision, is the strongest orange. Its neighbouring classes stay distinguishable under
simulated protanopia, deuteranopia and tritanopia (checked in the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from layers.maps.colour import interpolate

# fmt: off
_BREWER: dict[str, dict[int, tuple[str, ...]]] = {
    "YlOrRd": {
        3: ("#ffeda0", "#feb24c", "#f03b20"),
        4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
        5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
        6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
        7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
        8: ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
        9: (
            "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c",
            "#fc4e2a", "#e31a1c", "#bd0026", "#800026",
        ),
    },
    "OrRd": {
        3: ("#fee8c8", "#fdbb84", "#e34a33"),
        4: ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"),
        5: ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"),
        6: ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"),
        7: ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"),
        8: ("#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"),
        9: (
            "#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59",
            "#ef6548", "#d7301f", "#b30000", "#7f0000",
        ),
    },
    "PuBu": {
        3: ("#ece7f2", "#a6bddb", "#2b8cbe"),
        4: ("#f1eef6", "#bdc9e1", "#74a9cf", "#0570b0"),
        5: ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"),
        6: ("#f1eef6", "#d0d1e6", "#a6bddb", "#74a9cf", "#2b8cbe", "#045a8d"),
        7: ("#f1eef6", "#d0d1e6", "#a6bddb", "#74a9cf", "#3690c0", "#0570b0", "#034e7b"),
        8: ("#fff7fb", "#ece7f2", "#d0d1e6", "#a6bddb", "#74a9cf", "#3690c0", "#0570b0", "#034e7b"),
        9: (
            "#fff7fb", "#ece7f2", "#d0d1e6", "#a6bddb", "#74a9cf",
            "#3690c0", "#0570b0", "#045a8d", "#023858",
        ),
    },
    "YlGnBu": {
        3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
        4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
        5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
        6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
        7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
        8: ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
        9: (
            "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4",
            "#1d91c0", "#225ea8", "#253494", "#081d58",
        ),
    },
    "Blues": {
        3: ("#deebf7", "#9ecae1", "#3182bd"),
        4: ("#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"),
        5: ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
        6: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
        7: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
        8: ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
        9: (
            "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
            "#4292c6", "#2171b5", "#08519c", "#08306b",
        ),
    },
}
# fmt: on
_CONTINUOUS: dict[str, list[str]] = {
    "viridis": [
        "#440154",
        "#482475",
        "#414487",
        "#355f8d",
        "#2a788e",
        "#21918c",
        "#22a884",
        "#44bf70",
        "#7ad151",
        "#bddf26",
        "#fde725",
    ],
    "cividis": ["#00224e", "#35456c", "#666970", "#948e77", "#c8b866", "#fee838"],
}  # fmt: skip

PALETTE_LABELS: dict[str, str] = {
    "YlOrRd": "Geel-oranje-rood",
    "OrRd": "Oranje-rood",
    "PuBu": "Paars-blauw",
    "YlGnBu": "Geel-groen-blauw",
    "Blues": "Blauw",
    "viridis": "Viridis",
    "cividis": "Cividis",
}
PALETTES: tuple[str, ...] = tuple(PALETTE_LABELS)
DEFAULT_PALETTE = "YlOrRd"
MAX_CLASSES = 9

#: 3x3 bivariate colours keyed by (need class, provision class), each 1 (low) .. 3 (high).
BIVARIATE: dict[tuple[int, int], str] = {
    (1, 1): "#fef1e4",
    (2, 1): "#fab186",
    (3, 1): "#f3742d",
    (1, 2): "#97d0e7",
    (2, 2): "#b0988c",
    (3, 2): "#ab5f37",
    (1, 3): "#18aee5",
    (2, 3): "#407b8f",
    (3, 3): "#5c473d",
}

#: Categorical colours for point types (Okabe & Ito 2008, safe for all colour-vision types).
CATEGORICAL: tuple[str, ...] = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#f0e442",
    "#000000",
)
OTHER_CATEGORY_COLOUR = "#8c8c8c"


@dataclass(frozen=True)
class NoDataStyle:
    """The "geen gegevens" style: a grey hatch with a dashed outline.

    On the SVG renderer the fill is the hatch pattern ``pattern_id`` (set through the CSS class
    ``css_class``); on the canvas renderer, where patterns are unavailable, the plain ``fill``
    colour with the dashed outline is used. Both are achromatic and differ from the first colour of
    every palette.
    """

    fill: str = "#cccccc"
    hatch_background: str = "#f2f2f2"
    hatch_line: str = "#8c8c8c"
    stroke: str = "#595959"
    dash_array: str = "4 3"
    css_class: str = "vb-nodata"
    pattern_id: str = "vb-nodata-hatch"
    label: str = "geen gegevens"

    def css_swatch(self) -> str:
        """Inline CSS drawing the swatch in an HTML legend (no images, no URLs)."""
        return (
            f"background-color:{self.hatch_background};"
            f"background-image:repeating-linear-gradient(45deg,{self.hatch_line} 0 1.5px,"
            f"transparent 1.5px 6px);border:1px dashed {self.stroke};"
        )


NO_DATA = NoDataStyle()


def sequential(
    name: str = DEFAULT_PALETTE, k: int = 5, *, reverse: bool = False
) -> tuple[str, ...]:
    """``k`` hex colours of a sequential palette, light to dark (dark to light with ``reverse``).

    ColorBrewer schemes support 1..9 classes; viridis and cividis any positive number.
    """
    if name not in PALETTE_LABELS:
        known = ", ".join(PALETTES)
        raise ValueError(f"Onbekend kleurenpalet '{name}'; kies uit: {known}.")
    if k < 1:
        raise ValueError(f"Het aantal klassen moet minstens 1 zijn, niet {k}.")
    if name in _CONTINUOUS:
        anchors = _CONTINUOUS[name]
        colours = tuple(interpolate(anchors, i / (k - 1) if k > 1 else 0.5) for i in range(k))
    else:
        if k > MAX_CLASSES:
            raise ValueError(f"Palet '{name}' heeft hoogstens {MAX_CLASSES} klassen, niet {k}.")
        table = _BREWER[name]
        if k >= 3:
            colours = table[k]
        else:
            three = table[3]
            colours = (three[1],) if k == 1 else (three[0], three[2])
    return tuple(reversed(colours)) if reverse else colours


def bivariate_colour(need: int, provision: int) -> str:
    """Colour of bivariate class (need, provision), each 1..3."""
    try:
        return BIVARIATE[(int(need), int(provision))]
    except KeyError:
        raise ValueError(
            f"Ongeldige bivariate klasse ({need}, {provision}): "
            "beide waarden moeten 1, 2 of 3 zijn."
        ) from None


def category_colours(categories: list[str]) -> dict[str, str]:
    """Stable colour per category (in the given order); beyond eight they share a grey."""
    return {
        category: CATEGORICAL[i] if i < len(CATEGORICAL) else OTHER_CATEGORY_COLOUR
        for i, category in enumerate(categories)
    }
