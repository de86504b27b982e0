"""The catalogue is the single source: no indicator id is written down outside it.

Everything the product knows about an indicator is a field of its spec; these tests fail when an
id-keyed table creeps back into ``layers/`` or ``dashboard/``, and when the roles the specs claim
do not add up (one provision denominator per level, one report map, a default or a reason for
every need theme at every level).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layers.indicators import (
    HINT_TOPICS,
    LEVELS,
    NEED_THEMES,
    REGISTRY,
    THEME_LABELS,
    THEMES,
    UNAVAILABLE_THEMES,
    hint_indicators,
    provision_denominator_spec,
    provision_view_specs,
    report_map_spec,
    specs_for,
)
from layers.indicators.catalogue import DEFAULT_SPECS
from layers.initiatives import TARGET_GROUPS
from tests.layers.specs import make_spec

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("layers/indicators/catalogue.py")
SPEC = Path("layers/indicators/spec.py")
# Quoted strings that are an indicator id but mean something else, with why.
NOT_AN_INDICATOR: dict[tuple[str, str], str] = {
    ("layers/views/summary.py", "uitrustingsgraad"): "the gemeente layer's class-name column",
}
# Written down outside the catalogue and waiting for its owner's change (remove once gone).
PENDING: dict[tuple[str, str], str] = {}


def _quoted_ids(text: str, ids: set[str]) -> set[str]:
    """Indicator ids written as a string literal, alone or as a column (``"id__percentiel"``)."""
    found = re.findall(r"""["']([a-z0-9_]+?)(?:__[a-z]+)?["']""", text)
    return {word for word in found if word in ids}


def test_no_indicator_id_is_written_outside_the_catalogue():
    ids = {spec.id for spec in DEFAULT_SPECS}
    allowed = set(NOT_AN_INDICATOR) | set(PENDING)
    problems, used = [], set()
    for folder in ("layers", "dashboard"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if rel == CATALOGUE:
                continue
            found = _quoted_ids(path.read_text(encoding="utf-8"), ids)
            if rel == SPEC:
                found -= set(THEMES)  # theme names that are also an indicator id
            for ident in sorted(found):
                if (rel.as_posix(), ident) in allowed:
                    used.add((rel.as_posix(), ident))
                else:
                    problems.append(f"{rel}: '{ident}' (put it on the spec instead)")
    assert not problems, "\n".join(problems)
    assert used == allowed, f"no longer needed, remove from the test: {allowed - used}"


def test_the_id_search_finds_ids_and_their_columns():
    ids = {"alleenwonend", "leeftijd_65plus"}
    text = 'x = row.get("alleenwonend__percentiel"); y = {"leeftijd_65plus": 1}; z = "andere"'
    assert _quoted_ids(text, ids) == ids


def test_every_need_theme_has_one_default_or_a_reason_at_every_level():
    for level in LEVELS:
        for theme in NEED_THEMES:
            defaults = [
                spec
                for spec in specs_for(level)
                if spec.theme == theme and level in spec.need_default
            ]
            plain = [spec.id for spec in defaults if not spec.replaces_proxy]
            reason = UNAVAILABLE_THEMES[level].get(theme)
            assert (len(plain) == 1) != bool(reason), (level, theme, plain, reason)
    assert set(THEME_LABELS) == set(NEED_THEMES)


def test_roles_claimed_once():
    assert provision_denominator_spec("gemeente").id == "leeftijd_80plus"
    assert provision_denominator_spec("wijk").id == "leeftijd_65plus"
    assert report_map_spec().id == "leeftijd_65plus"
    assert hint_indicators("ouderen") == ("leeftijd_80plus", "leeftijd_65plus")
    assert hint_indicators("alleenwonen") == ("alleenwonend_2023",)
    assert [spec.id for spec in provision_view_specs()] == [
        "activiteiten_senioren",
        "tevredenheid_ouderenvoorzieningen",
    ]
    assert all(hint_indicators(topic) for topic in HINT_TOPICS)


def test_every_indicator_has_a_gap_phrase_and_known_target_group():
    groups = {term.id for term in TARGET_GROUPS}
    for spec in REGISTRY.values():
        assert spec.gap_phrase.strip(), spec.id
        assert spec.target_group is None or spec.target_group in groups, spec.id


def test_sector_based_indicators_declare_their_sector_table():
    assert {spec.id for spec in DEFAULT_SPECS if spec.sector_source is None} == {
        "alleenwonend",
        "leeftijd_80plus",
        "uitrustingsgraad",
        "alleenwonend_2011",
        "alleenwonend_verschil",
        # Statistiek Vlaanderen households and the Gemeente-Stadsmonitor: per municipality.
        "alleenwonend_2023",
        "alleenwonend_2011_sv",
        "alleenwonend_verschil_2011_2023",
        "alleenwonend_prognose_2030",
        "alleenwonend_prognose_2040",
        "gebrek_ontmoetingsplaatsen",
        "onvoldoende_openbaar_vervoer",
        "activiteiten_senioren",
        "tevredenheid_ouderenvoorzieningen",
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sector_source": "adressen"}, "sector_source"),
        ({"need_default": ("wijk",)}, "need_default noemt niveaus"),
        ({"theme": "overig", "need_default": ("gemeente",)}, "thema van de nood-index"),
        ({"need_default": ("gemeente",), "replaces_proxy": True}, "replaces_proxy"),
        ({"provision_denominator": ("wijk",)}, "provision_denominator noemt niveaus"),
        ({"requires": "haltes", "provision_denominator": ("gemeente",)}, "upload"),
        ({"hint_topic": "jongeren"}, "hint_topic"),
        ({"report_map": True}, "report_map"),
        ({"target_group": " "}, "target_group"),
        ({"provision_view": True}, "provision_view"),  # direction 1: higher is not more
        ({"provision_view": True, "direction": -1, "requires": "haltes"}, "provision_view"),
    ],
)
def test_spec_rejects_inconsistent_roles(changes, message):
    with pytest.raises(ValueError, match=message):
        make_spec(**changes)


def test_a_valid_spec_with_roles_is_accepted():
    spec = make_spec(
        levels=("gemeente", "wijk"),
        need_default=("wijk",),
        provision_denominator=("gemeente",),
        hint_topic="ouderen",
        report_map=True,
        sector_source="census",
        target_group="ouderen",
    )
    assert spec.need_default == ("wijk",)
