"""Hot spots of need: LISA classes on a lattice with a known cluster, and on the store's wijken."""

import time

import numpy as np
import pandas as pd

from layers.indicators import IndicatorInputs
from layers.planning import HOTSPOT_LABELS, hotspots, wijk_neighbours


def _lattice(size):
    """Queen neighbours of a size x size grid of cells named 'r-c'."""
    pairs = []
    for r in range(size):
        for c in range(size):
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    rr, cc = r + dr, c + dc
                    if (dr or dc) and 0 <= rr < size and 0 <= cc < size:
                        pairs.append((f"{r}-{c}", f"{rr}-{cc}"))
    return pd.DataFrame(pairs, columns=["code", "buur"])


def _need(size):
    rng = np.random.default_rng(7)
    values = {}
    for r in range(size):
        for c in range(size):
            high = r < 3 and c < 3
            values[f"{r}-{c}"] = (90 if high else 30) + rng.normal(0, 3)
    return pd.Series(values)


def test_a_block_of_high_need_is_a_high_high_cluster():
    need = _need(8)
    result = hotspots(need, _lattice(8))
    classes = result.set_index("code")["hotspot"]
    assert classes["1-1"] == "hoog-hoog"
    assert classes["0-0"] == "hoog-hoog"
    assert classes["7-7"] in {"geen", "laag-laag"}
    assert result["hotspot_label"].isin(HOTSPOT_LABELS.values()).all()
    assert list(result["code"]) == list(need.index)


def test_unknown_need_and_no_neighbour_are_onbekend():
    need = _need(6)
    need["2-2"] = np.nan
    neighbours = _lattice(6)
    need["eiland"] = 50.0
    result = hotspots(need, neighbours).set_index("code")
    assert result.loc["2-2", "hotspot"] == "onbekend"
    assert result.loc["eiland", "hotspot"] == "onbekend"
    assert np.isnan(result.loc["eiland", "lisa_p"])


def test_same_input_same_classes():
    need, neighbours = _need(6), _lattice(6)
    first, second = hotspots(need, neighbours), hotspots(need, neighbours)
    pd.testing.assert_frame_equal(first, second)


def test_wijk_hotspots_in_time(settings):
    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    neighbours = wijk_neighbours(inputs, home=settings.home)
    assert neighbours["code"].nunique() > 2500
    rng = np.random.default_rng(1)
    need = pd.Series(
        rng.uniform(0, 100, neighbours["code"].nunique()), index=neighbours["code"].unique()
    )
    hotspots(need.head(50), neighbours)  # imports esda and libpysal
    start = time.perf_counter()
    result = hotspots(need, neighbours)
    assert time.perf_counter() - start < 3.0
    assert len(result) == len(need)
    # random need: few significant wijken (about 5 % by chance)
    assert (result["hotspot"] != "geen").mean() < 0.15
