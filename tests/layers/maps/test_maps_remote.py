"""What the dashboard's map receives: the shapes file (:func:`layers.maps.units_file`), smaller
than GeoJSON, yet every unit keeps exactly the shape it had (same vertices, so shared borders stay
shared and clicks land in the same unit), and the restyle payload (:func:`restyle_payload`), which
keeps every colour and tooltip cell, escaped. The browser's side is exercised by the e2e map tests;
:mod:`.browser_side` mirrors it."""

from __future__ import annotations

import json
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Point, Polygon, box

from geodata.store import read_layer
from layers.maps import (
    UNITS_DECODER_JS,
    Restyle,
    choropleth_properties,
    html_text,
    restyle_payload,
    units_file,
)
from layers.maps.geojson import rounded_geometries

from .browser_side import decode_units, restyle_entries, unit_names
from .conftest import PAYLOADS


def _as_multipolygon(geometry: dict[str, Any]) -> list[Any]:
    coords = json.loads(json.dumps(geometry["coordinates"]))  # tuples as lists
    return [coords] if geometry["type"] == "Polygon" else coords


def test_decoder_is_the_one_the_map_uses():
    assert "function vbDecodeUnits(data)" in UNITS_DECODER_JS


def test_holes_parts_and_empty_shapes():
    square = box(4.0, 51.0, 4.1, 51.1)
    holed = Polygon(square.exterior.coords, [box(4.02, 51.02, 4.04, 51.04).exterior.coords])
    two = MultiPolygon([box(4.2, 51.0, 4.25, 51.05), box(4.3, 51.0, 4.35, 51.05)])
    mixed = GeometryCollection([box(4.4, 51.0, 4.45, 51.05), LineString([(4, 51), (5, 52)])])
    gdf = gpd.GeoDataFrame(
        {"code": ["a", "b", "c", "d", "e"]},
        geometry=[holed, two, mixed, Polygon(), None],
        crs=4326,
    )
    decoded = decode_units(units_file(gdf))
    assert list(decoded) == ["a", "b", "c"]  # no shape, nothing to draw or click
    assert [len(rings) for rings in decoded["a"]] == [2]  # the hole stays a hole
    assert len(decoded["b"]) == 2
    assert shapely.equals(
        shapely.geometry.shape({"type": "MultiPolygon", "coordinates": decoded["c"]}),
        mixed.geoms[0],
    )
    expected = _as_multipolygon(rounded_geometries(gdf.iloc[:2])[0] or {})
    assert decoded["a"] == expected


def test_a_frame_in_another_crs_is_written_in_wgs84():
    gdf = gpd.GeoDataFrame(
        {"code": ["x"]}, geometry=[box(150000, 200000, 151000, 201000)], crs=31370
    )
    (rings,) = decode_units(units_file(gdf))["x"]
    lon, lat = np.array(rings[0]).T
    assert 4 < lon.min() < lon.max() < 5 and 50 < lat.min() < lat.max() < 52


def _shape(coordinates: list[Any]) -> shapely.Geometry:
    return shapely.geometry.shape({"type": "MultiPolygon", "coordinates": coordinates})


def _vertices(coordinates: list[Any]) -> set[tuple[float, float]]:
    return {(x, y) for polygon in coordinates for ring in polygon for x, y in ring}


@pytest.mark.parametrize("level", ["gemeente", "wijk"])
def test_every_unit_keeps_its_shape(store_path, level):
    units = read_layer(store_path, level, display=True)
    data = units_file(units)
    decoded = decode_units(data)
    geojson = rounded_geometries(units)
    codes = units["code"].astype(str).tolist()
    assert list(decoded) == codes  # every unit is on the map
    changed = []
    for code, geometry in zip(codes, geojson, strict=True):
        assert geometry is not None
        before = _as_multipolygon(geometry)
        shape = _shape(decoded[code])
        assert shape.is_valid and shape.area > 0, code
        if decoded[code] != before:  # only a component that rounding collapsed is left out
            changed.append(code)
            # the very same floats as the 5-decimal GeoJSON, so shared borders stay shared
            assert _vertices(decoded[code]) <= _vertices(before), code
            assert shape.area == pytest.approx(shapely.make_valid(_shape(before)).area), code
    assert len(changed) <= 3, changed
    plain = json.dumps({"type": "FeatureCollection", "features": geojson}, separators=(",", ":"))
    assert len(data) < 0.5 * len(plain)


