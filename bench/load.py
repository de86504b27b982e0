"""The load scenario: N concurrent sessions on one product server, driven at the websocket level.

Twenty browser contexts drawing Leaflet maps would take the two cores from the server they
measure, so each session here is a Streamlit protocol client (``/_stcore/stream``, protobuf
``BackMsg``/``ForwardMsg``, as the browser's frontend speaks it): it loads Kaart at gemeente
level, changes the map layer three times, switches the level to wijk and changes the layer three
times again, with a think time between steps. Time to a recoloured map = from sending the widget
change until the message that carries the map component (its new restyle payload) arrives; the
browser's own drawing (0.03-0.1 s in the single-session measures) is not included, nor is the
rerun that a real ``st_folium`` frontend sends back after it rendered.

Loopback only; the scenario stops by itself (every wait has a timeout, the whole run a deadline).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import statistics
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bench.apps import memory_mb

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` that also works where this thread already runs an event loop (e.g. next to
    Playwright's sync API in the same test session): then it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


if TYPE_CHECKING:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from websockets.asyncio.client import ClientConnection, connect

STEP_TIMEOUT = 90.0  # seconds one script run may take before the step counts as an error
DEADLINE = 600.0  # seconds for the whole scenario
THINK = (1.0, 3.0)  # seconds between a session's steps (uniform): a busy user
MAP_COMPONENT = "st_folium"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/<pid>/stat)."""
    text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """What one script run sent back."""

    map_seconds: float | None = None  # until the map component's message
    finished_seconds: float | None = None  # until script_finished
    map_args: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class Client:
    """One session: its websocket, the widgets it saw and the states it sends."""

    socket: ClientConnection
    widgets: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # label->(id, opts)
    states: dict[str, WidgetState] = field(default_factory=dict)
    query: str = ""
    page_hash: str = ""

    async def run(self, *, timeout: float = STEP_TIMEOUT) -> Run:
        """Send a rerun with the current widget states and read until the script finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        rerun.widget_states.widgets.extend(self.states.values())
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        return await asyncio.wait_for(self._read(started), timeout)

    async def _read(self, started: float) -> Run:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        run = Run()
        while True:
            payload = await self.socket.recv()
            if isinstance(payload, str):
                continue
            message = ForwardMsg()
            message.ParseFromString(payload)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = message.new_session.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "delta":
                self._delta(message, run, started)
            elif kind == "script_finished":
                run.finished_seconds = time.perf_counter() - started
                if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return run

    def _delta(self, message: ForwardMsg, run: Run, started: float) -> None:
        delta = message.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind in {"selectbox", "radio"}:
            widget = getattr(element, kind)
            self.widgets[widget.label] = (widget.id, list(widget.options))
        elif (
            kind == "component_instance"
            and MAP_COMPONENT in element.component_instance.component_name
        ):
            run.map_seconds = time.perf_counter() - started
            run.map_args = element.component_instance.json_args
        elif kind == "exception":
            run.errors.append(f"exception: {element.exception.message[:200]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            run.errors.append(f"error message: {element.alert.body[:200]}")

    def choose(self, label: str, option: str) -> None:
        """Set the selectbox or radio ``label`` to ``option`` (its shown text) for the next run."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        if label not in self.widgets:
            raise KeyError(f"no widget {label!r} on the page")
        widget_id, options = self.widgets[label]
        if option not in options:
            raise KeyError(f"{option!r} is not an option of {label!r}")
        state = WidgetState(id=widget_id, string_value=option)
        self.states[widget_id] = state


@dataclass(frozen=True)
class Plan:
    """What every session does."""

    query: str  # first load
    layers: Mapping[str, Sequence[tuple[str, str]]]  # level -> (layer id, shown text) in turn
    level_picker: str  # label of the level radio
    wijk_label: str  # its option for wijk
    layer_picker: str  # label of the layer selectbox
    think: tuple[float, float]  # think time between steps, seconds (uniform)


