"""``make bench``: the map benchmark — naive baseline, static Leaflet page, empty Streamlit page
(as Streamlit serves it, and served like the product) and the product, then the load scenario.

One run measures the five side by side, interleaved (naive, static, empty, empty_served,
product, naive, ...),
N repetitions (default 3; ``--quick``: 1), then N concurrent sessions against one product server
(``bench/load.py``), and writes ``bench/results.json`` and ``bench/results.md`` (medians,
spreads, ratios, where the first look goes, budget verdicts, load average per target). Only
127.0.0.1 traffic; every server started here is stopped again. Usage::

    .venv/bin/python bench/run.py [--quick] [--reps N] [--only product,empty] [--sessions N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import apps, browser, load, report, workloads  # noqa: E402 - after the path fix
from bench.chromium import launch  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser

UNITS = {"gemeente": 285, "wijk": 2563}
PRODUCT_START = {"gemeente": "kloof", "wijk": "leeftijd_65plus"}
LEVEL_LABELS = {"gemeente": "Gemeenten (285)", "wijk": "Wijken (2.563)"}  # the Niveau radio
SETTLE_SESSION = 1.5  # seconds before reading a server's memory


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition")
    parser.add_argument("--reps", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--changes", type=int, default=2, help="layer changes per session")
    parser.add_argument(
        "--home", type=Path, default=REPO / ".verbonden-home" / "bench", help="VERBONDEN_HOME"
    )
    parser.add_argument(
        "--mirror",
        type=Path,
        default=Path(os.environ.get("VERBONDEN_MIRROR") or REPO.parent / "shared" / "data"),
        help="open-data mirror (default $VERBONDEN_MIRROR or ../shared/data)",
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench", help="folder for results")
    parser.add_argument("--skip-naive-wijk", action="store_true", help="no naive wijk map")
    parser.add_argument(
        "--only", default=",".join(report.TARGETS), help="targets to measure (comma-separated)"
    )
    parser.add_argument(
        "--sessions",
        type=int,
        default=20,
        help="concurrent sessions in the load scenario (0: none)",
    )
    parser.add_argument("--no-commands", action="store_true", help="skip check / data build")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=load.THINK,
        metavar=("MIN", "MAX"),
        help="think time between a load session's steps, seconds (default 1 3)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.reps = 1
    return args


def product_labels() -> dict[str, dict[str, str]]:
    """Picker texts of the product's layers, per level (id -> label)."""
    from layers.indicators import specs_for
    from layers.views import GAP_LAYER, NEED_LAYER, LayerChoice

    out = {}
    for level in UNITS:
        labels = {GAP_LAYER: "Actiekloof (nood × aanbod)", NEED_LAYER: "Nood-index"}
        for spec in specs_for(level):
            choice = LayerChoice(spec.id, spec.label, spec.unit, "", is_proxy=spec.is_proxy)
            labels[spec.id] = choice.picker_label
        out[level] = labels
    return out


def ensure_store(home: Path, mirror: Path, env: dict[str, str]) -> Path:
    """The benchmark's store, built with ``verbonden data build`` when missing or outdated."""
    from geodata.build import store_is_current
    from geodata.settings import load_settings

    settings = load_settings(home=home, mirror=mirror)
    if not store_is_current(settings.store_path):
        print(f"building the store in {home} ...", flush=True)
        subprocess.run(
            [*workloads.verbonden_command(), "data", "build", "--home", str(home)],
            env=env,
            check=True,
            timeout=900,
        )
    return settings.store_path


