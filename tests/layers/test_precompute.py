"""Precomputed indicator tables equal a fresh computation and follow the store."""

from __future__ import annotations

import pytest
from pandas.testing import assert_frame_equal

from geodata.store import StoreMissingError
from layers.analysis.cache import (
    cache_key,
    flemish_values,
    indicator_table,
    precompute,
    provision_table,
)
from layers.analysis.reference import flanders_value
from layers.analysis.unit_table import unit_provision
from layers.indicators import REGISTRY, compute
from layers.indicators.spec import IndicatorInputs


def test_cached_tables_equal_a_fresh_computation(settings, tmp_path):
    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    counts = precompute(inputs, home=tmp_path)
    assert counts == {
        "indicatoren-gemeente": 285,
        "aanbod-gemeente": 285,
        "indicatoren-wijk": 2563,
        "aanbod-wijk": 2563,
        # one Flemish value per indicator that needs no upload
        "vlaanderen": sum(spec.requires is None for spec in REGISTRY.values()),
    }
    for level in ("gemeente", "wijk"):
        cached = indicator_table(inputs, level, home=tmp_path)
        assert_frame_equal(cached, compute(inputs, level), check_dtype=False)
        cached_provision = provision_table(inputs, level, home=tmp_path)
        assert_frame_equal(cached_provision, unit_provision(inputs, level), check_dtype=False)
    values = flemish_values(inputs, home=tmp_path)
    assert abs(values["leeftijd_80plus"] - flanders_value(inputs, "leeftijd_80plus")) < 1e-12
    assert round(values["leeftijd_80plus"], 2) == 6.16


def test_cache_key_is_stable_and_needs_a_store(settings, tmp_path):
    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    assert cache_key(inputs) == cache_key(inputs)
    missing = IndicatorInputs(store_path=tmp_path / "missing.gpkg", raw_dir=settings.raw_dir)
    with pytest.raises(StoreMissingError, match="verbonden data build"):
        cache_key(missing)
