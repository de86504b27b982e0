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
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    import geopandas as gpd

LEVELS: tuple[str, ...] = ("gemeente", "wijk")
THEMES: tuple[str, ...] = ("alleenwonend", "leeftijd", "ontmoeting", "mobiliteit", "overig")
# The themes of the need index (every theme but "overig"), in the order they are shown.
NEED_THEMES: tuple[str, ...] = THEMES[:4]
THEME_LABELS: dict[str, str] = {
    "alleenwonend": "Alleenwonen",
    "leeftijd": "Leeftijd",
    "ontmoeting": "Ontmoetingsplaatsen",
    "mobiliteit": "Mobiliteit",
}
# Level -> need theme -> why no indicator of that theme exists at that level (Dutch). Every other
# need theme has a default indicator at the level (``IndicatorSpec.need_default``).
UNAVAILABLE_THEMES: dict[str, dict[str, str]] = {
    "gemeente": {},
    "wijk": {
        "alleenwonend": (
            "Alleenwonen telt niet mee: er bestaat geen open bron met alleenwonenden per wijk "
            "(Statistiek Vlaanderen en de Census 2021 geven ze enkel per gemeente)."
        ),
    },
}
RESULT_COLUMNS: tuple[str, ...] = ("code", "value", "numerator", "denominator", "reason", "caveat")
UPLOADS: tuple[str, ...] = ("ontmoetingsplaatsen", "haltes")
# The sector tables a sector-based indicator can be built from (see ``layers.indicators.sectors``):
# residents by age (Census 2021), residents at sector centroids (2024), 65+ at sector centroids.
SectorSource = Literal["census", "centroids", "located_65plus"]
SECTOR_SOURCES: tuple[str, ...] = ("census", "centroids", "located_65plus")
# What an indicator tells the councillor hints (``layers.initiatives.checklist``): "alleenwonen"
# (many people living alone: suggest home visits), "ouderen" (the figure quoted when no
# initiative reaches older people).
HintTopic = Literal["alleenwonen", "ouderen"]
HINT_TOPICS: tuple[str, ...] = ("alleenwonen", "ouderen")
# The proxy mark: the label of a proxy ends with it, once (every page shows the label as is).
PROXY_MARK = " (benadering)"
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
    turns ``numerator / denominator`` into the value (100 for a percentage, 1 for a mean; applied
    by ``build_indicator``, so builders give counts and never repeat it); ``aggregate`` replaces
    that ratio of sums for groups of municipalities when the value is not a rate (a difference of
    two rates, an ordinal class).
    ``value_labels`` names ordinal values (e.g. the uitrustingsgraad classes) for legends and
    tooltips.

    What the rest of the product asks of an indicator:

    - ``sector_source``: the sector table it is built from (for ``unplaced_sectors``), or None.
    - ``gap_phrase``: the short Dutch "scores high on ..." phrase of the gap reasons ("" uses
      the label).
    - ``target_group``: the initiative target group (vocabulary id) that answers a high value; a
      unit in the top fifth with no initiative for that group gets "geen initiatief voor ...".
    - ``need_default``: the levels at which it is the need-index default of its theme;
      ``replaces_proxy``: an upload-based default that takes the theme's place when present.
    - ``provision_denominator``: the levels at which its numerator (residents) is the provision
      denominator ("initiatives per 10,000 ...").
    - ``provision_view``: part of the default provision measure, the residents' own view of what
      is on offer (the mean of every such indicator per gemeente; wijken take their gemeente's);
      a higher value means more provision (``direction`` -1), per gemeente, without an upload.
    - ``hint_topic``: which councillor hint quotes it (see :data:`HINT_TOPICS`).
    - ``report_map``: drawn on the wijk map of the municipality report (exactly one indicator).
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
    sector_source: SectorSource | None = None
    gap_phrase: str = ""
    target_group: str | None = None
    need_default: tuple[str, ...] = ()
    replaces_proxy: bool = False
    provision_denominator: tuple[str, ...] = ()
    provision_view: bool = False
    hint_topic: HintTopic | None = None
    report_map: bool = False
    kind: Kind | None = None  # None: "proxy" when is_proxy, else "observed"

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", "proxy" if self.is_proxy else "observed")
        problems = self._field_problems() + self._role_problems()
        if problems:
            msg = f"Ongeldige indicator '{self.id}': " + "; ".join(problems) + "."
            raise ValueError(msg)

    def _field_problems(self) -> list[str]:
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
        marks = self.label.count(PROXY_MARK.strip())
        if self.is_proxy and (marks != 1 or not self.label.endswith(PROXY_MARK)):
            problems.append(f"het label van een benadering eindigt op '{PROXY_MARK.strip()}'")
        if not self.is_proxy and marks:
            problems.append(f"'{PROXY_MARK.strip()}' in het label van een indicator die er geen is")
        if self.requires is not None and self.requires not in UPLOADS:
            problems.append(f"requires {self.requires!r} is niet een van {UPLOADS}")
        for name in ("id", "label", "explanation", "unit", "source", "year", "licence"):
            if not str(getattr(self, name)).strip():
                problems.append(f"veld '{name}' is leeg")
        return problems

    def _role_problems(self) -> list[str]:
        """Checks of the fields that tell other modules what to do with the indicator."""
        problems = []
        if self.sector_source is not None and self.sector_source not in SECTOR_SOURCES:
            problems.append(
                f"sector_source {self.sector_source!r} is niet een van {SECTOR_SOURCES}"
            )
        if self.target_group is not None and not self.target_group.strip():
            problems.append("target_group is leeg (gebruik None)")
        for name in ("need_default", "provision_denominator"):
            extra = set(getattr(self, name)) - set(self.levels)
            if extra:
                problems.append(f"{name} noemt niveaus zonder deze indicator: {sorted(extra)}")
        if self.need_default and self.theme not in NEED_THEMES:
            problems.append(f"need_default vraagt een thema van de nood-index {NEED_THEMES}")
        if self.replaces_proxy and (not self.need_default or self.requires is None):
            problems.append("replaces_proxy vraagt need_default en een upload (requires)")
        if self.provision_denominator and self.requires is not None:
            problems.append("provision_denominator kan geen indicator met upload zijn")
        if self.provision_view and (
            "gemeente" not in self.levels or self.requires is not None or self.direction != -1
        ):
            problems.append(
                "provision_view vraagt een indicator per gemeente zonder upload, met richting -1"
            )
        if self.hint_topic is not None and self.hint_topic not in HINT_TOPICS:
            problems.append(f"hint_topic {self.hint_topic!r} is niet een van {HINT_TOPICS}")
        if self.report_map and ("wijk" not in self.levels or self.requires is not None):
            problems.append("report_map vraagt een indicator per wijk zonder upload")
        return problems

    @property
    def kind_label(self) -> str:
        """Dutch name of the kind: waarneming, enquête, prognose, schatting or benadering."""
        return KIND_LABELS[str(self.kind)]

    def value_label(self, value: float) -> str:
        """The name of an ordinal value, or "" when the spec has none for it."""
        return dict(self.value_labels).get(value, "")
