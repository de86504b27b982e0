"""Gemeente page (bug 5 and the headline of issue 11): the list wins over an earlier search, an
unknown name shows no other municipality's figures, suggestions are buttons shown once, a Walloon
name is outside Flanders, and the page opens with a short summary."""

from __future__ import annotations

FAULT = "Er ging iets mis in Verbonden zelf"


def _clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if FAULT in e.value]


def _gemeente(app):
    at = app.run()
    at.switch_page("views/gemeente.py").run()
    _clean(at)
    return at


def _param(at, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _shown(at) -> list[str]:
    return [h.value for h in at.header]


def test_choosing_in_the_list_after_a_search_shows_that_municipality(app):
    at = _gemeente(app)
    at.text_input(key="g_zoek").input("Herselt").run()
    _clean(at)
    assert _shown(at) == ["Herselt (NIS 13013)"]
    assert at.selectbox(key="g_code").value == "13013", "the list follows the search"
    at.selectbox(key="g_code").set_value("44021").run()
    _clean(at)
    assert _shown(at) == ["Gent (NIS 44021)"]
    assert at.text_input(key="g_zoek").value == ""
    assert _param(at, "gemeente") == "44021" and _param(at, "zoek") is None


def test_an_unknown_name_shows_no_figures_of_the_previous_municipality(app):
    at = _gemeente(app)
    at.selectbox(key="g_code").set_value("13013").run()
    assert _shown(at) == ["Herselt (NIS 13013)"]
    at.text_input(key="g_zoek").input("Qwxyz").run()
    _clean(at)
    assert at.error and "niet gevonden" in at.error[0].value
    assert _shown(at) == [], "no municipality's figures under the error"
    assert not at.get("download_button"), "no PDF of another municipality"
    assert not at.dataframe


def test_a_typo_offers_each_suggestion_once_as_a_button(app):
    at = _gemeente(app)
    at.text_input(key="g_zoek").input("Herzle").run()
    _clean(at)
    text = " ".join(e.value for e in at.error) + " ".join(m.value for m in at.markdown)
    assert text.count("Herzele") == 0, "the suggestion is a button, not repeated in the text"
    [button] = [b for b in at.button if b.label == "Herzele"]
    button.click().run()
    _clean(at)
    assert _shown(at) == ["Herzele (NIS 41027)"]
    assert at.text_input(key="g_zoek").value == ""
    assert not at.error


def test_a_walloon_name_is_outside_flanders_like_a_brussels_one(app):
    at = _gemeente(app)
    for name in ("Liège", "Bruxelles"):
        at.text_input(key="g_zoek").input(name).run()
        _clean(at)
        [error] = at.error
        assert "valt buiten Vlaanderen" in error.value
        assert "Lievegem" not in error.value
        assert not [b for b in at.button if b.label == "Lievegem"]
        assert _shown(at) == []


def test_an_ambiguous_name_offers_buttons_and_no_figures(app):
    at = _gemeente(app)
    at.text_input(key="g_zoek").input("Deurne").run()
    _clean(at)
    assert at.warning and "meerdere" in at.warning[0].value
    assert _shown(at) == []
    [diest] = [b for b in at.button if b.label == "Diest"]
    diest.click().run()
    assert _shown(at) == ["Diest (NIS 24020)"]


def test_the_page_opens_with_a_short_summary(app):
    at = _gemeente(app)
    at.selectbox(key="g_code").set_value("13013").run()
    _clean(at)
    assert at.subheader[0].value == "In het kort"
    summary = at.markdown[0].value.replace("\\", "")
    for label in ("Nood-index", "van 100", "e van 28", "gemeenten (1 = hoogste nood)"):
        assert label in summary, label
    for label in ("Robuustheid:** in ", "Actiekloof:", "Sterkste risicofactoren:"):
        assert label in summary, label
    assert summary.count("in het Vlaams Gewest") == 3, "the three strongest risk factors"
    assert any(m.value.startswith("**Wat de publicatie aanraadt") for m in at.markdown)
