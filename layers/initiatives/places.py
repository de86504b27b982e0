"""Put inventory initiatives on the map and attribute them to areas.

Points are never stored for localities or municipalities: they are computed here from the area
polygons (a representative point, which always lies inside the polygon) and flagged
``benaderd`` (approximate). Only an initiative with precision ``adres`` and its own lat/lon gets
an exact point.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import pandas as pd

from layers.initiatives.reader import split_list

if TYPE_CHECKING:  # geopandas and shapely load with the first placement: a table upload (and
    import geopandas as gpd  # `verbonden check` of one) never needs them
    from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
PointSource = Literal["adres", "wijk", "deelgemeente", "gemeente", "geen"]


def _unit_points(layer: gpd.GeoDataFrame | None, *, name: str) -> dict[str, BaseGeometry]:
    """Code -> representative point (WGS84) for a layer with a ``code`` column."""
    if layer is None or layer.empty:
        return {}
    if "code" not in layer:
        raise ValueError(f"laag '{name}' mist de kolom 'code'")
    if layer.crs is None:
        raise ValueError(f"laag '{name}' heeft geen coördinatenstelsel")
    import geopandas as gpd

    points = gpd.GeoSeries(layer.geometry.representative_point(), crs=layer.crs).to_crs(WGS84)
    return dict(zip(layer["code"].astype(str), points, strict=True))


def _owners(layer: gpd.GeoDataFrame | None) -> dict[str, str]:
    """Locality code -> 2025 municipality code, when the layer has ``gemeente_code``."""
    if layer is None or "gemeente_code" not in layer:
        return {}
    return dict(zip(layer["code"].astype(str), layer["gemeente_code"].astype(str), strict=True))


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _place(
    row: pd.Series,
    *,
    gemeente: dict[str, BaseGeometry],
    localities: dict[str, tuple[BaseGeometry, PointSource, str | None]],
) -> tuple[BaseGeometry | None, PointSource, bool]:
    lat, lon = _float(row.get("lat")), _float(row.get("lon"))
    if str(row.get("precisie", "")) == "adres" and lat is not None and lon is not None:
        from shapely.geometry import Point

        return Point(lon, lat), "adres", False
    codes = [str(row.get("gemeente_code", "") or ""), *split_list(row.get("gemeenten"))]
    locality = str(row.get("locatie_code", "") or "").upper()
    if locality in localities:
        point, source, owner = localities[locality]
        if owner is None or owner in codes:
            return point, source, True
    for code in codes:
        if code in gemeente:
            return gemeente[code], "gemeente", True
    return None, "geen", True


def place_initiatives(
    inventory: pd.DataFrame,
    *,
    gemeente: gpd.GeoDataFrame,
    deelgemeente: gpd.GeoDataFrame | None = None,
    wijk: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One WGS84 point per initiative, with ``punt_bron`` and ``benaderd``.

    The layers need a ``code`` column (the store's layers have one) and a CRS. Rows flagged
    ``geldig == False`` by ``read_inventory`` are left out (their messages
    say why). A locality code found in ``wijk`` or ``deelgemeente`` gives that area's point;
    otherwise the main municipality's point is used, then the first listed municipality.
    Initiatives that cannot be placed keep an empty geometry and ``punt_bron == "geen"``.
    """
    rows = inventory[inventory["geldig"]] if "geldig" in inventory else inventory
    gem_points = _unit_points(gemeente, name="gemeente")
    localities: dict[str, tuple[BaseGeometry, PointSource, str | None]] = {}
    layers: tuple[tuple[gpd.GeoDataFrame | None, PointSource], ...] = (
        (deelgemeente, "deelgemeente"),
        (wijk, "wijk"),
    )
    for layer, source in layers:
        owners = _owners(layer)
        for code, point in _unit_points(layer, name=source).items():
            localities[code.upper()] = (point, source, owners.get(code))
    placed = [_place(row, gemeente=gem_points, localities=localities) for _, row in rows.iterrows()]
    out = pd.DataFrame(rows).reset_index(drop=True)
    out["punt_bron"] = [source for _, source, _ in placed]
    out["benaderd"] = [approx for _, _, approx in placed]
    geometry: list[BaseGeometry | None] = [p for p, _, _ in placed]
    import geopandas as gpd

    return gpd.GeoDataFrame(out, geometry=gpd.array.from_shapely(geometry), crs=WGS84)


def _by_codes(points: gpd.GeoDataFrame, unit_codes: set[str]) -> list[tuple[str, str, str, bool]]:
    pairs = []
    for _, row in points.iterrows():
        main = str(row.get("gemeente_code", "") or "")
        for code in dict.fromkeys([main, *split_list(row.get("gemeenten"))]):
            if code in unit_codes:
                how = "gemeente" if code == main else "regio"
                pairs.append((code, str(row["id"]), how, bool(row["benaderd"])))
    return pairs


def initiatives_per_unit(
    points: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    code_column: str = "code",
    level: str = "gemeente",
) -> pd.DataFrame:
    """Which initiatives belong to which unit: a long table (unit code, ``initiatief_id``).

    ``level="gemeente"``: by municipality code: the main municipality (``toewijzing`` =
    "gemeente") and every listed municipality of a multi-municipality initiative ("regio").
    ``level="wijk"`` (any sub-municipal layer): initiatives with a locality or address point are
    joined spatially to the unit containing the point ("punt"); municipality-wide and regional
    initiatives are attributed to every unit of their municipalities ("gemeente"/"regio") when
    ``units`` has a ``gemeente_code`` column. ``benaderd`` is copied from the point.
    """
    columns = [code_column, "initiatief_id", "toewijzing", "benaderd"]
    if level == "gemeente":
        pairs = _by_codes(points, set(units[code_column].astype(str)))
        return pd.DataFrame(pairs, columns=columns).drop_duplicates(subset=columns[:2])
    local = points[points["punt_bron"].isin(["adres", "wijk", "deelgemeente"])]
    local = local[local.geometry.notna()]
    import geopandas as gpd

    joined = gpd.sjoin(
        local[["id", "benaderd", "geometry"]].to_crs(units.crs or WGS84),
        units[[code_column, "geometry"]],
        how="inner",
        predicate="within",
    )
    frames = [
        pd.DataFrame(
            {
                code_column: joined[code_column].astype(str),
                "initiatief_id": joined["id"].astype(str),
                "toewijzing": "punt",
                "benaderd": joined["benaderd"].astype(bool),
            }
        )
    ]
    if "gemeente_code" in units:
        wide = points[points["punt_bron"].isin(["gemeente", "geen"])]
        by_gemeente = units.groupby(units["gemeente_code"].astype(str))[code_column].apply(list)
        pairs = _by_codes(wide, set(by_gemeente.index))
        spread = [
            (unit, ident, how, approx)
            for gem, ident, how, approx in pairs
            for unit in by_gemeente[gem]
        ]
        frames.append(pd.DataFrame(spread, columns=columns))
    result = pd.concat(frames, ignore_index=True)
    return result.drop_duplicates(subset=columns[:2]).reset_index(drop=True)
