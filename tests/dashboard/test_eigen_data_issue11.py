"""Issue 11 on the Eigen data page (AppTest): the ordinary Dutch Excel CSV, and summing shares."""

from __future__ import annotations

from tests.dashboard.test_eigen_data_page import _key_ending, _metrics, _no_exception, _open_page
from tests.geodata.upload.test_upload_issue11 import EXCEL_NL, SHARES


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="ed_bestand_indicator").set_value((name, data, "text/csv")).run()
    _no_exception(at)
    return at


def test_bug8_dutch_excel_csv_uploads_through_the_page(app):
    at = _upload(_open_page(app), "excel-nl.csv", EXCEL_NL)
    # Brussels is outside Flanders (not matched); Leuven's unreadable share keeps its row
    assert _metrics(at) == {"Rijen gelezen": 6, "Gekoppeld": 5, "Niet gekoppeld": 1,
                            "Onleesbaar": 0}  # fmt: skip
    notes = " ".join(m.value for m in at.markdown)
    assert "Getalnotatie van het bestand afgeleid" in notes
    assert not at.error
    at.selectbox(key=_key_ending(at.selectbox, "kolom")).set_value("Inwoners").run()
    shown = next(df.value for df in at.dataframe if list(df.value.columns)[:2] == ["code", "naam"])
    assert shown.set_index("code").at["11002", "Inwoners"] == 529247


def test_bug6_summing_is_not_offered_for_a_percentage_column(app):
    at = _upload(_open_page(app), "aandeel.csv", SHARES.encode())
    at.radio(key=_key_ending(at.radio, "aggregatie")).set_value("sum").run()
    _no_exception(at)
    column = at.selectbox(key=_key_ending(at.selectbox, "pk_Aandeel (%)"))
    assert "optellen (aantallen)" not in column.options
    assert any("wordt niet opgeteld" in w.value for w in at.warning)
    # Antwerpen is not on the preview with 11,2 + 9,8 = 21,0
    shown = next(df.value for df in at.dataframe if list(df.value.columns)[:2] == ["code", "naam"])
    assert "11002" not in set(shown["code"])
    assert 21.0 not in set(shown["Aandeel (%)"])


# --- uploads survive a reload (work set in the URL) ------------------------------------------


def test_workset_survives_a_reload_and_a_shared_link(app, settings):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP
    from tests.dashboard.test_eigen_data_page import LEDEN

    at = _upload(_open_page(app), "leden.csv", LEDEN)
    at.radio(key=_key_ending(at.radio, "aggregatie")).set_value("sum").run()
    at.text_input[0].set_value("Leden van de babbelclub")
    at.get("form_submit_button")[0].click().run()
    _no_exception(at)
    token = at.query_params["werkset"]
    token = token[0] if isinstance(token, list) else token
    assert (settings.home / "werksets" / f"{token}.json").is_file()

    # a reload (F5) is a new session with the same URL
    again = AppTest.from_file(APP, default_timeout=240)
    again.query_params["werkset"] = token
    again.run()
    _no_exception(again)
    assert not again.warning
    layers = again.selectbox(key="k_laag").options
    assert any("Leden van de babbelclub" in option for option in layers)
    again.switch_page("views/eigen_data.py").run()
    assert any("Leden van de babbelclub" in m.value for m in again.markdown)


def test_a_link_whose_workset_is_gone_says_so(app):
    from layers.uploads import new_token

    at = app
    at.query_params["werkset"] = new_token()
    at.run()
    _no_exception(at)
    assert any("werkset uit deze link bestaat niet" in w.value for w in at.warning)


def test_kaart_says_above_the_map_which_units_use_uploaded_meeting_places(app):
    from tests.layers.test_partial_coverage import PLACES

    app.session_state["vb_uploads"] = {
        "ontmoetingsplaatsen": PLACES, "haltes": None, "initiatieven": None, "indicatoren": [],
    }  # fmt: skip
    at = app.run()
    _no_exception(at)
    note = next(i.value for i in at.info if "dekt maar een deel van Vlaanderen" in i.value)
    assert "5 gemeenten" in note and "De andere 280 gemeenten houden de standaard" in note
