"""The shipped reverse-proxy config (``deploy/nginx.conf``) in front of the running app.

nginx (Debian's ``nginx-light``) is started on a free loopback port with a temporary prefix and
the shipped file, rendered with the app's port, the proxy's port and a test password file. The
tests check the security headers on the app's page, a static file and the map component's
assets, that the metrics are refused, that the websocket works through the proxy and that Kaart
draws its map in Chromium without a Content-Security-Policy violation.
"""

from __future__ import annotations

import base64
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.app_server import app_url, free_port  # noqa: F401 - fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.e2e.conftest import PageLog

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED = REPO_ROOT / "deploy" / "nginx.conf"
USER, PASSWORD = "verbonden", "test-wachtwoord"
MAP_COMPONENT = "streamlit_folium.st_folium"
MAP_FRAME = f"iframe[title='{MAP_COMPONENT}']"
TIMEOUT = 90_000

# As root, nginx's workers would run as www-data and could not read the test's private temp dir.
WRAPPER = """{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/verbonden.conf;
}}
"""


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy


@dataclass(frozen=True)
class Proxy:
    """The running nginx: its base URL and the Basic auth header it asks for."""

    url: str
    authorization: str

    def get(self, path: str, *, auth: bool = True) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (lower-case names) and body of a GET through the proxy."""
        request = urllib.request.Request(self.url + path)
        if auth:
            request.add_header("Authorization", self.authorization)
        try:
            with _OPENER.open(request, timeout=30) as response:
                return response.status, _lower(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, _lower(error.headers.items()), error.read()
        except (urllib.error.URLError, OSError):
            return 0, {}, b""  # not listening (yet)


def _lower(items: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in items:
        name = key.lower()
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def render(shipped: str, *, app_port: int, proxy_port: int, htpasswd: Path) -> str:
    """The shipped config with the test's ports and password file."""
    replacements = {
        "proxy_pass         http://127.0.0.1:8501;": f"proxy_pass http://127.0.0.1:{app_port};",
        "listen 127.0.0.1:8080;": f"listen 127.0.0.1:{proxy_port};",
        "/etc/nginx/verbonden.htpasswd": str(htpasswd),
    }
    for old, new in replacements.items():
        assert shipped.count(old) == 1, f"deploy/nginx.conf no longer contains {old!r}"
        shipped = shipped.replace(old, new)
    return shipped


@pytest.fixture(scope="module")
def proxy(app_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:  # noqa: F811
    """nginx with the shipped config in front of the test app (skipped when nginx is absent)."""
    from bench.cluster import nginx_binary

    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light; 'make system-deps')")
    prefix = tmp_path_factory.mktemp("nginx")
    htpasswd = prefix / "htpasswd"
    htpasswd.write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    port = free_port()
    app_port = int(app_url.rsplit(":", 1)[1])
    site = render(
        SHIPPED.read_text(encoding="utf-8"), app_port=app_port, proxy_port=port, htpasswd=htpasswd
    )
    (prefix / "verbonden.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(WRAPPER.format(prefix=prefix, user=user), encoding="utf-8")
    command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    log = (prefix / "nginx.out").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    result = Proxy(f"http://127.0.0.1:{port}", f"Basic {token}")
    try:
        deadline = time.monotonic() + 15
        while result.get("/_stcore/health")[0] != 200:
            assert process.poll() is None, (prefix / "error.log").read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "nginx did not answer within 15 s"
            time.sleep(0.2)
        yield result
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


async def _one_run(proxy: Proxy) -> str:
    """Kaart through the proxy's websocket; returns the map component's arguments."""
    from bench.load import Client, stream

    async with stream(proxy.url, {"Authorization": proxy.authorization}) as socket:
        run = await Client(socket, query="niveau=gemeente&laag=kloof").run()
    assert not run.errors, run.errors
    return run.map_args


@pytest.fixture(scope="module")
def map_args(proxy: Proxy) -> str:
    """One Kaart run through the proxy: declares the map component and writes static files."""
    from bench.load import run_coroutine

    return run_coroutine(_one_run(proxy))


def assert_security_headers(headers: dict[str, str], *, framed_by_self: bool = False) -> None:
    csp = headers.get("content-security-policy", "")
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
    )
    assert directives.get("default-src") == "'self'", csp
    assert "http" not in csp, f"an external origin in the CSP: {csp}"
    assert "*" not in csp, csp
    assert directives.get("object-src") == "'none'", csp
    if framed_by_self:
        assert directives.get("frame-ancestors") == "'self'", csp
        assert headers.get("x-frame-options") == "SAMEORIGIN", headers
    else:
        assert directives.get("frame-ancestors") == "'none'", csp
        assert headers.get("x-frame-options") == "DENY", headers
    assert headers.get("x-content-type-options") == "nosniff", headers
    assert headers.get("referrer-policy") == "no-referrer", headers
    assert "access-control-allow-origin" not in headers, headers


