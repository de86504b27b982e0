"""The Inventaris page's view model: adding a point, reading a file in, the saved view."""

from __future__ import annotations

import math

import pandas as pd

from layers.editing import Editor
from layers.views import (
    clicked_choice,
    editor_table,
    imported_table,
    inventaris_view,
    save_edits,
    try_unlock,
    with_point,
)

CODE = "11002"


def _empty() -> pd.DataFrame:
    return editor_table(pd.DataFrame())


def test_a_point_clicked_in_flanders_becomes_an_address_row() -> None:
    choices = clicked_choice({"lat": 51.2194, "lng": 4.4025})
    (place,) = choices
    table, note = with_point(_empty(), naam="Buurtsoep", place=place, choices=choices, code=CODE)
    row = table.iloc[0]
    assert (row["precisie"], row["gemeente_code"]) == ("adres", CODE)
    assert math.isclose(row["lat"], 51.2194) and math.isclose(row["lon"], 4.4025)
    assert "'Buurtsoep' op het aangeklikte punt toegevoegd" in note
    assert clicked_choice({"lat": 48.85, "lng": 2.35}) == {}  # Paris: not a place to add
    assert clicked_choice(None) == {} and clicked_choice({"lat": "x", "lng": 4}) == {}


def test_a_locality_or_the_whole_municipality_and_a_missing_name() -> None:
    choices = {"11002A": "Deelgemeente: Antwerpen"}
    table, _ = with_point(_empty(), naam="Soep", place="11002A", choices=choices, code=CODE)
    assert table.iloc[0][["precisie", "locatie_code", "locatie"]].tolist() == [
        "plaats", "11002A", "Antwerpen",
    ]  # fmt: skip
    whole, _ = with_point(_empty(), naam="Soep", place="", choices=choices, code=CODE)
    assert whole.iloc[0]["precisie"] == "gemeente"
    same, note = with_point(whole, naam="  ", place="", choices=choices, code=CODE)
    assert same is whole and note == "Geef het nieuwe initiatief een naam."


def test_a_file_read_in_keeps_only_this_municipalitys_rows() -> None:
    data = b"naam,gemeente_code,precisie\nHier,11002,gemeente\nElders,44021,gemeente\n"
    table, notes = imported_table(
        data, filename="lijst.csv", code=CODE, known_codes=None, localities=None
    )
    assert table is not None and list(table["naam"]) == ["Hier"]
    assert any("1 rijen van andere gemeenten niet overgenomen" in n for n in notes)
    none, notes = imported_table(
        b"", filename="leeg.csv", code=CODE, known_codes=None, localities=None
    )
    assert none is None and notes


def test_the_view_saves_a_clicked_point_and_refuses_an_anonymous_save(database_url: str) -> None:
    anonymous = inventaris_view(database_url, CODE, "Antwerpen", None)
    assert anonymous.version == 0 and not anonymous.can_edit
    assert "nog geen eigen overzicht" in anonymous.status
    choices = clicked_choice({"lat": 51.2194, "lng": 4.4025})
    table, _ = with_point(anonymous.table, naam="Buurtsoep", place=next(iter(choices)),
                          choices=choices, code=CODE)  # fmt: skip
    refused = save_edits(database_url, anonymous, table, known_codes=None, localities=None)
    assert not refused.ok and "ontgrendelen" in refused.message
    editor, reason = try_unlock(database_url, CODE, "", client="x")
    assert editor is None and "Vul de toegangscode in" in reason
    view = inventaris_view(database_url, CODE, "Antwerpen", Editor(CODE, "Jan", "toegangscode"))
    saved = save_edits(database_url, view, table, known_codes=None, localities=None)
    assert saved.ok, saved.details
    again = inventaris_view(database_url, CODE, "Antwerpen", None)
    assert again.version == 1 and again.table.iloc[0]["precisie"] == "adres"
    assert b"Buurtsoep" in again.csv
