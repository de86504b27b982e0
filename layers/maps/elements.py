"""folium elements with small, safe templates: a GeoJSON layer styled from feature properties,
a legend control, an attribution line and the shared map chrome (CSS, no-data hatch pattern).

None of them needs jQuery, Bootstrap or an icon font. Every value reaches the page through
Jinja's ``tojson`` filter (which escapes ``<``, ``>``, ``&`` and ``'``); text meant as HTML must
already be escaped with :func:`layers.maps.escape.html_text` by the caller.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import Element, Figure
from folium.template import Template

from layers.maps.palettes import NO_DATA

LEGEND_CLASS = "vb-legend"
TOOLTIP_CLASS = "vb-tooltip"
POPUP_CLASS = "vb-popup"
TEXT_COLOUR = "#1a1a1a"
BACKGROUND_COLOUR = "#f4f3ef"

_CSS = f"""
.leaflet-container {{ background: {BACKGROUND_COLOUR}; }}
.leaflet-pane path.{NO_DATA.css_class} {{ fill: url(#{NO_DATA.pattern_id}); }}
.{TOOLTIP_CLASS} {{ font: 13px/1.35 system-ui, sans-serif; color: {TEXT_COLOUR}; }}
.leaflet-control-attribution {{ font: 11px/1.4 system-ui, sans-serif; color: #333333; }}
.{POPUP_CLASS} .leaflet-popup-content {{ font: 13px/1.4 system-ui, sans-serif;
  color: {TEXT_COLOUR}; margin: 10px 12px; }}
.{POPUP_CLASS} table {{ border-collapse: collapse; margin-top: 4px; }}
.{POPUP_CLASS} th {{ text-align: left; font-weight: 600; padding: 1px 8px 1px 0;
  vertical-align: top; }}
.{POPUP_CLASS} td {{ padding: 1px 0; vertical-align: top; }}
.{POPUP_CLASS} .vb-note {{ color: #4d4d4d; font-style: italic; }}
"""
_PATTERN_SVG = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false">'
    "<defs>"
    f'<pattern id="{NO_DATA.pattern_id}" patternUnits="userSpaceOnUse" width="6" height="6" '
    'patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{NO_DATA.hatch_background}"></rect>'
    f'<rect width="2" height="6" fill="{NO_DATA.hatch_line}"></rect>'
    "</pattern></defs></svg>"
)
#: Idempotent script adding the shared CSS and the hatch pattern to the document once.
CHROME_JS = (
    "(function () {"
    ' if (document.getElementById("vb-chrome-style")) { return; }'
    ' var style = document.createElement("style"); style.id = "vb-chrome-style";'
    f" style.textContent = {json.dumps(_CSS)}; document.head.appendChild(style);"
    ' var holder = document.createElement("div"); holder.id = "vb-chrome-defs";'
    f" holder.innerHTML = {json.dumps(_PATTERN_SVG)};"
    " (document.body || document.documentElement).appendChild(holder);"
    "})();"
)

BASE_STYLE: dict[str, Any] = {
    "color": "#ffffff",
    "weight": 0.6,
    "opacity": 1,
    "fillOpacity": 0.85,
}
NO_DATA_STYLE: dict[str, Any] = {
    "fillColor": NO_DATA.fill,
    "color": NO_DATA.stroke,
    "weight": 0.8,
    "dashArray": NO_DATA.dash_array,
    "className": NO_DATA.css_class,
}
SELECTED_STYLE: dict[str, Any] = {"color": "#000000", "weight": 3, "dashArray": None}
HOVER_STYLE: dict[str, Any] = {"color": "#000000", "weight": 2}


class _RenderedText(Element):
    """Text a macro has already rendered, put in the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        """The text itself."""
        return self._text


class PlainMacroElement(folium.MacroElement):
    """A MacroElement that puts its rendered header, html and script in the page as plain text.

    branca wraps each rendered part in a new ``Element(text)``, which compiles the text as a
    Jinja template before rendering it again unchanged. For the map's restyle payload and point
    layers (tens to hundreds of KB of JSON) that compile was the largest part of a rerun's CPU,
    and it also read any ``{{`` in a data value as template syntax. Same output otherwise.
    """

    def render(self, **kwargs: Any) -> str:
        """Render the parts once and the children (as ``branca.element.MacroElement.render``);
        the parts are in the figure, so nothing is returned ("")."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("A map element renders only inside a Figure.")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    _RenderedText(macro(self, kwargs)), name=self.get_name()
                )
        for element in self._children.values():
            element.render(**kwargs)
        return ""


class MapChrome(PlainMacroElement):
    """Shared CSS, the no-data hatch pattern, a metric scale, Dutch zoom-button titles, and shapes
    kept out of the tab order (``tabindex="-1"``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.chrome_js }}
        (function (map) {
            L.control.scale({imperial: false}).addTo(map);
            // Leaflet's tooltips give every shape focus listeners, which makes each SVG path a
            // tab stop in Chromium (hundreds of them). Shapes are for the mouse; the page's unit
            // list is the keyboard path, and the map itself stays one tab stop (arrow keys pan).
            // A mouse press focuses the map for its arrow keys; a plain focus() scrolls the page
            // around the map's frame when the map is partly below the fold, so the press and the
            // release land on different shapes and the click on a shape is lost.
            if (map.keyboard) {
                var keyboard = map.keyboard, wasOn = keyboard.enabled();
                keyboard.disable();
                keyboard._onMouseDown = function () {
                    if (!this._focused) { this._map._container.focus({preventScroll: true}); }
                };
                if (wasOn) { keyboard.enable(); }
            }
            map.on("layeradd", function (e) {
                var el = e.layer.getElement ? e.layer.getElement() : null;
                if (el && el.tagName && el.tagName.toLowerCase() === "path") {
                    el.setAttribute("tabindex", "-1");
                }
            });
            if (map.zoomControl) {
                map.zoomControl._zoomInButton.title = "Inzoomen";
                map.zoomControl._zoomOutButton.title = "Uitzoomen";
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "MapChrome"
        self.chrome_js = CHROME_JS


class Attribution(PlainMacroElement):
    """Adds an (already escaped) HTML credit line to the map's attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, text_html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "Attribution"
        self.text = text_html


class LegendControl(PlainMacroElement):
    """A Leaflet control showing trusted legend HTML (build it with :mod:`layers.maps.legend`).

    Added to a FeatureGroup, it appears and disappears with that layer; added to a Map, it is
    always shown.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {%- if this.on_map %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- else %}
        {{ this._parent.get_name() }}.on("add", function () {
            {{ this.get_name() }}.addTo(this._map);
        });
        {{ this._parent.get_name() }}.on("remove", function () {
            {{ this.get_name() }}.remove();
        });
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomright") -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "LegendControl"
        self.html = html
        self.position = position
        self.css_class = f"{LEGEND_CLASS} leaflet-bar"

    @property
    def on_map(self) -> bool:
        """Whether the legend sits on the map (always shown) rather than following a layer."""
        return isinstance(self._parent, folium.Map)


class FeatureLayer(folium.GeoJson, PlainMacroElement):
    """One GeoJSON layer whose style is read from each feature's properties in the browser.

    Properties used: ``fill`` (fill colour), ``nd`` (no data: hatched), ``sel`` (selected unit),
    ``st`` (extra per-feature style, e.g. dashes for approximate points), ``r`` (point radius),
    ``t`` (escaped tooltip cells, paired with the layer's ``tip_labels``) and ``pop`` (escaped
    popup HTML). Points are drawn as circle markers. ``vbRecolour({code: colour})`` on the layer
    changes fills without re-sending geometry.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.chrome_js }}
        var {{ this.get_name() }}_labels = {{ this.tip_labels|tojson }};
        function {{ this.get_name() }}_style(feature) {
            var p = feature.properties || {};
            var s = Object.assign({}, {{ this.base_style|tojson }});
            if (p.fill) { s.fillColor = p.fill; }
            if (p.nd) { Object.assign(s, {{ this.no_data_style|tojson }}); }
            if (p.st) { Object.assign(s, p.st); }
            if (p.sel) { Object.assign(s, {{ this.selected_style|tojson }}); }
            return s;
        }
        var {{ this.get_name() }} = L.geoJson(null, {
            style: {{ this.get_name() }}_style,
            interactive: {{ this.interactive|tojson }},
            {%- if this.attribution %}
            attribution: {{ this.attribution|tojson }},
            {%- endif %}
            pointToLayer: function (feature, latlng) {
                var p = feature.properties || {};
                return L.circleMarker(latlng, {radius: p.r || {{ this.radius|tojson }}});
            },
            onEachFeature: function (feature, layer) {
                var p = feature.properties || {};
                if (p.t && p.t.length) {
                    var html = "<strong>" + p.t[0] + "</strong>";
                    for (var i = 1; i < p.t.length; i++) {
                        var label = {{ this.get_name() }}_labels[i - 1];
                        html += "<br>" + (label ? label + ": " : "") + p.t[i];
                    }
                    layer.bindTooltip(html, {
                        sticky: true, className: {{ this.tooltip_class|tojson }}
                    });
                }
                if (p.pop) {
                    layer.bindPopup(p.pop, {
                        maxWidth: 320, className: {{ this.popup_class|tojson }}
                    });
                }
                {%- if this.interactive %}
                layer.on("mouseover", function (e) {
                    e.target.setStyle({{ this.hover_style|tojson }});
                    if (e.target.bringToFront) { e.target.bringToFront(); }
                });
                layer.on("mouseout", function (e) {
                    {{ this.get_name() }}.resetStyle(e.target);
                });
                {%- endif %}
            }
        });
        {{ this.get_name() }}.vbRecolour = function (fills) {
            this.eachLayer(function (layer) {
                var p = layer.feature.properties;
                if (Object.prototype.hasOwnProperty.call(fills, layer.feature.id)) {
                    p.fill = fills[layer.feature.id];
                }
            });
            this.setStyle({{ this.get_name() }}_style);
        };
        {{ this.get_name() }}.addData({{ this.data|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any],
        *,
        name: str,
        tip_labels: list[str],
        interactive: bool = True,
        base_style: dict[str, Any] | None = None,
        attribution: str | None = None,
        radius: float = 6,
        show: bool = True,
        control: bool = False,
    ) -> None:
        super().__init__(data, name=name, show=show, control=control)
        self._name = "FeatureLayer"
        self.tip_labels = tip_labels
        self.interactive = interactive
        self.base_style = base_style if base_style is not None else BASE_STYLE
        self.no_data_style = NO_DATA_STYLE
        self.selected_style = SELECTED_STYLE
        self.hover_style = HOVER_STYLE
        self.attribution = attribution
        self.radius = radius
        self.chrome_js = CHROME_JS
        self.tooltip_class = TOOLTIP_CLASS
        self.popup_class = POPUP_CLASS