class Samples:
    """``samples[target][measure] -> [values]`` plus raw details for the JSON."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, list[float | None]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.details: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.load: dict[str, Any] | None = None

    def add(self, target: str, key: str, value: float | None) -> None:
        """Record one value."""
        self.values[target][key].append(value)


def _guarded(samples: Samples, what: str, step: Callable[[], None]) -> None:
    """Run one measurement step; a failure is recorded (and printed), the run goes on."""
    try:
        step()
    except Exception as error:  # the benchmark reports and continues
        message = f"{what}: {type(error).__name__}: {str(error).splitlines()[0][:300]}"
        samples.errors.append(message)
        print(f"  ! {message}", flush=True)
        traceback.print_exc(limit=4)


def _gemeente(
    name: str, server: apps.Server, chromium: Browser, target: browser.Target, samples: Samples,
    *, start: str, url: Callable[[str, str], str], changes: int, detail: dict[str, Any],
    sessions: list[browser.Session],
) -> None:  # fmt: skip
    """Cold start, 3 more sessions (second-session time, memory), layer changes."""
    all_map = name == "static"
    units = UNITS["gemeente"]
    for i in range(4):
        session = browser.open_session(chromium, all_map=all_map)
        sessions.append(session)
        visit = browser.timed_visit(
            session, target, url("gemeente", start), layer=start, units=units, svg=True,
            settle=1.0 if i == 0 else 0.2,
        )  # fmt: skip
        detail.setdefault("visits", []).append(visit)
        if i < 2:
            _add_phases(samples, name, "cold" if i == 0 else "second", visit)
        if i == 0:
            samples.add(name, "cold_start", visit["seconds"])
            if not name.startswith("empty"):  # no map
                samples.add(name, "bytes_first", visit["map_bytes"])
            samples.add(name, "bytes_total_first", visit["total_bytes"])
            time.sleep(SETTLE_SESSION)
            rss_one = apps.memory_mb(server.pid)["VmRSS"]
            samples.add(name, "server_rss", rss_one)
        elif i == 1:
            samples.add(name, "second_session", visit["seconds"])
    time.sleep(SETTLE_SESSION)
    rss_four = apps.memory_mb(server.pid)["VmRSS"]
    samples.add(name, "mem_per_session", (rss_four - rss_one) / 3)
    detail["rss_mb"] = {"one_session": rss_one, "four_sessions": rss_four}
    for layer in apps.CHANGE_LAYERS["gemeente"][:changes]:
        change = browser.timed_change(sessions[1], target, layer, units=units, svg=True)
        samples.add(name, "layer_change", change["seconds"])
        samples.add(name, "bytes_change", change["map_bytes"])
        detail.setdefault("changes", []).append({"layer": layer, **change})


def _wijk(
    name: str, chromium: Browser, target: browser.Target, samples: Samples,
    *, start: str, url: Callable[[str, str], str], changes: int, detail: dict[str, Any],
    sessions: list[browser.Session],
) -> None:  # fmt: skip
    """All 2,563 wijken of Flanders: first map (first wijk visit on this server), changes."""
    svg = name == "naive"  # the product and the static page draw wijken on a canvas
    units = UNITS["wijk"]
    session = browser.open_session(chromium, all_map=name == "static")
    sessions.append(session)
    visit = browser.timed_visit(
        session, target, url("wijk", start), layer=start, units=units, svg=svg, timeout=240
    )
    samples.add(name, "wijk_first", visit["seconds"])
    _add_phases(samples, name, "wijk", visit)
    samples.add(name, "wijk_bytes_first", visit["map_bytes"])
    detail["wijk"] = visit
    # the naive wijk map takes 10-20 s per change: one change keeps the run under 10 minutes
    for layer in apps.CHANGE_LAYERS["wijk"][: 1 if name == "naive" else changes]:
        change = browser.timed_change(session, target, layer, units=units, svg=svg, timeout=240)
        samples.add(name, "wijk_change", change["seconds"])
        samples.add(name, "wijk_bytes_change", change["map_bytes"])
        detail.setdefault("wijk_changes", []).append({"layer": layer, **change})


def _add_phases(samples: Samples, name: str, kind: str, visit: dict[str, Any]) -> None:
    for key, seconds in visit.get("phases", {}).items():
        samples.add(name, f"phase_{kind}_{key}", seconds)


def _close_all(sessions: list[browser.Session], detail: dict[str, Any]) -> None:
    for session in sessions:
        if session.meter.foreign:
            detail.setdefault("foreign_requests", []).extend(session.meter.foreign)
        with contextlib.suppress(Exception):  # closing a broken context is best effort
            session.close()
    sessions.clear()


def measure_maps(
    name: str, server: apps.Server, chromium: Browser, target: browser.Target, samples: Samples,
    *, start: dict[str, str], url: Callable[[str, str], str], changes: int, wijk: bool,
) -> None:  # fmt: skip
    """The map measures of one target on a fresh server."""
    idle = apps.memory_mb(server.pid)
    detail: dict[str, Any] = {"target": name, "pid": server.pid, "idle_mb": idle}
    sessions: list[browser.Session] = []
    try:
        _gemeente(
            name, server, chromium, target, samples, start=start["gemeente"], url=url,
            changes=changes, detail=detail, sessions=sessions,
        )  # fmt: skip
        _close_all(sessions, detail)
        if wijk:
            _wijk(
                name, chromium, target, samples, start=start["wijk"], url=url, changes=changes,
                detail=detail, sessions=sessions,
            )  # fmt: skip
    finally:
        _close_all(sessions, detail)
        detail["peak_mb"] = apps.memory_mb(server.pid).get("VmHWM")
        samples.details.append(detail)


@dataclass
class Prepared:
    """Everything generated once per run (in a temporary folder)."""

    store: Path
    mirror: Path
    env: dict[str, str]
    logs: Path
    naive_dir: Path
    site_dir: Path
    empty_dir: Path
    csv_path: Path
    build_home: Path
    targets: dict[str, browser.Target]


def prepare(tmp: Path, store: Path, home: Path, mirror: Path, env: dict[str, str]) -> Prepared:
    """Naive app, static site, the 100,000-row CSV and a fetched home for the build."""
    from geodata.store import read_attributes

    logs = tmp / "logs"
    logs.mkdir()
    values = apps.indicator_values(store, home / "raw")
    naive_dir = apps.write_naive_app(tmp / "naive", store_path=store, values=values)
    site_dir = apps.write_static_site(tmp / "static", store_path=store, values=values)
    empty_dir = apps.write_empty_app(tmp / "empty")
    codes = read_attributes(store, "gemeente")["code"].astype(str).tolist()
    csv_path = workloads.write_check_csv(tmp / "check-100000.csv", codes)
    # Untimed: a store built before the resolver's cache existed gets it now, as `verbonden data
    # build` fills it; the timed checks then measure what every later check does.
    workloads.run_check(csv_path, store, env=env)
    build_home = tmp / "build-home"
    workloads.fetch_raw(build_home, mirror, env=env)
    ids = {lid for layers in apps.CHANGE_LAYERS.values() for lid in layers}
    ids |= set(apps.START_LAYER.values())
    labels = product_labels()
    targets = {
        "naive": browser.Target("naive", browser.MAP_FRAME, "Indicator", {i: i for i in ids}),
        "static": browser.Target("static", None, None, {i: i for i in ids}),
        "empty": browser.Target("empty", None, None, {}, ready=browser.EMPTY_READY),
        "empty_served": browser.Target("empty_served", None, None, {}, ready=browser.EMPTY_READY),
        "product": browser.Target(
            "product", browser.MAP_FRAME, "Kaartlaag", labels["gemeente"] | labels["wijk"]
        ),
    }
    return Prepared(
        store, mirror, env, logs, naive_dir, site_dir, empty_dir, csv_path, build_home, targets
    )


def _server(name: str, prep: Prepared) -> contextlib.AbstractContextManager[apps.Server]:
    if name == "naive":
        return apps.naive(prep.naive_dir, env=prep.env, log_dir=prep.logs)
    if name == "static":
        return apps.static(prep.site_dir, env=prep.env, log_dir=prep.logs)
    if name == "empty":
        return apps.empty(prep.empty_dir, env=prep.env, log_dir=prep.logs)
    if name == "empty_served":
        return apps.empty(prep.empty_dir, env=prep.env, log_dir=prep.logs, served=True)
    return apps.product(env=prep.env, log_dir=prep.logs)


def _url(name: str, base: str) -> Callable[[str, str], str]:
    page = "/index.html" if name == "static" else "/"
    return lambda level, layer: f"{base}{page}?niveau={level}&laag={layer}"


def run_target(
    name: str, prep: Prepared, chromium: Browser, samples: Samples, args: argparse.Namespace
) -> None:
    """Start a fresh server for ``name``, measure its maps, stop it."""
    samples.add(name, "load_1m", os.getloadavg()[0])
    spawn = time.perf_counter()
    with _server(name, prep) as server:
        samples.add(name, "server_start", time.perf_counter() - spawn)
        measure_maps(
            name, server, chromium, prep.targets[name], samples,
            start=PRODUCT_START if name == "product" else apps.START_LAYER,
            url=_url(name, server.url), changes=0 if name.startswith("empty") else args.changes,
            wijk=not name.startswith("empty") and not (name == "naive" and args.skip_naive_wijk),
        )  # fmt: skip


def run_commands(prep: Prepared, samples: Samples) -> None:
    """``verbonden check`` on the CSV and ``verbonden data build --force``, each measured."""
    check = workloads.run_check(prep.csv_path, prep.store, env=prep.env)
    if check["returncode"] != 0:
        raise RuntimeError(f"verbonden check failed: {check['stderr']}")
    samples.add("product", "check_time", check["seconds"])
    samples.add("product", "check_peak", check["peak_mb"])
    build = workloads.run_build(prep.build_home, prep.mirror, env=prep.env)
    if build["returncode"] != 0:
        raise RuntimeError(f"verbonden data build failed: {build['stderr']}")
    samples.add("product", "build_time", build["seconds"])
    samples.details.append({"target": "commands", "check": check, "build": build})


def run_load(prep: Prepared, samples: Samples, args: argparse.Namespace) -> None:
    """The load scenario against a fresh product server (``bench/load.py``)."""
    samples.add("product", "load_scenario_load_1m", os.getloadavg()[0])
    labels = product_labels()
    with apps.product(env=prep.env, log_dir=prep.logs) as server:
        result = load.run_scenario(
            server.url,
            server.pid,
            sessions=args.sessions,
            layers={
                level: [(i, labels[level][i]) for i in apps.CHANGE_LAYERS[level]] for level in UNITS
            },
            wijk_label=LEVEL_LABELS["wijk"],
            think=(args.think[0], args.think[1]),
        )
    samples.load = result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; prints the table and writes results.json / results.md."""
    from playwright.sync_api import sync_playwright

    args = parse_args(argv)
    started = time.perf_counter()
    info = report.machine()
    home, mirror = args.home.resolve(), args.mirror.resolve()
    if not mirror.is_dir():
        print(f"mirror not found: {mirror} (set VERBONDEN_MIRROR)", file=sys.stderr)
        return 2
    env = apps.child_env(home, mirror)
    store = ensure_store(home, mirror, env)
    samples = Samples()
    with tempfile.TemporaryDirectory(prefix="verbonden-bench-") as tmp_name:
        print("preparing the naive app, the static page and the inputs ...", flush=True)
        prep = prepare(Path(tmp_name), store, home, mirror, env)
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            try:
                for rep in range(1, args.reps + 1):
                    for name in [t for t in report.TARGETS if t in args.only.split(",")]:
                        print(f"[{rep}/{args.reps}] {name} ...", flush=True)
                        step_started = time.perf_counter()
                        _guarded(
                            samples, f"{name} rep {rep}",
                            partial(run_target, name, prep, chromium, samples, args),
                        )  # fmt: skip
                        print(f"    {time.perf_counter() - step_started:.0f} s", flush=True)
                    if args.no_commands:
                        continue
                    print(f"[{rep}/{args.reps}] verbonden check / data build ...", flush=True)
                    _guarded(samples, f"commands rep {rep}", lambda: run_commands(prep, samples))
            finally:
                chromium.close()
        if args.sessions > 0:
            print(f"load scenario: {args.sessions} concurrent sessions ...", flush=True)
            _guarded(samples, "load scenario", partial(run_load, prep, samples, args))
        if samples.errors:  # show what the servers said before their logs are deleted
            for log in sorted(prep.logs.glob("*.log")):
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                print(f"--- {log.name}\n" + "\n".join(tail), file=sys.stderr)
    info["load_average_end"] = [round(v, 2) for v in os.getloadavg()]
    return write_results(args, samples, time.perf_counter() - started, info)


