"""Hot spots of need: local Moran's I (LISA) on the need index per wijk.

A high need index in one wijk is one thing; high need in a wijk whose neighbours are high too is a
cluster, where a joint approach over the wijken fits. Local Moran's I (PySAL ``esda``) with queen
contiguity (wijken sharing a border or a corner, ``libpysal``), row-standardised, and 999
conditional permutations for the significance (seeded: the same input gives the same map; the
pseudo p-value is esda's and GeoDa's folded one, in the direction of the observed value). A wijk
is in a class only when its pseudo p-value is below 0.05; the others show "geen duidelijk
patroon". The neighbour table is computed once per store.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.derived import cached_frame
from geodata.store import read_layer
from layers.analysis import cache_dir, cache_key
from layers.indicators import IndicatorInputs

PERMUTATIONS = 999
SIGNIFICANCE = 0.05
SEED = 20_250_101
HOTSPOT_COLUMNS: tuple[str, ...] = ("code", "lisa_i", "lisa_p", "hotspot", "hotspot_label")
# Class id -> Dutch legend label, in legend order.
HOTSPOT_LABELS: dict[str, str] = {
    "hoog-hoog": "cluster van hoge nood",
    "hoog-laag": "hoge nood tussen wijken met lage nood",
    "laag-hoog": "lage nood tussen wijken met hoge nood",
    "laag-laag": "cluster van lage nood",
    "geen": "geen duidelijk patroon",
    "onbekend": "geen nood-index of geen buurwijk",
}
# Red for high, blue for low (ColorBrewer RdBu: readable with the common colour-vision deficits).
HOTSPOT_COLOURS: dict[str, str] = {
    "hoog-hoog": "#b2182b",
    "hoog-laag": "#ef8a62",
    "laag-hoog": "#67a9cf",
    "laag-laag": "#2166ac",
    "geen": "#f0f0f0",
    "onbekend": "#bdbdbd",
}
# esda's quadrant numbers: 1 high-high, 2 low-high, 3 low-low, 4 high-low.
_QUADRANTS = {1: "hoog-hoog", 2: "laag-hoog", 3: "laag-laag", 4: "hoog-laag"}
HOTSPOT_EXPLANATION = (
    "Lokale Moran's I op de nood-index per wijk: buren zijn wijken met een gemeenschappelijke "
    f"grens of hoek; significant bij p < {SIGNIFICANCE:g} met {PERMUTATIONS} permutaties. Een "
    "cluster van hoge nood is een wijk met hoge nood waarvan ook de buren hoog scoren: daar past "
    "een aanpak over de wijken heen."
)


def build_neighbours(store_path: Path) -> pd.DataFrame:
    """Queen-contiguity pairs of the 2,563 wijken: columns ``code`` and ``buur`` (both ways)."""
    from libpysal.weights import Queen

    wijk = read_layer(store_path, "wijk", columns=["code"])
    codes = wijk["code"].astype(str).tolist()
    with warnings.catch_warnings():  # "disconnected components": the coast and an enclave
        warnings.simplefilter("ignore", UserWarning)
        weights = Queen.from_dataframe(wijk, use_index=False, ids=codes)
    pairs = [(code, str(other)) for code in codes for other in weights.neighbors[code]]
    return pd.DataFrame(pairs, columns=["code", "buur"])


def wijk_neighbours(inputs: IndicatorInputs, *, home: Path) -> pd.DataFrame:
    """:func:`build_neighbours`, computed once per store in ``$VERBONDEN_HOME/cache``."""
    return cached_frame(
        cache_dir(home),
        "wijk-buren",
        cache_key(inputs),
        lambda: build_neighbours(inputs.store_path),
    )


def hotspots(
    need: pd.Series,
    neighbours: pd.DataFrame,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = SIGNIFICANCE,
) -> pd.DataFrame:
    """LISA class of every wijk of ``need`` (need index indexed by wijk code).

    Wijken without a need index are left out of the computation (their neighbours count the
    others only); they and wijken without a neighbour get "onbekend". Returns
    :data:`HOTSPOT_COLUMNS` in the order of ``need``.
    """
    from esda.moran import Moran_Local
    from libpysal.weights import W

    values = pd.to_numeric(need, errors="coerce").astype(float)
    values.index = values.index.astype(str)
    known = values.dropna()
    pairs = neighbours.loc[
        neighbours["code"].isin(known.index) & neighbours["buur"].isin(known.index)
    ]
    linked = pairs.groupby("code")["buur"].agg(list).to_dict()
    ids = [code for code in known.index if linked.get(code)]
    out = pd.DataFrame(
        {
            "code": values.index.to_numpy(dtype=object),
            "lisa_i": np.nan,
            "lisa_p": np.nan,
            "hotspot": "onbekend",
        }
    )
    if len(ids) >= 3:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            weights = W({code: linked[code] for code in ids}, id_order=ids)
        weights.transform = "r"
        with warnings.catch_warnings():  # esda announces a two-sided default for a later release
            warnings.simplefilter("ignore", DeprecationWarning)
            local = Moran_Local(
                known.reindex(ids).to_numpy(float),
                weights,
                permutations=permutations,
                seed=seed,
                n_jobs=1,
                keep_simulations=False,
            )
        significant = np.asarray(local.p_sim) < alpha
        classes = [
            _QUADRANTS.get(int(q), "geen") if sig else "geen"
            for q, sig in zip(local.q, significant, strict=True)
        ]
        position = pd.Index(out["code"]).get_indexer(ids)
        out.loc[position, "lisa_i"] = np.asarray(local.Is, float)
        out.loc[position, "lisa_p"] = np.asarray(local.p_sim, float)
        out.loc[position, "hotspot"] = classes
    out["hotspot_label"] = out["hotspot"].map(HOTSPOT_LABELS)
    return out[list(HOTSPOT_COLUMNS)]
