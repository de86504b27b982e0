"""Medians, ratios, the budget table (Markdown) and the machine description."""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

TARGETS: tuple[str, ...] = ("naive", "static", "empty", "empty_served", "product")
#: Targets the product is divided by in the table (``product/<ref>``).
REFERENCES: tuple[str, ...] = ("empty", "empty_served", "naive", "static")
Unit = Literal["s", "bytes", "MB", "load"]


@dataclass(frozen=True)
class Measure:
    """One row of the table: what is measured, its unit and the budget for the product.

    ``budget`` is absolute; ``budget_empty`` is a ratio to the empty Streamlit page (the floor
    of any Streamlit app). A row is within budget when every budget it has holds.
    """

    key: str
    label: str
    unit: Unit
    budget: float | None = None
    budget_text: str = ""
    budget_empty: float | None = None


MEASURES: tuple[Measure, ...] = (
    Measure("bytes_first", "map bytes, first render (gemeente)", "bytes", 1_000_000, "<= 1 MB"),
    Measure("bytes_change", "map bytes, layer change (gemeente)", "bytes", 200_000, "<= 200 KB"),
    Measure("bytes_total_first", "all bytes, first page load (gemeente)", "bytes"),
    Measure("cold_start", "cold start to drawn map", "s", 4.0, "<= 4 s, <= 1.3x empty", 1.3),
    Measure(
        "second_session", "second session to drawn map", "s", 2.0, "<= 2 s, <= 1.3x empty", 1.3
    ),
    Measure("layer_change", "layer change to recoloured map", "s", 0.5, "<= 0.5 s"),
    Measure("wijk_first", "wijk, all Flanders: first map", "s", 4.0, "<= 4 s, <= 2x empty", 2.0),
    Measure("wijk_change", "wijk, all Flanders: layer change", "s", 1.5, "<= 1.5 s"),
    Measure("wijk_bytes_first", "wijk: map bytes, first render", "bytes"),
    Measure("wijk_bytes_change", "wijk: map bytes, layer change", "bytes"),
    Measure("check_time", "`verbonden check`, 100,000 rows: time", "s", 2.0, "<= 2 s"),
    Measure("check_peak", "`verbonden check`, 100,000 rows: peak memory", "MB", 400.0, "<= 400 MB"),
    Measure("build_time", "`verbonden data build --force`", "s", 30.0, "<= 30 s"),
    Measure("server_start", "server start until /_stcore/health answers", "s"),
    Measure("server_rss", "server RSS with 1 session", "MB"),
    Measure("mem_per_session", "memory added per extra session", "MB", 60.0, "<= 60 MB"),
    Measure("load_1m", "load average (1 min) when the target started", "load"),
)

#: Where the first look goes: seconds from navigation to each step (browser clock), per visit.
PHASES: tuple[tuple[str, str], ...] = (
    ("ws_open", "websocket open"),
    ("first_element", "first element of the script on screen"),
    ("iframe_start", "map iframe requested"),
    ("iframe_loaded", "map iframe loaded (its DOMContentLoaded)"),
    ("leaflet_loaded", "Leaflet loaded in the iframe"),
    ("shapes_fetched", "shapes file fetched"),
    ("drawn", "map drawn (all shapes)"),
)
PHASE_VISITS: tuple[tuple[str, str], ...] = (
    ("cold", "cold start"),
    ("second", "second session"),
    ("wijk", "wijk first map"),
)


def median(values: Sequence[float | None]) -> float | None:
    """Median of the measured (non-None, finite) values; None when there are none."""
    clean = _clean(values)
    return statistics.median(clean) if clean else None


