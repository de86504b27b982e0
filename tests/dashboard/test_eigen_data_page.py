"""The 'Eigen data' page: upload, validation report, choices, use, save (AppTest + processing).

The page is driven through Streamlit's AppTest (its ``file_uploader`` accepts bytes); the
processing of uploaded bytes is also tested directly through :func:`process_upload`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from geodata.store import read_layer
from layers.uploads import WorkerFaultError, options_from_values, process_upload
from layers.uploads.templates import UPLOAD_KINDS, template_bytes

PAGE = "views/eigen_data.py"
LEDEN = (
    b"nis;gemeente;leden\n"
    b"71057;Tessenderlo;12\n"
    b"Ham;Ham;340\n"
    b"44021;Gent;250\n"
    b"99999;Nergens;3\n"
    b"12025;Mechelen;7\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _no_exception(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _metrics(at) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def _open_page(app, **query: str):
    at = app.run()  # the default page (Kaart) first; then the link to this page
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(PAGE).run()
    _no_exception(at)
    return at


def _upload(at, name: str, data: bytes, *, kind: str = "indicator"):
    at.file_uploader(key=f"ed_bestand_{kind}").set_value((name, data, "text/csv")).run()
    _no_exception(at)
    return at


def _preview_values(at) -> pd.DataFrame:
    """The table under the preview map (code, naam, the chosen column)."""
    return next(df.value for df in at.dataframe if list(df.value.columns)[:2] == ["code", "naam"])


def _key_ending(widgets, suffix: str) -> str:
    return next(w.key for w in widgets if w.key and w.key.endswith(suffix))


@pytest.fixture(scope="module")
def gemeenten(settings):
    return read_layer(settings.store_path, "gemeente", columns=["code"])


# --- processing of uploaded bytes (no Streamlit) -------------------------------------------


def test_process_indicator_needs_a_choice_for_merged_rows(resolver, gemeenten):
    processed = process_upload(
        LEDEN, filename="leden.csv", kind="indicator", resolver=resolver, gemeenten=gemeenten
    )
    report = processed.report
    assert (report.rows_in, report.rows_matched, report.rows_unmatched) == (5, 2, 3)
    assert processed.choices["merged_codes"] == ["71071"]
    summed = process_upload(
        LEDEN,
        filename="leden.csv",
        kind="indicator",
        options=options_from_values({"aggregatie": "sum"}),
        resolver=resolver,
        gemeenten=gemeenten,
    )
    values = summed.table.set_index("code")["leden"]
    assert values["71071"] == 352  # Tessenderlo + Ham (2024), summed as chosen
    assert summed.report.rows_matched == 4
    assert summed.usable


def test_process_refuses_content_of_the_wrong_kind(resolver, gemeenten):
    points = b"naam,lat,lon\nDienstencentrum,51.05,3.72\n"
    as_indicator = process_upload(
        points, filename="p.csv", kind="indicator", resolver=resolver, gemeenten=gemeenten
    )
    assert not as_indicator.usable
    assert "Ontmoetingsplaatsen" in as_indicator.mismatch
    as_points = process_upload(
        LEDEN, filename="leden.csv", kind="haltes", resolver=resolver, gemeenten=gemeenten
    )
    assert not as_points.usable
    assert "geen coördinaten" in as_points.mismatch


def test_process_never_raises_on_bad_bytes(resolver, gemeenten):
    for kind in UPLOAD_KINDS:
        processed = process_upload(
            PNG, filename="foto.csv", kind=kind, resolver=resolver, gemeenten=gemeenten
        )
        assert processed.report.status == "rejected"
        assert not processed.usable
        assert processed.report.messages[0].level == "error"


def test_options_from_values_ignores_unknown_values():
    options = options_from_values(
        {"aggregatie": "avg", "dubbel": "drop", "decimaal": "x", "jaar": "twee", "crs": ""}
    )
    assert options.aggregation is None
    assert options.duplicates == "refuse"
    assert options.decimal == "auto"
    assert options.year is None
    assert options.crs is None and not options.crs_confirmed
    rate = options_from_values(
        {"aggregatie": "rate", "teller": "a", "noemer": "b", "jaar": "2023", "crs_ok": True}
    )
    assert (rate.numerator, rate.denominator, rate.year) == ("a", "b", 2023)
    assert rate.crs_confirmed


# --- the page -------------------------------------------------------------------------------


def test_page_runs_and_offers_every_kind_with_a_template(app):
    at = _open_page(app)
    assert at.title[0].value.startswith("Eigen data")
    kinds = at.radio(key="ed_soort")
    assert kinds.options == [info.label for info in UPLOAD_KINDS.values()]
    assert any(b.label.startswith("Sjabloon downloaden") for b in at.get("download_button"))
    assert any("onraadbare werkset-code" in i.value for i in at.info)
    for kind in UPLOAD_KINDS:
        kinds.set_value(kind).run()
        _no_exception(at)
        assert at.file_uploader(key=f"ed_bestand_{kind}")


def test_upload_report_choice_and_use_as_indicator(app):
    at = _upload(_open_page(app), "leden.csv", LEDEN)
    assert _metrics(at) == {
        "Rijen gelezen": 5,
        "Gekoppeld": 2,
        "Niet gekoppeld": 3,
        "Onleesbaar": 0,
    }
    assert any("5 rijen gelezen = 2 gekoppeld" in c.value for c in at.caption)
    messages = next(df.value for df in at.dataframe if "Melding" in df.value.columns)
    assert list(messages.columns) == ["Regel", "Kolom", "Soort", "Melding"]
    assert messages["Melding"].str.contains("meerdere rijen").any()
    assert any(
        b.label.startswith("Niet gebruikte rijen downloaden") for b in at.get("download_button")
    )

    at.radio(key=_key_ending(at.radio, "aggregatie")).set_value("sum").run()
    _no_exception(at)
    assert _metrics(at) == {
        "Rijen gelezen": 5,
        "Gekoppeld": 4,
        "Niet gekoppeld": 1,
        "Onleesbaar": 0,
    }
    notes = " ".join(m.value for m in at.markdown)
    assert "Tessenderlo\\-Ham \\(71071\\)" in notes and "optellen" in notes

    at.text_input[0].set_value("Leden van de babbelclub")
    at.get("form_submit_button")[0].click().run()
    _no_exception(at)
    assert any("In gebruik" in s.value for s in at.success)
    assert any("Leden van de babbelclub" in m.value for m in at.markdown)

    at.switch_page("views/kaart.py").run()
    _no_exception(at)
    options = at.selectbox(key="k_laag").options
    assert "Leden van de babbelclub (eigen bestand)" in options
    assert any("(eigen)" in s.label for s in at.select_slider)


def test_rejected_file_shows_a_dutch_error_not_a_traceback(app):
    at = _upload(_open_page(app), "foto.csv", PNG)
    assert at.error and "afbeelding" in at.error[0].value
    assert _metrics(at)["Gekoppeld"] == 0
    assert not any(s.value == "Gebruiken" for s in at.subheader)


def test_user_text_is_never_interpreted_as_markdown_or_html(app):
    payload = b"nis;<img src=x onerror=alert(1)>\n11002;5\n44021;6\n"
    at = _upload(_open_page(app), "<b>x</b>.csv", payload)
    for element in (*at.markdown, *at.caption):
        text = element.value
        assert "<img" not in text.replace("\\<img", ""), text
        assert "<b>" not in text.replace("\\<b\\>", ""), text


def test_points_are_used_as_meeting_places_and_can_be_removed(app):
    at = _open_page(app, soort="ontmoetingsplaatsen")
    assert at.radio(key="ed_soort").value == "ontmoetingsplaatsen"
    data = (
        b"naam;lat;lon\nLDC De Kring;51,21895;4,40254\nBuurthuis;51,05434;3,72504\n"
        b"Parijs;48,85;2,35\n"
    )
    _upload(at, "plaatsen.csv", data, kind="ontmoetingsplaatsen")
    assert _metrics(at) == {
        "Rijen gelezen": 3,
        "Gekoppeld": 2,
        "Niet gekoppeld": 1,
        "Onleesbaar": 0,
    }
    assert at.selectbox(key=_key_ending(at.selectbox, "naamkolom")).value == "naam"
    at.button(key="ed_gebruik_punten").click().run()
    _no_exception(at)
    assert any("Ontmoetingsplaatsen: 2 punten" in m.value for m in at.markdown)
    at.button(key="ed_rm_ontmoetingsplaatsen").click().run()
    _no_exception(at)
    assert not any("Ontmoetingsplaatsen: 2 punten" in m.value for m in at.markdown)


def test_the_automatic_crs_option_names_the_detected_system(app):
    at = _open_page(app, soort="haltes")
    # Lambert 72 metres (Antwerp, Ghent) without a stated system: inferred from the numbers.
    data = b"naam;x;y\nA;152000;212000\nB;104000;194000\n"
    _upload(at, "haltes.csv", data, kind="haltes")
    crs = at.selectbox(key=_key_ending(at.selectbox, "crs"))
    assert crs.options[0] == "automatisch (Lambert 72 (EPSG:31370))"
    assert "WGS84 (lengte- en breedtegraad)" in crs.options


def test_inventory_template_is_accepted_and_used(app):
    at = _open_page(app, soort="initiatieven")
    name, data = template_bytes("initiatieven")
    _upload(at, name, data, kind="initiatieven")
    assert _metrics(at) == {
        "Rijen gelezen": 1,
        "Gekoppeld": 1,
        "Niet gekoppeld": 0,
        "Onleesbaar": 0,
    }
    at.button(key="ed_gebruik_overzicht").click().run()
    _no_exception(at)
    assert any("Eigen overzicht van initiatieven: 1" in m.value for m in at.markdown)


def test_a_hand_edited_link_cannot_break_the_page(app):
    at = _open_page(app, soort="<script>alert(1)</script>")
    assert at.radio(key="ed_soort").value == "indicator"


def test_save_writes_the_normalised_table_to_the_user_folder(app, settings):
    at = _upload(_open_page(app), "opslaan test.csv", b"nis;waarde\n11002;1,5\n44021;2,5\n")
    at.button(key=_key_ending(at.button, "opslaan")).click().run()
    _no_exception(at)
    path = Path(at.code[0].value)
    try:
        assert path.parent == settings.user_dir
        assert re.fullmatch(r"\d{8}-\d{6}-indicator-opslaan_test-[0-9a-f]{6}\.csv", path.name)
        saved = pd.read_csv(path, dtype={"code": str})
        assert saved.set_index("code")["waarde"].to_dict() == {"11002": 1.5, "44021": 2.5}
        at.file_uploader(key="ed_bestand_indicator").set_value(None).run()
        _no_exception(at)
        reopen = at.selectbox(key="ed_opgeslagen_indicator")
        assert path.name in reopen.options
        reopen.set_value(path.name).run()
        _no_exception(at)
        assert _metrics(at)["Gekoppeld"] == 2
    finally:
        path.unlink(missing_ok=True)


def test_year_and_rate_choices_re_read_the_file(app):
    years = b"nis;jaar;waarde\n11002;2022;1\n11002;2023;2\n44021;2022;3\n44021;2023;4\n"
    at = _upload(_open_page(app), "jaren.csv", years)
    assert _metrics(at)["Gekoppeld"] == 2
    assert any("alleen 2023 wordt gebruikt" in w.value for w in at.warning)
    at.selectbox(key=_key_ending(at.selectbox, "jaar")).set_value("2022").run()
    _no_exception(at)
    shown = _preview_values(at)
    assert sorted(shown["waarde"].tolist()) == [1.0, 3.0]

    rates = (
        b"nis;alleen;huishoudens;aandeel\n"
        b"71069;1000;4000;25\n71057;60000;200000;30\n44021;50000;125000;40\n"
    )
    _upload(at, "aandeel.csv", rates)
    at.radio(key=_key_ending(at.radio, "aggregatie")).set_value("rate").run()
    at.selectbox(key=_key_ending(at.selectbox, "teller")).set_value("alleen")
    at.selectbox(key=_key_ending(at.selectbox, "noemer")).set_value("huishoudens")
    at.selectbox(key=_key_ending(at.selectbox, "verhouding")).set_value("aandeel").run()
    _no_exception(at)
    assert _metrics(at)["Gekoppeld"] == 3
    at.selectbox(key=_key_ending(at.selectbox, "kolom")).set_value("aandeel").run()
    shown = _preview_values(at)
    merged = shown.set_index("code").at["71071", "aandeel"]
    assert merged == pytest.approx(100 * 61000 / 204000)  # recomputed, not averaged


def test_points_chosen_as_indicator_are_not_offered_for_use(app):
    at = _upload(_open_page(app), "p.csv", b"naam,lat,lon\nKring,51.2,4.4\n")
    assert any("Ontmoetingsplaatsen" in w.value for w in at.warning)
    assert not at.get("form_submit_button")


# --- file problems versus bugs in Verbonden -------------------------------------------------


def test_process_reports_a_damaged_workbook_as_a_file_problem(resolver, gemeenten):
    damaged = b"PK\x03\x04" + b"\x00" * 200  # starts like a zip, is none
    for kind in ("indicator", "initiatieven"):
        processed = process_upload(
            damaged, filename="kapot.xlsx", kind=kind, resolver=resolver, gemeenten=gemeenten
        )
        assert processed.report.status == "rejected"
        assert processed.report.messages[0].level == "error"
        assert "Verbonden zelf" not in processed.report.messages[0].message


def test_process_lets_a_bug_propagate_instead_of_blaming_the_file(resolver, gemeenten, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("bug in Verbonden")

    monkeypatch.setattr("layers.uploads.process.read_upload", broken)
    with pytest.raises(KeyError, match="bug in Verbonden"):
        process_upload(
            LEDEN, filename="leden.csv", kind="indicator", resolver=resolver, gemeenten=gemeenten
        )


def test_a_bug_shows_a_program_fault_message_and_is_logged(app, monkeypatch, caplog):
    # The file is checked in a worker process: a resolver that is no resolver makes the
    # worker meet a bug (an AttributeError there), which comes back with its traceback.
    monkeypatch.setattr("dashboard.loaders.resolver", lambda: "geen resolver")
    at = _upload(_open_page(app), "leden.csv", LEDEN)  # no exception reaches the page
    [error] = at.error
    assert "Er ging iets mis in Verbonden zelf (geen fout in uw bestand)" in error.value
    assert "AttributeError" not in error.value and "Traceback" not in error.value
    [record] = [r for r in caplog.records if r.name == "dashboard.upload_flow"]
    assert record.levelname == "ERROR" and "leden.csv" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is WorkerFaultError
    assert "AttributeError" in str(record.exc_info[1])  # the worker's traceback is logged


def test_a_damaged_file_on_the_page_is_the_file_s_fault(app):
    at = _upload(_open_page(app), "kapot.xlsx", b"PK\x03\x04" + b"\x00" * 200)
    assert at.error
    assert not any("Verbonden zelf" in e.value for e in at.error)
