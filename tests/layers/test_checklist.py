"""Effective-element checklist, target groups and hints tied to what is missing."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.initiatives.checklist import (
    Hint,
    action_types_used,
    element_checklist,
    hints,
    target_groups_reached,
)
from layers.initiatives.hints import NO_INITIATIVES
from layers.initiatives.inventory import default_inventory_path, read_inventory


def _initiatives(*rows: dict) -> pd.DataFrame:
    base = {
        "id": "",
        "naam": "",
        "gemeente_code": "10001",
        "regio": "",
        "doelgroepen": (),
        "actietypes": (),
        "effectieve_elementen": (),
        "geldig": True,
    }
    return pd.DataFrame([base | row for row in rows], columns=list(base))


OWN = _initiatives(
    {
        "id": "koffie",
        "naam": "Koffieklets",
        "doelgroepen": ("ouderen",),
        "actietypes": ("ontmoeting",),
        "effectieve_elementen": ("ontmoeting", "activiteiten"),
    },
    {
        "id": "plein",
        "naam": "Buurtplein",
        "doelgroepen": "alle-inwoners; ouderen",  # text lists work as well
        "actietypes": "publieke-ruimte;ontmoeting",
        "effectieve_elementen": "ontmoeting",
    },
    {
        "id": "kapot",
        "naam": "Ongeldige rij",
        "doelgroepen": ("jongeren",),
        "effectieve_elementen": ("betekenisvolle-rol",),
        "geldig": False,
    },
)
ELSEWHERE = _initiatives(
    {
        "id": "buddy",
        "naam": "Babbelbuddy",
        "gemeente_code": "31005",
        "doelgroepen": ("jongeren", "nabestaanden"),
        "actietypes": ("buddywerking", "huisbezoek"),
        "effectieve_elementen": ("betekenisvol-contact", "betekenisvolle-rol"),
    },
)
NAMES = {"10001": "Eigenstad", "31005": "Brugge"}


def _hints(own: pd.DataFrame, summary: pd.DataFrame | None = None) -> dict[str, Hint]:
    found = hints(
        element_checklist(own),
        target_groups_reached(own),
        summary,
        initiatives=own,
        inventory=pd.concat([own, ELSEWHERE], ignore_index=True),
        names=NAMES,
        code="10001",
    )
    return {hint.key: hint for hint in found}


def test_checklist_has_the_seven_elements_in_order_with_covering_initiatives():
    checklist = element_checklist(OWN)
    assert list(checklist["nummer"]) == [1, 2, 3, 4, 5, 6, 7]
    row = checklist.set_index("id").loc["ontmoeting"]
    assert row["gedekt"] and row["aantal"] == 2
    assert row["initiatieven"] == "Koffieklets; Buurtplein"
    # the invalid row does not count
    assert not checklist.set_index("id").loc["betekenisvolle-rol", "gedekt"]
    assert checklist["gedekt"].sum() == 2


def test_target_groups_and_action_types():
    groups = target_groups_reached(OWN).set_index("id")
    assert groups.loc["ouderen", "bereikt"] and groups.loc["ouderen", "aantal"] == 2
    assert not groups.loc["jongeren", "bereikt"]
    assert action_types_used(OWN).set_index("id").loc["publieke-ruimte", "gedekt"]


def test_no_young_people_reached_gives_the_youth_partners():
    hint = _hints(OWN)["jongeren"]
    for partner in ("scholen", "CLB", "jeugdhuizen", "OverKop", "CGG"):
        assert partner in hint.text
    assert "Babbelbuddy (Brugge)" in hint.text
    assert "Verbonden met (n)iemand" in hint.source


def test_youth_hint_disappears_when_young_people_are_reached():
    assert "jongeren" not in _hints(pd.concat([OWN, ELSEWHERE], ignore_index=True))


def test_bereavement_and_isolation_hints_when_offer_is_only_meeting():
    found = _hints(OWN)
    assert "rouw" in found["nabestaanden"].text
    isolation = found["isolement-eenzaamheid"]
    assert "sociaal isolement" in isolation.text and "Eenzaamheid" in isolation.text
    assert "ouderen" not in found  # ouderen are reached


def test_missing_element_hint_explains_it_with_an_example_elsewhere():
    found = _hints(OWN)
    hint = found["element-betekenisvolle-rol"]
    assert hint.title.startswith("Werkzaam element 7 ontbreekt")
    assert "Babbelbuddy (Brugge)" in hint.text
    assert "Bouwman" in hint.source
    assert "element-ontmoeting" not in found
    assert "combineren" in found  # only two elements covered


def test_many_living_alone_without_home_visits_gives_home_visit_hint():
    summary = pd.DataFrame(
        {
            "indicator": ["alleenwonend_2023"],  # the catalogue's "alleenwonen" hint indicator
            "label": ["Alleenwonenden"],
            "eenheid": ["%"],
            "thema": ["alleenwonend"],
            "decimalen": [1],
            "gemeente": [41.2],
            "vlaanderen": [32.5],
            "rang": [7.0],
            "rang_van": [285],
            "rang_tekst": ["7e van 285 (1 = hoogste risico)"],
        }
    )
    hint = _hints(OWN, summary)["huisbezoek"]
    assert "41,2 %" in hint.text and "32,5 %" in hint.text and "huisbezoek" in hint.text.lower()
    assert "huisbezoek" not in _hints(OWN, summary.assign(rang=200.0))
    with_visits = pd.concat([OWN, ELSEWHERE.assign(gemeente_code="10001")], ignore_index=True)
    assert "huisbezoek" not in _hints(with_visits, summary)


def test_nothing_known_gives_the_upload_hint_first():
    found = list(_hints(OWN.iloc[0:0]).values())
    assert found[0].key == "geen-initiatieven"
    assert len([h for h in found if h.key.startswith("element-")]) == 7


def test_an_initiative_with_only_a_name_is_not_called_no_initiatives():
    bare = OWN.iloc[0:1].assign(doelgroepen=[()], actietypes=[()], effectieve_elementen=[()])
    assert "geen-initiatieven" not in _hints(bare)
    assert "Inventaris" in NO_INITIATIVES[1]  # where an editor keeps the inventory


@pytest.fixture(scope="module")
def inventory() -> pd.DataFrame:
    frame, messages = read_inventory(default_inventory_path(), filename="initiatives.csv")
    assert frame["geldig"].all(), messages
    return frame


def test_herselt_reaches_no_young_people_in_the_default_inventory(inventory, store_path):
    from geodata.store import read_attributes

    attrs = read_attributes(store_path, "gemeente")
    names = dict(zip(attrs["code"], attrs["naam"], strict=True))
    own = inventory[inventory["gemeente_code"] == "13013"]  # Herselt
    assert len(own) == 3
    found = {
        h.key: h
        for h in hints(
            element_checklist(own),
            target_groups_reached(own),
            None,
            initiatives=own,
            inventory=inventory,
            names=names,
            code="13013",
        )
    }
    assert "jongeren" in found
    assert "(Herselt)" not in found["jongeren"].text
    assert "(Brugge)" in found["jongeren"].text or "(Gent)" in found["jongeren"].text
    assert "nabestaanden" not in found  # Herselt visits people who lost their partner
