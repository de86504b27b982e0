"""User text never becomes Markdown or HTML: payload names render literally (issue 16).

An uploaded inventory whose initiative names are Markdown/HTML payloads is used, then the
Gemeente page (hints with examples from the inventory) and the Eigen data report are rendered;
no markdown element may carry live image, link or HTML syntax from those names.
"""

from __future__ import annotations

import re

PAYLOADS = ("![p](http://example.com/x.png)", "[klik](http://x)", "<img src=x>")
ESCAPED = re.compile(r"\\.")
LIVE = re.compile(r"!\[|\]\(|<img|<a\s|https?://", re.I)
FILENAME = "![f](http://example.com/f.png) [bestand](http://x) <img src=y>.csv"
HEADER = (
    "id;naam;gemeente_code;gemeenten;regio;locatie;locatie_code;organisator;beschrijving;"
    "doelgroepen;actietypes;effectieve_elementen;beleidsdomein;impact;bron_url;precisie;lat;lon"
)


def _inventory() -> bytes:
    rows = [HEADER]
    spread = [
        ("ouderen;alleenwonenden", "ontmoeting", "activiteiten;ontmoeting"),
        ("mantelzorgers", "buddywerking", "betekenisvol-contact"),
        ("ouderen", "telefonisch-contact", "praktische-hulp"),
    ]
    for n, payload in enumerate(PAYLOADS):
        groups, action, elements = spread[n % len(spread)]
        rows.append(
            f'p{n};{payload};44021;;;Gentbrugge;44021F;{payload};{payload};"{groups}";'
            f'{action};"{elements}";welzijn;;https://www.voorbeeld.be/p{n};plaats;;'
        )
    return ("\n".join(rows) + "\n").encode()


def _own_html(element) -> bool:
    """The app's own HTML (the skip link): allowed, but it must not carry user text."""
    proto = getattr(element, "proto", None)
    return bool(getattr(proto, "allow_html", False))


def _markdown_texts(at) -> list[str]:
    texts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader"):
        for element in getattr(at, kind):
            if _own_html(element):
                assert not any(p in str(element.value) for p in ("klik", "example.com", "src="))
                continue
            texts.append(str(element.value))
    texts.extend(str(e.label) for e in at.expander)
    return texts


def _assert_no_live_syntax(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for text in _markdown_texts(at):
        bare = ESCAPED.sub("", text)
        found = LIVE.search(bare)
        assert found is None, f"live markdown/HTML {found.group(0)!r} in: {text[:300]}"


def _use_inventory(app):
    at = app.run()
    at.query_params["soort"] = "initiatieven"
    at.switch_page("views/eigen_data.py").run()
    at.file_uploader(key="ed_bestand_initiatieven").set_value(
        (FILENAME, _inventory(), "text/csv")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    _assert_no_live_syntax(at)  # the Eigen data report, with the file name and the names
    at.button(key="ed_gebruik_overzicht").click().run()
    _assert_no_live_syntax(at)
    return at


def test_payload_names_render_literally_on_eigen_data_and_gemeente(app):
    at = _use_inventory(app)
    at.switch_page("views/gemeente.py").run()
    _assert_no_live_syntax(at)
    shown = " ".join(_markdown_texts(at))
    # The names reach the hints (as examples elsewhere), escaped: the test is not vacuous.
    assert "klik" in shown, "the payload names should reach the Gemeente page hints"
    for code in ("44021",):
        at.session_state["g_code"] = code
        at.run()
        _assert_no_live_syntax(at)


def test_payload_in_kaart_uses_no_live_syntax(app):
    at = _use_inventory(app)
    at.switch_page("views/kaart.py").run()
    _assert_no_live_syntax(at)
