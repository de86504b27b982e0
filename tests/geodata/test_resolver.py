"""Municipality resolver: every kind of reference, and honest failures."""

from __future__ import annotations

import shutil

import pytest

from geodata.raw import read_aggregation
from geodata.resolver import Resolver
from geodata.store import read_attributes, read_table


@pytest.mark.parametrize(
    ("ref", "code", "kind"),
    [
        ("Anvers", "11002", "naam_fr"),
        ("11007", "11002", "nis2024"),
        (11007, "11002", "nis2024"),
        ("Sint Niklaas", "46021", "naam"),
        ("46003", "46030", "nis2024"),
        ("11002.0", "11002", "nis2025"),
        (" 11002", "11002", "nis2025"),
        (11002.0, "11002", "nis2025"),
        ("Borgloon", "73111", "alias"),
        ("Borsbeek", "11002", "alias"),
        ("  sint-martens-latem ", "44064", "naam"),
        ("SINT-MARTENS-LATEM", "44064", "naam"),
        ("Gand", "44021", "naam_fr"),
        ("Courtrai", "34022", "naam_fr"),
        ("Ekeren", "11002", "deelgemeente"),
        ("Knesselare", "44084", "deelgemeente"),
        ("Zwijndrecht", "46030", "alias"),
        ("11002P6PK", "11002", "statsec"),
        ("11001W01", "11001", "wijk"),
    ],
)
def test_references_resolve_to_2025_code(resolver, ref, code, kind):
    match = resolver.resolve(ref)
    assert match.status == "ok", match
    assert match.code == code
    assert match.kind == kind


def test_merged_names_carry_a_note(resolver):
    match = resolver.resolve("Borsbeek")
    assert "Antwerpen" in match.note
    assert "2025" in match.note


def test_every_2024_code_maps_to_exactly_one_2025_code(resolver, settings):
    cross = read_aggregation(settings.raw_dir, "gemeente2024_gemeente")
    cross = cross[~cross["gemeente2024"].str.startswith("9999")]
    flemish = cross[cross["gemeente2024"].str.match(r"^(1|23|24|3|4|7)")]
    assert len(flemish) == 300
    assert flemish.groupby("gemeente2024")["gemeente"].nunique().max() == 1
    changed = flemish[flemish["gemeente2024"] != flemish["gemeente"]]
    assert len(changed) == 27  # README: 27 codes change in 2025
    for old, new in zip(flemish["gemeente2024"], flemish["gemeente"], strict=True):
        match = resolver.resolve(old)
        assert match.ok and match.code == new, (old, match)


def test_all_changed_codes_are_covered(resolver):
    changed = {
        "11007": "11002", "23023": "23106", "23024": "23106", "23032": "23106",
        "37012": "37021", "37018": "37021", "37007": "37022", "37015": "37022",
        "44012": "44086", "44048": "44086", "44034": "44087", "44073": "44087",
        "46014": "46029", "44045": "46029", "44040": "44088", "44043": "44088",
        "46003": "46030", "46013": "46030", "11056": "46030", "73006": "73110",
        "73032": "73110", "73009": "73111", "73083": "73111", "71069": "71071",
        "71057": "71071", "71022": "71072", "73040": "71072",
    }  # fmt: skip
    assert len(changed) == 27
    for old, new in changed.items():
        assert resolver.resolve(old).code == new, old


def test_every_2025_name_resolves_to_itself(resolver):
    for code, naam in resolver.names_2025.items():
        match = resolver.resolve(naam)
        assert match.ok and match.code == code, (naam, match)
    assert len(resolver.names_2025) == 285


@pytest.mark.parametrize("ref", ["Brussel", "Bruxelles", "21004", "Parijs", "", "99999"])
def test_unknown_references_are_not_guessed(resolver, ref):
    match = resolver.resolve(ref)
    assert match.status == "unknown"
    assert match.code is None
    assert match.note


@pytest.mark.parametrize("ref", ["Liège", "Liege", "Luik", "Namur", "Mons", "Eupen", "62063"])
def test_walloon_municipalities_are_outside_flanders_not_misspelled(resolver, ref):
    match = resolver.resolve(ref)
    assert match.status == "unknown"
    assert match.note == "Waalse gemeente: valt buiten Vlaanderen"
    assert match.candidates == ()


@pytest.mark.parametrize("ref", ["Brussel", "Bruxelles", "Ixelles", "21004"])
def test_brussels_municipalities_are_outside_flanders(resolver, ref):
    match = resolver.resolve(ref)
    assert match.note == "Brusselse gemeente: valt buiten Vlaanderen"


def test_close_misspelling_offers_candidates_without_guessing(resolver):
    match = resolver.resolve("Kortrik")
    assert match.status == "unknown"
    assert ("34022", "Kortrijk") in match.candidates


@pytest.mark.parametrize(
    ("ref", "codes"), [("Deurne", {"11002", "24020"}), ("Berchem", {"11002", "45060"})]
)
def test_ambiguous_deelgemeente_name_returns_candidates(resolver, ref, codes):
    match = resolver.resolve(ref)
    assert match.status == "ambiguous"
    assert match.code is None
    assert {c for c, _ in match.candidates} == codes


def test_sector_codes_are_not_resolved_by_prefix(resolver):
    # a 2024 sector in a merged municipality: prefix 11007 (Borsbeek) but belongs to 11002 now
    borsbeek = [s for s in resolver.sectors if s.startswith("11007")]
    assert borsbeek
    assert resolver.resolve(borsbeek[0]).code == "11002"
    assert resolver.resolve("11001Z99-").status == "unknown"


def test_the_cached_lookup_tables_are_the_stores(store_path, tmp_path):
    """from_store keeps the lookup tables in the home folder's cache: read back they are the
    store's, and a damaged cache entry is rebuilt, never used."""
    store = tmp_path / "verbonden.gpkg"
    shutil.copy2(store_path, store)
    expected = Resolver.from_tables(
        gemeente=read_attributes(store, "gemeente"),
        gemeente2024=read_attributes(store, "gemeente2024"),
        deelgemeente=read_attributes(store, "deelgemeente"),
        wijk=read_attributes(store, "wijk"),
        statsec=read_table(store, "statsec"),
    )
    assert Resolver.from_store(store) == expected
    (entry,) = (tmp_path / "cache").glob("resolver-*.json")
    assert Resolver.from_store(store) == expected
    entry.write_text("{kapot", encoding="utf-8")
    assert Resolver.from_store(store) == expected
    assert Resolver.from_store(store).resolve("Anvers").code == "11002"
