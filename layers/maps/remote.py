"""Recolour without re-sending geometry: unit shapes loaded once by URL, styles sent per change.

The dashboard's map is split in two parts:

- :class:`RemoteUnits`, part of the base map, loads the display geometry and the escaped names of
  a level's units from a static file served by the app (the browser caches it). Its JavaScript is
  the same for every indicator, so streamlit-folium keeps the map mounted when the layer changes.
- :class:`Restyle`, put in the FeatureGroup passed as ``feature_group_to_add``, carries only the
  colours and the other tooltip cells per unit, column-wise (:func:`restyle_payload`, tens of
  KB), and restyles the loaded shapes.

The geometry is fetched synchronously (from the same origin, usually from the browser cache) so
the shapes exist before streamlit-folium binds its click handlers to the map's layers. The file is
not GeoJSON but a compact, lossless encoding of it (:func:`units_file`, less than half the bytes
to send, parse and gzip); :data:`UNITS_DECODER_JS` turns it back into the same GeoJSON features.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps
from shapely.geometry.base import BaseGeometry

from layers.maps.elements import (
    BASE_STYLE,
    CHROME_JS,
    HOVER_STYLE,
    NO_DATA_STYLE,
    SELECTED_STYLE,
    TOOLTIP_CLASS,
    PlainMacroElement,
)
from layers.maps.escape import html_text
from layers.maps.geojson import COORDINATE_DECIMALS, to_wgs84

HIDDEN_STYLE: dict[str, Any] = {"opacity": 0, "fillOpacity": 0}


# Version of the file format of :func:`units_file`: part of the file's name (a file written in an
# older format is never read by the newer decoder).
UNITS_FORMAT = "3"

# ``vbDecodeUnits(data)``: the FeatureCollection encoded by :func:`units_file` (one MultiPolygon
# feature per unit, ``id`` and property ``code`` = the unit's code, property ``name`` = its escaped
# name when the file has names), with exactly the coordinates
# of the 5-decimal GeoJSON (an integer divided by 10^5 is the double nearest to that decimal).
UNITS_DECODER_JS = """
function vbDecodeUnits(data) {
    var scale = data.scale;
    function ring(flat) {
        var x = 0, y = 0, out = [];
        for (var i = 0; i < flat.length; i += 2) {
            x += flat[i]; y += flat[i + 1];
            out.push([x / scale, y / scale]);
        }
        out.push(out[0].slice());
        return out;
    }
    return {type: "FeatureCollection", features: data.units.map(function (unit) {
        var properties = {code: unit[0]};
        if (unit.length > 2) { properties.name = unit[2]; }
        return {type: "Feature", id: unit[0], properties: properties,
                geometry: {type: "MultiPolygon", coordinates: unit[1].map(function (rings) {
                    return rings.map(ring);
                })}};
    })};
}
"""


def _encoded_ring(ring: shapely.LinearRing, scale: int) -> list[int]:
    """``[x0, y0, dx1, dy1, ...]``: the first vertex, then each step to the next, in units of
    ``1 / scale`` degree. Repeated vertices (rounding can merge neighbours) and the closing
    vertex are left out; empty when fewer than 3 distinct vertices are left (nothing to draw)."""
    xy = np.rint(shapely.get_coordinates(ring) * scale).astype(np.int64)
    steps = np.vstack([xy[:1], np.diff(xy, axis=0)])
    keep = np.asarray(steps.any(axis=1), dtype=bool)
    keep[0] = True
    steps, xy = steps[keep], xy[keep]
    if len(xy) > 1 and (xy[-1] == xy[0]).all():
        steps, xy = steps[:-1], xy[:-1]
    if len(np.unique(xy, axis=0)) < 3:
        return []
    return [int(v) for v in steps.ravel()]


def _polygons(geom: BaseGeometry | None) -> list[shapely.Polygon]:
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, shapely.Polygon):
        return [geom]
    if isinstance(geom, shapely.MultiPolygon | shapely.GeometryCollection):
        return [p for part in shapely.get_parts(geom) for p in _polygons(part)]
    return []  # a point or a line: nothing to fill


def _encoded_polygons(geom: BaseGeometry | None, scale: int) -> list[list[list[int]]]:
    """The polygons of ``geom``, each ``[exterior, *holes]`` encoded; a ring that rounding
    collapsed is left out (a collapsed exterior with its holes)."""
    out = []
    for polygon in _polygons(geom):
        rings = [_encoded_ring(r, scale) for r in (polygon.exterior, *polygon.interiors)]
        if rings[0]:
            out.append([r for r in rings if r])
    return out


def units_file(
    gdf: gpd.GeoDataFrame, *, code_column: str = "code", name_column: str = "naam"
) -> bytes:
    """The unit shapes for the map: WGS84, coordinates rounded to 5 decimals, as integers,
    each ring a first vertex then steps (decoded in the browser by :data:`UNITS_DECODER_JS`)::

        {"scale": 100000, "units": [[code, [[ring, ...], ...], name], ...]}

    One entry per unit with a polygonal shape (lines and points of a mixed geometry are not
    drawn). The vertices are those of the 5-decimal GeoJSON, so neighbours' shared borders stay
    identical. The name (escaped with :func:`html_text`, as in every tooltip; left out when the
    frame has no ``name_column``) lets a :class:`Restyle` leave out the names it would repeat.
    """
    scale = 10**COORDINATE_DECIMALS
    codes = gdf[code_column].astype(str).tolist()
    names = [html_text(n) for n in gdf[name_column]] if name_column in gdf else None
    units: list[list[Any]] = []
    for i, (code, geom) in enumerate(zip(codes, to_wgs84(gdf).geometry.to_numpy(), strict=True)):
        polygons = _encoded_polygons(geom, scale)
        if polygons:
            units.append([code, polygons] if names is None else [code, polygons, names[i]])
    data = {"scale": scale, "units": units}
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


class RemoteUnits(PlainMacroElement):
    """Shapes of all units of a level, loaded from ``url``; exposed as ``window.vbUnits``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.chrome_js }}
        {{ this.decoder_js }}
        (function (map) {
            var request = new XMLHttpRequest();
            request.open("GET", {{ this.url|tojson }}, false);
            request.send(null);
            if (request.status !== 200) {
                console.error("Verbonden: kaartvormen niet geladen", request.status);
                return;
            }
            var base = {{ this.base_style|tojson }};
            var noData = {{ this.no_data_style|tojson }};
            var selected = {{ this.selected_style|tojson }};
            var hidden = {{ this.hidden_style|tojson }};
            function style(feature) {
                var p = feature.properties;
                if (p.hide) { return Object.assign({}, base, hidden); }
                var s = Object.assign({}, base, {fillColor: p.fill || base.fillColor});
                if (p.nd) { Object.assign(s, noData); }
                if (p.sel) { Object.assign(s, selected); }
                return s;
            }
            var all = [];
            {%- if this.canvas %}
            // One canvas for the shapes AND every later vector layer (the initiatives): a second
            // canvas would lie on top of this one and swallow its hover and click events.
            map.options.renderer = L.canvas({padding: 0.3});
            {%- endif %}
            var units = L.geoJson(vbDecodeUnits(JSON.parse(request.responseText)), {
                style: style,
                onEachFeature: function (feature, layer) {
                    all.push(layer);
                    layer.on("mouseover", function (e) {
                        if (feature.properties.hide) { return; }
                        e.target.setStyle({{ this.hover_style|tojson }});
                    });
                    layer.on("mouseout", function (e) { e.target.setStyle(style(feature)); });
                }
            }).addTo(map);
            units.vbStyle = style;
            units.vbAll = all;
            window.vbUnits = units;
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str, *, canvas: bool = False) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "RemoteUnits"
        self.url = url
        self.canvas = canvas
        self.chrome_js = CHROME_JS
        self.decoder_js = UNITS_DECODER_JS
        self.base_style = {**BASE_STYLE, "fillColor": "#d9d9d9"}
        self.no_data_style = NO_DATA_STYLE
        self.selected_style = SELECTED_STYLE
        self.hidden_style = HIDDEN_STYLE
        self.hover_style = HOVER_STYLE


class Restyle(PlainMacroElement):
    """Restyles ``window.vbUnits`` from a payload; units absent from it are hidden."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var units = window.vbUnits;
            if (!units) { return; }
            var data = {{ this.payload_json }};
            var labels = {{ this.labels|tojson }};
            var index = new Map();
            var code = "";
            data.codes.forEach(function (entry, k) {  // front-coded, see restyle_payload
                code = code.slice(0, Number(entry[0])) + entry.slice(1);
                index.set(code, k);
            });
            function cell(c, k, p) {
                var column = data.cells[c];
                if (Array.isArray(column)) { return column[k]; }
                if (column.f) {  // the name in the shapes file, unless given here
                    return Object.prototype.hasOwnProperty.call(column.f, k) ? column.f[k] : p.name;
                }
                return column.v[column.i[k]];
            }
            units.clearLayers();
            units.vbAll.forEach(function (layer) {
                var p = layer.feature.properties;
                var k = index.get(p.code);
                p.hide = k === undefined;
                if (p.hide) { return; }
                var fill = data.fill[k];
                p.fill = fill < 0 ? null : data.fills[fill]; p.nd = fill < 0 ? 1 : 0;
                p.sel = p.code === {{ this.selected|tojson }} ? 1 : 0;
                var html = "<strong>" + cell(0, k, p) + "</strong>";
                for (var i = 1; i < data.cells.length; i++) {
                    html += "<br>" + (labels[i - 1] ? labels[i - 1] + ": " : "") + cell(i, k, p);
                }
                layer.unbindTooltip();
                layer.bindTooltip(html, {sticky: true, className: {{ this.tooltip_class|tojson }}});
                layer.setStyle(units.vbStyle(layer.feature));
                units.addLayer(layer);
                if (p.sel && layer.bringToFront) { layer.bringToFront(); }
            });
            var fitKey = {{ this.fit_key|tojson }};
            if (fitKey && window.vbFitKey !== fitKey) {
                window.vbFitKey = fitKey;
                var fit = function () {
                    map.invalidateSize();
                    map.fitBounds({{ this.bounds|tojson }}, {padding: [6, 6]});
                };
                fit();
                setTimeout(fit, 250);
            }
            document.body.setAttribute("data-vb-layer", {{ this.layer_id|tojson }});
            document.body.setAttribute("data-vb-units", String(units.getLayers().length));
        })({{ this._parent._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        payload: dict[str, Any],
        *,
        labels: Sequence[str],
        layer_id: str,
        bounds: list[list[float]],
        fit_key: str,
        selected: str | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "Restyle"
        self.payload = payload
        # Jinja's own ``tojson`` escaping (< > & ' as \uXXXX), without the spaces after , and :
        self.payload_json = htmlsafe_json_dumps(payload, separators=(",", ":"))
        self.labels = list(labels)
        self.layer_id = layer_id
        self.bounds = bounds
        self.fit_key = fit_key
        self.selected = selected
        self.tooltip_class = TOOLTIP_CLASS


def _column(cells: list[str]) -> list[str] | dict[str, list[Any]]:
    """One tooltip cell per unit: the list itself, or, when values repeat (a gemeente's figure
    in each of its wijken, a class description), ``{"v": distinct values, "i": index per unit}``.
    """
    distinct = list(dict.fromkeys(cells))
    if 2 * len(distinct) > len(cells):
        return cells
    position = {value: i for i, value in enumerate(distinct)}
    return {"v": distinct, "i": [position[c] for c in cells]}


def _front_coded(codes: Sequence[str]) -> list[str]:
    """Each code as the length of the prefix it shares with the previous one (one digit, at most
    9) followed by the rest: sorted wijk codes ``11001W01, 11001W02`` become ``011001W01, 72``."""
    out = []
    previous = ""
    for code in codes:
        shared = 0
        while shared < min(9, len(code), len(previous)) and code[shared] == previous[shared]:
            shared += 1
        out.append(f"{shared}{code[shared:]}")
        previous = code
    return out


def restyle_payload(
    properties: Sequence[dict[str, Any]], *, shape_names: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What :class:`Restyle` sends for feature properties as built by the choropleth and
    bivariate builders (keys ``code``, ``fill``, ``nd``, ``t``: escaped tooltip cells, as many
    for every unit), one entry per unit in the order of the codes::

        {"codes": front-coded codes (see _front_coded), "fills": [colour, ...],
         "fill": [index in fills, -1 = no data], "cells": [column, ...]}  # column: see _column

    Column-wise and without repeats, a wijk-level layer is a third of a ``{code: [fill, cells]}``
    object; the map's JavaScript joins the same cells into the same tooltip HTML as before.

    ``shape_names`` are the names (unescaped, by code) in the shapes file the map has loaded
    (:func:`units_file`, the same frame): the first cell is then sent only where it is not that
    name escaped, as ``{"f": {index: cell}}`` (a name the browser already has is not sent again).
    """
    units = sorted(properties, key=lambda p: str(p["code"]))
    fills: dict[str, int] = {}
    fill = []
    for p in units:
        colour = None if p.get("nd") else p.get("fill")
        fill.append(-1 if colour is None else fills.setdefault(str(colour), len(fills)))
    rows = [list(p.get("t", [])) for p in units]
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):
        raise ValueError("Elk gebied hoort evenveel tekstvakken in de tooltip te hebben.")
    codes = [str(p["code"]) for p in units]
    cells: list[Any] = [_column([str(r[c]) for r in rows]) for c in range(width)]
    if shape_names is not None and width:
        known = {code: html_text(name) for code, name in shape_names.items()}
        first = [str(r[0]) for r in rows]
        cells[0] = {"f": {k: c for k, c in enumerate(first) if known.get(codes[k]) != c}}
    return {"codes": _front_coded(codes), "fills": list(fills), "fill": fill, "cells": cells}
