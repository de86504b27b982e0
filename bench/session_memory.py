"""Memory given back after sessions close: open N Kaart sessions, close them, watch the RSS.

Each session is a websocket client (:class:`bench.load.Client`): it loads Kaart at gemeente level,
changes the map layer, switches to wijk and changes the layer again, then closes its websocket.
The server's RSS (``/proc/<pid>/status``) is read after one warm-up session (the baseline: the
shared caches are full), at the peak, and every few seconds after the last session closed.

Run against a fresh product server::

    python bench/session_memory.py --sessions 20 --wait 180
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.apps import memory_mb
from bench.load import Client, run_coroutine, stream

LEVEL_PICKER, WIJK_LABEL, LAYER_PICKER = "Niveau", "Wijken (2.563)", "Kaartlaag"


@dataclass
class Outcome:
    """What the sessions reported and the server's memory over time."""

    baseline_mb: float = 0.0
    peak_mb: float = 0.0
    after_mb: list[tuple[float, float]] = field(default_factory=list)  # (s after close, MB)
    errors: list[str] = field(default_factory=list)

    @property
    def final_mb(self) -> float:
        """RSS at the last reading after the sessions closed."""
        return self.after_mb[-1][1] if self.after_mb else self.peak_mb

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "baseline_mb": round(self.baseline_mb, 1),
            "peak_mb": round(self.peak_mb, 1),
            "final_mb": round(self.final_mb, 1),
            "growth_pct": round(100 * (self.final_mb / self.baseline_mb - 1), 1),
            "after_mb": [(round(s), round(mb, 1)) for s, mb in self.after_mb],
            "errors": self.errors[:10],
        }


async def one_session(url: str, layers: Mapping[str, Sequence[str]], errors: list[str]) -> None:
    """Kaart at gemeente level, layer changes, wijk level, layer changes; then disconnect."""
    async with stream(url) as socket:
        client = Client(socket, query="niveau=gemeente&laag=kloof")
        steps: list[tuple[str | None, str | None]] = [(None, None)]
        steps += [(LAYER_PICKER, label) for label in layers["gemeente"]]
        steps += [(LEVEL_PICKER, WIJK_LABEL)]
        steps += [(LAYER_PICKER, label) for label in layers["wijk"]]
        for picker, option in steps:
            try:
                if picker is not None and option is not None:
                    client.choose(picker, option)
                run = await client.run()
            except (TimeoutError, KeyError) as error:
                errors.append(f"{picker}={option}: {type(error).__name__}: {error}")
                return
            errors.extend(run.errors)


async def _measure(
    url: str, pid: int, layers: Mapping[str, Sequence[str]], sessions: int, wait: float
) -> Outcome:
    outcome = Outcome()
    await one_session(url, layers, outcome.errors)  # warm-up: shared caches filled
    await asyncio.sleep(3)
    outcome.baseline_mb = memory_mb(pid)["VmRSS"]
    outcome.peak_mb = outcome.baseline_mb
    tasks = [asyncio.create_task(one_session(url, layers, outcome.errors)) for _ in range(sessions)]
    while not all(task.done() for task in tasks):
        outcome.peak_mb = max(outcome.peak_mb, memory_mb(pid)["VmRSS"])
        await asyncio.sleep(0.25)
    for task in tasks:
        if task.exception() is not None:
            outcome.errors.append(f"session: {task.exception()!r}")
    closed = time.monotonic()
    while (elapsed := time.monotonic() - closed) < wait:
        await asyncio.sleep(5)
        outcome.after_mb.append((elapsed + 5, memory_mb(pid)["VmRSS"]))
    return outcome


def measure(
    url: str,
    pid: int,
    *,
    sessions: int,
    wait: float,
    layers: Mapping[str, Sequence[str]] | None = None,
) -> Outcome:
    """Run the measure against the server at ``url`` (process ``pid``)."""
    if layers is None:
        layers = default_layers()
    return run_coroutine(_measure(url, pid, layers, sessions, wait))


def default_layers() -> dict[str, list[str]]:
    """Picker texts of two layers per level (as the load scenario changes them)."""
    from layers.indicators import specs_for
    from layers.views import LayerChoice

    picks = {"gemeente": ("leeftijd_80plus", "alleenwonend"), "wijk": ("afstand_station",)}
    out: dict[str, list[str]] = {}
    for level, ids in picks.items():
        specs = {spec.id: spec for spec in specs_for(level)}
        out[level] = [
            LayerChoice(
                i, specs[i].label, specs[i].unit, "", is_proxy=specs[i].is_proxy
            ).picker_label
            for i in ids
        ]
    return out


def main() -> int:
    """Start the product server, measure, print JSON."""
    from bench import apps

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--wait", type=float, default=180.0)
    parser.add_argument("--url", help="a running server instead of a new one (needs --pid)")
    parser.add_argument("--pid", type=int)
    args = parser.parse_args()
    if args.url:
        outcome = measure(args.url, args.pid, sessions=args.sessions, wait=args.wait)
    else:
        import os
        import tempfile

        with apps.product(env=dict(os.environ), log_dir=Path(tempfile.mkdtemp())) as server:
            outcome = measure(server.url, server.pid, sessions=args.sessions, wait=args.wait)
    print(json.dumps(outcome.as_dict(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