def test_the_proxy_asks_for_a_login_and_still_sends_the_headers(proxy: Proxy) -> None:
    status, headers, _ = proxy.get("/", auth=False)
    assert status == 401
    assert_security_headers(headers)


def test_the_page_carries_the_security_headers(proxy: Proxy) -> None:
    status, headers, body = proxy.get("/")
    assert status == 200
    assert b"<html" in body.lower()
    assert_security_headers(headers)
    assert "server" not in headers or "/" not in headers["server"]  # no nginx version


def test_static_files_carry_the_headers_and_no_wildcard_cors(proxy: Proxy, map_args: str) -> None:
    assert "/app/static/geo/gemeente-" in map_args
    geo = map_args.split("/app/static/geo/", 1)[1].split('"', 1)[0].split("\\", 1)[0]
    for path in (f"/app/static/geo/{geo}", "/app/static/vendor/leaflet/leaflet.js"):
        status, headers, _ = proxy.get(path)
        assert status == 200, path
        assert_security_headers(headers)


def test_the_map_component_assets_may_be_framed_by_the_app_only(
    proxy: Proxy,
    map_args: str,  # declares the component
) -> None:
    status, headers, body = proxy.get(f"/component/{MAP_COMPONENT}/index.html")
    assert status == 200
    assert_security_headers(headers, framed_by_self=True)
    scripts = [part.split('"', 1)[0] for part in body.decode().split('src="')[1:] if ".js" in part]
    assert scripts, body[:300]
    for script in scripts:
        path = f"/component/{MAP_COMPONENT}/{script.removeprefix('./')}"
        status, headers, _ = proxy.get(path)
        assert status == 200, path
        assert_security_headers(headers, framed_by_self=True)


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics?families=x"])
def test_the_metrics_are_not_public(proxy: Proxy, path: str) -> None:
    status, _, body = proxy.get(path)
    assert status in {403, 404}
    assert b"session" not in body


def test_kaart_draws_through_the_proxy_without_csp_violations(
    browser: Browser,
    page_log: PageLog,
    proxy: Proxy,
    artifacts_dir: Path,
) -> None:
    from bench.chromium import block_non_local

    context = browser.new_context(
        viewport={"width": 1100, "height": 760},
        locale="nl-BE",
        http_credentials={"username": USER, "password": PASSWORD},
    )
    block_non_local(context, page_log.blocked.append)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    try:
        page.goto(proxy.url + "/?niveau=gemeente&laag=kloof")
        page.wait_for_function(
            """(sel) => { const f = document.querySelector(sel);
                const d = f && f.contentDocument; const w = f && f.contentWindow;
                return !!(d && d.body && d.body.getAttribute('data-vb-units') && w.vbUnits
                    && w.vbUnits.getLayers().length > 100); }""",
            arg=MAP_FRAME,
            timeout=TIMEOUT,
        )
        drawn = page.evaluate(
            """(sel) => document.querySelector(sel).contentDocument
                .querySelectorAll('path.leaflet-interactive').length""",
            MAP_FRAME,
        )
        page.screenshot(path=artifacts_dir / "kaart-via-nginx.png", full_page=True)
    finally:
        context.close()
    assert drawn > 100, drawn
    csp = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert not csp, csp
    assert not page_log.blocked, page_log.blocked
    assert not page_log.page_errors, page_log.page_errors
