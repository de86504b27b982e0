"""``make bench`` (planning part): timings of the Plannen page's computations, no browser.

Measures in this process, median of N repetitions (default 3) after one warm-up: the what-if for
one gemeente (Herselt, three new places), the suggested sites (k = 5) for the largest gemeenten
(Antwerpen, Gent) at 800 and 1,500 m, and the hot spots of the 2,563 wijken (999 permutations);
plus the one-off costs (imports of spopt and esda, the per-store tables). Prints a Markdown table
with the issue's budgets. Usage::

    .venv/bin/python bench/planning.py [--reps N] [--home DIR] [--mirror DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

BUDGETS = {"what-if": 0.5, "suggest": 5.0, "hotspots": 3.0}


def _once(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _median(action: Callable[[], object], reps: int) -> float:
    action()  # warm-up
    return statistics.median(_once(action) for _ in range(reps))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--home")
    parser.add_argument("--mirror")
    args = parser.parse_args(argv)

    from geodata.build import ensure_store
    from geodata.settings import load_settings
    from layers.analysis import unit_table
    from layers.indicators import IndicatorInputs
    from layers.planning import hotspots, planning_base, suggest_sites, what_if, wijk_neighbours

    settings = load_settings(home=args.home, mirror=args.mirror)
    ensure_store(settings)
    inputs = IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)
    rows: list[tuple[str, float, float | None]] = []
    spopt = _once(lambda: __import__("spopt.locate"))
    rows.append(("import spopt, esda, libpysal (once per process)", spopt, None))
    rows.append(("import esda after spopt", _once(lambda: __import__("esda.moran")), None))
    rows.append(
        (
            "planning base (cached tables)",
            _once(lambda: planning_base(inputs, home=settings.home)),
            None,
        )
    )
    base = planning_base(inputs, home=settings.home)
    names = base.gemeente_names
    code = {name: str(names[names == name].index[0]) for name in ("Herselt", "Antwerpen", "Gent")}
    new = base.gemeente_sectors(code["Herselt"])[["x", "y"]].to_numpy()[:3]
    rows.append(
        (
            "what-if, Herselt, 3 new places",
            _median(lambda: what_if(base, gemeente=code["Herselt"], new=new), args.reps),
            BUDGETS["what-if"],
        )
    )
    for name in ("Antwerpen", "Gent"):
        for distance in (800.0, 1500.0):
            seconds = _median(
                partial(suggest_sites, base, gemeente=code[name], k=5, distance_m=distance),
                args.reps,
            )
            rows.append(
                (f"suggested sites, {name}, k = 5, {distance:.0f} m", seconds, BUDGETS["suggest"])
            )
    neighbours = wijk_neighbours(inputs, home=settings.home)
    need = unit_table(inputs, "wijk").set_index("code")["nood"]
    rows.append(
        (
            "hot spots, 2,563 wijken, 999 permutations",
            _median(lambda: hotspots(need, neighbours), args.reps),
            BUDGETS["hotspots"],
        )
    )
    print("| measure | seconds | budget | within? |")
    print("|---|---|---|---|")
    for label, seconds, budget in rows:
        verdict = "—" if budget is None else ("yes" if seconds <= budget else "**no**")
        shown = "—" if budget is None else f"<= {budget:g} s"
        print(f"| {label} | {seconds:.2f} | {shown} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
