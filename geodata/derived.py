"""A small file cache for data derived from the store (indicator tables, the resolver's lookups).

Each entry is one file (Parquet for a frame, JSON for plain data) named after what it holds and a
key; the caller makes the key from everything the entry depends on (the store's input fingerprint
or version, the code that computes it), so a stale entry is never read: a new key simply builds a
new file and older files of that name go.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from geodata.files import atomic_path
from geodata.store import REPAIR, StoreError, check_store, store_meta

CACHE_DIRNAME = "cache"


def store_cache_dir(store_path: Path) -> Path:
    """The cache folder of the home folder that holds the store (``$VERBONDEN_HOME/cache``)."""
    return Path(store_path).parent / CACHE_DIRNAME


def store_fingerprint(store_path: Path) -> str:
    """The input fingerprint recorded by the store build (changes when any source changes).

    A missing, damaged or incomplete store raises :class:`StoreError` (Dutch, with the fix): an
    empty fingerprint would make every missing store share one cache key."""
    fingerprint = store_meta(store_path).get("fingerprint", "")
    if not fingerprint:
        check_store(store_path)  # says what is wrong when it can
        msg = f"De gegevensopslag heeft geen vingerafdruk van haar bronnen ({store_path}). {REPAIR}"
        raise StoreError(msg)
    return fingerprint


def source_digest(files: Iterable[Path]) -> str:
    """Hash of source files, so a cache entry follows changes to the code that computed it."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_frame(
    cache_dir: Path, name: str, key: str, build: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """The frame stored under (``name``, ``key``), built and written first when it is missing.

    An unreadable or unwritable cache never fails the caller: it just builds the frame.
    """

    def write(frame: pd.DataFrame, tmp: Path) -> None:
        frame.to_parquet(tmp, index=False)

    frame: pd.DataFrame = _cached(
        cache_dir, name, f"{key}.parquet", read=pd.read_parquet, write=write, build=build
    )
    return frame


def cached_json(cache_dir: Path, name: str, key: str, build: Callable[[], Any]) -> Any:
    """The plain data (JSON types) stored under (``name``, ``key``), built and written first
    when it is missing. Like :func:`cached_frame`, an unreadable or unwritable cache never fails
    the caller: it just builds the data."""

    def write(data: Any, tmp: Path) -> None:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return _cached(cache_dir, name, f"{key}.json", read=_read_json, write=write, build=build)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_bytes())


def _cached(
    cache_dir: Path,
    name: str,
    file_key: str,
    *,
    read: Callable[[Path], Any],
    write: Callable[[Any, Path], None],
    build: Callable[[], Any],
) -> Any:
    """``<name>-<file_key>`` (the key with its suffix) read from ``cache_dir``, or built, written
    atomically and the files of older keys of the same name removed."""
    # the whole key names the file: its first 20 characters alone (as before) were the store's
    # fingerprint only, so a change of the analysis code at its end reused stale tables
    path = cache_dir / f"{name}-{file_key}"
    if path.is_file():
        try:
            return read(path)
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
    value = build()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            write(value, tmp)
        for old in cache_dir.glob(f"{name}-*{path.suffix}"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError, TypeError):
        pass  # atomic_path left nothing behind; the value is simply not cached
    return value
