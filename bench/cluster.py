"""Several app servers behind nginx, on 127.0.0.1: the deployment of ``deploy/nginx-cluster.conf``.

:func:`running_cluster` starts N dashboard processes (``python -m dashboard``, as ``make run``
does) on free loopback ports, all with the same ``VERBONDEN_DATABASE_URL`` and each with a home
folder of its own (as on separate machines), then Debian's nginx with the shipped cluster config
rendered for those ports, a free proxy port and a password file. It yields a :class:`Cluster`
(the proxy's URL and login, the servers) and stops everything it started, also on failure.
Used by ``tests/e2e/test_cluster.py``; a benchmark can use it the same way.

nginx runs as the current user from a temporary prefix (``daemon off``), logging each request's
route cookie and upstream to ``access.log`` there (:meth:`Cluster.routes`).
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench import apps

SHIPPED = apps.REPO / "deploy" / "nginx-cluster.conf"
USER, PASSWORD = "verbonden", "test-wachtwoord"
ROUTE_COOKIE = "verbonden_route"

# As root, nginx's workers would run as www-data and could not read a private temp dir.
WRAPPER = """{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format routes '$cookie_{cookie} $upstream_addr $status $request_uri';
    access_log {prefix}/access.log routes;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/verbonden.conf;
}}
"""

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy


def nginx_binary() -> str | None:
    """Debian's nginx, or None when it is not installed."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def render(shipped: str, *, app_ports: list[int], proxy_port: int, htpasswd: Path) -> str:
    """The shipped cluster config with these app servers, this proxy port and password file."""
    pattern = re.compile(r"^( *)server 127\.0\.0\.1:\d+ ([^\n]*)\n", flags=re.MULTILINE)
    found = list(pattern.finditer(shipped))
    if len(found) != 2:
        raise ValueError("deploy/nginx-cluster.conf no longer lists two example app servers")
    indent, options = found[0].group(1), found[0].group(2)
    block = "".join(f"{indent}server 127.0.0.1:{port} {options}\n" for port in app_ports)
    first = found[0].start()
    shipped = pattern.sub(lambda match: block if match.start() == first else "", shipped)
    replacements = {
        "listen 127.0.0.1:8080;": f"listen 127.0.0.1:{proxy_port};",
        "/etc/nginx/verbonden.htpasswd": str(htpasswd),
    }
    for old, new in replacements.items():
        if shipped.count(old) != 1:
            raise ValueError(f"deploy/nginx-cluster.conf no longer contains {old!r} once")
        shipped = shipped.replace(old, new)
    return shipped


@dataclass
class Cluster:
    """The running proxy and app servers."""

    url: str
    servers: list[apps.Server]
    prefix: Path
    authorization: str = field(
        default_factory=lambda: "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    )

    def get(
        self, path: str, *, route: str | None = None, server: apps.Server | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (lower-case names, repeated ones joined by ', ') and body of a GET
        through the proxy (with ``route`` as the route cookie), or straight to ``server``."""
        request = urllib.request.Request((server.url if server else self.url) + path)
        request.add_header("Authorization", self.authorization)
        if route is not None:
            request.add_header("Cookie", f"{ROUTE_COOKIE}={route}")
        try:
            with _OPENER.open(request, timeout=30) as response:
                return response.status, _headers(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, _headers(error.headers.items()), error.read()
        except (urllib.error.URLError, OSError):
            return 0, {}, b""

    def routes(self) -> dict[str, set[str]]:
        """Route cookie -> the app servers (``127.0.0.1:PORT``) nginx sent its requests to."""
        seen: dict[str, set[str]] = {}
        log = self.prefix / "access.log"
        if not log.is_file():
            return seen
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            route, upstream, *_ = [*line.split(" "), "", ""]
            if route not in {"", "-"} and upstream not in {"", "-"}:
                seen.setdefault(route, set()).update(u.strip(",") for u in upstream.split(", "))
        return seen

    def stop_server(self, index: int) -> None:
        """Kill app server ``index`` (SIGKILL: a crash, not a clean stop)."""
        process = self.servers[index].process
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _headers(items: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in items:
        name = key.lower()
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


@contextlib.contextmanager
def _nginx(prefix: Path, app_ports: list[int]) -> Iterator[str]:
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
    htpasswd = prefix / "htpasswd"
    htpasswd.write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    port = apps.free_port()
    site = render(
        SHIPPED.read_text(encoding="utf-8"), app_ports=app_ports, proxy_port=port, htpasswd=htpasswd
    )
    (prefix / "verbonden.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    wrapper = WRAPPER.format(prefix=prefix, user=user, cookie=ROUTE_COOKIE)
    (prefix / "nginx.conf").write_text(wrapper, encoding="utf-8")
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused the cluster config: {checked.stderr}")
    with (prefix / "nginx.out").open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                error_log = (prefix / "error.log").read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"nginx stopped: {error_log}")
            try:
                with socket_open(port):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError("nginx did not listen within 15 s") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextlib.contextmanager
def socket_open(port: int) -> Iterator[None]:
    """A TCP connection to 127.0.0.1:``port`` (OSError when nothing listens), closed at once."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=1):
        yield


@contextlib.contextmanager
def running_cluster(
    *,
    env: Mapping[str, str],
    homes: list[Path],
    prefix: Path,
    log_dir: Path,
) -> Iterator[Cluster]:
    """Start one app server per home folder (``env`` holds VERBONDEN_DATABASE_URL and the
    mirror) and nginx in front of them; yield the :class:`Cluster`; stop them all."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        servers = []
        for index, home in enumerate(homes):
            server_env = {**env, "VERBONDEN_HOME": str(home)}
            port = apps.free_port()
            servers.append(
                stack.enter_context(
                    apps.running(
                        f"app{index + 1}",
                        [sys.executable, "-m", "dashboard", *apps.server_flags(port)],
                        cwd=apps.REPO,
                        env=server_env,
                        port=port,
                        health="/_stcore/health",
                        log_dir=log_dir,
                        timeout=240,
                    )
                )
            )
        ports = [int(server.url.rsplit(":", 1)[1]) for server in servers]
        url = stack.enter_context(_nginx(prefix, ports))
        yield Cluster(url=url, servers=servers, prefix=prefix)


__all__ = ["Cluster", "nginx_binary", "render", "running_cluster"]