def test_a_point_inside_a_unit_still_finds_that_unit(store_path):
    units = read_layer(store_path, "wijk", display=True)
    decoded = decode_units(units_file(units))
    shapes = {code: _shape(c) for code, c in decoded.items()}
    tree = shapely.STRtree(list(shapes.values()))
    codes = list(shapes)
    for code, geom in list(zip(units["code"].astype(str), units.geometry, strict=True))[::50]:
        inside = Point(geom.representative_point())
        hits = {codes[i] for i in tree.query(inside, predicate="intersects")}
        assert hits == {code}


def test_restyle_payload_keeps_every_colour_and_tooltip_cell(squares):
    gdf = squares.assign(gemeente=["Gent", "Gent", "Gent", "Aalst", "Gent", "Gent"])
    properties, _ = choropleth_properties(
        gdf,
        value_column="waarde",
        unit="%",
        tooltip_columns=[("gemeente", "Gemeente")],
    )
    payload = restyle_payload(properties)
    expected = {
        str(p["code"]): (None if p.get("nd") else p["fill"], list(p["t"])) for p in properties
    }
    assert restyle_entries(payload) == expected
    names, _, towns = payload["cells"]
    assert isinstance(names, list)  # every name differs: sent as is
    assert towns == {"v": ["Gent", "Aalst"], "i": [0, 0, 0, 1, 0, 0]}  # repeats sent once
    assert payload["codes"] == ["099000", "41", "42", "43", "44", "45"]  # shared prefixes once
    assert None in {fill for fill, _ in expected.values()}  # the missing value stays "no data"


def test_codes_of_any_length_come_back():
    codes = ["44021A00-", "44021A00", "4402", "", "1234567890123", "1234567890124", "x", "<&>"]
    properties = [{"code": c, "fill": "#ffffff", "t": [c]} for c in codes]
    assert set(restyle_entries(restyle_payload(properties))) == set(codes)


def test_restyle_payload_reaches_the_map_escaped(squares):
    properties, _ = choropleth_properties(squares, value_column="waarde", unit="%")
    group = folium.FeatureGroup(name="verbonden-laag")
    Restyle(
        restyle_payload(properties),
        labels=[html_text("Laag " + PAYLOADS[0])],
        layer_id="x",
        bounds=[[51, 4], [52, 5]],
        fit_key="k",
    ).add_to(group)
    m = folium.Map(tiles=None)
    group.add_to(m)
    script = m.get_root().render()
    for payload in PAYLOADS:
        assert payload not in script, payload
    for fragment in ("<img src=x", "<script>alert", "${alert", "`tick", "</script><b>"):
        assert fragment not in script, fragment
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in script
    assert "back\\u0026#96;tick" in script


def test_names_in_the_shapes_file_are_escaped_and_not_sent_again(squares):
    data = units_file(squares)
    names = unit_names(data)
    assert names == {c: html_text(n) for c, n in zip(squares["code"], squares["naam"], strict=True)}
    for payload in PAYLOADS:
        assert payload.encode() not in data, payload
    properties, _ = choropleth_properties(squares, value_column="waarde", unit="%")
    expected = {str(p["code"]): (p.get("fill"), list(p["t"])) for p in properties}
    renamed = dict(zip(squares["code"], squares["naam"], strict=True))
    renamed["99003"] = "Een andere naam"  # the table's name differs from the file's: sent
    payload = restyle_payload(properties, shape_names=renamed)
    assert payload["cells"][0] == {"f": {3: html_text(PAYLOADS[3])}}
    assert restyle_entries(payload, names) == expected
