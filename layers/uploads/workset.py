"""A browser session's uploads kept on the server, so that a reload or a shared link keeps them.

A work set is one JSON file ``<token>.json`` under ``$VERBONDEN_HOME/werksets/`` holding what a
session uses (meeting places, stops, an inventory, indicator columns). The token comes from
:func:`secrets.token_urlsafe` and travels only in the URL (``?werkset=<token>``): who has the link
sees the uploads, nobody can list them (no function here lists tokens). A work set expires
:data:`WORKSET_TTL_DAYS` days after its last change, is limited to :data:`MAX_WORKSET_BYTES`,
and is written atomically (a temporary file in the same folder, then a rename). JSON, never
pickle: a file on disk is data, not code.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from layers.uploads.uploaded import UploadedIndicator

WORKSET_TTL_DAYS = 7
MAX_WORKSET_BYTES = 20 * 1024 * 1024
TOKEN_BYTES = 24  # 32 URL-safe characters
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_FORMAT = 1
Problem = Literal["ongeldig", "weg", "verlopen", "onleesbaar"]

WORKSET_NOTICES: dict[str, str] = {
    "ongeldig": "De link bevat geen geldige werkset-code, dus er zijn geen opgeladen bestanden "
    "geladen. De kaart toont alleen de open data.",
    "weg": "De werkset uit deze link bestaat niet (meer) op deze server: opgeladen bestanden "
    f"worden {WORKSET_TTL_DAYS} dagen na de laatste wijziging gewist. De kaart toont nu alleen "
    "de open data; laad de bestanden opnieuw op bij Eigen data.",
    "verlopen": f"De werkset uit deze link is verlopen (langer dan {WORKSET_TTL_DAYS} dagen niet "
    "gewijzigd) en is gewist. De kaart toont nu alleen de open data; laad de bestanden opnieuw "
    "op bij Eigen data.",
    "onleesbaar": "De werkset uit deze link kan niet gelezen worden (beschadigd bestand op de "
    "server). De kaart toont nu alleen de open data; laad de bestanden opnieuw op bij Eigen data.",
}


class WorkSetTooLargeError(ValueError):
    """A work set above :data:`MAX_WORKSET_BYTES`; the message is Dutch, for the user."""


@dataclass(frozen=True)
class WorkSet:
    """What one browser session uses: uploaded points, an inventory and indicator columns."""

    meeting_places: pd.DataFrame | None = None
    stops: pd.DataFrame | None = None
    inventory: pd.DataFrame | None = None
    indicators: tuple[UploadedIndicator, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing is uploaded."""
        frames = (self.meeting_places, self.stops, self.inventory)
        return all(f is None for f in frames) and not self.indicators


