"""The four things measured, as servers on 127.0.0.1: naive Streamlit app, static page, empty
Streamlit page and the product.

The naive app, the static page and the empty page are generated into a temporary folder (never
the repo tree); the first two serve Leaflet locally, like the product, so everything works
without internet. The empty page runs from the repo root like the product, so it reads the same
``.streamlit/config.toml`` and gets the same server options: it is Streamlit's own floor.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
STREAMLIT_FLAGS = ("--server.headless", "true", "--browser.gatherUsageStats", "false")
#: Layers shown first and then chosen in turn, per level (ids as in the product's URL).
START_LAYER = {"gemeente": "alleenwonend", "wijk": "leeftijd_65plus"}
CHANGE_LAYERS = {
    "gemeente": ("leeftijd_80plus", "afstand_station", "alleenwonend"),
    "wijk": ("afstand_station", "buitende_kernen", "leeftijd_65plus"),
}
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_FILL = "#d9d9d9"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A server process we started, with its base URL and log file."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def pid(self) -> int:
        """Process id of the server."""
        return self.process.pid


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process in MB, from /proc/<pid>/status."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) / 1024
    return values


def _wait_healthy(server: Server, path: str, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} stopped early; see {server.log}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{server.name} not ready after {timeout:.0f} s; see {server.log}")


def stop(server: Server) -> None:
    """Terminate the server process (kill it when it does not stop within 10 s)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@contextlib.contextmanager
