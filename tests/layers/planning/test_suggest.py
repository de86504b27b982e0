"""The suggested sites: the MCLP optimum equals a brute force over every choice of sites."""

from itertools import combinations

import numpy as np
import pytest

from layers.planning import check_sites, coverage_matrix, covered_weight, solve_mclp_series


def _brute_force(covers, weights, k):
    return max(
        covered_weight(covers, weights, list(sites))
        for sites in combinations(range(covers.shape[1]), k)
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_mclp_finds_the_brute_force_optimum(seed):
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 3000, size=(40, 2))
    candidates = rng.uniform(0, 3000, size=(12, 2))
    weights = rng.integers(0, 200, size=40).astype(float)
    covers = coverage_matrix(demand, candidates, 800.0)
    solutions = solve_mclp_series(covers, weights, 4)
    for p, sites in enumerate(solutions, start=1):
        assert len(sites) == len(set(sites)) <= p
        assert covered_weight(covers, weights, sites) == pytest.approx(
            _brute_force(covers, weights, p)
        )


def test_greedy_trap_is_avoided():
    # Site 0 reaches the most (15) and tempts a greedy choice (then 21 at best); sites 1 and 2
    # together reach 27.
    trap = np.array([[1, 1, 0], [1, 1, 0], [1, 0, 1], [0, 0, 1], [0, 1, 0]], dtype=bool)
    weights = np.array([5.0, 5.0, 5.0, 6.0, 6.0])
    best = solve_mclp_series(trap, weights, 2)[1]
    assert sorted(best) == [1, 2]
    assert covered_weight(trap, weights, best) == 27.0


def test_nothing_to_reach_chooses_nothing():
    covers = np.zeros((3, 4), dtype=bool)
    assert solve_mclp_series(covers, np.ones(3), 2) == [[], []]


def test_fewer_useful_sites_than_asked():
    covers = np.array([[1, 0], [0, 1]], dtype=bool)
    solutions = solve_mclp_series(covers, np.array([1.0, 2.0]), 3)
    assert [sorted(s) for s in solutions] == [[1], [0, 1], [0, 1]]


def test_coverage_matrix_uses_the_distance():
    covers = coverage_matrix(np.array([[0.0, 0.0]]), np.array([[800.0, 0.0], [800.1, 0.0]]), 800)
    assert covers.tolist() == [[True, False]]


@pytest.mark.parametrize("k", [0, 6])
def test_sites_out_of_range_is_a_dutch_error(k):
    with pytest.raises(ValueError, match="Aantal plekken"):
        check_sites(k)
