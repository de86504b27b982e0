"""The Plannen page: a scenario from the URL, points added and removed, suggested sites."""

from __future__ import annotations


def _no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def _table(at):
    return next(df.value for df in at.dataframe if "Nood-index na" in df.value.columns)


def _param(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def test_plannen_scenario_from_url_add_remove_and_suggest(app):
    app.switch_page("views/plannen.py")
    app.query_params["gemeente"] = "13013"
    app.query_params["punten"] = "51.05147_4.88202"
    at = app.run()
    _no_exception(at)
    assert at.title[0].value.startswith("Plannen")
    assert at.selectbox(key="p_gemeente").value == "13013"
    table = _table(at)
    assert table["Gebied"].iloc[0] == "Herselt"
    assert table["65-plussers erbij binnen bereik"].iloc[0] > 0
    assert table["Ver van een ontmoetingsplaats, na (%)"].iloc[0] < 100
    assert any("vogelvlucht" in c.value and "straal" in c.value for c in at.caption)

    # add a sector centre, then the scenario has two points and is in the URL
    at.button(key="p_toevoegen").click().run()
    _no_exception(at)
    assert len(at.multiselect(key="p_punten").value) == 2
    assert len(str(_param(at, "punten")).split(",")) == 2
    gained_two = _table(at)["65-plussers erbij binnen bereik"].iloc[0]

    # remove all: nothing gained
    at.button(key="p_wissen").click().run()
    _no_exception(at)
    assert _table(at)["65-plussers erbij binnen bereik"].iloc[0] == 0
    assert gained_two > 0

    # ask for 2 suggested sites at 1 km
    at.selectbox(key="p_k").set_value("2")
    at.select_slider(key="p_afstand").set_value(1000.0)
    at.run()
    _no_exception(at)
    sites = next(df.value for df in at.dataframe if "Kandidaat" in df.value.columns)
    assert len(sites) == 2
    assert _param(at, "k") == "2"
    assert _param(at, "afstand") == "1000"
    # the suggestion for one wijk only
    at.selectbox(key="p_wijk").set_value("13013W03").run()
    _no_exception(at)
    assert _param(at, "wijk") == "13013W03"
    assert any("65-plussers van deze wijk" in c.value for c in at.caption)
    sites = next(df.value for df in at.dataframe if "Kandidaat" in df.value.columns)
    at.button(key="p_overnemen").click().run()
    _no_exception(at)
    table = _table(at)
    wijk = table.loc[table["Gebied"].str.startswith("Herselt (")].iloc[0]
    assert wijk["65-plussers erbij binnen bereik"] == sites["Erbij bovenop de vorige plekken"].sum()
    assert (
        table["65-plussers erbij binnen bereik"].iloc[0] >= wijk["65-plussers erbij binnen bereik"]
    )

    # hot spots of need on the map, explained in plain Dutch
    at.toggle(key="p_hotspots").set_value(True).run()
    _no_exception(at)
    assert _param(at, "hotspots") == "1"
    assert any("Moran" in c.value and "cluster van hoge nood" in c.value for c in at.caption)
