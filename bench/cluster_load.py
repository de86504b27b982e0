"""The load scenario on several app servers behind nginx, on one PostGIS (``make bench``).

Starts a throwaway PostGIS on 127.0.0.1 (:mod:`bench.postgis`; or ``--database-url``), builds
the store into it from the mirror (``VERBONDEN_MIRROR``, else ``../shared/data``), starts N app
servers and nginx with ``deploy/nginx-cluster.conf`` (:mod:`bench.cluster`), warms each server
with one session, then runs :mod:`bench.load`'s scenario through the proxy: every session
(websocket client) has its own route cookie, so nginx spreads them over the servers, loads
Kaart, changes the layer three times, switches to wijk and changes the layer three times again.
Reports p50/p95 to the recoloured map's message, errors and the servers' memory; writes
``bench/cluster-results.json`` and ``bench/cluster-results.md``. Loopback only; every wait has a
timeout and the scenario a deadline, and everything started is stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import apps, load
from bench.cluster import running_cluster
from bench.postgis import PostgisServer, missing_reason
from bench.report import machine, machine_line
from bench.run import LEVEL_LABELS, UNITS, product_labels

RESULTS = apps.REPO / "bench" / "cluster-results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Options: sessions, servers, think time, an existing database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (20)")
    parser.add_argument("--servers", type=int, default=2, help="app servers (2)")
    parser.add_argument(
        "--think", type=float, nargs=2, default=list(load.THINK), metavar=("MIN", "MAX")
    )
    parser.add_argument(
        "--database-url", help="an existing PostGIS database to use (default: a throwaway one)"
    )
    return parser.parse_args(argv)


def _build(url: str, home: Path, mirror: Path) -> float:
    from geodata.build import build_store
    from geodata.settings import load_settings

    started = time.perf_counter()
    build_store(load_settings(home=home, mirror=mirror, database_url=url), force=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Run the scenario on the cluster; prints the table and writes the results."""
    args = parse_args(argv)
    mirror = Path(os.environ.get("VERBONDEN_MIRROR") or apps.REPO.parent / "shared" / "data")
    if args.database_url is None and missing_reason() is not None:
        print(f"cluster load scenario skipped: {missing_reason()}", file=sys.stderr)
        return 1
    labels = product_labels()
    info = machine()
    with tempfile.TemporaryDirectory(prefix="verbonden-cluster-") as folder:
        tmp = Path(folder)
        server = None if args.database_url else PostgisServer.start()
        url = args.database_url or (server.url if server else "")
        try:
            build_seconds = _build(url, tmp / "build", mirror)
            env = {**apps.child_env(tmp / "unused", mirror), "VERBONDEN_DATABASE_URL": url}
            homes = [tmp / f"app{i + 1}" for i in range(args.servers)]
            (tmp / "nginx").mkdir()
            with running_cluster(
                env=env, homes=homes, prefix=tmp / "nginx", log_dir=tmp / "logs"
            ) as cluster:
                token = secrets.token_hex(4)
                result = load.run_scenario(
                    cluster.url,
                    [s.pid for s in cluster.servers],
                    sessions=args.sessions,
                    layers={
                        level: [(i, labels[level][i]) for i in apps.CHANGE_LAYERS[level]]
                        for level in UNITS
                    },
                    wijk_label=LEVEL_LABELS["wijk"],
                    think=(args.think[0], args.think[1]),
                    headers_for=lambda seed: {
                        "Authorization": cluster.authorization,
                        "Cookie": f"verbonden_route=s{seed}-{token}",
                    },
                    warm_urls=[s.url for s in cluster.servers],
                )
                per_server: dict[str, int] = {}
                for route, upstreams in cluster.routes().items():
                    if route.endswith(token):
                        for upstream in upstreams:
                            per_server[upstream] = per_server.get(upstream, 0) + 1
        finally:
            if server is not None:
                server.stop()
    result["build_seconds"] = build_seconds
    result["sessions_per_server"] = sorted(per_server.values())
    info["load_average_end"] = [round(v, 2) for v in os.getloadavg()]
    text = "\n\n".join(
        [
            f"# Load scenario on {args.servers} app servers behind nginx, one PostGIS",
            machine_line(info),
            load.markdown(result),
            f"Sessions per server (route cookie hash): {result['sessions_per_server']}. "
            f"Store built into PostGIS in {build_seconds:.1f} s.",
        ]
    )
    RESULTS.with_suffix(".json").write_text(
        json.dumps({"machine": info, **result}, indent=1, default=str), encoding="utf-8"
    )
    RESULTS.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
