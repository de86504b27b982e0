"""Escaping of user text for HTML and for generated JavaScript."""

from __future__ import annotations

import html
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from layers.maps.escape import html_text, js_safe, safe_url

DANGEROUS_IN_HTML = set("<>\"'`$\\\n\r")


def test_html_text_escapes_payloads():
    assert html_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert html_text("${alert(1)}") == "&#36;{alert(1)}"
    assert html_text("a`b") == "a&#96;b"
    assert html_text("c\\d") == "c&#92;d"
    assert html_text("\"quoted\" & 'single'") == "&quot;quoted&quot; &amp; &#x27;single&#x27;"
    assert html_text(None) == ""
    assert html_text(float("nan")) == ""
    assert html_text(12.5) == "12.5"


@given(st.text())
def test_html_text_is_safe_everywhere_and_round_trips(text):
    escaped = html_text(text)
    assert not DANGEROUS_IN_HTML & set(escaped)
    assert re.sub(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", "", escaped).count("&") == 0
    assert html.unescape(escaped) == text.replace("\x00", "\ufffd")


@given(st.text())
def test_js_safe_round_trips_and_cannot_break_out(text):
    escaped = js_safe(text)
    assert json.loads(f'"{escaped}"') == text
    for char in "`$'\"<>&\n\r\u2028\u2029_":
        assert char not in escaped
    assert "</script" not in escaped.lower()


def test_js_safe_neutralises_template_literal_specials():
    assert js_safe("${alert(1)}") == "\\u0024{alert(1)}"
    assert js_safe("a`b") == "a\\u0060b"
    assert js_safe("</script>") == "\\u003c\\u002fscript\\u003e"
    assert js_safe("x\\y") == "x\\u005cy"
    assert js_safe("line\nbreak") == "line\\nbreak"


def test_safe_url_allows_only_http_links():
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"
    assert safe_url("http://example.org") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "/relative",
        "",
        None,
        "https://exa mple.org",
        'https://"onmouseover=alert(1)//',
    ):
        assert safe_url(bad) is None or '"' not in safe_url(bad)
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("/relative") is None