def stream(url: str, headers: Mapping[str, str] | None = None) -> connect:
    """The Streamlit websocket of the app at ``url`` (``http://host:port``), to ``async with``."""
    from websockets.asyncio.client import connect as _connect

    return _connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]  # websockets' own NewType
        additional_headers=dict(headers or {}),
        max_size=None,
        open_timeout=60,
    )


async def _session(
    url: str,
    plan: Plan,
    seed: int,
    start: asyncio.Event,
    out: dict[str, list[Any]],
    *,
    headers: Mapping[str, str] | None = None,
) -> None:
    rng = random.Random(seed)
    await start.wait()
    await asyncio.sleep(rng.uniform(0, plan.think[0]))  # users do not arrive in the same ms
    async with stream(url, headers) as ws:
        client = Client(ws, query=plan.query)
        # (kind, widget, option, text the map's message must contain)
        steps: list[tuple[str, str | None, str | None, str]] = [
            ("first_gemeente", None, None, "/geo/gemeente-")
        ]
        steps += [
            ("change_gemeente", plan.layer_picker, label, ident)
            for ident, label in plan.layers["gemeente"]
        ]
        steps += [("first_wijk", plan.level_picker, plan.wijk_label, "/geo/wijk-")]
        steps += [
            ("change_wijk", plan.layer_picker, label, ident) for ident, label in plan.layers["wijk"]
        ]
        for kind, label, option, expected in steps:
            if label is not None and option is not None:
                client.choose(label, option)
                await asyncio.sleep(rng.uniform(*plan.think))
            try:
                run = await client.run()
            except (TimeoutError, KeyError) as error:
                out["errors"].append(f"{kind}: {type(error).__name__}: {error}")
                return
            out["errors"].extend(f"{kind}: {e}" for e in run.errors)
            if run.map_seconds is None or expected not in run.map_args:
                out["errors"].append(f"{kind}: the map does not show {expected!r}")
                continue
            out[kind].append(run.map_seconds)
            out[f"{kind}_finished"].append(run.finished_seconds)


def _rss(pids: Sequence[int]) -> float:
    return sum(memory_mb(pid)["VmRSS"] for pid in pids)