def _clean(values: Sequence[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def spread(values: Sequence[float | None]) -> tuple[float, float] | None:
    """(min, max) of the measured values; None when there are fewer than two."""
    clean = _clean(values)
    return (min(clean), max(clean)) if len(clean) >= 2 else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def format_value(value: float | None, unit: Unit) -> str:
    """A value in its unit for the table: ``1.23 s``, ``283 KB``, ``4.1 MB``; ``—`` if missing."""
    if value is None:
        return "—"
    if unit in {"s", "load"}:
        return f"{value:.2f} s" if unit == "s" else f"{value:.1f}"
    if unit == "MB":
        return f"{value:.0f} MB" if abs(value) >= 100 else f"{value:.1f} MB"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.2f} MB"
    if abs(value) >= 1_000:
        return f"{value / 1_000:.0f} KB"
    return f"{value:.0f} B"


def _bare(value: float, unit: Unit) -> str:
    """A spread bound without its unit: ``1.23``; bytes keep theirs (KB vs MB)."""
    text = format_value(value, unit)
    return text if unit == "bytes" else text.split(" ")[0]


def format_cell(value: float | None, bounds: tuple[float, float] | None, unit: Unit) -> str:
    """Median with the spread: ``3.32 s (3.10–3.50)``; only the median for one value."""
    text = format_value(value, unit)
    if value is None or bounds is None:
        return text
    return f"{text} ({_bare(bounds[0], unit)}–{_bare(bounds[1], unit)})"


def format_ratio(value: float | None) -> str:
    """``0.12x``; ``—`` if missing."""
    if value is None:
        return "—"
    return f"{value:.2f}x" if value < 10 else f"{value:.0f}x"


def _verdict(measure: Measure, product: float | None, empty: float | None) -> bool | None:
    checks = []
    if measure.budget is not None and product is not None:
        checks.append(product <= measure.budget)
    over_empty = ratio(product, empty)
    if measure.budget_empty is not None and over_empty is not None:
        checks.append(over_empty <= measure.budget_empty)
    return all(checks) if checks else None


def summarise(samples: Mapping[str, Mapping[str, Sequence[float | None]]]) -> list[dict[str, Any]]:
    """One dict per measure: medians and spreads per target, ratios, budget and verdict.

    ``samples[target][measure_key]`` lists the repetitions' values.
    """
    rows = []
    for measure in MEASURES:
        values = {t: samples.get(t, {}).get(measure.key, []) for t in TARGETS}
        medians = {t: median(v) for t, v in values.items()}
        product = medians["product"]
        rows.append(
            {
                "key": measure.key,
                "label": measure.label,
                "unit": measure.unit,
                "median": medians,
                "spread": {t: spread(v) for t, v in values.items()},
                "n": {t: len(v) for t, v in values.items()},
                **{f"product_over_{r}": ratio(product, medians[r]) for r in REFERENCES},
                "budget": measure.budget,
                "budget_empty": measure.budget_empty,
                "budget_text": measure.budget_text,
                "within_budget": _verdict(measure, product, medians["empty"]),
            }
        )
    return rows


def markdown_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """measure | each target (median, spread) | product/<reference> ... | budget | within?"""
    header = (
        "| measure | "
        + " | ".join(TARGETS)
        + " | "
        + " | ".join(f"product/{r}" for r in REFERENCES)
        + " | budget | within budget? |\n|"
        + "---|" * (1 + len(TARGETS) + len(REFERENCES) + 2)
    )
    lines = [header]
    verdicts = {True: "yes", False: "**no**", None: ""}
    for row in rows:
        unit = row["unit"]
        spreads = row.get("spread", {})
        cells = [
            row["label"],
            *(format_cell(row["median"][t], spreads.get(t), unit) for t in TARGETS),
            *("" if unit == "load" else format_ratio(row[f"product_over_{r}"]) for r in REFERENCES),
            row["budget_text"],
            verdicts[row["within_budget"]],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def phase_table(samples: Mapping[str, Mapping[str, Sequence[float | None]]]) -> str:
    """Where the first look goes: per visit kind and target, median seconds to each step."""
    columns = [
        (visit, target)
        for visit, _ in PHASE_VISITS
        for target in ("empty", "empty_served", "naive", "product")
        if any(samples.get(target, {}).get(f"phase_{visit}_{key}") for key, _ in PHASES)
    ]
    if not columns:
        return ""
    labels = dict(PHASE_VISITS)
    header = (
        "| step (s since navigation) | "
        + " | ".join(f"{labels[v]}: {t}" for v, t in columns)
        + " |\n|"
        + "---|" * (1 + len(columns))
    )
    lines = [header]
    for key, label in PHASES:
        cells = []
        for visit, target in columns:
            values = samples.get(target, {}).get(f"phase_{visit}_{key}", [])
            cells.append(format_cell(median(values), spread(values), "s"))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """nproc, memory, CPU model, OS and the UTC date of the run."""
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "memory_gb": memory_gb,
        "cpu": cpu or platform.processor() or "unknown",
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average": [round(v, 2) for v in os.getloadavg()],
    }


def machine_line(info: Mapping[str, object]) -> str:
    """One line: date, CPU, cores, memory."""
    return (
        f"{info['date']} · {info['cpu']} · {info['nproc']} cores · {info['memory_gb']} GB RAM · "
        f"{info['os']} · Python {info['python']} · load average at start "
        f"{info.get('load_average')}, at end {info.get('load_average_end')}"
    )
