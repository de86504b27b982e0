"""Kaart with uploaded meeting places and stops: the side panel of a selected unit uses them.

Regression test for the crash "Deze indicator vraagt opgeladen ontmoetingsplaatsen": the page
asked for reference values without the session's uploads.
"""

from __future__ import annotations

import pandas as pd
import pytest

PLACES = pd.DataFrame(
    {
        "naam": ["Ontmoetingscentrum", "Buurthuis", "Dienstencentrum"],
        "lon": [4.4025, 3.7174, 4.4200],
        "lat": [51.2194, 51.0543, 51.2100],
    }
)
STOPS = pd.DataFrame(
    {"naam": ["Groenplaats", "Korenmarkt"], "lon": [4.4010, 3.7210], "lat": [51.2190, 51.0550]}
)


def _figures(at) -> pd.DataFrame:
    """The side panel's comparison (a narrow st.table indexed by indicator)."""
    return next(t.value for t in at.table if "Vlaanderen" in t.value.columns).reset_index()


@pytest.fixture
def uploaded(app):
    app.session_state["vb_uploads"] = {
        "ontmoetingsplaatsen": PLACES, "haltes": STOPS, "initiatieven": None, "indicatoren": [],
    }  # fmt: skip
    return app


@pytest.mark.parametrize(("level", "code"), [("gemeente", "11002"), ("wijk", None)])
def test_selecting_a_unit_with_uploaded_points_shows_its_figures(uploaded, level, code):
    at = uploaded.run()
    assert not at.exception, [e.value for e in at.exception]
    if level == "wijk":
        at.radio(key="k_niveau").set_value("wijk").run()
        at.selectbox(key="k_gebied").set_value("g:11002").run()
        assert not at.exception, [e.value for e in at.exception]
        wijken = next(df.value for df in at.dataframe if "code" in df.value.columns)
        code = str(wijken["code"].iloc[0])  # a wijk of Antwerpen
    at.selectbox(key="k_eenheid").set_value(code).run()
    assert not at.exception, [e.value for e in at.exception]
    figures = _figures(at).set_index("Indicator")
    for label in (
        "65-plussers ver van een ontmoetingsplaats",
        "Afstand tot een bus- of tramhalte",
    ):
        row = figures.loc[label]
        assert row["Waarde"] != "–", label
        assert row["Vlaanderen"] != "–", label
        assert row["Rang (1 = meeste risico)"] != "–", label
