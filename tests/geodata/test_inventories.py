"""The shared inventory store: versions, history, the compare-and-set save, persistence.

Parametrised over ``database_url`` (SQLite in a temporary folder; PostgreSQL when
``VERBONDEN_TEST_DATABASE_URL`` is set).
"""

from __future__ import annotations

import threading

import pytest

from geodata import inventories
from geodata.database import dispose_all


def _row(ident: str, naam: str) -> dict[str, object]:
    return {"id": ident, "naam": naam, "gemeente_code": "11002", "lat": None, "lon": None}


def test_first_save_is_version_one_and_history_keeps_every_version(database_url: str) -> None:
    assert inventories.current(database_url, "11002") is None
    first = inventories.save(
        database_url, "11002", [_row("a", "Babbelcafé")], expected_version=0, editor="Jan"
    )
    assert first.version == 1
    second = inventories.save(
        database_url,
        "11002",
        [_row("a", "Babbelcafé De Linde"), _row("b", "Wandelclub")],
        expected_version=1,
        editor="An",
    )
    assert second.version == 2
    found = inventories.current(database_url, "11002")
    assert found is not None and found.version == 2 and found.editor == "An"
    assert [r["naam"] for r in found.rows] == ["Babbelcafé De Linde", "Wandelclub"]
    history = inventories.history(database_url, "11002")
    assert [(v.version, v.editor) for v in history] == [(2, "An"), (1, "Jan")]
    assert history[0].summary == "1 toegevoegd (b); 1 gewijzigd (a)"
    assert inventories.version_rows(database_url, "11002", 1) == [_row("a", "Babbelcafé")]
    assert inventories.current(database_url, "44021") is None  # another municipality: untouched


def test_a_stale_version_is_refused_in_dutch_and_nothing_is_overwritten(database_url: str) -> None:
    inventories.save(database_url, "11002", [_row("a", "Eerste")], expected_version=0, editor="Jan")
    inventories.save(database_url, "11002", [_row("a", "Tweede")], expected_version=1, editor="An")
    with pytest.raises(inventories.InventoryConflictError) as caught:
        inventories.save(
            database_url, "11002", [_row("a", "Oud")], expected_version=1, editor="Piet"
        )
    text = str(caught.value)
    assert "An heeft het overzicht van gemeente 11002 intussen bewaard (versie 2" in text
    assert "NIET bewaard" in text and "niets werd overschreven" in text
    found = inventories.current(database_url, "11002")
    assert found is not None and found.rows[0]["naam"] == "Tweede"
    assert len(inventories.history(database_url, "11002")) == 2


def test_two_simultaneous_saves_one_wins_the_other_gets_the_conflict(database_url: str) -> None:
    inventories.save(database_url, "11002", [_row("a", "Start")], expected_version=0, editor="Jan")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def editor(name: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = inventories.save(
                database_url,
                "11002",
                [_row("a", "Start"), _row(name, f"Initiatief van {name}")],
                expected_version=1,
                editor=name,
            )
        except inventories.InventoryConflictError as error:
            outcomes[name] = error

    threads = [threading.Thread(target=editor, args=(n,)) for n in ("an", "piet")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    saved = [n for n, o in outcomes.items() if isinstance(o, inventories.SavedInventory)]
    refused = [n for n, o in outcomes.items() if isinstance(o, inventories.InventoryConflictError)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert "NIET bewaard" in str(outcomes[refused[0]])
    found = inventories.current(database_url, "11002")
    assert found is not None and found.version == 2
    assert {r["id"] for r in found.rows} == {"a", saved[0]}  # the winner's save is intact
    assert [v.version for v in inventories.history(database_url, "11002")] == [2, 1]


def test_a_concurrent_first_save_is_a_conflict_too(database_url: str) -> None:
    inventories.save(database_url, "11002", [_row("a", "Eerste")], expected_version=0, editor="Jan")
    with pytest.raises(inventories.InventoryConflictError):
        inventories.save(database_url, "11002", [_row("b", "Ook")], expected_version=0, editor="An")
    found = inventories.current(database_url, "11002")
    assert found is not None and found.rows[0]["id"] == "a"


def test_saved_inventories_survive_a_restart(database_url: str) -> None:
    inventories.save(database_url, "11002", [_row("a", "Blijft")], expected_version=0, editor="Jan")
    stamp = inventories.stamp(database_url)
    dispose_all()
    inventories.forget_engines()
    found = inventories.current(database_url, "11002")
    assert found is not None and found.rows == [_row("a", "Blijft")]
    assert inventories.stamp(database_url) == stamp
    inventories.save(database_url, "11002", [], expected_version=1, editor="Jan")
    assert inventories.stamp(database_url) != stamp  # caches keyed on the stamp see the save


def test_failed_attempts_are_counted_per_municipality_and_client(database_url: str) -> None:
    since = inventories.now()
    inventories.log_attempt(database_url, "11002", "ip-1", ok=False)
    inventories.log_attempt(database_url, "11002", "ip-1", ok=True, name="Jan")
    inventories.log_attempt(database_url, "11002", "ip-2", ok=False)
    inventories.log_attempt(database_url, "44021", "ip-1", ok=False)
    assert len(inventories.failures_since(database_url, "11002", "ip-1", since)) == 1
