"""Escaping of user-provided text on its way into map HTML and generated JavaScript.

Folium writes names, tooltips and popups into inline ``<script>`` blocks, sometimes inside
JavaScript template literals (backticks), and Leaflet then inserts them with ``innerHTML``. Plain
HTML escaping is therefore not enough: a backtick ends a template literal, ``${`` starts an
interpolation, a backslash starts an escape sequence, a newline ends an ordinary string literal and
``</script`` ends the script block.

- :func:`html_text` makes text safe for HTML *and* for every JavaScript string context at once: it
  escapes the HTML specials and also backticks, ``$``, backslashes and line breaks as character
  references, so the result contains none of ``< > & " ' ` $ \\`` nor a line break. Use it for every
  string that ends up as HTML (tooltips, popups, legends, layer names, labels, table cells).
- :func:`js_safe` is for text placed inside a JavaScript string literal of any kind (``'``, ``"``
  or backticks) in an inline script; the literal evaluates back to exactly the original text.
- :func:`safe_url` keeps only ``http(s)`` links for popups, escaped for an attribute value.
"""

from __future__ import annotations

import html
import math
from urllib.parse import urlsplit

_HTML_EXTRA = str.maketrans(
    {
        "`": "&#96;",
        "$": "&#36;",
        "\\": "&#92;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\u2028": "&#8232;",
        "\u2029": "&#8233;",
        "\x00": "\ufffd",
    }
)

# Characters written as \uXXXX by js_safe besides control characters: quotes of every kind,
# the template-literal specials, HTML specials (so "</script" and "<!--" cannot appear) and the
# underscore (folium's camelize() splits dictionary keys on it).
_JS_ESCAPED = frozenset("\\`$'\"<>&_/\u2028\u2029")


def _as_text(value: object) -> str:
    """Text for a value; missing values (None, NaN) become the empty string."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def html_text(value: object) -> str:
    """HTML-escape ``value`` so that it shows literally, also when placed inside generated JS.

    ``None`` and NaN give an empty string. The result contains no ``<``, ``>``, ``&`` (other than
    in character references), quotes, backticks, ``$``, backslashes or line breaks.
    """
    return html.escape(_as_text(value), quote=True).translate(_HTML_EXTRA)


def js_safe(value: object) -> str:
    """Escape ``value`` for use inside any JavaScript string literal in an inline ``<script>``.

    The output uses only JSON-compatible escapes (``\\uXXXX``, ``\\n``, ``\\r``, ``\\t``), so
    ``json.loads('"' + js_safe(s) + '"') == s``; inside single quotes, double quotes or backticks
    the literal evaluates to ``s`` exactly and cannot end the literal, interpolate or end the
    script.
    """
    out: list[str] = []
    for char in _as_text(value):
        if char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char in _JS_ESCAPED or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def safe_url(value: object) -> str | None:
    """An ``http``/``https`` URL escaped for an ``href`` attribute, or None for anything else.

    ``javascript:``, ``data:`` and relative or malformed URLs are refused.
    """
    text = _as_text(value).strip()
    if not text or any(ord(c) < 0x21 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return html_text(text)
