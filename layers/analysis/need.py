"""The need index: direction-aware percentile ranks combined with user weights.

Every chosen indicator is turned into a percentile rank within Flanders (0 = least risk, 100 =
most risk, ties averaged) and the ranks are combined in a weighted mean over the indicators that
are KNOWN for a unit. A missing value is never read as zero: the weights of the known indicators
are rescaled and the unit is flagged. Robustness is the share of random weightings (Dirichlet) in
which the unit lands in the top quintile.

The frame passed in must hold all units of a level (all of Flanders): ranks are relative to it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from layers.indicators import LEVELS, NEED_THEMES, IndicatorSpec, specs_for

ROBUSTNESS_DRAWS = 200
ROBUSTNESS_SEED = 20_250_101
TOP_SHARE = 0.2  # top quintile
# "200 willekeurige wegingen ... de hoogste 20 %": the robustness settings in words, once.
ROBUSTNESS_WEIGHTINGS = f"{ROBUSTNESS_DRAWS} willekeurige wegingen"
TOP_SHARE_TEXT = f"de hoogste {round(TOP_SHARE * 100)} %"
ROBUSTNESS_DEFINITION = (
    f"aandeel van {ROBUSTNESS_WEIGHTINGS} waarin het gebied bij {TOP_SHARE_TEXT} blijft"
)


def robustness_text(share: float) -> str:
    """A unit's robustness in words: "in 85 % van 200 willekeurige wegingen bij de hoogste 20 %"."""
    return f"in {round(100 * share)} % van {ROBUSTNESS_WEIGHTINGS} bij {TOP_SHARE_TEXT}"


def default_theme_indicators(level: str, available_ids: Collection[str]) -> dict[str, str]:
    """Need theme -> indicator id used by default at ``level``, limited to ``available_ids``.

    The catalogue decides: a spec with ``level`` in its ``need_default`` is its theme's default.
    An upload-based default (``replaces_proxy``, e.g. distance to uploaded meeting places) takes
    the place of the proxy when it is available. Themes without an available default are left out
    (see :data:`layers.indicators.UNAVAILABLE_THEMES`).
    """
    if level not in LEVELS:
        raise ValueError(f"onbekend niveau '{level}': kies 'gemeente' of 'wijk'.")
    defaults = [spec for spec in specs_for(level) if level in spec.need_default]
    chosen: dict[str, str] = {}
    for theme in NEED_THEMES:
        candidates = [spec for spec in defaults if spec.theme == theme]
        candidates.sort(key=lambda spec: not spec.replaces_proxy)  # stable: registry order
        for spec in candidates:
            if spec.id in available_ids:
                chosen[theme] = spec.id
                break
    return chosen


def upload_fallbacks(
    level: str, specs: Mapping[str, IndicatorSpec], available_ids: Collection[str]
) -> dict[str, str]:
    """Upload-based default (``replaces_proxy``) -> the default of its theme without uploads:
    used where the upload does not cover a unit (see :func:`need_index`)."""
    without = [i for i in available_ids if i in specs and not specs[i].replaces_proxy]
    defaults = default_theme_indicators(level, without)
    return {
        ident: defaults[spec.theme]
        for ident, spec in specs.items()
        if spec.replaces_proxy and ident in available_ids and spec.theme in defaults
    }


def default_weights(level: str, available_ids: Collection[str]) -> dict[str, float]:
    """Equal weight (1.0) for the default indicator of every theme available at ``level``."""
    return dict.fromkeys(default_theme_indicators(level, available_ids).values(), 1.0)


