"""Turning a checked upload into what the analysis uses, and saving it to the user's folder.

An indicator table becomes a ``code, value`` frame for :class:`.uploaded.UploadedIndicator`;
points become a small ``lon, lat, naam, gemeente_code`` frame (what the dashboard session keeps
for meeting places and stops); and any of them can be written, normalised, to a new timestamped
file.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geodata.files import write_new
from geodata.safe_export import to_csv_bytes
from layers.initiatives import inventory_to_csv

if TYPE_CHECKING:  # points arrive as GeoDataFrames; geopandas loads with them
    import geopandas as gpd

TABLE_KEY_COLUMNS = ("level", "code", "naam")
NAME_HINTS = ("naam", "name", "stop_name", "titel", "title", "label", "omschrijving")
_INTERNAL_POINT_COLUMNS = ("regel", "gemeente_code")
_SLUG = re.compile(r"[^a-z0-9]+")
_PERCENT = re.compile(r"%|pct|procent|percent|aandeel")


def table_levels(table: pd.DataFrame) -> list[str]:
    """The levels present in an upload table, gemeente first."""
    present = set(table["level"].astype(str))
    return [level for level in ("gemeente", "wijk") if level in present]


def value_columns(table: pd.DataFrame) -> list[str]:
    """The value columns of an upload table (everything but level, code and naam)."""
    return [str(c) for c in table.columns if c not in TABLE_KEY_COLUMNS]


def indicator_values(table: pd.DataFrame, *, level: str, column: str) -> pd.DataFrame:
    """``code, value`` of one value column at one level, without missing values."""
    if column not in value_columns(table):
        raise ValueError(f"Kolom '{column}' is geen waardekolom van dit bestand.")
    rows = table[(table["level"] == level) & table[column].notna()]
    return pd.DataFrame(
        {"code": rows["code"].astype(str).to_numpy(), "value": rows[column].astype(float)}
    ).reset_index(drop=True)


def guess_unit(table: pd.DataFrame, column: str) -> str:
    """A first guess of the unit shown in the legend: '%' for a share, 'aantal' for whole
    numbers, else '' (the analyst fills it in)."""
    if _PERCENT.search(column.lower()):
        return "%"
    values = table[column].dropna()
    if len(values) and bool((values == values.round()).all()):
        return "aantal"
    return ""


def point_attribute_columns(points: gpd.GeoDataFrame) -> list[str]:
    """The columns of an uploaded point file (without geometry and the reader's own columns)."""
    return [
        str(c)
        for c in points.columns
        if c != points.geometry.name and c not in _INTERNAL_POINT_COLUMNS
    ]


def name_column_candidates(points: gpd.GeoDataFrame) -> list[str]:
    """Columns that could name each point, the most likely first (``naam``, ``stop_name``, ...)."""
    columns = point_attribute_columns(points)
    lowered = {c.lower(): c for c in columns}
    first = [lowered[h] for h in NAME_HINTS if h in lowered]
    text = [c for c in columns if c not in first and points[c].dtype == object]
    rest = [c for c in columns if c not in first and c not in text]
    return [*first, *text, *rest]


def point_frame(points: gpd.GeoDataFrame, *, name_column: str | None) -> pd.DataFrame:
    """``lon, lat, naam, gemeente_code`` of WGS84 points; ``naam`` is 'punt op regel N' when
    there is no name column or a name is empty."""
    lines = points["regel"] if "regel" in points else pd.Series(range(1, len(points) + 1))
    fallback = [f"punt op regel {int(v)}" for v in lines]
    if name_column:
        raw = points[name_column]
        names = [
            fb if pd.isna(v) or not str(v).strip() else str(v).strip()
            for v, fb in zip(raw, fallback, strict=True)
        ]
    else:
        names = fallback
    codes = points["gemeente_code"] if "gemeente_code" in points else [None] * len(points)
    return pd.DataFrame(
        {
            "lon": points.geometry.x.round(7).to_numpy(),
            "lat": points.geometry.y.round(7).to_numpy(),
            "naam": names,
            "gemeente_code": [None if pd.isna(c) else str(c) for c in codes],
        }
    )


def saved_name(
    kind: str, filename: str, *, now: datetime, suffix: str, tag: str | None = None
) -> str:
    """``20250131-142501-indicator-mijn_bestand.csv``: sortable, safe on every file system;
    ``tag`` (random, from :func:`save_upload`) ends the name so saves in one second differ."""
    stem = Path(filename.replace("\\", "/").split("/")[-1]).stem
    slug = _SLUG.sub("_", stem.lower()).strip("_")[:40] or "bestand"
    end = f"-{tag}" if tag else ""
    return f"{now:%Y%m%d-%H%M%S}-{kind}-{slug}{end}{suffix}"


def save_upload(
    directory: Path,
    *,
    kind: str,
    filename: str,
    now: datetime,
    table: pd.DataFrame | None = None,
    points: gpd.GeoDataFrame | None = None,
    inventory: pd.DataFrame | None = None,
) -> Path:
    """Write the normalised upload to ``directory`` (created when missing) and return the path.

    A table is written as CSV (2025 code, name, value columns; formulas neutralised), points as
    GeoJSON (WGS84) and an inventory in its own CSV format. Exactly one of them must be given.
    The name ends in a random tag and is never reused, so saves in the same second all stay; the
    file appears only once it is completely written (:func:`geodata.files.write_new`), else
    :class:`geodata.files.WriteError` says what to free or which folder to make writable.
    """
    given = [x for x in (table, points, inventory) if x is not None]
    if len(given) != 1:
        raise ValueError("Geef precies één van table, points of inventory.")
    if table is not None:
        suffix, data = ".csv", to_csv_bytes(table)
    elif points is not None:
        # 'regel' is added again by the reader when the file is loaded back.
        kept = points.drop(columns=[c for c in ("regel",) if c in points.columns])
        suffix, data = ".geojson", kept.to_crs(4326).to_json(drop_id=True).encode("utf-8")
    else:
        assert inventory is not None  # one of table, points, inventory is given
        suffix, data = ".csv", inventory_to_csv(inventory)
    return write_new(
        directory,
        lambda: saved_name(kind, filename, now=now, suffix=suffix, tag=secrets.token_hex(3)),
        data,
    )


def saved_files(
    directory: Path, *, kind: str, suffixes: Sequence[str] = (".csv", ".geojson")
) -> list[Path]:
    """Files saved earlier for ``kind``, newest first (an absent folder gives none)."""
    if not directory.is_dir():
        return []
    found = [
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix in suffixes and f"-{kind}-" in p.name
    ]
    return sorted(found, key=lambda p: p.name, reverse=True)


__all__ = [
    "NAME_HINTS",
    "guess_unit",
    "indicator_values",
    "name_column_candidates",
    "point_attribute_columns",
    "point_frame",
    "save_upload",
    "saved_files",
    "saved_name",
    "table_levels",
    "value_columns",
]
