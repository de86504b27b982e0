"""Choropleth, bivariate, outline and point layers: content, escaping and size."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from layers.maps.choropleth import (
    base_map,
    bivariate_layer,
    choropleth_layer,
    outline_layer,
    parse_bivariate_class,
)
from layers.maps.classify import classify
from layers.maps.elements import FeatureLayer, LegendControl
from layers.maps.markers import APPROXIMATE_TEXT, point_layer
from layers.maps.palettes import BIVARIATE, sequential

from .conftest import PAYLOADS


def _feature_layer(group: folium.FeatureGroup) -> FeatureLayer:
    layers = [c for c in group._children.values() if isinstance(c, FeatureLayer)]
    assert len(layers) == 1, "every layer is drawn as ONE GeoJSON layer"
    return layers[0]


def _features(group: folium.FeatureGroup) -> list[dict]:
    return _feature_layer(group).data["features"]


def _render(*groups: folium.FeatureGroup, bounds) -> str:
    m = base_map(bounds=bounds, attribution="Bron " + PAYLOADS[0])
    for group in groups:
        group.add_to(m)
    folium.LayerControl().add_to(m)
    return m.get_root().render()


def _raw_payload_present(html: str, payload: str) -> bool:
    """True when the payload appears unescaped (other than the harmless backslash case)."""
    return payload in html


def test_choropleth_of_all_flemish_municipalities(flemish_municipalities):
    gdf = flemish_municipalities.copy()
    rng = np.random.default_rng(1)
    gdf["aandeel"] = rng.uniform(3, 10, len(gdf))
    gdf.loc[gdf.index[:3], "aandeel"] = np.nan
    group = choropleth_layer(
        gdf,
        value_column="aandeel",
        label="Leeftijd 80+",
        unit="%",
        source="Statbel (2024)",
        palette="YlGnBu",
        highlight_code="11002",
    )
    features = _features(group)
    assert len(features) == 285
    assert {f["id"] for f in features} == set(gdf["code"])
    colours = sequential("YlGnBu", 5)
    result = classify(gdf["aandeel"], unit="%")
    by_code = dict(zip(gdf["code"], result.classes, strict=True))
    for feature in features:
        cls = by_code[feature["id"]]
        props = feature["properties"]
        if cls < 0:
            assert props["nd"] == 1 and "fill" not in props
            assert props["t"][1] == "geen gegevens"
        else:
            assert props["fill"] == colours[cls]
            assert props["t"][1].endswith(" %") and "," in props["t"][1]
    antwerpen = features[-1]  # the highlighted unit is drawn last, on top
    assert antwerpen["id"] == "11002" and antwerpen["properties"]["sel"] == 1
    assert antwerpen["properties"]["t"][0] == "Antwerpen"
    # coordinates are rounded to 5 decimals
    coords = json.dumps(features[0]["geometry"]["coordinates"])
    assert not re.search(r"\d\.\d{6,}", coords)
    html = _render(group, bounds=gdf.total_bounds)
    assert len(html) < 1_000_000
    assert "style_function" not in html and "_styler" not in html


def test_choropleth_requires_numeric_values_and_existing_columns(squares):
    with pytest.raises(ValueError, match="ontbreken"):
        choropleth_layer(squares, value_column="nope", label="x", unit="", source="")
    with pytest.raises(ValueError, match="geen getallen"):
        choropleth_layer(squares, value_column="naam", label="x", unit="", source="")


def test_payloads_are_escaped_in_the_rendered_map(squares, points):
    label = "Laag " + " ".join(PAYLOADS)
    choropleth = choropleth_layer(
        squares,
        value_column="waarde",
        label=label,
        unit="%" + PAYLOADS[2],
        source="Bron " + PAYLOADS[1],
        tooltip_columns=[("naam", "Extra " + PAYLOADS[3])],
    )
    markers = point_layer(
        points,
        name="Punten " + PAYLOADS[0],
        label_column="naam",
        popup_columns=[("actietype", "Type " + PAYLOADS[4])],
        colour_by="actietype",
        approximate_column="benaderd",
        link_column="bron",
    )
    outline = outline_layer(squares, name="Omtrek " + PAYLOADS[5])
    html = _render(choropleth, markers, outline, bounds=squares.total_bounds)
    for payload in PAYLOADS:
        assert payload not in html, payload
    for fragment in ("<img src=x", "<script>alert", "onerror=alert(1)>", "${alert", "`tick"):
        assert fragment not in html, fragment
    # escaped forms are present (JSON-encoded: & becomes \u0026)
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    assert "\\u0026#36;{alert(1)}" in html
    assert "back\\u0026#96;tick" in html
    assert "back\\u0026#92;slash" in html
    assert "javascript:alert" not in html and "data:text/html" not in html
    assert "https://example.org/a" in html


def test_bivariate_layer_colours_and_missing(squares):
    gdf = squares.assign(klasse=["3-1", "1-3", None, (2, 2), "9-9", "3x3"])
    group = bivariate_layer(gdf, class_column="klasse", label="Actiekloof", source="eigen")
    props = {f["id"]: f["properties"] for f in _features(group)}
    assert props["99000"]["fill"] == BIVARIATE[(3, 1)]
    assert props["99000"]["t"][1] == "Nood: hoog, aanbod: laag"
    assert props["99001"]["fill"] == BIVARIATE[(1, 3)]
    assert props["99002"]["nd"] == 1 and props["99004"]["nd"] == 1
    assert props["99003"]["fill"] == BIVARIATE[(2, 2)]
    assert props["99005"]["fill"] == BIVARIATE[(3, 3)]
    legend = next(c for c in group._children.values() if isinstance(c, LegendControl))
    assert "(2)" in legend.html  # two units without a class
    assert parse_bivariate_class("2.0-1.0") == (2, 1)
    assert parse_bivariate_class(float("nan")) is None


def test_outline_layer_is_not_interactive(flemish_municipalities):
    group = outline_layer(flemish_municipalities, name="Gemeentegrenzen")
    layer = _feature_layer(group)
    assert layer.interactive is False
    assert len(layer.data["features"]) == 285
    assert all(f["properties"] == {} for f in layer.data["features"])


def test_point_layer_is_one_geojson_layer_with_circle_markers(points):
    group = point_layer(
        points,
        name="Initiatieven",
        label_column="naam",
        popup_columns=[("actietype", "Actietype")],
        colour_by="actietype",
        approximate_column="benaderd",
        link_column="bron",
        id_column="id",
    )
    features = _features(group)
    assert len(features) == 6
    assert [f["id"] for f in features] == list(points["id"])
    assert all(f["geometry"]["type"] == "Point" for f in features)
    first = features[0]["properties"]
    assert APPROXIMATE_TEXT in first["pop"] and first["st"]["dashArray"]
    assert APPROXIMATE_TEXT not in features[1]["properties"]["pop"]
    assert 'href="https://example.org/a"' in first["pop"]
    assert "href" not in features[1]["properties"]["pop"]  # javascript: link dropped
    assert features[0]["properties"]["fill"] == features[3]["properties"]["fill"]  # huisbezoek
    assert "L.circleMarker" in _render(group, bounds=points.total_bounds)
    assert "L.marker(" not in _render(group, bounds=points.total_bounds)


def test_points_without_location_are_reported_not_dropped_silently(points):
    frame = points.copy()
    frame.loc[2, "geometry"] = None
    group = point_layer(frame, name="Punten", label_column="naam", popup_columns=[])
    assert len(_features(group)) == 5
    legend = next(c for c in group._children.values() if isinstance(c, LegendControl))
    assert "1 punt(en) zonder locatie niet getoond" in legend.html


def test_dense_points_are_grouped_into_count_bubbles():
    rng = np.random.default_rng(5)
    n = 450
    frame = gpd.GeoDataFrame(
        {
            "naam": [f"punt {i}" for i in range(n)],
            "gemeente": rng.choice(["11002", "44021", "24062"], n),
            "type": rng.choice(["huisbezoek", "ontmoeting"], n),
        },
        geometry=[Point(4 + rng.random(), 51 + rng.random()) for _ in range(n)],
        crs=4326,
    )
    frame["gemeentenaam"] = frame["gemeente"].map(
        {"11002": "Antwerpen", "44021": "Gent", "24062": "Leuven"}
    )
    group = point_layer(
        frame,
        name="Initiatieven",
        label_column="naam",
        popup_columns=[],
        colour_by="type",
        group_column="gemeente",
        group_name_column="gemeentenaam",
        max_points=200,
    )
    features = _features(group)
    assert len(features) == 3
    counts = {f["id"]: f["properties"]["n"] for f in features}
    assert counts == frame["gemeente"].value_counts().to_dict()
    gent = next(f for f in features if f["id"] == "44021")["properties"]
    assert gent["t"][0].startswith("Gent: ") and gent["r"] > 6
    small = point_layer(
        frame.head(150),
        name="x",
        label_column="naam",
        popup_columns=[],
        group_column="gemeente",
        max_points=200,
    )
    assert len(_features(small)) == 150


def test_base_map_has_no_tiles_by_default_and_escaped_attribution(squares):
    m = base_map(bounds=[[51.0, 4.0], [51.1, 4.6]], attribution="Statbel <b>&</b>")
    html = m.get_root().render()
    assert "L.tileLayer" not in html
    assert "Statbel \\u0026lt;b\\u0026gt;\\u0026amp;\\u0026lt;/b\\u0026gt;" in html
    tiled = base_map(
        bounds=squares.total_bounds,
        attribution="x",
        tiles="http://127.0.0.1/{z}/{x}/{y}.png",
        tiles_attribution="eigen tegels",
        prefer_canvas=True,
    )
    html = tiled.get_root().render()
    assert "L.tileLayer" in html and '"preferCanvas": true' in html
    with pytest.raises(ValueError, match="kaartgrenzen"):
        base_map(bounds=[1.0, 2.0], attribution="")


def test_tooltip_columns_are_formatted(squares):
    group = choropleth_layer(
        squares,
        value_column="waarde",
        label="Waarde",
        unit="%",
        source="",
        tooltip_columns=[("inwoners", "Inwoners")],
    )
    props = _features(group)[-1]["properties"]
    assert props["t"][2] == "23.000"
    assert _feature_layer(group).tip_labels == ["Waarde", "Inwoners"]
    assert pd.isna(squares["waarde"].iloc[2])
