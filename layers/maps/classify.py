"""Class breaks for choropleths: quantiles, Fisher-Jenks, equal interval or manual breaks.

Breaks are computed here with numpy and give the same bins as mapclassify (tests compare them):
importing mapclassify pulls in scipy and scikit-learn (seconds on the first map), and its
pure-Python Fisher-Jenks takes ~10 s for 2,563 wijken without numba, so Fisher-Jenks is an exact
vectorised dynamic programme here. Labels are in Dutch number format with the unit, e.g.
``"4,5 – 6,1 %"``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from layers.maps.formatting import format_number, label_decimals, with_unit
from layers.maps.palettes import DEFAULT_PALETTE, sequential

Scheme = Literal["quantiles", "fisher_jenks", "equal_interval", "manual"]
SCHEMES: tuple[str, ...] = ("quantiles", "fisher_jenks", "equal_interval", "manual")
SCHEME_LABELS: dict[str, str] = {
    "quantiles": "Kwantielen (even veel gebieden per klasse)",
    "fisher_jenks": "Natuurlijke grenzen (Fisher-Jenks)",
    "equal_interval": "Gelijke intervallen",
    "manual": "Eigen klassengrenzen",
}
MISSING_CLASS = -1


@dataclass(frozen=True, eq=False)
class Classification:
    """Result of :func:`classify`.

    ``bins`` are the upper bounds of the classes (ascending); ``lower`` is the smallest value
    (the lower bound of the first class) or None when every value is missing. ``classes`` has the
    index of the input series and holds the class number (0-based) or -1 for a missing value.
    ``notes`` are Dutch remarks for the user (fewer classes than asked, values left out, ...).
    """

    scheme: str
    bins: tuple[float, ...]
    lower: float | None
    classes: pd.Series
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    unit: str
    decimals: int
    notes: tuple[str, ...] = ()

    @property
    def k(self) -> int:
        """Number of classes actually formed."""
        return len(self.bins)

    @property
    def n_missing(self) -> int:
        """Number of values without a class."""
        return int((self.classes == MISSING_CLASS).sum())

    def colours(self, palette: str = DEFAULT_PALETTE, *, reverse: bool = False) -> tuple[str, ...]:
        """One colour per class from a sequential palette."""
        return sequential(palette, max(self.k, 1), reverse=reverse)[: self.k]

    def class_of(self, value: float | None) -> int:
        """Class number of a (new) value under these breaks; -1 when missing."""
        if value is None or not np.isfinite(value) or not self.bins:
            return MISSING_CLASS
        index = int(np.searchsorted(np.asarray(self.bins), value, side="left"))
        return min(index, self.k - 1)


def _numeric(values: pd.Series) -> pd.Series:
    if not (pd.api.types.is_numeric_dtype(values) or values.isna().all()):
        raise ValueError(
            f"Kolom '{values.name}' bevat geen getallen (type {values.dtype}); "
            "alleen numerieke waarden kunnen in klassen worden ingedeeld."
        )
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return numbers.where(np.isfinite(numbers))


def fisher_jenks_bins(values: np.ndarray, k: int) -> tuple[float, ...]:
    """Exact Fisher-Jenks upper bounds for ``k`` classes (fewer when there are fewer values)."""
    unique, counts = np.unique(values[np.isfinite(values)], return_counts=True)
    n = len(unique)
    k = min(k, n)
    if k <= 1:
        return (float(unique[-1]),) if n else ()
    w = counts.astype(float)
    s0 = np.concatenate(([0.0], np.cumsum(w)))
    s1 = np.concatenate(([0.0], np.cumsum(w * unique)))
    s2 = np.concatenate(([0.0], np.cumsum(w * unique**2)))

    def sse(start: np.ndarray, end: int) -> np.ndarray:
        """Within-class sum of squares of unique[start..end] for every start."""
        n0 = s0[end + 1] - s0[start]
        m1 = s1[end + 1] - s1[start]
        return np.asarray(s2[end + 1] - s2[start] - m1 * m1 / n0)

    cost = np.full((k, n), np.inf)
    back = np.zeros((k, n), dtype=int)
    cost[0] = s2[1:] - s1[1:] ** 2 / s0[1:]
    for c in range(1, k):
        for j in range(c, n):
            starts = np.arange(c, j + 1)
            candidates = cost[c - 1, starts - 1] + sse(starts, j)
            best = int(np.argmin(candidates))
            cost[c, j] = candidates[best]
            back[c, j] = starts[best]
    uppers: list[float] = []
    end = n - 1
    for c in range(k - 1, -1, -1):
        uppers.append(float(unique[end]))
        end = back[c, end] - 1
    return tuple(reversed(uppers))


def quantile_bins(values: np.ndarray, k: int) -> tuple[float, ...]:
    """Upper bounds of ``k`` quantile classes (as mapclassify.Quantiles: linear percentiles at
    100/k steps, duplicates merged)."""
    step = 100.0 / k
    percents = np.arange(step, 100.0 + step, step)
    percents[-1] = min(percents[-1], 100.0)
    return tuple(float(b) for b in np.unique(np.percentile(values, percents[:k])))


def equal_interval_bins(values: np.ndarray, k: int) -> tuple[float, ...]:
    """Upper bounds of ``k`` classes of equal width (as mapclassify.EqualInterval)."""
    low, high = float(values.min()), float(values.max())
    width = (high - low) / k
    cuts = np.arange(low + width, high + width, width)[:k] if width > 0 else np.array([high])
    cuts[-1] = high
    return tuple(float(b) for b in cuts)


MAX_BREAKS = 8  # nine classes: the longest sequential palette
BREAKS_EXAMPLE = "bv. 10; 20; 30 (decimalen met een komma: 12,5)"


def parse_breaks(text: str) -> tuple[float, ...]:
    """Class breaks typed by a user: numbers separated by ``;`` or spaces, decimal comma or
    point ("10; 12,5; 20"). Raises ValueError with a Dutch message saying what to type."""
    tokens = [t.strip().rstrip(",") for t in re.split(r"[;\s]+", text or "") if t.strip(" ,")]
    if not tokens:
        raise ValueError(f"Geef minstens één klassengrens op, {BREAKS_EXAMPLE}.")
    numbers = []
    for token in tokens:
        try:
            number = float(token.replace(",", "."))
        except ValueError:
            raise ValueError(
                f"'{token}' is geen getal. Geef de grenzen als getallen, {BREAKS_EXAMPLE}."
            ) from None
        if not math.isfinite(number):
            raise ValueError(f"'{token}' is geen eindig getal ({BREAKS_EXAMPLE}).")
        numbers.append(number)
    if any(b <= a for a, b in itertools.pairwise(numbers)):
        raise ValueError(
            f"Zet de grenzen van klein naar groot, elk maar één keer ({BREAKS_EXAMPLE})."
        )
    if len(numbers) > MAX_BREAKS:
        raise ValueError(f"Hoogstens {MAX_BREAKS} grenzen (dus {MAX_BREAKS + 1} klassen).")
    return tuple(numbers)


def _manual_bins(values: np.ndarray, breaks: Sequence[float] | None) -> tuple[float, ...]:
    if not breaks:
        raise ValueError("Geef minstens één klassengrens op voor eigen klassengrenzen.")
    cleaned = [float(b) for b in breaks]
    if not all(np.isfinite(cleaned)):
        raise ValueError(f"Klassengrenzen moeten eindige getallen zijn: {list(breaks)}.")
    if any(b <= a for a, b in itertools.pairwise(cleaned)):
        raise ValueError(f"Klassengrenzen moeten strikt oplopen: {list(breaks)}.")
    if len(values) and values.max() > cleaned[-1]:
        cleaned.append(float(values.max()))
    return tuple(cleaned)


def _bins(
    known: np.ndarray, *, scheme: str, k: int, breaks: Sequence[float] | None, notes: list[str]
) -> tuple[float, ...]:
    """Upper bounds for the known values; appends Dutch notes about reduced classes."""
    if scheme == "manual":
        return _manual_bins(known, breaks)
    if len(known) == 0:
        notes.append("Geen enkele waarde beschikbaar: er zijn geen klassen.")
        return ()
    n_unique = len(np.unique(known))
    if n_unique < k:
        notes.append(
            f"Slechts {n_unique} verschillende waarde(n): {n_unique} klasse(n) in plaats van {k}."
        )
    if n_unique == 1:
        return (float(known[0]),)
    if scheme == "fisher_jenks":
        return fisher_jenks_bins(known, k)
    classes = min(k, n_unique)
    bins = (
        quantile_bins(known, classes)
        if scheme == "quantiles"
        else equal_interval_bins(known, classes)
    )
    return tuple(sorted(set(bins)))


def _labels(bins: tuple[float, ...], lower: float | None, unit: str, decimals: int) -> list[str]:
    labels = []
    for i, upper in enumerate(bins):
        high = format_number(upper, decimals=decimals)
        low_value = lower if i == 0 else bins[i - 1]
        if low_value is None or (i == 0 and low_value > upper):
            labels.append(with_unit(f"≤ {high}", unit))
        elif i == 0 and low_value == upper:
            labels.append(with_unit(high, unit))
        else:
            labels.append(
                with_unit(f"{format_number(low_value, decimals=decimals)} – {high}", unit)
            )
    return labels


def classify(
    values: pd.Series,
    *,
    scheme: Scheme = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    unit: str = "",
    decimals: int | None = None,
) -> Classification:
    """Put ``values`` into classes.

    Missing and non-finite values get class -1. When there are fewer distinct values than ``k``,
    fewer classes are formed and a note says so. ``breaks`` (upper bounds, strictly ascending) are
    used with ``scheme="manual"``; values above the last break form one more class. ``decimals``
    defaults to the fewest that keep all class bounds distinct.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"Onbekende klassenindeling '{scheme}'; kies uit: {', '.join(SCHEMES)}.")
    if scheme != "manual" and not 1 <= k <= 9:
        raise ValueError(f"Het aantal klassen moet tussen 1 en 9 liggen, niet {k}.")
    numbers = _numeric(pd.Series(values))
    known = numbers.dropna().to_numpy()
    notes: list[str] = []
    n_missing = int(numbers.isna().sum())
    if n_missing:
        notes.append(f"{n_missing} gebied(en) zonder waarde: weergegeven als 'geen gegevens'.")

    bins = _bins(known, scheme=scheme, k=k, breaks=breaks, notes=notes)

    lower = float(known.min()) if len(known) else None
    if bins:
        edges = np.asarray(bins)
        index = np.searchsorted(edges, numbers.fillna(0).to_numpy(), side="left")
        index = np.minimum(index, len(bins) - 1)
        codes = np.where(numbers.isna(), MISSING_CLASS, index)
    else:
        codes = np.full(len(numbers), MISSING_CLASS)
    classes = pd.Series(codes, index=numbers.index).astype(int)
    if decimals is None:
        decimals = label_decimals([*([lower] if lower is not None else []), *bins])
    counts = tuple(int((classes == i).sum()) for i in range(len(bins)))
    return Classification(
        scheme=scheme,
        bins=bins,
        lower=lower,
        classes=classes,
        labels=tuple(_labels(bins, lower, unit, decimals)),
        counts=counts,
        unit=unit,
        decimals=decimals,
        notes=tuple(notes),
    )
