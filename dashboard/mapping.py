"""Rendering the planner's map: base map (shapes by URL) + one restyle overlay via st_folium."""

from __future__ import annotations

import os

import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard import loaders

# The initiatives' layer credits VVSG itself (Leaflet joins the credits of the shown layers).
ATTRIBUTION = "Provincies in Cijfers / Statbel · iRail"


def base_map(level: str) -> folium.Map:
    """The base map of a level: same JavaScript for every layer, so it stays mounted."""
    from layers.maps import RemoteUnits, localise_map
    from layers.maps import base_map as build

    tiles = os.environ.get("VERBONDEN_TILES") or None
    m = build(
        bounds=loaders.FLANDERS_BOUNDS,
        attribution=ATTRIBUTION,
        tiles=tiles,
        tiles_attribution=os.environ.get("VERBONDEN_TILES_ATTRIBUTION", ""),
        prefer_canvas=level == "wijk",
    )
    m.add_child(RemoteUnits(loaders.units_url(level), canvas=level == "wijk"), name="vb_units")
    return localise_map(m, base_url=loaders.VENDOR_URL)


def map_key(level: str) -> str:
    """Session-state key of the map component of a level."""
    return f"kaart_{level}"


def clicked_code(level: str) -> str | None:
    """Code of the unit the user clicked last on the map of ``level`` (read before drawing, so a
    click shows its selection in the same run)."""
    value = st.session_state.get(map_key(level)) or {}
    drawing = value.get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    return str(code) if code else None


def show_map(level: str, overlay: folium.FeatureGroup, *, height: int = 520) -> None:
    """Draw the base map of ``level`` with ``overlay`` (restyle payload and points)."""
    from layers.maps import localise_map

    m = base_map(level)
    overlay_map = folium.Map(tiles=None)
    overlay.add_to(overlay_map)
    localise_map(overlay_map, base_url=loaders.VENDOR_URL)
    st_folium(
        m,
        feature_group_to_add=overlay,
        returned_objects=["last_active_drawing"],
        key=map_key(level),
        height=height,
        use_container_width=True,
    )
