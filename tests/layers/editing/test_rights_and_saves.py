"""Edit rights and checked saves of a municipality's inventory (layers.editing)."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata import inventories
from layers.editing import (
    MAX_FAILURES,
    Editor,
    EditRefusedError,
    InventoryConflictError,
    InventoryRefusedError,
    access_code_list,
    add_editor_email,
    editor_rights,
    gemeenten_for_email,
    history_table,
    identity_editor,
    restore_version,
    revoke_access_codes,
    save_inventory,
    saved_inventory,
    set_access_code,
    shared_inventories,
    unlock,
)

A, B = "11002", "44021"


def _table(*names: str, code: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "naam": naam,
                "gemeente_code": code,
                "doelgroepen": "ouderen;alleenwonenden",
                "actietypes": "ontmoeting",
                "effectieve_elementen": "ontmoeting",
                "bron_url": "https://www.voorbeeld.be",
                "precisie": "gemeente",
            }
            for naam in names
        ]
    )


def test_anonymous_cannot_save(database_url: str) -> None:
    with pytest.raises(EditRefusedError, match="ontgrendelen met de toegangscode"):
        save_inventory(database_url, A, _table("Babbelcafé"), expected_version=0, editor=None)
    assert saved_inventory(database_url, A) is None


def test_an_editor_of_a_cannot_change_b(database_url: str) -> None:
    set_access_code(database_url, A, "Jan", "code-van-antwerpen")
    editor = unlock(database_url, A, "code-van-antwerpen", client="ip-1")
    with pytest.raises(EditRefusedError, match="bewerker van gemeente 11002, niet van gemeente"):
        save_inventory(database_url, B, _table("Babbelcafé"), expected_version=0, editor=editor)
    with pytest.raises(EditRefusedError, match="niet juist"):  # A's code does not open B
        unlock(database_url, B, "code-van-antwerpen", client="ip-1")
    with pytest.raises(InventoryRefusedError, match="44021 is een andere gemeente"):
        save_inventory(database_url, A, _table("Elders", code=B), expected_version=0, editor=editor)
    assert saved_inventory(database_url, B) is None and saved_inventory(database_url, A) is None
    saved = save_inventory(database_url, A, _table("Babbelcafé"), expected_version=0, editor=editor)
    assert saved.version == 1 and list(saved.table["gemeente_code"]) == [A]  # blank -> A
    assert saved.editor == "Jan (toegangscode)"


def test_a_wrong_code_is_refused_then_the_client_must_wait(database_url: str) -> None:
    set_access_code(database_url, A, "Jan", "juiste-code-123")
    for attempt in range(MAX_FAILURES):
        with pytest.raises(EditRefusedError, match="niet juist voor deze gemeente") as caught:
            unlock(database_url, A, f"fout-{attempt}", client="ip-1")
    assert "15 minuten" in str(caught.value)
    with pytest.raises(EditRefusedError, match="Te veel foute toegangscodes"):
        unlock(database_url, A, "juiste-code-123", client="ip-1")  # even the right code waits
    assert unlock(database_url, A, "juiste-code-123", client="ip-2").name == "Jan"


def test_codes_are_stored_only_as_salted_hashes_and_can_be_revoked(database_url: str) -> None:
    first = set_access_code(database_url, A, "Jan")
    second = set_access_code(database_url, A, "An", first)  # the same code, another salt
    assert first == second and len(first) == 19
    stored = inventories.access_codes(database_url, A)
    assert {c.hash[:9] for c in stored} == {"$argon2id"}
    assert stored[0].hash != stored[1].hash and first not in stored[0].hash
    assert [(c, n) for c, n, _ in access_code_list(database_url)] == [(A, "Jan"), (A, "An")]
    assert revoke_access_codes(database_url, A, "Jan") == 1
    assert unlock(database_url, A, first, client="ip").name == "An"
    with pytest.raises(ValueError, match="minstens 10 tekens"):
        set_access_code(database_url, A, "Piet", "kort")


def test_rows_with_errors_are_refused_with_dutch_messages(database_url: str) -> None:
    editor = Editor(code=A, name="Jan", via="toegangscode")
    table = _table("Goed", "")
    table.loc[1, "doelgroepen"] = "marsmannetjes"
    with pytest.raises(InventoryRefusedError) as caught:
        save_inventory(database_url, A, table, expected_version=0, editor=editor)
    text = str(caught.value)
    assert "rij 2, kolom 'naam': naam ontbreekt." in text
    assert "onbekende doelgroep 'marsmannetjes'" in text
    assert saved_inventory(database_url, A) is None


def test_history_and_restore_as_a_new_version(database_url: str) -> None:
    editor = Editor(code=A, name="Jan", via="toegangscode")
    save_inventory(database_url, A, _table("Een"), expected_version=0, editor=editor)
    save_inventory(database_url, A, _table("Een", "Twee"), expected_version=1, editor=editor)
    with pytest.raises(InventoryConflictError):
        restore_version(database_url, A, 1, expected_version=1, editor=editor)
    restored = restore_version(database_url, A, 1, expected_version=2, editor=editor)
    assert restored.version == 3 and list(restored.table["naam"]) == ["Een"]
    history = history_table(database_url, A)
    assert list(history["versie"]) == [3, 2, 1]
    assert history["wat"].iloc[0].startswith("versie 1 teruggezet: 1 verwijderd")
    with pytest.raises(EditRefusedError):
        restore_version(database_url, A, 1, expected_version=3, editor=None)


def test_shared_inventories_name_each_municipality_with_version_and_date(database_url: str) -> None:
    editor = Editor(code=A, name="Jan", via="toegangscode")
    save_inventory(database_url, A, _table("Een", "Twee"), expected_version=0, editor=editor)
    shared = shared_inventories(database_url)
    assert set(shared.sources) == {A} and len(shared.table) == 2
    assert shared.sources[A].startswith("eigen overzicht van de gemeente, bewaard in Verbonden")
    assert "versie 1, 20" in shared.sources[A]
    assert shared.table["geldig"].all()


def test_identity_mapping_is_case_insensitive_and_per_municipality(database_url: str) -> None:
    rights = [(A, "jan@antwerpen.be"), (B, "an@gent.be")]
    assert gemeenten_for_email(rights, " Jan@Antwerpen.BE ") == {A}
    assert gemeenten_for_email(rights, None) == set()
    assert gemeenten_for_email(rights, "niet-een-adres") == set()
    editor = identity_editor(rights, A, "JAN@antwerpen.be", "Jan Peeters")
    assert editor == Editor(code=A, name="Jan Peeters", via="aanmelding")
    assert identity_editor(rights, B, "jan@antwerpen.be") is None
    assert add_editor_email(database_url, A, "Jan@Antwerpen.be")
    assert not add_editor_email(database_url, A, "jan@antwerpen.be")
    assert editor_rights(database_url) == [(A, "jan@antwerpen.be")]
