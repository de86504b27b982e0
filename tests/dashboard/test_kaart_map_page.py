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