def new_token() -> str:
    """A fresh, unguessable work-set id for the URL."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(text: object) -> bool:
    """True for text shaped like a token of :func:`new_token` (nothing else reaches the disk)."""
    return isinstance(text, str) and bool(_TOKEN.match(text))


def _path(directory: Path, token: str) -> Path:
    if not is_token(token):
        raise ValueError("invalid work-set token")
    return directory / f"{token}.json"


def _cell(value: object) -> object:
    if isinstance(value, tuple | list):
        return {"lijst": [_cell(v) for v in value]}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _frame_json(frame: pd.DataFrame | None) -> dict[str, Any] | None:
    if frame is None:
        return None
    return {
        "kolommen": [str(c) for c in frame.columns],
        "types": [str(t) for t in frame.dtypes],
        "rijen": [[_cell(v) for v in row] for row in frame.itertuples(index=False)],
    }


def _value(value: object) -> object:
    if isinstance(value, dict) and "lijst" in value:
        return tuple(_value(v) for v in value["lijst"])
    return value


def _frame(data: dict[str, Any] | None) -> pd.DataFrame | None:
    if data is None:
        return None
    columns = list(data["kolommen"])
    rows = [[_value(v) for v in row] for row in data["rijen"]]
    frame = pd.DataFrame(rows, columns=columns).astype(object)
    for column, kind in zip(columns, data["types"], strict=True):
        if kind in ("float64", "int64", "bool"):
            frame[column] = frame[column].astype("float64" if kind == "float64" else kind)
        elif kind in ("str", "string"):
            frame[column] = frame[column].astype("str")
    return frame


def encode_workset(workset: WorkSet) -> bytes:
    """The work set as JSON bytes (see :func:`decode_workset`)."""
    document = {
        "formaat": _FORMAT,
        "ontmoetingsplaatsen": _frame_json(workset.meeting_places),
        "haltes": _frame_json(workset.stops),
        "initiatieven": _frame_json(workset.inventory),
        "indicatoren": [
            {
                "name": u.name,
                "filename": u.filename,
                "level": u.level,
                "unit": u.unit,
                "direction": u.direction,
                "theme": u.theme,
                "values": _frame_json(u.values),
            }
            for u in workset.indicators
        ],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_workset(data: bytes) -> WorkSet:
    """Read bytes of :func:`encode_workset`; raises ``ValueError`` for anything else."""
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict) or document.get("formaat") != _FORMAT:
        raise ValueError("unknown work-set format")
    indicators = []
    for item in document.get("indicatoren") or []:
        values = _frame(item["values"])
        if values is None:
            raise ValueError("indicator without values")
        indicators.append(
            UploadedIndicator(
                name=str(item["name"]),
                filename=str(item["filename"]),
                level=str(item["level"]),
                values=values.astype({"code": str, "value": float}),
                unit=str(item["unit"]),
                direction=int(item["direction"]),
                theme=str(item["theme"]),
            )
        )
    return WorkSet(
        meeting_places=_frame(document.get("ontmoetingsplaatsen")),
        stops=_frame(document.get("haltes")),
        inventory=_frame(document.get("initiatieven")),
        indicators=tuple(indicators),
    )


def purge_expired(directory: Path, *, now: float | None = None) -> int:
    """Delete work sets older than the time to live (and stale temporary files); returns how
    many were deleted."""
    if not directory.is_dir():
        return 0
    limit = (time.time() if now is None else now) - WORKSET_TTL_DAYS * 86400
    deleted = 0
    for path in directory.iterdir():
        if path.suffix not in (".json", ".tmp") or not path.is_file():
            continue
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                deleted += 1
        except OSError:
            continue
    return deleted


def save_workset(
    directory: Path, token: str, workset: WorkSet, *, now: float | None = None
) -> None:
    """Write (atomically) or, when empty, delete the work set of ``token``.

    Raises :class:`WorkSetTooLargeError` above :data:`MAX_WORKSET_BYTES` (nothing is written)
    and ``OSError`` when the folder cannot be written.
    """
    target = _path(directory, token)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    purge_expired(directory, now=now)
    if workset.empty:
        target.unlink(missing_ok=True)
        return
    data = encode_workset(workset)
    if len(data) > MAX_WORKSET_BYTES:
        size = len(data) / 1024 / 1024
        limit = MAX_WORKSET_BYTES / 1024 / 1024
        raise WorkSetTooLargeError(
            f"De opgeladen gegevens zijn samen te groot om op de server te bewaren "
            f"({size:.0f} MB, hoogstens {limit:.0f} MB). Ze blijven alleen in deze "
            "browsersessie; een herlaadbeurt of een gedeelde link verliest ze."
        )
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).chmod(0o600)
        Path(temporary).replace(target)
        if now is not None:
            os.utime(target, (now, now))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_workset(
    directory: Path, token: object, *, now: float | None = None
) -> tuple[WorkSet | None, Problem | None]:
    """The work set of ``token``, or None and why not ('ongeldig', 'weg', 'verlopen',
    'onleesbaar'; Dutch texts in :data:`WORKSET_NOTICES`). An expired one is deleted."""
    if not is_token(token):
        return None, "ongeldig"
    path = _path(directory, str(token))
    try:
        modified = path.stat().st_mtime
    except OSError:
        return None, "weg"
    if modified < (time.time() if now is None else now) - WORKSET_TTL_DAYS * 86400:
        path.unlink(missing_ok=True)
        return None, "verlopen"
    try:
        return decode_workset(path.read_bytes()), None
    except (OSError, ValueError, KeyError, TypeError):
        return None, "onleesbaar"


__all__ = [
    "MAX_WORKSET_BYTES",
    "WORKSET_NOTICES",
    "WORKSET_TTL_DAYS",
    "WorkSet",
    "WorkSetTooLargeError",
    "decode_workset",
    "encode_workset",
    "is_token",
    "load_workset",
    "new_token",
    "purge_expired",
    "save_workset",
]
