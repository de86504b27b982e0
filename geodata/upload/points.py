"""Point checks shared by point tables and point layers: CRS from the coordinate range,
swapped latitude/longitude, points outside Flanders, and coordinate columns in plain tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geodata.messages import Message

if TYPE_CHECKING:
    import geopandas as gpd

WGS84 = "EPSG:4326"
LAMBERT72 = "EPSG:31370"
LAMBERT2008 = "EPSG:3812"
CRS_LABELS = {WGS84: "WGS84 (lengte- en breedtegraad)", LAMBERT72: "Lambert 72 (EPSG:31370)",
              LAMBERT2008: "Lambert 2008 (EPSG:3812)"}  # fmt: skip
# Flanders in WGS84, roughly (used when no gemeente layer is given).
FLANDERS_BBOX = (2.5, 50.65, 5.95, 51.52)
_PAIRS: tuple[tuple[str, str], ...] = (
    (
        r"(stop_)?lat(itude)?|breedte(graad)?|y_?wgs84|wgs84_?y|lat_wgs84",
        r"(stop_)?(lon|lng|long|longitude)|lengte(graad)?|x_?wgs84|wgs84_?x|lon_wgs84",
    ),
    (
        r"y|y_?(coord|coordinaat|lambert|l72|31370)|(coord|lambert)_?y|ycoord",
        r"x|x_?(coord|coordinaat|lambert|l72|31370)|(coord|lambert)_?x|xcoord",
    ),
)


@dataclass(frozen=True)
class CoordinateColumns:
    """Names of the x (longitude/easting) and y (latitude/northing) columns."""

    x: str
    y: str


def find_coordinate_columns(columns: list[str]) -> CoordinateColumns | None:
    """Coordinate columns by name: lat/lon, latitude/longitude, stop_lat/stop_lon, x/y, ..."""
    normal = {c: re.sub(r"[\s.\-]+", "_", str(c).strip().lower()) for c in columns}
    for y_pattern, x_pattern in _PAIRS:
        ys = [c for c, n in normal.items() if re.fullmatch(y_pattern, n)]
        xs = [c for c, n in normal.items() if re.fullmatch(x_pattern, n)]
        if ys and xs:
            return CoordinateColumns(x=xs[0], y=ys[0])
    return None


def infer_crs(x: pd.Series, y: pd.Series) -> str | None:
    """CRS from the coordinate range: WGS84 (also with swapped axes), Lambert 72 or Lambert 2008."""
    ok = x.notna() & y.notna() & np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return None
    mx, my = float(x[ok].median()), float(y[ok].median())
    if -180 <= mx <= 180 and -90 <= my <= 90:
        return WGS84
    if 0 <= mx <= 320_000 and 0 <= my <= 320_000:
        return LAMBERT72
    if 450_000 <= mx <= 850_000 and 450_000 <= my <= 850_000:
        return LAMBERT2008
    return None


def swapped_mask(x: pd.Series, y: pd.Series) -> pd.Series:
    """WGS84 points whose longitude looks like a Belgian latitude and vice versa."""
    return x.between(49.3, 51.7) & y.between(2.3, 6.6)


def _line_list(lines: pd.Series, limit: int = 8) -> str:
    shown = ", ".join(str(int(v)) for v in lines.iloc[:limit])
    return shown + (" ..." if len(lines) > limit else "")


def fix_swapped(
    points: gpd.GeoDataFrame, lines: pd.Series, *, filename: str
) -> tuple[gpd.GeoDataFrame, list[Message]]:
    """Swap back WGS84 points given as (latitude, longitude); reported as a warning."""
    import geopandas as gpd  # loaded by the caller that made ``points``

    x, y = points.geometry.x, points.geometry.y
    mask = swapped_mask(x, y) & points.geometry.notna()
    if not mask.any():
        return points, []
    fixed = points.copy()
    fixed.loc[mask, fixed.geometry.name] = gpd.points_from_xy(y[mask], x[mask], crs=points.crs)
    message = Message(
        "warning",
        f"{int(mask.sum())} punt(en) hadden breedte- en lengtegraad omgewisseld (regels "
        f"{_line_list(lines[mask])}); ze werden teruggedraaid. Controleer de bron.",
        line=int(lines[mask].iloc[0]),
        file=filename,
    )
    return fixed, [message]


def locate_points(
    points: gpd.GeoDataFrame, *, gemeenten: gpd.GeoDataFrame | None
) -> tuple[pd.Series, pd.Series]:
    """For WGS84 points: whether each lies in Flanders, and its 2025 gemeente code (or NA).

    With ``gemeenten`` (columns ``code`` and geometry, any CRS) the test is point-in-polygon;
    without, a rough Flanders bounding box and no gemeente code.
    """
    geometry = points.geometry
    if gemeenten is not None and not gemeenten.empty:
        import geopandas as gpd  # with the first points: a table upload never needs it

        polygons = gemeenten[["code", "geometry"]].to_crs(WGS84)
        joined = gpd.sjoin(
            gpd.GeoDataFrame(geometry=geometry, crs=WGS84), polygons, how="left", predicate="within"
        )
        code = joined.groupby(level=0)["code"].first().reindex(points.index)
        inside = code.notna()
        return inside, code.astype("object").where(inside, None)
    minx, miny, maxx, maxy = FLANDERS_BBOX
    inside = geometry.x.between(minx, maxx) & geometry.y.between(miny, maxy)
    return inside.fillna(False).astype(bool), pd.Series(None, index=points.index, dtype="object")


__all__ = [
    "CRS_LABELS",
    "FLANDERS_BBOX",
    "LAMBERT72",
    "LAMBERT2008",
    "WGS84",
    "CoordinateColumns",
    "find_coordinate_columns",
    "fix_swapped",
    "infer_crs",
    "locate_points",
    "swapped_mask",
]
