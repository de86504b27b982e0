"""Suggested sites: the k places that bring the most 65-plussers within walking distance.

A maximal covering location problem (MCLP): among candidate sites (the gemeente's sector
centroids, or points the user gives), choose k so that the 65-plussers living within the walking
distance of a chosen site are as many as possible. Residents already within reach of a known
meeting place count as covered and are left out of the demand. Solved exactly with PySAL's
``spopt`` (``MCLP``) and the open CBC solver that ships with ``pulp``; the problem is solved for
1 ... k sites, so the marginal gain of each extra site is the gain of the optimum, not of a greedy
addition.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.planning.reach import PlanningBase, check_distance, within_reach
from layers.planning.sectors import xy_to_lonlat

MIN_SITES = 1
MAX_SITES = 5
SITE_COLUMNS: tuple[str, ...] = (
    "plek",
    "kandidaat",
    "lon",
    "lat",
    "bereik_65plus",
    "enkel_hier_65plus",
    "extra_65plus",
)
GAIN_COLUMNS: tuple[str, ...] = ("plekken", "bereikt_65plus", "extra_65plus", "aandeel")


def check_sites(k: int) -> int:
    """The number of sites, or a Dutch error outside 1-5."""
    if not MIN_SITES <= int(k) <= MAX_SITES:
        msg = f"Aantal plekken {k} valt buiten {MIN_SITES}-{MAX_SITES}."
        raise ValueError(msg)
    return int(k)


def coverage_matrix(demand: np.ndarray, candidates: np.ndarray, distance_m: float) -> np.ndarray:
    """Boolean (demand x candidates): the demand point lies within ``distance_m`` of the site."""
    d = np.asarray(demand, float).reshape(-1, 2)
    c = np.asarray(candidates, float).reshape(-1, 2)
    squared = ((d[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
    covered: np.ndarray = squared <= distance_m**2
    return covered


def solve_mclp(covers: np.ndarray, weights: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` candidates (columns of ``covers``) covering the most weight (exact)."""
    return solve_mclp_series(covers, weights, k)[-1]


def solve_mclp_series(covers: np.ndarray, weights: np.ndarray, k: int) -> list[list[int]]:
    """The optimal sites for 1, 2, ... ``k`` sites (columns of ``covers``; exact, each).

    ``spopt.locate.MCLP`` over a 0/1 cost matrix (radius 0.5) solved with CBC. The problem is
    reduced first without changing the optimum: demand no candidate reaches and candidates whose
    reach lies within another's are dropped, demand reached by the same candidates is merged.
    The model is built once (building it is the slow part); only the number of sites changes
    between the solves. When no more useful candidates than p remain, all of them are chosen.
    """
    import pulp
    from spopt.locate import MCLP

    covers = np.asarray(covers, bool)
    weights = np.asarray(weights, float)
    useful_demand = (weights > 0) & covers.any(axis=1)
    useful_sites = _undominated(covers[useful_demand])
    if len(useful_sites) <= 1:  # nothing to choose
        return [[int(i) for i in useful_sites] for _ in range(k)]
    reduced = covers[np.ix_(useful_demand, useful_sites)]
    # Demand points reached by the same sites are one client with their summed weight.
    rows, inverse = np.unique(reduced, axis=0, return_inverse=True)
    merged = np.bincount(inverse.ravel(), weights=weights[useful_demand], minlength=len(rows))
    with warnings.catch_warnings():  # spopt builds its variables the way pulp 4 deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        model = MCLP.from_cost_matrix(
            np.where(rows, 0.0, 1.0), merged, service_radius=0.5, p_facilities=1, name="verbonden"
        )
    # spopt adds "sum of sites == p" last; its right-hand side is the constant (-p).
    count = model.problem.constraints()[-1]
    if count.sense != pulp.LpConstraintEQ or len(count) != len(useful_sites):
        msg = "Onverwachte vorm van het optimalisatiemodel (spopt)."
        raise RuntimeError(msg)
    solutions: list[list[int]] = []
    for p in range(1, k + 1):
        if p >= len(useful_sites):
            solutions.append([int(i) for i in useful_sites])
            continue
        count.constant = -p
        model.solve(_cbc(), results=False)
        status = pulp.LpStatus[model.problem.status]
        if status != "Optimal":
            msg = f"De optimalisatie vond geen oplossing (CBC: {status})."
            raise RuntimeError(msg)
        chosen = [j for j, var in enumerate(model.fac_vars) if (var.value() or 0.0) > 0.5]
        solutions.append([int(useful_sites[j]) for j in chosen])
    return solutions


def _cbc() -> object:
    """The CBC solver bundled with pulp (pulp 3 warns it moves to an extra in pulp 4)."""
    import pulp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(msg=False)


def _undominated(covers: np.ndarray) -> np.ndarray:
    """Candidates worth considering: those that reach someone and whose reach is not contained
    in another candidate's (a contained one can always be swapped for its container without
    losing anyone; of identical ones the first is kept)."""
    sizes = covers.sum(axis=0)
    reaching = np.flatnonzero(sizes > 0)
    sub = covers[:, reaching].astype(np.int32)
    overlap = sub.T @ sub  # overlap[a, b] = demand reached by both a and b
    contained = overlap == sizes[reaching][:, None]  # a's reach lies within b's
    larger = sizes[reaching][None, :] > sizes[reaching][:, None]
    earlier = np.arange(len(reaching))[None, :] < np.arange(len(reaching))[:, None]
    dominated = (contained & (larger | earlier)).any(axis=1)
    kept: np.ndarray = reaching[~dominated]
    return kept


