from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geodata.upload.points import find_coordinate_columns, fix_swapped, infer_crs, locate_points
from geodata.upload.read import UploadOptions, read_upload


def test_coordinate_columns_by_name():
    assert find_coordinate_columns(["stop_id", "stop_lat", "stop_lon"]).x == "stop_lon"
    assert find_coordinate_columns(["Latitude", "Longitude"]).y == "Latitude"
    assert find_coordinate_columns(["naam", "X", "Y"]).x == "X"
    assert find_coordinate_columns(["naam", "lng", "lat"]).x == "lng"
    assert find_coordinate_columns(["naam", "waarde"]) is None


def test_crs_from_coordinate_range():
    assert infer_crs(pd.Series([3.7, 4.4]), pd.Series([51.0, 51.2])) == "EPSG:4326"
    assert infer_crs(pd.Series([104000.0]), pd.Series([194000.0])) == "EPSG:31370"
    assert infer_crs(pd.Series([604000.0]), pd.Series([694000.0])) == "EPSG:3812"
    assert infer_crs(pd.Series([5e6]), pd.Series([5e6])) is None


def test_swapped_points_are_fixed_and_reported():
    points = gpd.GeoDataFrame(geometry=[Point(51.05, 3.72), Point(4.4, 51.2)], crs=4326)
    fixed, messages = fix_swapped(points, pd.Series([2, 3]), filename="f")
    assert (fixed.geometry.x.round(2).tolist(), fixed.geometry.y.round(2).tolist()) == (
        [3.72, 4.4],
        [51.05, 51.2],
    )
    assert "omgewisseld" in messages[0].message and messages[0].line == 2


def test_points_located_in_gemeenten(gemeenten):
    points = gpd.GeoDataFrame(geometry=[Point(3.7106, 51.0357), Point(4.3571, 50.8456)], crs=4326)
    inside, codes = locate_points(points, gemeenten=gemeenten)
    assert inside.tolist() == [True, False]
    assert codes.iloc[0] == "44021"


def test_bbox_fallback_without_gemeenten():
    points = gpd.GeoDataFrame(geometry=[Point(3.7, 51.0), Point(2.35, 48.85)], crs=4326)
    inside, _ = locate_points(points, gemeenten=None)
    assert inside.tolist() == [True, False]


def test_gtfs_points_get_their_gemeente(resolver, gemeenten):
    text = 'stop_id,stop_name,stop_lat,stop_lon\n1,"Gent, Sint-Pieters",51.035700,3.710600\n'
    result = read_upload(
        text.encode(), filename="stops.txt", resolver=resolver, gemeenten=gemeenten
    )
    assert result.report.status == "ok"
    assert result.points.loc[0, "gemeente_code"] == "44021"
    assert result.points.loc[0, "stop_name"] == "Gent, Sint-Pieters"


def test_crs_override_and_confirmation(resolver, gemeenten):
    text = "naam;x;y\nGent;104000;194000\n"
    inferred = read_upload(text.encode(), filename="f.csv", resolver=resolver, gemeenten=gemeenten)
    assert inferred.report.status == "warnings"
    confirmed = read_upload(
        text.encode(),
        filename="f.csv",
        resolver=resolver,
        gemeenten=gemeenten,
        options=UploadOptions(crs="EPSG:31370"),
    )
    assert confirmed.report.status == "ok"
    assert round(confirmed.points.geometry.x.iloc[0], 1) == 3.7


def test_geojson_in_metres_without_crs_is_not_taken_for_degrees(resolver):
    text = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"niscode":"44021"},'
        '"geometry":{"type":"Point","coordinates":[104000,194000]}}]}'
    )
    result = read_upload(text.encode(), filename="f.geojson", resolver=resolver)
    assert result.choices["crs_inferred"] == "EPSG:31370"
    assert result.report.rows_matched == 1


def test_gpkg_layer_choice(corpus_dir, resolver, gemeenten):
    data = (corpus_dir / "two_layers.gpkg").read_bytes()
    first = read_upload(data, filename="l.gpkg", resolver=resolver, gemeenten=gemeenten)
    assert first.choices["layers"] == ["initiatieven", "zones"]
    assert first.report.kind == "points"
    zones = read_upload(
        data,
        filename="l.gpkg",
        resolver=resolver,
        gemeenten=gemeenten,
        options=UploadOptions(layer="zones"),
    )
    assert zones.report.kind == "table" and zones.features is not None
    assert zones.features.crs.to_epsg() == 4326
    missing = read_upload(
        data, filename="l.gpkg", resolver=resolver, options=UploadOptions(layer="geen")
    )
    assert missing.report.status == "rejected"


def test_shapefile_without_cpg_keeps_accents(corpus_dir, resolver, gemeenten):
    result = read_upload(
        (corpus_dir / "shapefile_no_cpg_cp1252.zip").read_bytes(),
        filename="s.zip",
        resolver=resolver,
        gemeenten=gemeenten,
    )
    assert "Café De Zwaan" in result.points["naam"].tolist()


def test_bowtie_is_repaired_and_listed(corpus_dir, resolver):
    result = read_upload(
        (corpus_dir / "invalid_bowtie.geojson").read_bytes(),
        filename="b.geojson",
        resolver=resolver,
    )
    assert result.choices["repaired"] == [1]
    assert result.features.geometry.is_valid.all()
