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

TARGETS: tuple[str, ...] = ("naive", "static", "product")
Unit = Literal["s", "bytes", "MB"]


@dataclass(frozen=True)
class Measure:
    """One row of the table: what is measured, its unit and the budget for the product."""

    key: str
    label: str
    unit: Unit
    budget: float | None = None
    budget_text: str = ""


MEASURES: tuple[Measure, ...] = (
    Measure("bytes_first", "map bytes, first render (gemeente)", "bytes", 1_000_000, "<= 1 MB"),
    Measure("bytes_change", "map bytes, layer change (gemeente)", "bytes", 200_000, "<= 200 KB"),
    Measure("bytes_total_first", "all bytes, first page load (gemeente)", "bytes"),
    Measure("cold_start", "cold start to drawn map", "s", 4.0, "<= 4 s"),
    Measure("second_session", "second session to drawn map", "s", 2.0, "<= 2 s"),
    Measure("layer_change", "layer change to recoloured map", "s", 0.6, "<= 0.6 s"),
    Measure("wijk_first", "wijk, all Flanders: first map", "s", 5.0, "<= 5 s"),
    Measure("wijk_change", "wijk, all Flanders: layer change", "s", 1.5, "<= 1.5 s"),
    Measure("wijk_bytes_first", "wijk: map bytes, first render", "bytes"),
    Measure("wijk_bytes_change", "wijk: map bytes, layer change", "bytes"),
    Measure("check_time", "`verbonden check`, 100,000 rows: time", "s", 3.0, "<= 3 s"),
    Measure("check_peak", "`verbonden check`, 100,000 rows: peak memory", "MB", 400.0, "<= 400 MB"),
    Measure("build_time", "`verbonden data build --force`", "s", 30.0, "<= 30 s"),
    Measure("server_rss", "server RSS with 1 session", "MB"),
    Measure("mem_per_session", "memory added per extra session", "MB", 60.0, "<= 60 MB"),
)


def median(values: Sequence[float | None]) -> float | None:
    """Median of the measured (non-None, finite) values; None when there are none."""
    clean = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    return statistics.median(clean) if clean else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def format_value(value: float | None, unit: Unit) -> str:
    """A value in its unit for the table: ``1.23 s``, ``283 KB``, ``4.1 MB``; ``—`` if missing."""
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB" if abs(value) >= 100 else f"{value:.1f} MB"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.2f} MB"
    if abs(value) >= 1_000:
        return f"{value / 1_000:.0f} KB"
    return f"{value:.0f} B"


def format_ratio(value: float | None) -> str:
    """``0.12x``; ``—`` if missing."""
    if value is None:
        return "—"
    return f"{value:.2f}x" if value < 10 else f"{value:.0f}x"


def summarise(samples: Mapping[str, Mapping[str, Sequence[float | None]]]) -> list[dict[str, Any]]:
    """One dict per measure: medians per target, ratios, budget and verdict.

    ``samples[target][measure_key]`` lists the repetitions' values.
    """
    rows = []
    for measure in MEASURES:
        medians = {t: median(samples.get(t, {}).get(measure.key, [])) for t in TARGETS}
        product = medians["product"]
        within = None
        if measure.budget is not None and product is not None:
            within = product <= measure.budget
        rows.append(
            {
                "key": measure.key,
                "label": measure.label,
                "unit": measure.unit,
                "median": medians,
                "n": {t: len(samples.get(t, {}).get(measure.key, [])) for t in TARGETS},
                "product_over_naive": ratio(product, medians["naive"]),
                "product_over_static": ratio(product, medians["static"]),
                "budget": measure.budget,
                "budget_text": measure.budget_text,
                "within_budget": within,
            }
        )
    return rows


def markdown_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """measure | naive | static | product | product/naive | product/static | budget | within?"""
    header = (
        "| measure | naive | static | product | product/naive | product/static | budget "
        "| within budget? |\n|---|---|---|---|---|---|---|---|"
    )
    lines = [header]
    verdicts = {True: "yes", False: "**no**", None: ""}
    for row in rows:
        unit = row["unit"]
        cells = [
            row["label"],
            *(format_value(row["median"][t], unit) for t in TARGETS),
            format_ratio(row["product_over_naive"]),
            format_ratio(row["product_over_static"]),
            row["budget_text"],
            verdicts[row["within_budget"]],
        ]
        lines.append("| " + " | ".join(cells) + " |")
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
