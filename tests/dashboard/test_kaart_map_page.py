"""AppTests of the Kaart map part (issue 11): labels said once, custom class breaks, the
initiatives legend, the side panel's comparison."""

from __future__ import annotations


def _no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def test_over_de_data_names_a_proxy_once(app):
    at = app.run()
    at.switch_page("views/over_de_data.py").run()
    _no_exception(at)
    labels = [e.label for e in at.expander]
    assert any("(benadering)" in label for label in labels), labels
    assert not any("(benadering) (benadering)" in label for label in labels), labels


def test_kaart_area_list_names_provinces_once(app):
    at = app.run()
    at.radio(key="k_niveau").set_value("wijk").run()
    _no_exception(at)
    box = at.selectbox(key="k_gebied")
    shown = list(box.options)
    assert "Provincie Antwerpen" in shown
    assert not any("Prov." in text for text in shown)


def test_custom_class_breaks_have_a_field_and_a_dutch_message(app):
    at = app.run()
    at.selectbox(key="k_laag").set_value("alleenwonend").run()
    at.selectbox(key="k_indeling").set_value("manual").run()
    _no_exception(at)
    field = at.text_input(key="k_grenzen")
    assert field.label == "Klassengrenzen"
    assert any("Geef minstens één klassengrens" in w.value for w in at.warning)
    field.input("30; 35,5; veel").run()
    _no_exception(at)
    assert any("'veel' is geen getal" in w.value for w in at.warning)
    field.input("40; 30").run()
    _no_exception(at)
    assert any("van klein naar groot" in w.value for w in at.warning)
    at.text_input(key="k_grenzen").input("30; 35,5; 40").run()
    _no_exception(at)
    assert not any("klassengrens" in w.value or "grenzen" in w.value for w in at.warning)
    assert at.query_params.get("grenzen") in (["30; 35,5; 40"], "30; 35,5; 40")


def test_side_panel_comparison_is_a_narrow_table_with_notes_apart(app):
    at = app.run()
    at.selectbox(key="k_eenheid").set_value("44021").run()
    _no_exception(at)
    table = next(t.value for t in at.table if "Vlaanderen" in t.value.columns)
    assert list(table.columns) == ["Waarde", "Vlaanderen", "Provincie", "Rang (1 = meeste risico)"]
    assert table["Rang (1 = meeste risico)"].str.fullmatch(r"(\d+ van \d+|–)").all()
    assert any(e.label == "Opmerkingen en bronnen per indicator" for e in at.expander)
