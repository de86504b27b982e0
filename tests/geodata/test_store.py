"""The built store: right units, right attributes, gap-free display geometry."""

from __future__ import annotations

import numpy as np
import pyogrio
import shapely

from geodata.build import build_store, layer_counts, store_is_current
from geodata.store import read_attributes, read_layer


def test_store_has_every_layer_with_flemish_counts(store_path):
    counts = layer_counts(store_path)
    assert counts["gemeente"] == 285
    assert counts["gemeente_display"] == 285
    assert counts["gemeente2024"] == 300
    assert counts["wijk"] == 2563
    assert counts["provincie"] == 5
    assert counts["gewest"] == 1
    for layer in ("deelgemeente", "eerstelijnszone", "vervoerregio"):
        assert counts[layer] > 0
        assert counts[f"{layer}_display"] == counts[layer]


def test_gemeente_attributes_are_complete(store_path):
    gem = read_attributes(store_path, "gemeente")
    assert gem["code"].str.fullmatch(r"\d{5}").all()
    assert not gem["code"].str.startswith("21").any(), "Brussels must not be in the Flemish layer"
    for column in ("naam", "provincie", "elz", "uitrustingsgraad", "vervoerregio"):
        assert gem[column].notna().all(), column
    by_code = gem.set_index("code")
    assert by_code.loc["11002", "naam_fr"] == "Anvers"
    assert by_code.loc["44021", "naam_fr"] == "Gand"
    assert by_code.loc["46030", "naam"] == "Beveren-Kruibeke-Zwijndrecht"
    assert by_code.loc["11002", "provincie_code"] == "10000"
    assert set(gem["provincie_code"]) == {"10000", "20001", "30000", "40000", "70000"}


def test_analysis_crs_is_lambert72_and_display_is_wgs84(store_path):
    assert read_layer(store_path, "gemeente").crs.to_epsg() == 31370
    display = read_layer(store_path, "gemeente", display=True)
    assert display.crs.to_epsg() == 4326
    xy = shapely.get_coordinates(display.geometry.to_numpy())
    # 5 decimals (~1 m): rounding must have happened
    assert np.allclose(xy, np.round(xy, 5), atol=1e-12)


def test_display_polygons_keep_area_and_have_no_gaps_or_overlaps(store_path):
    for layer in ("gemeente", "wijk"):
        full = read_layer(store_path, layer)
        disp = read_layer(store_path, layer, display=True).to_crs(31370)
        assert (full["code"].to_numpy() == disp["code"].to_numpy()).all()
        assert disp.is_valid.all()
        rel = np.abs(disp.area.to_numpy() - full.area.to_numpy()) / full.area.to_numpy()
        assert rel.max() < 0.01, f"{layer}: area off by {rel.max():.2%}"
        union = shapely.union_all(disp.geometry.to_numpy())
        overlap = disp.area.sum() - union.area
        assert overlap < 10.0, f"{layer}: {overlap:.1f} m² of overlaps"
        # no gaps inside Flanders: holes of the union that the original coverage did not have
        gaps = _hole_area(union) - _hole_area(shapely.union_all(full.geometry.to_numpy()))
        assert gaps < 5000.0, f"{layer}: {gaps:.0f} m² of gaps"


def _hole_area(geom) -> float:
    polygons = shapely.get_parts(geom)
    return sum(shapely.Polygon(ring).area for poly in polygons for ring in poly.interiors)


def test_build_is_idempotent(settings):
    before = settings.store_path.stat().st_mtime_ns
    assert store_is_current(settings.store_path)
    build_store(settings)
    assert settings.store_path.stat().st_mtime_ns == before


def test_sector_table_places_nearly_every_flemish_sector(store_path):
    statsec = pyogrio.read_dataframe(store_path, layer="statsec", read_geometry=False)
    for era in ("2025", "2024"):
        rows = statsec[statsec["era"] == era]
        assert rows["gemeente_code"].str.fullmatch(r"\d{5}").all()
        assert (rows["wijk_code"] != "").mean() > 0.99
