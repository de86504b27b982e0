"""folium map layers for Verbonden: pure builders, offline assets and escaping of user text.

Typical use::

    m = base_map(bounds=gdf.total_bounds, attribution="Statbel, Provincies in Cijfers")
    choropleth_layer(gdf, value_column="aandeel_80plus", label="Leeftijd 80+", unit="%",
                     source="Statbel (2024), open data").add_to(m)
    localise_map(m, base_url="/app/static/vendor")   # in the app
    html = standalone_html(m)                          # for a file shared by mail
"""

from layers.maps.assets import install_vendor_assets, localise_map, standalone_html, vendor_files
from layers.maps.choropleth import (
    base_map,
    bivariate_layer,
    bivariate_properties,
    choropleth_layer,
    choropleth_properties,
    outline_layer,
    parse_bivariate_class,
)
from layers.maps.classify import (
    BREAKS_EXAMPLE,
    MISSING_CLASS,
    SCHEME_LABELS,
    SCHEMES,
    Classification,
    Scheme,
    classify,
    parse_breaks,
)
from layers.maps.colour import hex_to_rgb
from layers.maps.elements import BASE_STYLE, FeatureLayer, LegendControl
from layers.maps.escape import html_text, js_safe, safe_url
from layers.maps.formatting import count_text, format_number, format_value
from layers.maps.geojson import lonlat_bounds
from layers.maps.legend import (
    bivariate_legend_html,
    category_legend_html,
    classification_legend,
    legend_control,
    legend_html,
)
from layers.maps.markers import point_layer, popup_html
from layers.maps.palettes import (
    BIVARIATE,
    DEFAULT_PALETTE,
    NO_DATA,
    PALETTE_LABELS,
    PALETTES,
    bivariate_colour,
    sequential,
)
from layers.maps.remote import (
    UNITS_DECODER_JS,
    UNITS_FORMAT,
    RemoteUnits,
    Restyle,
    restyle_payload,
    units_file,
)

__all__ = [
    "BASE_STYLE",
    "BIVARIATE",
    "BREAKS_EXAMPLE",
    "DEFAULT_PALETTE",
    "MISSING_CLASS",
    "NO_DATA",
    "PALETTES",
    "PALETTE_LABELS",
    "SCHEMES",
    "SCHEME_LABELS",
    "UNITS_DECODER_JS",
    "UNITS_FORMAT",
    "Classification",
    "FeatureLayer",
    "LegendControl",
    "RemoteUnits",
    "Restyle",
    "Scheme",
    "base_map",
    "bivariate_colour",
    "bivariate_layer",
    "bivariate_legend_html",
    "bivariate_properties",
    "category_legend_html",
    "choropleth_layer",
    "choropleth_properties",
    "classification_legend",
    "classify",
    "count_text",
    "format_number",
    "format_value",
    "hex_to_rgb",
    "html_text",
    "install_vendor_assets",
    "js_safe",
    "legend_control",
    "legend_html",
    "localise_map",
    "lonlat_bounds",
    "outline_layer",
    "parse_bivariate_class",
    "parse_breaks",
    "point_layer",
    "popup_html",
    "restyle_payload",
    "safe_url",
    "sequential",
    "standalone_html",
    "units_file",
    "vendor_files",
]
