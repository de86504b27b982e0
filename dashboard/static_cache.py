"""Static files from memory: Streamlit's frontend and the app's own files, compressed once.

Streamlit serves its frontend (about 130 JavaScript files, 4 MB, on the Kaart page's first look)
and the app's static folder from the same Python process that runs the scripts, reading every
file from disk in 64 KB steps through a thread pool: on a 2-core machine that is 4 MB/s, and the
map waits for it. :class:`StaticCache` is an ASGI middleware in front of Streamlit (installed
by :mod:`dashboard.server`) that answers those requests from memory in one write, gzip-compressed
when the browser accepts it (4.1 MB become 1.3 MB), with Streamlit's own caching rules for its
content-hashed bundles and the same for the app's content-hashed shapes files. Everything else,
and anything it cannot serve safely, goes on to Streamlit unchanged.

Only GET and HEAD of plain relative paths below the two roots are served: no ``..``, no hidden
segment, no backslash or NUL, and the resolved file must lie inside its root (symbolic links
that leave it are passed on to Streamlit, which refuses them).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Streamlit's rule for its content-hashed bundles (``/static/``), used for ours too.
IMMUTABLE = "public, immutable, max-age=31536000"
#: Files whose name does not change with their content: the browser asks again (an ETag saves
#: the body).
REVALIDATE = "no-cache"
#: Compressed only when it saves at least this share (images and fonts are compressed already).
_MIN_SAVING = 0.1
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
#: Files larger than this are left to Streamlit (none of the frontend's is near it).
MAX_FILE_BYTES = 8_000_000
#: Memory the cache may hold (raw plus compressed bodies); beyond it, files are read per request.
MAX_CACHE_BYTES = 96_000_000
_TYPES = {
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".html": "text/html",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".ico": "image/x-icon",
    ".txt": "text/plain",
}


@dataclass(frozen=True)
class Root:
    """URL prefix (after the base path) -> folder, and whether its names change with content."""

    prefix: str
    folder: Path
    hashed: Callable[[str], bool]


@dataclass(frozen=True)
class _Entry:
    key: tuple[int, int]  # (mtime_ns, size): a changed file is read again
    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str
    cache_control: str


def streamlit_static_folder() -> Path:
    """The folder Streamlit serves its frontend from (``/static/...`` lies below it)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def _always(_name: str) -> bool:
    return True


def _hashed_shapes(name: str) -> bool:
    """``geo/<level>-<store hash>-<content hash>.json`` are written once per content."""
    return name.startswith("geo/") and name.count("-") >= 2


def default_roots(app_static: Path) -> tuple[Root, ...]:
    """Streamlit's bundles under ``/static/`` and the app's folder under ``/app/static/``."""
    return (
        Root("/static/", streamlit_static_folder() / "static", _always),
        Root("/app/static/", app_static, _hashed_shapes),
    )


def _safe_relative(path: str) -> str | None:
    """``path`` as a plain relative path, or None when it has anything unusual in it."""
    if not path or "\\" in path or "\x00" in path or path.endswith("/"):
        return None
    parts = path.split("/")
    if any(not part or part.startswith(".") for part in parts):
        return None
    return path


def _content_type(path: Path) -> str | None:
    known = _TYPES.get(path.suffix.lower())
    if known is not None:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed


class StaticCache:
    """ASGI middleware: answer static GET/HEAD requests below ``roots`` from memory."""

    def __init__(
        self, app: ASGIApp, *, roots: tuple[Root, ...] | None = None, base_url: str | None = None
    ) -> None:
        self.app = app
        if roots is None:
            roots = default_roots(Path(__file__).resolve().parent / "static")
        self.roots = tuple(Root(r.prefix, r.folder.resolve(), r.hashed) for r in roots)
        self.base = "/" + (base_url if base_url is not None else _base_url()).strip("/")
        self.base = "" if self.base == "/" else self.base
        self._entries: dict[str, _Entry] = {}
        self._held = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        entry = self._lookup(str(scope.get("path", "")))
        if entry is None:
            await self.app(scope, receive, send)
            return
        await self._answer(entry, scope, send)

    def _lookup(self, path: str) -> _Entry | None:
        if self.base:
            if not path.startswith(self.base + "/"):
                return None
            path = path[len(self.base) :]
        for root in self.roots:
            if path.startswith(root.prefix):
                relative = _safe_relative(path[len(root.prefix) :])
                return None if relative is None else self._entry(root, relative)
        return None

    def _entry(self, root: Root, relative: str) -> _Entry | None:  # noqa: PLR0911 - one exit per reason to pass on
        file = root.folder / relative
        try:
            resolved = file.resolve(strict=True)
            stat = resolved.stat()
        except OSError:
            return None
        if not resolved.is_relative_to(root.folder) or not resolved.is_file():
            return None
        if stat.st_size > MAX_FILE_BYTES:
            return None
        content_type = _content_type(resolved)
        if content_type is None:
            return None
        cache_key = f"{root.prefix}{relative}"
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._entries.get(cache_key)
        if cached is not None and cached.key == key:
            return cached
        try:
            body = resolved.read_bytes()
        except OSError:
            return None
        entry = _Entry(
            key=key,
            body=body,
            gzipped=_compress(body, content_type),
            content_type=content_type,
            etag='"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"',
            cache_control=IMMUTABLE if root.hashed(relative) else REVALIDATE,
        )
        size = len(body) + len(entry.gzipped or b"")
        if cached is not None:
            self._held -= len(cached.body) + len(cached.gzipped or b"")
            del self._entries[cache_key]
        if self._held + size <= MAX_CACHE_BYTES:
            self._entries[cache_key] = entry
            self._held += size
        return entry

    async def _answer(self, entry: _Entry, scope: Scope, send: Send) -> None:
        request = _headers(scope)
        headers = [
            (b"content-type", entry.content_type.encode()),
            (b"cache-control", entry.cache_control.encode()),
            (b"etag", entry.etag.encode()),
            (b"vary", b"Accept-Encoding"),
            (b"x-content-type-options", b"nosniff"),
        ]
        if entry.etag in request.get("if-none-match", ""):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = entry.body
        if entry.gzipped is not None and "gzip" in request.get("accept-encoding", ""):
            body = entry.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )


def _headers(scope: Scope) -> dict[str, str]:
    return {
        bytes(name).decode("latin-1").lower(): bytes(value).decode("latin-1")
        for name, value in scope.get("headers", [])
    }


def _compress(body: bytes, content_type: str) -> bytes | None:
    if not content_type.startswith(_TEXT_TYPES) or len(body) < 1024:
        return None
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    return packed if len(packed) <= (1 - _MIN_SAVING) * len(body) else None


def _base_url() -> str:
    """Streamlit's ``server.baseUrlPath`` (behind a proxy under a prefix), "" when not set."""
    try:
        from streamlit import config
    except ImportError:  # pragma: no cover - streamlit is a dependency of the dashboard
        return os.environ.get("STREAMLIT_SERVER_BASE_URL_PATH", "")
    return str(config.get_option("server.baseUrlPath") or "")
