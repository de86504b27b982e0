"""dashboard.static_cache and dashboard.server: static files from memory, no Nagle delay."""

from __future__ import annotations

import asyncio
import gzip
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from dashboard.server import no_delay_on_listeners
from dashboard.static_cache import IMMUTABLE, REVALIDATE, Root, StaticCache, default_roots

BUNDLE = b"console.log('verbonden');\n" * 200  # compressible, over 1 KB
SHAPES = b'{"type":"FeatureCollection","features":[]}' * 50


class _Downstream:
    """Stands in for Streamlit: records what reached it, answers 404."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.paths.append(scope.get("path", ""))
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit"})


def _get(
    middleware: StaticCache,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    # In a thread of its own: the browser tests (run first) leave an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, middleware(scope, receive, send)).result()
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


@pytest.fixture
def site(tmp_path: Path) -> tuple[StaticCache, _Downstream, Path]:
    bundles = tmp_path / "bundles"
    (bundles / "js").mkdir(parents=True)
    (bundles / "js" / "index.abc123.js").write_bytes(BUNDLE)
    (bundles / ".secret").write_text("no")
    app_static = tmp_path / "app-static"
    (app_static / "geo").mkdir(parents=True)
    (app_static / "vendor").mkdir()
    (app_static / "geo" / "gemeente-1234-abcd.json").write_bytes(SHAPES)
    (app_static / "vendor" / "leaflet.js").write_bytes(BUNDLE)
    (tmp_path / "outside.js").write_bytes(b"outside")
    (app_static / "link.js").symlink_to(tmp_path / "outside.js")
    downstream = _Downstream()
    roots = (
        Root("/static/", bundles, lambda _name: True),
        Root("/app/static/", app_static, lambda name: name.startswith("geo/")),
    )
    return StaticCache(downstream, roots=roots, base_url=""), downstream, tmp_path


def test_a_bundle_comes_compressed_and_cacheable_for_a_year(site) -> None:
    cache, downstream, _ = site
    status, headers, body = _get(
        cache, "/static/js/index.abc123.js", headers={"Accept-Encoding": "gzip, br"}
    )
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == BUNDLE
    assert int(headers["content-length"]) == len(body) < len(BUNDLE) / 5
    assert headers["content-type"] == "application/javascript"
    assert headers["cache-control"] == IMMUTABLE
    assert headers["vary"] == "Accept-Encoding"
    assert downstream.paths == []


def test_a_browser_without_gzip_gets_the_plain_file(site) -> None:
    cache, _, _ = site
    status, headers, body = _get(cache, "/static/js/index.abc123.js")
    assert status == 200 and body == BUNDLE and "content-encoding" not in headers


def test_shapes_with_a_content_hash_are_immutable_other_files_revalidate(site) -> None:
    cache, _, _ = site
    _, shapes, body = _get(cache, "/app/static/geo/gemeente-1234-abcd.json")
    assert body == SHAPES and shapes["cache-control"] == IMMUTABLE
    assert shapes["content-type"] == "application/json"
    _, vendor, _ = _get(cache, "/app/static/vendor/leaflet.js")
    assert vendor["cache-control"] == REVALIDATE
    status, again, body = _get(
        cache, "/app/static/vendor/leaflet.js", headers={"If-None-Match": vendor["etag"]}
    )
    assert status == 304 and body == b"" and again["etag"] == vendor["etag"]


def test_head_answers_without_a_body(site) -> None:
    cache, _, _ = site
    status, headers, body = _get(cache, "/static/js/index.abc123.js", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) == len(BUNDLE)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../outside.js",
        "/static/js/../../outside.js",
        "/static/.secret",
        "/static/js/",
        "/static/js//index.abc123.js",
        "/static/js\\index.abc123.js",
        "/static/js/index.abc123.js\x00",
        "/app/static/link.js",  # a symbolic link that leaves the folder
        "/static/js/missing.js",
        "/_stcore/health",
        "/",
    ],
)
def test_anything_unusual_goes_on_to_streamlit(site, path: str) -> None:
    cache, downstream, _ = site
    status, _, body = _get(cache, path)
    assert (status, body) == (404, b"streamlit")
    assert downstream.paths == [path]


def test_only_get_and_head_are_answered(site) -> None:
    cache, downstream, _ = site
    status, _, _ = _get(cache, "/static/js/index.abc123.js", method="POST")
    assert status == 404 and downstream.paths == ["/static/js/index.abc123.js"]


def test_a_changed_file_is_read_again(site) -> None:
    cache, _, tmp_path = site
    assert _get(cache, "/app/static/vendor/leaflet.js")[2] == BUNDLE
    target = tmp_path / "app-static" / "vendor" / "leaflet.js"
    target.write_bytes(b"new leaflet")
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    assert _get(cache, "/app/static/vendor/leaflet.js")[2] == b"new leaflet"


def test_behind_a_base_path_only_paths_below_it_are_served(site) -> None:
    cache, downstream, _ = site
    prefixed = StaticCache(downstream, roots=cache.roots, base_url="/verbonden/")
    assert _get(prefixed, "/verbonden/static/js/index.abc123.js")[0] == 200
    assert _get(prefixed, "/static/js/index.abc123.js")[0] == 404


def test_the_default_roots_are_streamlits_bundles_and_the_apps_static_folder() -> None:
    bundles, app_static = default_roots(Path("/srv/app/static"))
    assert (bundles.folder / "js").is_dir(), "Streamlit's frontend bundles are where we look"
    assert any(p.suffix == ".js" for p in (bundles.folder / "js").iterdir())
    assert app_static.folder == Path("/srv/app/static")
    assert app_static.hashed("geo/wijk-30605745-f6524bc7c5ad.json")
    assert not app_static.hashed("vendor/leaflet/leaflet.js")


def test_connections_accepted_after_the_fix_send_without_nagle_delay() -> None:
    """Streamlit's listening socket carries no protocol number, so asyncio leaves Nagle on for
    the connections it accepts; the fix sets TCP_NODELAY on the listener, which Linux passes on."""
    with socket.socket(socket.AF_INET) as listener:  # as Streamlit binds it: proto 0
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()):
            before, _ = listener.accept()
        with before:
            assert before.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        with Path(os.devnull).open("rb") as not_a_socket:
            done = no_delay_on_listeners([listener.fileno(), not_a_socket.fileno(), 987654])
        assert done == 1
        with socket.create_connection(listener.getsockname()):
            after, _ = listener.accept()
        with after:
            assert after.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