def running(
    name: str,
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    port: int,
    health: str,
    log_dir: Path,
    timeout: float = 120,
) -> Iterator[Server]:
    """Start ``argv``, wait until ``health`` answers 200, yield the server; always stop it."""
    log = log_dir / f"{name}-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            list(argv), cwd=cwd, env=dict(env), stdout=sink, stderr=subprocess.STDOUT
        )
    server = Server(name, process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_healthy(server, health, timeout=timeout)
        yield server
    finally:
        stop(server)


def server_flags(port: int) -> list[str]:
    """Streamlit options: 127.0.0.1:port, headless."""
    return ["--server.port", str(port), "--server.address", "127.0.0.1", *STREAMLIT_FLAGS]


def streamlit_argv(script: Path, port: int) -> list[str]:
    """``streamlit run SCRIPT`` on 127.0.0.1:port, headless."""
    return [sys.executable, "-m", "streamlit", "run", str(script), *server_flags(port)]


def product(*, env: Mapping[str, str], log_dir: Path) -> contextlib.AbstractContextManager[Server]:
    """The dashboard as ``make run`` starts it (``python -m dashboard`` from the repo root)."""
    port = free_port()
    return running(
        "product",
        [sys.executable, "-m", "dashboard", *server_flags(port)],
        cwd=REPO,
        env=env,
        port=port,
        health="/_stcore/health",
        log_dir=log_dir,
    )


EMPTY_APP = 'import streamlit as st\n\nst.write("Leeg")\n'
#: The same page served the way ``python -m dashboard`` serves the product (``dashboard.server``).
EMPTY_SERVED = (
    "import streamlit as st\n\n"
    "from dashboard.server import MIDDLEWARE, lifespan\n\n"
    'app = st.App("empty_app.py", middleware=MIDDLEWARE, lifespan=lifespan)\n'
)


def write_empty_app(app_dir: Path) -> Path:
    """``empty_app.py``: one ``st.write``, nothing else (the script is the only difference)."""
    app_dir.mkdir(parents=True, exist_ok=True)
    (app_dir / "empty_app.py").write_text(EMPTY_APP, encoding="utf-8")
    (app_dir / "served_app.py").write_text(EMPTY_SERVED, encoding="utf-8")
    return app_dir


def empty(
    app_dir: Path, *, env: Mapping[str, str], log_dir: Path, served: bool = False
) -> contextlib.AbstractContextManager[Server]:
    """The empty Streamlit page, started from the repo root with the product's server options;
    ``served``: through ``dashboard.server`` (static files from memory, no Nagle delay), as the
    product is served, so the two empty pages split serving from the product's own work."""
    port = free_port()
    return running(
        "empty_served" if served else "empty",
        streamlit_argv(app_dir / ("served_app.py" if served else "empty_app.py"), port),
        cwd=REPO,
        env=env,
        port=port,
        health="/_stcore/health",
        log_dir=log_dir,
    )


def naive(
    app_dir: Path, *, env: Mapping[str, str], log_dir: Path
) -> contextlib.AbstractContextManager[Server]:
    """The naive baseline app generated by :func:`write_naive_app`."""
    port = free_port()
    return running(
        "naive",
        streamlit_argv(app_dir / "naive_app.py", port),
        cwd=app_dir,
        env=env,
        port=port,
        health="/_stcore/health",
        log_dir=log_dir,
    )


def static(
    site_dir: Path, *, env: Mapping[str, str], log_dir: Path
) -> contextlib.AbstractContextManager[Server]:
    """The static Leaflet page generated by :func:`write_static_site`."""
    port = free_port()
    return running(
        "static",
        [sys.executable, str(site_dir / "serve.py"), str(port), str(site_dir / "www")],
        cwd=site_dir,
        env=env,
        port=port,
        health="/index.html",
        log_dir=log_dir,
    )


def indicator_values(store_path: Path, raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Per level: code plus the indicator columns the benchmark switches between."""
    from layers.indicators import IndicatorInputs, compute

    inputs = IndicatorInputs(store_path=store_path, raw_dir=raw_dir)
    out = {}
    for level in ("gemeente", "wijk"):
        columns = [START_LAYER[level], *CHANGE_LAYERS[level]]
        wide = compute(inputs, level)
        out[level] = wide[["code", *dict.fromkeys(columns)]].copy()
    return out


def quantile_colours(values: pd.Series) -> list[str]:
    """Five-class quantile colours (YlOrRd); grey for missing values."""
    ranked = values.rank(method="first")
    classes = pd.qcut(ranked, 5, labels=False) if ranked.notna().sum() >= 5 else ranked * 0
    return [NO_DATA_FILL if pd.isna(c) else PALETTE[int(c)] for c in classes]


# --- static page ---------------------------------------------------------------------------------

_SERVE = '''"""Static files on 127.0.0.1, with precompressed .gz variants sent as gzip."""
import functools, http.server, os, sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        gz = path + ".gz"
        if "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(gz):
            f = open(gz, "rb")
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.end_headers()
            return f
        return super().send_head()

    def log_message(self, *args):
        pass


port, root = int(sys.argv[1]), sys.argv[2]
handler = functools.partial(Handler, directory=root)
http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
'''

_INDEX = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Verbonden - statische kaart</title>
<link rel="stylesheet" href="vendor/leaflet/leaflet.css">
<script src="vendor/leaflet/leaflet.js"></script>
<style>html, body { margin: 0; } #map { width: 1000px; height: 600px; }</style>
</head><body>
<select id="laag"></select>
<div id="map"></div>
<script>
__DECODER__
var params = new URLSearchParams(location.search);
var level = params.get("niveau") || "gemeente";
var base = __BASE__;
var canvas = level === "wijk";
var map = L.map("map", {preferCanvas: canvas, zoomSnap: 0.25});
map.fitBounds([[50.68, 2.54], [51.51, 5.92]]);
Promise.all([fetch(level + ".json").then(function (r) { return r.json(); }),
             fetch(level + "-colours.json").then(function (r) { return r.json(); })])
.then(function (loaded) {
    var colours = loaded[1];
    var layer = params.get("laag") || Object.keys(colours)[0];
    var select = document.getElementById("laag");
    Object.keys(colours).forEach(function (id) {
        var option = document.createElement("option");
        option.value = id; option.textContent = id; select.appendChild(option);
    });
    select.value = layer;
    function style(feature) {
        return Object.assign({}, base, {fillColor: colours[layer][feature.id] || "#d9d9d9"});
    }
    var units = L.geoJson(vbDecodeUnits(loaded[0]), {style: style,
        renderer: canvas ? L.canvas({padding: 0.3}) : L.svg()}).addTo(map);
    function mark() {
        document.body.setAttribute("data-vb-layer", layer);
        document.body.setAttribute("data-vb-units", String(units.getLayers().length));
    }
    mark();
    select.addEventListener("change", function () {
        layer = select.value;
        units.eachLayer(function (l) { l.setStyle(style(l.feature)); });
        mark();
    });
});
</script></body></html>
"""


def write_static_site(
    site_dir: Path, *, store_path: Path, values: Mapping[str, pd.DataFrame]
) -> Path:
    """index.html + the product's display shapes file + colours per layer + local Leaflet,
    gzipped."""
    from geodata.store import read_layer
    from layers.maps import BASE_STYLE, UNITS_DECODER_JS, install_vendor_assets, units_file

    www = site_dir / "www"
    install_vendor_assets(www / "vendor")
    (site_dir / "serve.py").write_text(_SERVE, encoding="utf-8")
    index = _INDEX.replace("__BASE__", json.dumps(BASE_STYLE)).replace(
        "__DECODER__", UNITS_DECODER_JS
    )
    (www / "index.html").write_text(index, encoding="utf-8")
    for level, frame in values.items():
        (www / f"{level}.json").write_bytes(units_file(read_layer(store_path, level, display=True)))
        codes = frame["code"].astype(str).tolist()
        colours = {
            column: dict(zip(codes, quantile_colours(frame[column]), strict=True))
            for column in frame.columns
            if column != "code"
        }
        (www / f"{level}-colours.json").write_text(json.dumps(colours), encoding="utf-8")
    for path in [*www.glob("*.json"), *www.glob("*.html"), *www.rglob("*.js"), *www.rglob("*.css")]:
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 6))
    return site_dir


