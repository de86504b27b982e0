"""Command-line workloads: ``verbonden check`` on a generated CSV and ``verbonden data build``.

Each run happens in a fresh wrapper process that starts the command as its only child, so
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` of the wrapper is the command's own peak memory
(the benchmark process itself has other, bigger children: servers and browsers).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Runs ``argv`` (JSON in argv[1]) and prints wall time, exit status and the child's peak RSS.
_WRAPPER = """
import json, resource, subprocess, sys, time
argv = json.loads(sys.argv[1])
start = time.perf_counter()
done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "returncode": done.returncode, "peak_kb": peak_kb,
                  "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))
"""


def write_check_csv(
    path: Path, codes: Sequence[str], *, rows: int = 100_000, seed: int = 7
) -> Path:
    """A Belgian-style CSV (``;`` separator, decimal comma) of ``rows`` rows: NIS code, value.

    Codes repeat in turn (so every code appears about rows/len(codes) times); values are
    reproducible pseudo-random numbers with two decimals.
    """
    if not codes:
        raise ValueError("no codes to write")
    rng = random.Random(seed)
    lines = ["NIS-code;waarde"]
    for i in range(rows):
        value = f"{rng.uniform(0, 1000):.2f}".replace(".", ",")
        lines.append(f"{codes[i % len(codes)]};{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measured_run(
    argv: Sequence[str], *, env: dict[str, str], timeout: float = 600
) -> dict[str, Any]:
    """Run ``argv`` in a fresh wrapper process: ``{"seconds", "peak_mb", "returncode", ...}``."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, json.dumps(list(argv))],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrapper failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["peak_mb"] = result.pop("peak_kb") / 1024
    return result


def verbonden_command() -> list[str]:
    """The ``verbonden`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("verbonden")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from layers.cli import main; sys.exit(main())"]


def run_check(csv_path: Path, store_path: Path, *, env: dict[str, str]) -> dict[str, Any]:
    """``verbonden check CSV --duplicates sum --store STORE`` (duplicate codes are summed)."""
    argv = [
        *verbonden_command(),
        "check",
        str(csv_path),
        "--duplicates",
        "sum",
        "--store",
        str(store_path),
    ]
    return measured_run(argv, env=env)


def run_build(home: Path, mirror: Path, *, env: dict[str, str]) -> dict[str, Any]:
    """``verbonden data build --force`` into ``home`` (raw files copied from ``mirror``)."""
    argv = [
        *verbonden_command(),
        "data",
        "build",
        "--force",
        "--home",
        str(home),
        "--mirror",
        str(mirror),
    ]
    return measured_run(argv, env=env)


def fetch_raw(home: Path, mirror: Path, *, env: dict[str, str]) -> None:
    """``verbonden data fetch`` into ``home`` (copies the raw files from the mirror), untimed."""
    argv = [*verbonden_command(), "data", "fetch", "--home", str(home), "--mirror", str(mirror)]
    subprocess.run(argv, env=env, check=True, capture_output=True, timeout=600)
