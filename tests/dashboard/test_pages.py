"""One AppTest per page: it runs, and its main interactions work."""

from __future__ import annotations

import pandas as pd

from layers.analysis import GAP_DISCLAIMER


def _no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def _ranking(at) -> pd.DataFrame:
    return next(
        df.value
        for df in at.dataframe
        if "Rang" in df.value.columns and "Waarom" in df.value.columns
    )


def test_kaart_runs_with_gap_layer_and_ranking(app):
    at = app.run()
    _no_exception(at)
    assert at.title[0].value.startswith("Kaart")
    assert at.selectbox(key="k_laag").value == "kloof"
    ranking = _ranking(at)
    assert len(ranking) == 25
    assert ranking["Rang"].tolist() == list(range(1, 26))
    assert any(c.value.startswith(GAP_DISCLAIMER) for c in at.caption), "gap disclaimer missing"
    assert "Aanbod gemeten als" in ranking.columns


def test_kaart_switches_layer_and_level(app):
    at = app.run()
    at.selectbox(key="k_laag").set_value("leeftijd_80plus").run()
    _no_exception(at)
    assert (
        at.query_params["laag"] == ["leeftijd_80plus"]
        or at.query_params["laag"] == "leeftijd_80plus"
    )
    at.radio(key="k_niveau").set_value("wijk").run()
    _no_exception(at)
    layers = at.selectbox(key="k_laag").options
    assert any("65-plussers" in option for option in layers)
    assert not any(option.startswith("80-plussers") for option in layers), "80+ is gemeente-only"
    at.selectbox(key="k_gebied").set_value("g:11002").run()
    _no_exception(at)
    table = next(df.value for df in at.dataframe if "Waarom" in df.value.columns)
    assert len(table) <= 25


def test_kaart_weights_change_the_ranking(app):
    at = app.run()
    before = _ranking(at)["Naam"].tolist()
    for theme in ("alleenwonend", "leeftijd", "ontmoeting"):
        at.select_slider(key=f"k_w_{theme}").set_value(0.0)
    at.run()
    _no_exception(at)
    after = _ranking(at)["Naam"].tolist()
    assert before != after
    at.button[0].click().run()  # "Standaardgewichten"
    assert at.select_slider(key="k_w_leeftijd").value == 1.0


def test_kaart_restores_view_from_url(app):
    app.query_params["niveau"] = "wijk"
    app.query_params["gebied"] = "g:44021"
    app.query_params["laag"] = "afstand_station"
    app.query_params["w_leeftijd"] = "2"
    at = app.run()
    _no_exception(at)
    assert at.radio(key="k_niveau").value == "wijk"
    assert at.selectbox(key="k_gebied").value == "g:44021"
    assert at.selectbox(key="k_laag").value == "afstand_station"
    assert at.select_slider(key="k_w_leeftijd").value == 2.0


def test_kaart_side_panel_shows_unit_figures(app):
    at = app.run()
    at.selectbox(key="k_eenheid").set_value("11002").run()
    _no_exception(at)
    assert any(h.value == "Antwerpen" for h in at.subheader)
    figures = next(t.value for t in at.table if "Vlaanderen" in t.value.columns)
    row = figures.loc["80-plussers"]
    assert row["Vlaanderen"] == "6,2 %"
    assert row["Rang (1 = meeste risico)"].endswith("van 284")


def test_gemeente_page_resolves_an_old_name(app):
    at = app.run()
    at.switch_page("views/gemeente.py").run()
    _no_exception(at)
    at.text_input(key="g_zoek").input("Borsbeek").run()
    _no_exception(at)
    assert any("Antwerpen" in i.value and "Borsbeek" in i.value for i in at.info)
    assert any(h.value.startswith("Antwerpen") for h in at.header)
    summary = at.dataframe[0].value
    assert {"Indicator", "Antwerpen", "Vlaams Gewest", "Rang", "Soort"} <= set(summary.columns)
    assert len(at.get("download_button")) == 3
    # which provision measure the gap uses, on the page itself
    assert any("gemeten als oordeel van de inwoners" in m.value for m in at.markdown)


def test_gemeente_page_reports_unknown_and_ambiguous_names(app):
    at = app.run()
    at.switch_page("views/gemeente.py").run()
    at.text_input(key="g_zoek").input("Deurne").run()
    _no_exception(at)
    assert at.warning and "meerdere" in at.warning[0].value
    at.text_input(key="g_zoek").input("Atlantis").run()
    _no_exception(at)
    assert at.error and "niet gevonden" in at.error[0].value


def test_over_de_data_lists_every_source(app):
    at = app.run()
    at.switch_page("views/over_de_data.py").run()
    _no_exception(at)
    text = " ".join(m.value for m in at.markdown)
    for credit in ("Statbel", "Provincies in Cijfers", "iRail", "CC0"):
        assert credit in text
    assert "Borsbeek" in text and "Herstappe" in text


def test_app_without_data_explains_what_to_do(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP

    empty_mirror = tmp_path / "mirror"
    empty_mirror.mkdir()
    monkeypatch.setenv("VERBONDEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VERBONDEN_MIRROR", str(empty_mirror))
    from dashboard import loaders

    loaders.settings.clear()
    loaders.store_path.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception
        assert "VERBONDEN_MIRROR" in at.error[0].value
        assert "spiegelmap" in at.error[0].value
    finally:
        loaders.settings.clear()
        loaders.store_path.clear()


def test_uploaded_meeting_places_replace_the_proxy_in_the_need_index(app):
    places = pd.DataFrame(
        {
            "naam": ["Ontmoetingscentrum", "Buurthuis"],
            "lon": [4.4025, 3.7174],
            "lat": [51.2194, 51.0543],
        }
    )
    app.session_state["vb_uploads"] = {
        "ontmoetingsplaatsen": places, "haltes": None, "initiatieven": None, "indicatoren": [],
    }  # fmt: skip
    at = app.run()
    _no_exception(at)
    sources = next(c.value for c in at.caption if c.value.startswith("Nood-index uit:"))
    assert "ver van een ontmoetingsplaats" in sources
    assert "buitende kernen" not in sources
    assert "65-plussers ver van een ontmoetingsplaats" in at.selectbox(key="k_laag").options
