"""Fetch the upstream files into the home folder: the only module that touches the network.

A fetch either copies from a mirror folder (offline machines, CI) or downloads the pinned upstream
URLs. Every file is verified against the catalogue's sha256 before it is moved into place, so a
half-downloaded or altered file never reaches the store build.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geodata.catalogue import FILES, SourceFile
from geodata.settings import Settings

_CHUNK = 1 << 20


class FetchError(RuntimeError):
    """A fetch that cannot complete; the message is Dutch and says what to do."""


@dataclass
class FetchReport:
    """What a fetch did, file by file."""

    copied: list[str] = field(default_factory=list)
    downloaded: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Number of files now present and verified."""
        return len(self.copied) + len(self.downloaded) + len(self.up_to_date)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_present(settings: Settings, files: Iterable[SourceFile] = FILES) -> bool:
    """True when every catalogue file exists in the raw folder (sizes are not re-hashed)."""
    return all((settings.raw_dir / f.path).is_file() for f in files)


def _verify_and_place(tmp: Path, target: Path, expected: str, origin: str) -> None:
    actual = sha256_of(tmp)
    if actual != expected:
        tmp.unlink(missing_ok=True)
        msg = (
            f"Controlegetal klopt niet voor {origin}: verwacht {expected[:12]}…, "
            f"gekregen {actual[:12]}…. Het bestand is beschadigd of gewijzigd; "
            "controleer de spiegelmap of probeer opnieuw."
        )
        raise FetchError(msg)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp.replace(target)


def _download(url: str, tmp: Path, *, timeout: float) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "verbonden-data-fetch"})  # noqa: S310 - URLs come from the catalogue or a test override
    with urllib.request.urlopen(request, timeout=timeout) as response, tmp.open("wb") as out:  # noqa: S310
        shutil.copyfileobj(response, out, _CHUNK)


def fetch(
    settings: Settings,
    *,
    mirror: Path | None = None,
    base_overrides: Mapping[str, str] | None = None,
    files: Iterable[SourceFile] = FILES,
    timeout: float = 30.0,
) -> FetchReport:
    """Make every catalogue file available and verified under ``settings.raw_dir``.

    ``mirror`` (default ``settings.mirror``) is copied from when set. Otherwise files are
    downloaded from their pinned URL; ``base_overrides`` maps a source id to another base URL
    (used by tests to download from a local HTTP server). Mirror-only files without a mirror
    raise a :class:`FetchError` that explains what to do.
    """
    mirror = mirror or settings.mirror
    overrides = dict(base_overrides or {})
    report = FetchReport()
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    for item in files:
        target = settings.raw_dir / item.path
        if target.is_file() and sha256_of(target) == item.sha256:
            report.up_to_date.append(item.path)
            continue
        with tempfile.NamedTemporaryFile(dir=settings.raw_dir, delete=False, suffix=".part") as t:
            tmp = Path(t.name)
        try:
            if mirror is not None:
                source = mirror / item.path
                if not source.is_file():
                    msg = (
                        f"Bestand ontbreekt in de spiegelmap {mirror}: {item.path}. "
                        "Controleer VERBONDEN_MIRROR of --mirror."
                    )
                    raise FetchError(msg)
                shutil.copyfile(source, tmp)
                _verify_and_place(tmp, target, item.sha256, str(source))
                report.copied.append(item.path)
                continue
            url = item.url
            if item.source.id in overrides:
                relative = item.path.removeprefix(item.source.mirror_prefix).lstrip("/")
                url = f"{overrides[item.source.id].rstrip('/')}/{relative}"
            if url is None:
                msg = (
                    f"{item.path} is (nog) alleen via een spiegelmap beschikbaar. "
                    "Zet VERBONDEN_MIRROR=/pad/naar/data of gebruik --mirror."
                )
                raise FetchError(msg)
            try:
                _download(url, tmp, timeout=timeout)
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                msg = (
                    f"Downloaden mislukt voor {url} ({error}). Geen internet? Gebruik een "
                    "spiegelmap met de open data: VERBONDEN_MIRROR=/pad/naar/data "
                    "of 'verbonden data fetch --mirror /pad/naar/data'."
                )
                raise FetchError(msg) from None
            _verify_and_place(tmp, target, item.sha256, url)
            report.downloaded.append(item.path)
        finally:
            tmp.unlink(missing_ok=True)
    return report
