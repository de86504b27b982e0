"""A vector choropleth of a municipality's wijken on an fpdf2 page (no tiles, no matplotlib).

WGS84 polygons are projected to page millimetres with an equirectangular projection scaled by the
cosine of the mean latitude (accurate to well under a percent at the size of a municipality) and
drawn with ``FPDF.polygon``. Larger polygons are drawn first and holes are painted white, so an
enclave drawn later stays visible.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import geopandas as gpd
import pandas as pd
from fpdf import FPDF
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from layers.maps import MISSING_CLASS, NO_DATA, classify, hex_to_rgb, sequential

LEGEND_WIDTH = 58.0
NEUTRAL = "#dfe6ee"
MIN_STEP_MM = 0.15
Box = tuple[float, float, float, float]


def _rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue = hex_to_rgb(colour)
    return round(red * 255), round(green * 255), round(blue * 255)


def _polygons(geometry: BaseGeometry | None) -> list[Polygon]:
    if geometry is None or geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in _polygons(part)]


class _Projection:
    """lon/lat -> page mm, fitting the bounds into a box and keeping the aspect ratio."""

    def __init__(self, bounds: tuple[float, float, float, float], box: Box) -> None:
        minx, miny, maxx, maxy = bounds
        self.kx = math.cos(math.radians((miny + maxy) / 2))
        width, height = max((maxx - minx) * self.kx, 1e-9), max(maxy - miny, 1e-9)
        x, y, w, h = box
        self.scale = min(w / width, h / height)
        self.x0 = x + (w - width * self.scale) / 2
        self.y0 = y + (h - height * self.scale) / 2
        self.minx, self.maxy = minx, maxy

    def points(self, coords: object) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for lon, lat, *_ in coords:  # type: ignore[attr-defined]
            point = (
                self.x0 + (lon - self.minx) * self.kx * self.scale,
                self.y0 + (self.maxy - lat) * self.scale,
            )
            if not out or math.dist(out[-1], point) >= MIN_STEP_MM:
                out.append(point)
        return out


def _ring(pdf: FPDF, points: list[tuple[float, float]], style: str) -> None:
    if len(points) >= 3:
        pdf.polygon(points, style=style)


def _legend(
    pdf: FPDF,
    *,
    x: float,
    y: float,
    title: str,
    entries: list[tuple[str, str]],
    clean: Callable[[object], str],
) -> None:
    family = pdf.font_family
    pdf.set_xy(x, y)
    pdf.set_font(family, "B", 8)
    pdf.multi_cell(LEGEND_WIDTH - 2, 3.8, clean(title), align="L")
    pdf.set_font(family, "", 7.5)
    pdf.set_draw_color(90, 90, 90)
    pdf.set_line_width(0.15)
    for colour, text in entries:
        top = pdf.get_y() + 1
        pdf.set_fill_color(*_rgb(colour))
        pdf.rect(x, top, 6, 4, style="DF")
        pdf.set_xy(x + 8, top)
        pdf.multi_cell(LEGEND_WIDTH - 10, 4, clean(text), align="L")


def draw_wijk_map(
    pdf: FPDF,
    wijken: gpd.GeoDataFrame,
    values: pd.Series | None,
    *,
    code: str,
    box: Box,
    label: str,
    unit: str,
    palette: str,
    clean: Callable[[object], str],
    note: str = "",
) -> None:
    """Draw the wijken of ``code`` in ``box`` (x, y, width, height in mm), legend on the right,
    and move the cursor below the box. ``values`` is indexed by wijk code (or None: one colour).
    """
    x, y, w, h = box
    frame = wijken
    if "gemeente_code" in frame and (frame["gemeente_code"].astype(str) == str(code)).any():
        frame = frame[frame["gemeente_code"].astype(str) == str(code)]
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    pdf.set_font(pdf.font_family, "", 8)
    if frame.empty:
        pdf.set_xy(x, y)
        pdf.multi_cell(w, 4, "Geen wijkgrenzen beschikbaar voor deze gemeente.", align="L")
        return
    codes = frame["code"].astype(str) if "code" in frame else frame.index.to_series().astype(str)
    fills, entries = _colours(values, codes, unit=unit, palette=palette)
    west, south, east, north = (float(b) for b in frame.total_bounds)
    projection = _Projection(
        (west, south, east, north), (x + 1, y + 1, w - LEGEND_WIDTH - 4, h - 2)
    )
    areas = pd.Series([geometry.area for geometry in frame.geometry], index=frame.index)
    order = areas.sort_values(ascending=False).index
    pdf.set_line_width(0.12)
    pdf.set_draw_color(255, 255, 255)
    for index in order:
        for polygon in _polygons(frame.geometry.loc[index]):
            pdf.set_fill_color(*_rgb(fills[index]))
            _ring(pdf, projection.points(polygon.exterior.coords), "DF")
            pdf.set_fill_color(255, 255, 255)
            for hole in polygon.interiors:
                _ring(pdf, projection.points(hole.coords), "DF")
    pdf.set_draw_color(60, 60, 60)
    pdf.set_line_width(0.4)
    for polygon in _polygons(unary_union(list(frame.geometry)).buffer(0)):
        _ring(pdf, projection.points(polygon.exterior.coords), "D")
    title = label or "Wijken van de gemeente"
    title += f" ({len(frame)} wijken)"
    _legend(pdf, x=x + w - LEGEND_WIDTH, y=y + 2, title=title, entries=entries, clean=clean)
    if note:
        pdf.set_xy(x + w - LEGEND_WIDTH, pdf.get_y() + 2)
        pdf.set_font(pdf.font_family, "", 6.5)
        pdf.multi_cell(LEGEND_WIDTH - 2, 3, clean(note), align="L")
    _scale_bar(pdf, projection, x=x + 2, y=y + h - 4)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_xy(pdf.l_margin, y + h + 2)


def _scale_bar(pdf: FPDF, projection: _Projection, *, x: float, y: float) -> None:
    """A bar of a round number of km, at most about 30 mm long."""
    mm_per_km = projection.scale / 111.32  # one degree of latitude is about 111.32 km
    if mm_per_km <= 0:
        return
    km = max((k for k in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50) if k * mm_per_km <= 30), default=0.1)
    length = km * mm_per_km
    pdf.set_draw_color(40, 40, 40)
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(x, y, length, 1.2, style="F")
    pdf.set_font(pdf.font_family, "", 6.5)
    pdf.set_xy(x + length + 1.5, y - 1.2)
    text = f"{km:g} km".replace(".", ",")
    pdf.cell(20, 3.6, text)


def _colours(
    values: pd.Series | None, codes: pd.Series, *, unit: str, palette: str
) -> tuple[pd.Series, list[tuple[str, str]]]:
    """Fill colour per row of the frame (same index as ``codes``) and the legend entries."""
    if values is None:
        return pd.Series(NEUTRAL, index=codes.index), [(NEUTRAL, "wijk (geen indicator gekozen)")]
    lookup = pd.to_numeric(values, errors="coerce")
    lookup.index = lookup.index.astype(str)
    numbers = pd.Series(codes.map(lookup).to_numpy(dtype=float), index=codes.index)
    distinct = int(numbers.nunique())
    if distinct == 0:
        return pd.Series(NO_DATA.fill, index=codes.index), [(NO_DATA.fill, NO_DATA.label)]
    classes = classify(numbers, scheme="quantiles", k=min(5, distinct), unit=unit)
    colours = sequential(palette, max(classes.k, 1))[: classes.k]
    fills = classes.classes.map(lambda c: NO_DATA.fill if c == MISSING_CLASS else colours[c])
    entries = list(zip(colours, classes.labels, strict=True))
    if classes.n_missing:
        entries.append((NO_DATA.fill, f"{NO_DATA.label} ({classes.n_missing})"))
    return fills, entries