async def _scenario(
    url: str,
    plan: Plan,
    sessions: int,
    pids: Sequence[int],
    *,
    warm_urls: Sequence[str] = (),
    headers_for: Callable[[int], Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    out: dict[str, list[Any]] = {
        key: []
        for kind in ("first_gemeente", "change_gemeente", "first_wijk", "change_wijk")
        for key in (kind, f"{kind}_finished")
    }
    out["errors"] = []
    warm: dict[str, list[Any]] = {key: [] for key in out}
    start = asyncio.Event()
    start.set()
    # one warm-up session first: the server's shared caches (store reads, unit tables) are
    # filled once per server, as after a deploy's first visitor
    # (behind a proxy: one straight to each app server, ``warm_urls``)
    for warm_url in warm_urls or [url]:
        await _session(warm_url, plan, 0, start, warm)
    rss_warm = _rss(pids)
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(
            _session(url, plan, seed, start, out, headers=_headers(headers_for, seed))
        )
        for seed in range(1, sessions + 1)
    ]
    peak_rss = rss_warm

    async def _watch_memory() -> None:
        nonlocal peak_rss
        while True:
            peak_rss = max(peak_rss, _rss(pids))
            await asyncio.sleep(0.25)

    watcher = asyncio.create_task(_watch_memory())
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    began = time.perf_counter()
    start.set()
    done, pending = await asyncio.wait(tasks, timeout=DEADLINE)
    for task in pending:
        task.cancel()
        out["errors"].append("session still running at the deadline")
    for task in done:
        if task.exception() is not None:
            error = task.exception()
            out["errors"].append(f"session: {type(error).__name__}: {error}")
    watcher.cancel()
    seconds = time.perf_counter() - began
    cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    runs = sum(len(v) for k, v in out.items() if k.endswith("_finished"))
    return {
        "sessions": sessions,
        "think_seconds": list(plan.think),
        "seconds": seconds,
        "server_cpu_seconds": cpu,
        "script_runs": runs,
        "server_cpu_per_run": cpu / runs if runs else None,
        "server_cores_busy": cpu / seconds if seconds else None,
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "times": out,
        "warm_up": warm,
        "rss_warm_mb": rss_warm,
        "rss_peak_mb": peak_rss,
        "rss_per_session_mb": (peak_rss - rss_warm) / sessions,
        "server_peak_mb": sum(memory_mb(pid).get("VmHWM", 0.0) for pid in pids),
        "servers": len(pids),
        "server_rss_mb": [memory_mb(pid)["VmRSS"] for pid in pids],
    }


def _headers(
    headers_for: Callable[[int], Mapping[str, str]] | None, seed: int
) -> Mapping[str, str] | None:
    return None if headers_for is None else headers_for(seed)


def run_scenario(
    url: str,
    pid: int | Sequence[int],
    *,
    sessions: int,
    layers: Mapping[str, Sequence[tuple[str, str]]],
    wijk_label: str,
    think: tuple[float, float] = THINK,
    headers_for: Callable[[int], Mapping[str, str]] | None = None,
    warm_urls: Sequence[str] = (),
) -> dict[str, Any]:
    """Run the scenario against the product at ``url``: one server process ``pid``, or several
    behind a proxy (``pid`` a list; memory and CPU are their sums; the warm-up session goes
    straight to each of ``warm_urls``). ``headers_for(seed)`` gives session ``seed``'s extra
    websocket headers (a login, a route cookie)."""
    plan = Plan(
        query="niveau=gemeente&laag=kloof",
        layers=layers,
        level_picker="Niveau",
        wijk_label=wijk_label,
        layer_picker="Kaartlaag",
        think=think,
    )
    pids = [pid] if isinstance(pid, int) else list(pid)
    return run_coroutine(
        _scenario(url, plan, sessions, pids, warm_urls=warm_urls, headers_for=headers_for)
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0-1) of ``values``, interpolated; None when empty."""
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


STEPS = (
    ("first_gemeente", "first Kaart run, gemeente"),
    ("change_gemeente", "layer change, gemeente"),
    ("first_wijk", "switch to wijk (first wijk map)"),
    ("change_wijk", "layer change, wijk"),
)


def markdown(result: Mapping[str, Any]) -> str:
    """The scenario as a table: p50/p95/max per step, counts, errors, memory."""
    times = result["times"]
    lines = [
        "| step (time to the map's message) | n | p50 | p95 | max | script finished p95 |",
        "|---|---|---|---|---|---|",
    ]

    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f} s"

    for key, label in STEPS:
        values = [float(v) for v in times.get(key, [])]
        finished = [float(v) for v in times.get(f"{key}_finished", []) if v is not None]
        lines.append(
            f"| {label} | {len(values)} | {cell(percentile(values, 0.5))} | "
            f"{cell(percentile(values, 0.95))} | {cell(max(values) if values else None)} | "
            f"{cell(percentile(finished, 0.95))} |"
        )
    errors = times.get("errors", [])
    lines.append("")
    lines.append(
        f"{result['sessions']} concurrent sessions (websocket clients), think time "
        f"{result['think_seconds'][0]:.0f}-{result['think_seconds'][1]:.0f} s, "
        f"{result['seconds']:.0f} s in all; errors: {len(errors)}"
        + (" (" + "; ".join(errors[:5]) + ")" if errors else "")
        + (f". {result['servers']} servers (sums)" if result.get("servers", 1) > 1 else "")
        + f". Server RSS after one warm-up session {result['rss_warm_mb']:.0f} MB, peak "
        f"{result['rss_peak_mb']:.0f} MB: {result['rss_per_session_mb']:.1f} MB per session. "
        f"Server CPU {result['server_cpu_seconds']:.0f} s for {result['script_runs']} script runs "
        f"({result['server_cpu_per_run'] or 0:.2f} s per run; on average "
        f"{result['server_cores_busy'] or 0:.2f} cores busy); load average at the end "
        f"{result['load_average']}."
    )
    return "\n".join(lines)