def risk_rank(values: pd.Series, *, direction: int) -> pd.Series:
    """Rank 1 = highest risk (highest value, or lowest when ``direction`` is -1); ties share the
    best rank; missing (or non-numeric) values stay NaN."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float) * direction
    return numbers.rank(method="min", ascending=False, na_option="keep")


def percentile_rank(values: pd.Series, *, direction: int) -> pd.Series:
    """Percentile rank in [0, 100], 100 = most risk; ties averaged; NaN stays NaN.

    ``direction`` 1 means a higher value is more risk, -1 a lower value. With one known value (or
    all equal) every known unit gets 50.
    """
    if direction not in (1, -1):
        raise ValueError(f"richting moet 1 of -1 zijn, niet {direction!r}.")
    numbers = pd.to_numeric(values, errors="coerce").astype(float) * direction
    known = int(numbers.notna().sum())
    ranks = numbers.rank(method="average", na_option="keep")
    if known <= 1:
        return ranks.where(ranks.isna(), 50.0)
    return (ranks - 1.0) / (known - 1) * 100.0


def _check_weights(
    frame: pd.DataFrame, weights: Mapping[str, float], directions: Mapping[str, int]
) -> list[str]:
    used = []
    for indicator, weight in weights.items():
        if not isinstance(weight, int | float) or math.isnan(weight) or weight < 0:
            raise ValueError(
                f"gewicht van '{indicator}' moet een getal van 0 of meer zijn, niet {weight!r}."
            )
        if weight == 0:
            continue
        if indicator not in frame.columns:
            raise ValueError(f"indicator '{indicator}' ontbreekt in de tabel.")
        if indicator not in directions:
            raise ValueError(f"geen richting opgegeven voor indicator '{indicator}'.")
        used.append(indicator)
    if not used:
        raise ValueError("kies minstens één indicator met een gewicht groter dan 0.")
    return used


def _flags(
    frame: pd.DataFrame, used: list[str], known: np.ndarray, labels: Mapping[str, str]
) -> list[str]:
    texts = []
    for row, mask in enumerate(known):
        if mask.all():
            texts.append("")
            continue
        if not mask.any():
            texts.append("geen enkele indicator bekend: geen nood-index")
            continue
        parts = []
        for indicator, is_known in zip(used, mask, strict=True):
            if is_known:
                continue
            label = labels.get(indicator, indicator)
            reason_column = f"{indicator}__reden"
            reason = str(frame[reason_column].iat[row]) if reason_column in frame else ""
            reason = "" if reason in ("", "nan", "None") else reason
            parts.append(f"{label} — {reason}" if reason else label)
        texts.append("berekend zonder: " + "; ".join(parts))
    return texts


def _top_quintile(index: np.ndarray) -> np.ndarray:
    """Per column: True where the index is in the top fifth of the known units."""
    with np.errstate(invalid="ignore"):
        known = ~np.isnan(index)
        count = known.sum(axis=0)
        filled = np.where(known, index, -np.inf)
        order = np.sort(filled, axis=0)[::-1]  # descending per column
        take = np.maximum(np.ceil(count * TOP_SHARE).astype(int), 1) - 1
        threshold = order[take, np.arange(index.shape[1])]
        top: np.ndarray = known & (filled >= threshold) & (count > 0)
        return top


def robustness(
    ranks: np.ndarray, *, draws: int = ROBUSTNESS_DRAWS, seed: int = ROBUSTNESS_SEED
) -> np.ndarray:
    """Share of ``draws`` Dirichlet(1, ..., 1) weightings in which each unit is in the top fifth.

    ``ranks`` is units x indicators with NaN for unknown values. Units with no known value get
    NaN. Deterministic for a given ``seed``.
    """
    known = ~np.isnan(ranks)
    weights = np.random.default_rng(seed).dirichlet(np.ones(ranks.shape[1]), size=draws).T
    stacked = np.vstack([np.where(known, ranks, 0.0), known.astype(float)]) @ weights
    numerator, denominator = stacked[: len(ranks)], stacked[len(ranks) :]
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(denominator > 0, numerator / denominator, np.nan)
    share = _top_quintile(index).mean(axis=1)
    return np.where(known.any(axis=1), share, np.nan)


def need_index(
    frame: pd.DataFrame,
    *,
    weights: Mapping[str, float],
    directions: Mapping[str, int],
    labels: Mapping[str, str] | None = None,
    fallbacks: Mapping[str, str] | None = None,
    draws: int = ROBUSTNESS_DRAWS,
    seed: int = ROBUSTNESS_SEED,
) -> pd.DataFrame:
    """The need index of every unit in ``frame`` (one row per unit, same order).

    ``frame`` has a ``code`` column and one column per indicator in ``weights`` (optionally
    ``{id}__reden`` columns, quoted in the flag). Indicators with weight 0 are left out.
    Returns ``code``, ``nood`` (0-100), ``nood_rang`` (1 = highest need), ``nood_bekend``
    (indicators known), ``nood_gebruikt`` (indicators used), ``nood_vlag`` (Dutch text when
    re-weighted), ``robuustheid`` (0-1) and ``{id}__percentiel`` per used indicator.

    ``fallbacks`` maps an upload-based indicator that covers only some units (meeting places in
    five municipalities) to the theme's default it replaces: a unit without a value of its own
    takes the default's percentile rank instead of losing the theme. ``{id}__gedekt`` then says
    per unit whether the upload covered it, and the flag names the default used.
    """
    used = _check_weights(frame, weights, directions)
    labels = labels or {}
    ranks = pd.DataFrame(
        {ind: percentile_rank(frame[ind], direction=directions[ind]) for ind in used},
        index=frame.index,
    )
    filled: dict[str, pd.Series] = {}
    for indicator, default in (fallbacks or {}).items():
        if indicator not in ranks or default not in frame or default not in directions:
            continue
        covered = ranks[indicator].notna()
        if covered.all():
            continue
        proxy = percentile_rank(frame[default], direction=directions[default])
        ranks[indicator] = ranks[indicator].where(covered, proxy)
        filled[indicator] = covered
    matrix = ranks.to_numpy(dtype=float)
    known = ~np.isnan(matrix)
    weight_vector = np.array([float(weights[ind]) for ind in used])
    weight_vector = weight_vector / weight_vector.sum()
    numerator = np.where(known, matrix, 0.0) @ weight_vector
    denominator = known.astype(float) @ weight_vector
    with np.errstate(invalid="ignore", divide="ignore"):
        nood = np.where(denominator > 0, numerator / denominator, np.nan)
    out = pd.DataFrame({"code": frame["code"].to_numpy()}, index=frame.index)
    out["nood"] = nood
    out["nood_rang"] = risk_rank(out["nood"], direction=1).astype("Int64")
    out["nood_bekend"] = known.sum(axis=1).astype(int)
    out["nood_gebruikt"] = len(used)
    flags = _flags(frame, used, known, labels)
    for indicator, covered in filled.items():
        default = (fallbacks or {})[indicator]
        note = (
            f"{labels.get(indicator, indicator)}: niet gedekt door het opgeladen bestand, "
            f"daarom de standaard '{labels.get(default, default)}' gebruikt"
        )
        flags = [
            f + ("; " if f else "") + note if not c and k else f
            for f, c, k in zip(flags, covered.to_numpy(), ranks[indicator].notna(), strict=True)
        ]
        out[f"{indicator}__gedekt"] = covered.to_numpy()
    out["nood_vlag"] = flags
    out["robuustheid"] = robustness(matrix, draws=draws, seed=seed)
    for indicator in used:
        out[f"{indicator}__percentiel"] = ranks[indicator]
    return out.reset_index(drop=True)
