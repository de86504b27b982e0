"""Start the dashboard: ``python -m dashboard [streamlit options]`` (what ``make run`` does).

Same as ``streamlit run dashboard/app.py``, but served through :mod:`dashboard.server` (static
files from memory, compressed), and the heavy analysis modules (geopandas, shapely,
folium, the layers package) are imported in a background thread while the server starts, so the
first visitor does not wait for them (about 2 s on a small machine). Memory of closed sessions
is given back to the system (:mod:`dashboard.memory`): for that the process first restarts itself
once with the allocator settings that can only be given at start-up. The process that checks
uploads outside the server (:func:`layers.uploads.prepare_workers`) is started in the same
background thread (with fork and exec, safe beside threads), so the first upload does not wait.
Then, once the server runs, that thread computes the Kaart page's first look at both levels in the
caches all sessions share (:func:`dashboard.loaders.warm_up`), so the first visitor finds it done.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
#: What ``streamlit run`` is given: ``st.App`` around APP, with the static-file cache in front.
SERVER = APP.with_name("server.py")
# Only modules that do not touch Streamlit: a component (streamlit_folium) must be declared
# inside the running server, or its frontend is not found.
PRELOAD = (
    "geopandas",
    "pyogrio",
    "folium",
    "folium.plugins",  # what streamlit_folium imports: 0.3 s of template compiling
    "layers.analysis.unit_table",
    "layers.views.map_overlay",
    "layers.analysis.cache",
    "layers.views.unit_panel",
    "layers.views.summary",
)
RUNTIME_WAIT = 60.0  # seconds the warm-up waits for Streamlit's runtime to exist
_LOG = logging.getLogger(__name__)


def _preload() -> None:
    with contextlib.suppress(ImportError, OSError):  # else the upload page starts it itself
        from layers.uploads import prepare_workers

        prepare_workers()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # the page will report a real problem itself
            return
    _warm_up()


def _warm_up() -> None:
    """Fill the shared caches with the Kaart page's first look once Streamlit's runtime runs (its
    caches live there; waiting for it keeps the server's own start first); skipped without a
    current store, and a failure is only logged (the first visitor then computes it, as without
    the warm-up)."""
    deadline = time.monotonic() + RUNTIME_WAIT
    while not _runtime_running():
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    started = time.perf_counter()
    try:
        from dashboard import loaders

        done = loaders.warm_up()
    except Exception:  # never the server's end: the first visitor computes it instead
        _LOG.exception("Warm-up of the Kaart page failed")
        return
    if done:
        _LOG.info("Kaart page warmed up in %.1f s", time.perf_counter() - started)


def _runtime_running() -> bool:
    """Whether Streamlit's runtime started (and is not stopping)."""
    from streamlit.runtime import Runtime, RuntimeState

    running = (RuntimeState.NO_SESSIONS_CONNECTED, RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED)
    return Runtime.exists() and Runtime.instance().state in running


def main() -> int:
    """Run ``streamlit run dashboard/server.py`` in this process after starting the preload."""
    root = str(APP.parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from dashboard.memory import allocator_environment, limit_arenas, start_reaper

    env = allocator_environment(os.environ)
    if env is not None:  # same process id, same arguments; the new environment stops a loop
        paths = env.get("PYTHONPATH", "").split(os.pathsep)
        if root not in paths:  # ``-m dashboard`` must import from here whatever the folder
            env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, paths)])
        argv = [sys.executable, "-m", "dashboard", *sys.argv[1:]]
        os.execve(sys.executable, argv, env)  # noqa: S606 - this very program, no shell
    limit_arenas()  # before any other thread allocates
    threading.Thread(target=_preload, name="verbonden-preload", daemon=True).start()
    start_reaper()
    from streamlit.web import cli as streamlit_cli

    sys.argv = ["streamlit", "run", str(SERVER), *sys.argv[1:]]
    return int(streamlit_cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