def write_results(
    args: argparse.Namespace, samples: Samples, seconds: float, info: dict[str, object]
) -> int:
    """results.json and results.md; prints the table."""
    rows = report.summarise(samples.values)
    table = report.markdown_table(rows)
    phases = report.phase_table(samples.values)
    load_text = load.markdown(samples.load) if samples.load else ""
    notes = [
        f"Medians of {args.reps} interleaved repetition(s), spread (min–max) in brackets; run "
        f"took {seconds / 60:.1f} min. The load average (1 min) is read when each target starts.",
        "Empty: `streamlit run` of a one-line script (`st.write`), started from the repo root "
        "like the product, so with the same `.streamlit/config.toml` and server options: "
        "Streamlit's own floor (frontend boot, websocket, one script run). Its 'drawn' is the "
        "moment its text is on screen. Empty_served: the same page served the way the product "
        "is (`dashboard.server`: static files from memory, gzip, no Nagle delay on kept-alive "
        "connections), so product/empty_served is the product's own work, without the serving.",
        "Map bytes: HTTP response bodies as transferred (gzip where the server compresses) of "
        "the map's iframe, Leaflet and the shapes file, plus the websocket messages that carry "
        "the map component; the product's shapes file (/app/static/geo) is fetched on the first "
        "render of a browser session and browser-cached afterwards. All bytes: every response "
        "and websocket message of the first page load (Streamlit's own frontend included).",
        "Cold start: fresh server process, from navigation until all 285 shapes are drawn "
        "(server already accepting connections). Second session: new browser context (empty "
        "cache), warm server. The naive app and the static page get their indicator values "
        "precomputed; the product reads its indicator and provision tables from the per-store "
        "cache that `verbonden data build` fills, and computes need index, gap and map itself.",
        "Memory per extra session: (server RSS with 4 sessions that drew the map - RSS with 1) "
        "/ 3. `verbonden check`: 100,000-row CSV (NIS code; value, decimal comma, every code "
        "repeated, --duplicates sum); peak = ru_maxrss of the command.",
    ]
    result = {
        "machine": info,
        "reps": args.reps,
        "seconds": seconds,
        "rows": rows,
        "samples": {t: dict(v) for t, v in samples.values.items()},
        "details": samples.details,
        "load_scenario": samples.load,
        "errors": samples.errors,
        "notes": notes,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(
        json.dumps(result, indent=1, default=str), encoding="utf-8"
    )
    text = (
        f"# Verbonden map benchmark\n\n{report.machine_line(info)}\n\n{table}\n\n"
        + (f"## Where the first look goes\n\n{phases}\n\n" if phases else "")
        + (f"## Load scenario\n\n{load_text}\n\n" if load_text else "")
        + "\n".join(f"- {note}" for note in notes)
        + ("\n\nErrors:\n" + "\n".join(f"- {e}" for e in samples.errors) if samples.errors else "")
        + "\n"
    )
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 1 if samples.errors else 0


if __name__ == "__main__":
    sys.exit(main())
