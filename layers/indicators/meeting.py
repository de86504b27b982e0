"""Lack of meeting places: two proxies from open data, and the measure from uploaded places.

Without local data there is no inventory of meeting places, so two proxies stand in: the
municipality's facilities class (uitrustingsgraad) and the share of residents living in outlying
settlement cores (kerntypering 3, "buitende kernen"). Once meeting places are uploaded, the share
of residents aged 65+ farther than a walking distance from the nearest one replaces them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.store import read_attributes
from layers.indicators import sectors
from layers.indicators.frames import no_data_reason, ratio, result, units
from layers.indicators.mobility import restrict_to_covered
from layers.indicators.points import gemeenten_with_points, nearest_distance_m, upload_xy
from layers.indicators.spec import IndicatorInputs

OUTLYING_CORE = "3"
KNOWN_KERNTYPERING = ("1", "2", "3")
NO_PLACES = "geen opgeladen ontmoetingsplaatsen in deze gemeente"

# Order of the nine uitrustingsgraad classes from best to least equipped (score 1 to 9). The
# level of facilities comes first; at a similar level, a municipality inside a centre city's
# sphere of influence ranks as better equipped than one outside it, because its residents can
# use the city's facilities.
UITRUSTINGSGRAAD_ORDER: tuple[tuple[str, str], ...] = (
    ("a0", "grote en regionale steden"),
    ("a1", "zeer goed uitgeruste centra"),
    ("a2", "goed uitgeruste centra"),
    ("b0", "(zeer) goed uitgeruste gemeenten, binnen invloedssfeer centrumstad"),
    ("c0", "zeer goed uitgeruste gemeenten, buiten invloedssfeer centrumstad"),
    ("c1", "goed uitgeruste gemeenten, buiten invloedssfeer centrumstad"),
    ("b1", "matig of zwak uitgeruste gemeenten, binnen invloedssfeer centrumstad"),
    ("c2", "matig uitgeruste gemeenten, buiten invloedssfeer centrumstad"),
    ("c3", "zwak uitgeruste gemeenten, buiten invloedssfeer centrumstad"),
)
UITRUSTINGSGRAAD_SCORE: dict[str, float] = {
    code: float(rank) for rank, (code, _) in enumerate(UITRUSTINGSGRAAD_ORDER, start=1)
}
UITRUSTINGSGRAAD_LABELS: tuple[tuple[float, str], ...] = tuple(
    (float(rank), f"{code}: {name}")
    for rank, (code, name) in enumerate(UITRUSTINGSGRAAD_ORDER, start=1)
)


def uitrustingsgraad(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """The municipality's facilities class as an ordinal score (1 best equipped ... 9 weakest)."""
    gemeente = read_attributes(inputs.store_path, "gemeente")
    codes = gemeente["code"]
    score = gemeente["uitrustingsgraad_code"].str.strip().map(UITRUSTINGSGRAAD_SCORE)
    value = pd.Series(score.to_numpy(), index=codes.to_numpy())
    reason = pd.Series("geen uitrustingsgraad bekend", index=codes.to_numpy()).where(
        value.isna(), ""
    )
    return result(codes, value=value, reason=reason)


def uitrustingsgraad_by_group(inputs: IndicatorInputs, groups: pd.Series) -> pd.Series:
    """No value for groups of municipalities: an ordinal class has no meaningful average."""
    del inputs
    return pd.Series(np.nan, index=pd.Index(groups.unique()), dtype=float)


def buitende_kernen(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents (2024) living in sectors typed as outlying settlement cores."""
    centroids = sectors.centroids(inputs)
    known = centroids["kerntypering"].isin(KNOWN_KERNTYPERING)
    weighted = centroids.assign(
        pop_known=centroids["pop"].where(known, 0.0),
        pop_outer=centroids["pop"].where(centroids["kerntypering"] == OUTLYING_CORE, 0.0),
        pop_unknown=centroids["pop"].where(~known, 0.0),
    )
    sums = sectors.sum_by(weighted, level, ["pop_known", "pop_outer", "pop_unknown"])
    unknown = sums["pop_unknown"]
    caveat = unknown[unknown > 0].map(
        lambda n: f"{n:.0f} inwoners in sectoren zonder kerntypering niet meegeteld"
    )
    return ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["pop_outer"],
        denominator=sums["pop_known"],
        missing_reason=no_data_reason(level),
        caveat=caveat,
    )


def ver_van_ontmoetingsplaats(inputs: IndicatorInputs, level: str) -> pd.DataFrame:
    """% of residents aged 65+ farther than ``walk_distance_m`` from an uploaded meeting place.

    65-plussers are the Census 2021 counts per sector, placed at the sector's 2024 centroid.
    """
    if inputs.meeting_places is None:
        msg = "Deze indicator vraagt opgeladen ontmoetingsplaatsen."
        raise ValueError(msg)
    targets = upload_xy(inputs.meeting_places, label="Ontmoetingsplaatsen")
    located = sectors.located_65plus(inputs)
    located = located.loc[located["x"].notna()]
    distance = nearest_distance_m(located["x"].to_numpy(), located["y"].to_numpy(), targets)
    weighted = located.assign(x65_far=located["x65"].where(distance > inputs.walk_distance_m, 0.0))
    sums = sectors.sum_by(weighted, level, ["x65", "x65_far"])
    frame = ratio(
        units(inputs.store_path, level)["code"],
        numerator=sums["x65_far"],
        denominator=sums["x65"],
        missing_reason=no_data_reason(level),
        zero_reason="geen 65-plussers",
    )
    covered = gemeenten_with_points(inputs.store_path, targets)
    return restrict_to_covered(inputs, level, frame, covered, NO_PLACES)