def covered_weight(covers: np.ndarray, weights: np.ndarray, sites: list[int]) -> float:
    """Total weight of the demand within reach of at least one of ``sites``."""
    if not sites:
        return 0.0
    reached = np.asarray(covers, bool)[:, sites].any(axis=1)
    return float(np.asarray(weights, float)[reached].sum())


@dataclass(frozen=True)
class Suggestion:
    """The k best sites for one gemeente.

    ``sites``: one row per chosen site (:data:`SITE_COLUMNS`), ordered so each next site adds
    the most; ``gains``: the optimum for 1 ... k sites (:data:`GAIN_COLUMNS`). ``covered_before``
    are the 65-plussers already within reach of a known meeting place, ``total_65plus`` all of
    the gemeente's (or the wijk's) located 65-plussers.
    """

    gemeente: str
    naam: str
    distance_m: float
    k: int
    sites: pd.DataFrame
    gains: pd.DataFrame
    xy: np.ndarray
    covered_before: float
    total_65plus: float
    candidates: int
    wijk: str | None = None


def _order(covers: np.ndarray, weights: np.ndarray, sites: list[int]) -> list[int]:
    """The chosen sites in the order in which each adds the most to those before it."""
    left, ordered = list(sites), list[int]()
    while left:
        best = max(left, key=lambda s: covered_weight(covers, weights, [*ordered, s]))
        ordered.append(best)
        left.remove(best)
    return ordered


def suggest_sites(
    base: PlanningBase,
    *,
    gemeente: str,
    k: int,
    distance_m: float,
    candidates: np.ndarray | None = None,
    candidate_labels: list[str] | None = None,
    wijk: str | None = None,
) -> Suggestion:
    """The ``k`` best new meeting places for the 65-plussers of ``gemeente`` (or of one ``wijk``
    of it: only its residents count, the candidates stay those of the whole gemeente).

    ``candidates`` (EPSG:31370, (n, 2)) default to the gemeente's sector centroids (labelled by
    sector code); ``candidate_labels`` name user-given candidates (default "kandidaat 1", ...).
    """
    distance = check_distance(distance_m)
    k = check_sites(k)
    sectors = base.gemeente_sectors(gemeente)
    own = sectors
    if wijk:
        own = sectors.loc[sectors["wijk_code"] == wijk]
        if own.empty:
            msg = f"Wijk '{wijk}' ligt niet in deze gemeente of heeft geen sectoren."
            raise ValueError(msg)
    if candidates is None:
        sites_xy = sectors[["x", "y"]].to_numpy(float)
        labels = [f"sector {code}" for code in sectors["statsec"].astype(str)]
    else:
        sites_xy = np.asarray(candidates, float).reshape(-1, 2)
        labels = candidate_labels or [f"kandidaat {i + 1}" for i in range(len(sites_xy))]
    if len(sites_xy) == 0:
        msg = "Er zijn geen kandidaat-plekken om uit te kiezen."
        raise ValueError(msg)
    x65 = own["inwoners_65plus"].to_numpy(float)
    already = within_reach(own, base.existing, distance)
    demand = np.where(already, 0.0, x65)
    covers = coverage_matrix(own[["x", "y"]].to_numpy(float), sites_xy, distance)
    solutions = solve_mclp_series(covers, demand, k)
    optimum = [covered_weight(covers, demand, s) for s in solutions]
    chosen = _order(covers, demand, solutions[-1])
    gains = pd.DataFrame(
        {
            "plekken": list(range(1, k + 1)),
            "bereikt_65plus": optimum,
            "extra_65plus": np.diff([0.0, *optimum]),
            "aandeel": [100.0 * v / x65.sum() if x65.sum() > 0 else np.nan for v in optimum],
        }
    )
    lonlat = xy_to_lonlat(sites_xy[chosen]) if chosen else np.empty((0, 2))
    rows = []
    for rank, site in enumerate(chosen):
        others = [s for s in chosen if s != site]
        alone = covers[:, site] & ~(covers[:, others].any(axis=1) if others else False)
        rows.append(
            {
                "plek": rank + 1,
                "kandidaat": labels[site],
                "lon": float(lonlat[rank, 0]),
                "lat": float(lonlat[rank, 1]),
                "bereik_65plus": float(demand[covers[:, site]].sum()),
                "enkel_hier_65plus": float(demand[alone].sum()),
                "extra_65plus": covered_weight(covers, demand, chosen[: rank + 1])
                - covered_weight(covers, demand, chosen[:rank]),
            }
        )
    return Suggestion(
        gemeente=gemeente,
        naam=str(base.gemeente_names[gemeente]),
        distance_m=distance,
        k=k,
        sites=pd.DataFrame(rows, columns=list(SITE_COLUMNS)),
        gains=gains[list(GAIN_COLUMNS)],
        xy=sites_xy[chosen].reshape(-1, 2),
        covered_before=float(x65[already].sum()),
        total_65plus=float(x65.sum()),
        candidates=len(sites_xy),
        wijk=wijk or None,
    )
