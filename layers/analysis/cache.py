"""Indicator tables computed once per store and code version, kept in the home folder's cache.

Computing every indicator takes a few seconds per level; the dashboard's cold start and the first
wijk map should not pay that each time a server starts. ``verbonden data build`` fills the cache
right after the store is built; the dashboard reads it (and fills it when it is missing). Uploads
never go through this cache: they are per session.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geodata.derived import CACHE_DIRNAME, cached_frame, source_digest, store_fingerprint
from layers.analysis.reference import flanders_value
from layers.indicators import LEVELS, REGISTRY, IndicatorInputs, compute

_LAYERS = Path(__file__).resolve().parents[1]
# Everything that shapes the cached tables: the analysis code and its shipped inventory.
_CODE = [*_LAYERS.rglob("*.py"), *(_LAYERS / "data").glob("*.csv")]


def cache_dir(home: Path) -> Path:
    """Where derived frames live: ``$VERBONDEN_HOME/cache``."""
    return home / CACHE_DIRNAME


def cache_key(inputs: IndicatorInputs) -> str:
    """Store fingerprint + the analysis code and data: a new key when either changes."""
    return f"{store_fingerprint(inputs.store_path)[:24]}{source_digest(_CODE)[:24]}"


def _default(inputs: IndicatorInputs) -> bool:
    return inputs.meeting_places is None and inputs.stops is None


def indicator_table(inputs: IndicatorInputs, level: str, *, home: Path) -> pd.DataFrame:
    """:func:`layers.indicators.compute` for ``level``, cached when there are no uploads."""
    if not _default(inputs):
        return compute(inputs, level)
    return cached_frame(
        cache_dir(home), f"indicatoren-{level}", cache_key(inputs), lambda: compute(inputs, level)
    )


def flemish_values(inputs: IndicatorInputs, *, home: Path) -> pd.Series:
    """The Flemish value of every built-in indicator that does not need an upload."""

    def build() -> pd.DataFrame:
        ids = [i for i, spec in REGISTRY.items() if spec.requires is None]
        return pd.DataFrame({"id": ids, "value": [flanders_value(inputs, i) for i in ids]})

    frame = cached_frame(cache_dir(home), "vlaanderen", cache_key(inputs), build)
    return frame.set_index("id")["value"]


def provision_table(inputs: IndicatorInputs, level: str, *, home: Path) -> pd.DataFrame:
    """Provision per unit for the publication's initiatives (see :mod:`.unit_table`), cached."""
    from layers.analysis.unit_table import unit_provision

    return cached_frame(
        cache_dir(home),
        f"aanbod-{level}",
        cache_key(inputs),
        lambda: unit_provision(inputs, level),
    )


def precompute(inputs: IndicatorInputs, *, home: Path) -> dict[str, int]:
    """Fill the cache for both levels and the Flemish values; returns rows per table."""
    counts: dict[str, int] = {}
    for level in LEVELS:
        counts[f"indicatoren-{level}"] = len(indicator_table(inputs, level, home=home))
        counts[f"aanbod-{level}"] = len(provision_table(inputs, level, home=home))
    counts["vlaanderen"] = len(flemish_values(inputs, home=home))
    return counts
