"""What an indicator is: :class:`IndicatorSpec` (declared as data) and what builders read.

An :class:`IndicatorSpec` says what an indicator means (Dutch label and explanation, unit,
direction, source, caveats) and how to build it: ``builder(inputs, level)`` returns one row per unit
of the level with the columns of :data:`RESULT_COLUMNS`. The specs themselves are
declared in :mod:`layers.indicators.catalogue`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

LEVELS: tuple[str, ...] = ("gemeente", "wijk")
THEMES: tuple[str, ...] = ("alleenwonend", "leeftijd", "ontmoeting", "mobiliteit", "overig")
NEED_THEMES: tuple[str, ...] = THEMES[:4]
RESULT_COLUMNS: tuple[str, ...] = ("code", "value", "numerator", "denominator", "reason", "caveat")
UPLOADS: tuple[str, ...] = ("ontmoetingsplaatsen", "haltes")
Kind = Literal["observed", "survey", "projection", "estimate", "proxy"]
# What kind of figure an indicator is, with its Dutch name for legends, panels and exports.
KIND_LABELS: dict[str, str] = {
    "observed": "waarneming",
    "survey": "enquête",
    "projection": "prognose",
    "estimate": "schatting",
    "proxy": "benadering",
}


@dataclass(frozen=True, eq=False)
class IndicatorInputs:
    """Everything a builder may read: the store, the fetched raw files and optional uploads.

    Uploaded points (``meeting_places``, ``stops``) are GeoDataFrames of points; without a CRS they
    are taken to be WGS84 (EPSG:4326). Compared and hashed by identity (frames have no equality).
    """

    store_path: Path
    raw_dir: Path
    meeting_places: gpd.GeoDataFrame | None = None
    stops: gpd.GeoDataFrame | None = None
    walk_distance_m: float = 800.0
    station_distance_km: float = 3.0
    stop_distance_m: float = 500.0

    def upload(self, name: str) -> gpd.GeoDataFrame | None:
        """The uploaded points a spec ``requires`` ("ontmoetingsplaatsen" or "haltes")."""
        if name == "ontmoetingsplaatsen":
            return self.meeting_places
        if name == "haltes":
            return self.stops
        msg = f"Onbekende upload '{name}' (verwacht: {', '.join(UPLOADS)})."
        raise ValueError(msg)


Builder = Callable[[IndicatorInputs, str], pd.DataFrame]
# Value of groups of municipalities (e.g. provinces) when it is not a ratio of summed counts:
# gets a Series mapping each 2025 gemeente code to its group code, returns values by group code.
Aggregator = Callable[[IndicatorInputs, pd.Series], pd.Series]


@dataclass(frozen=True, kw_only=True)
class IndicatorSpec:
    """One indicator, declared as data.

    ``direction`` is 1 when a higher value means more risk, -1 when it means less. ``scale``
    turns ``numerator / denominator`` into the value (100 for a percentage, 1 for a mean);
    ``aggregate`` replaces that ratio of sums for groups of municipalities when the value is not a
    rate (a difference of two rates, an ordinal class). ``value_labels`` names ordinal values
    (e.g. the uitrustingsgraad classes) for legends and tooltips.
    """

    id: str
    label: str
    explanation: str
    unit: str
    direction: Literal[1, -1]
    levels: tuple[str, ...]
    theme: str
    source: str
    year: str
    licence: str
    caveats: tuple[str, ...]
    is_proxy: bool
    builder: Builder
    classification: str = "quantiles"
    decimals: int = 1
    requires: str | None = None
    scale: float = 100.0
    aggregate: Aggregator | None = None
    value_labels: tuple[tuple[float, str], ...] = ()
    kind: Kind | None = None  # None: "proxy" when is_proxy, else "observed"

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", "proxy" if self.is_proxy else "observed")
        problems = []
        if self.kind not in KIND_LABELS:
            problems.append(f"soort {self.kind!r} is niet een van {tuple(KIND_LABELS)}")
        elif self.is_proxy != (self.kind == "proxy"):
            problems.append(f"is_proxy={self.is_proxy} past niet bij soort {self.kind!r}")
        if not self.levels or not set(self.levels) <= set(LEVELS):
            problems.append(f"levels {self.levels!r} moet een deel zijn van {LEVELS}")
        if self.theme not in THEMES:
            problems.append(f"thema {self.theme!r} is niet een van {THEMES}")
        if self.direction not in (1, -1):
            problems.append("richting moet 1 of -1 zijn")
        if self.requires is not None and self.requires not in UPLOADS:
            problems.append(f"requires {self.requires!r} is niet een van {UPLOADS}")
        for name in ("id", "label", "explanation", "unit", "source", "year", "licence"):
            if not str(getattr(self, name)).strip():
                problems.append(f"veld '{name}' is leeg")
        if problems:
            msg = f"Ongeldige indicator '{self.id}': " + "; ".join(problems) + "."
            raise ValueError(msg)

    @property
    def kind_label(self) -> str:
        """Dutch name of the kind: waarneming, enquête, prognose, schatting or benadering."""
        return KIND_LABELS[str(self.kind)]

    def value_label(self, value: float) -> str:
        """The name of an ordinal value, or "" when the spec has none for it."""
        return dict(self.value_labels).get(value, "")