# --- naive baseline ------------------------------------------------------------------------------

_NAIVE = '''"""Naive baseline: full-resolution geometry straight into folium and st_folium."""
import folium
import pandas as pd
import streamlit as st
from folium.template import Template
from streamlit_folium import st_folium

from geodata.store import read_layer
from layers.maps import localise_map

STORE = __STORE__
VALUES = __VALUES__
INDICATORS = __INDICATORS__
PALETTE = __PALETTE__

st.set_page_config(page_title="Naive kaart", layout="wide")


@st.cache_data
def load(level):
    gdf = read_layer(STORE, level).to_crs(4326)
    values = pd.read_csv(VALUES[level], dtype={"code": str})
    return gdf.merge(values, on="code", how="left")


class Drawn(folium.MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "document.body.setAttribute('data-vb-layer', {{ this.layer|tojson }});"
        "document.body.setAttribute('data-vb-units',"
        " String({{ this.layer_name }}.getLayers().length));"
        "{% endmacro %}"
    )

    def __init__(self, layer, layer_name):
        super().__init__()
        self.layer = layer
        self.layer_name = layer_name


level = st.query_params.get("niveau", "gemeente")
gdf = load(level)
indicators = INDICATORS[level]
wanted = st.query_params.get("laag")
start = indicators.index(wanted) if wanted in indicators else 0
indicator = st.sidebar.selectbox("Indicator", indicators, index=start)

breaks = gdf[indicator].quantile([0.2, 0.4, 0.6, 0.8]).tolist()


def colour(value):
    if value is None or pd.isna(value):
        return "#d9d9d9"
    return PALETTE[sum(value > b for b in breaks)]


def style(feature):
    return {"fillColor": colour(feature["properties"][indicator]), "color": "#ffffff",
            "weight": 0.6, "fillOpacity": 0.8}


m = folium.Map(location=[51.05, 4.3], zoom_start=8, tiles=None)
layer = folium.GeoJson(gdf, style_function=style,
                       tooltip=folium.GeoJsonTooltip(fields=["naam", indicator]))
layer.add_to(m)
m.add_child(Drawn(indicator, layer.get_name()))
localise_map(m, base_url="/app/static/vendor")
st_folium(m, height=600, use_container_width=True)
'''

_NAIVE_CONFIG = """[server]
headless = true
enableStaticServing = true
runOnSave = false

[browser]
gatherUsageStats = false
"""


def write_naive_app(app_dir: Path, *, store_path: Path, values: Mapping[str, pd.DataFrame]) -> Path:
    """naive_app.py, its .streamlit config and local Leaflet in ``app_dir/static/vendor``."""
    from layers.maps import install_vendor_assets

    install_vendor_assets(app_dir / "static" / "vendor")
    (app_dir / ".streamlit").mkdir(parents=True, exist_ok=True)
    (app_dir / ".streamlit" / "config.toml").write_text(_NAIVE_CONFIG, encoding="utf-8")
    paths = {}
    for level, frame in values.items():
        paths[level] = str(app_dir / f"values-{level}.csv")
        frame.to_csv(paths[level], index=False)
    source = (
        _NAIVE.replace("__STORE__", repr(str(store_path)))
        .replace("__VALUES__", repr(paths))
        .replace("__PALETTE__", repr(list(PALETTE)))
        .replace(
            "__INDICATORS__",
            repr(
                {
                    level: [c for c in frame.columns if c != "code"]
                    for level, frame in values.items()
                }
            ),
        )
    )
    (app_dir / "naive_app.py").write_text(source, encoding="utf-8")
    return app_dir


def child_env(home: Path, mirror: Path) -> dict[str, str]:
    """Environment for servers and commands: our VERBONDEN_HOME/MIRROR, the repo importable."""
    env = dict(os.environ)
    env["VERBONDEN_HOME"] = str(home)
    env["VERBONDEN_MIRROR"] = str(mirror)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("VERBONDEN_TILES", None)  # no tile server: only 127.0.0.1 traffic
    return env
