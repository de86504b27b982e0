"""Which of the seven effective elements and which target groups a municipality's initiatives
cover, and hints from the VVSG publication tied to what is missing.

``initiatives`` is (a part of) an inventory as returned by ``layers.initiatives.read_inventory``
(list columns as tuples of vocabulary ids; ";"-separated text works too). The hint texts are
written in :mod:`layers.initiatives.hints`; this module decides which of them apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from layers.indicators import hint_indicators
from layers.initiatives import hints as texts
from layers.initiatives.reader import split_list
from layers.initiatives.vocabulary import (
    ACTION_TYPES,
    EFFECTIVE_ELEMENTS,
    OLDER_GROUPS,
    TARGET_GROUPS,
    Term,
)

YOUTH_GROUPS = frozenset({"jongeren", "studenten"})
BEREAVEMENT_ACTIONS = frozenset({"rouw-en-verlies"})
# Action types that go beyond bringing people together (quality of relations, support).
RELATIONAL_ACTIONS = frozenset(
    {"buddywerking", "psychosociale-steun", "telefonisch-contact", "lotgenotencontact"}
)
HIGH_SHARE = 0.25  # "high": among the 25% municipalities with the highest risk


@dataclass(frozen=True)
class Hint:
    """One suggestion for the councillor: Dutch title and text, and where it comes from."""

    title: str
    text: str
    source: str
    key: str = ""


def _valid(initiatives: pd.DataFrame) -> pd.DataFrame:
    if "geldig" in initiatives:
        return initiatives[initiatives["geldig"].fillna(False).astype(bool)]
    return initiatives


def _name(row: pd.Series) -> str:
    return str(row.get("naam", "") or row.get("id", "") or "naamloos initiatief")


def _coverage(initiatives: pd.DataFrame, column: str, terms: tuple[Term, ...]) -> pd.DataFrame:
    rows = _valid(initiatives)
    by_term: dict[str, list[str]] = {term.id: [] for term in terms}
    if column in rows:
        for _, row in rows.iterrows():
            for value in dict.fromkeys(split_list(row[column])):
                if value in by_term:
                    by_term[value].append(_name(row))
    return pd.DataFrame(
        {
            "id": [t.id for t in terms],
            "label": [t.label for t in terms],
            "uitleg": [t.uitleg for t in terms],
            "gedekt": [bool(by_term[t.id]) for t in terms],
            "aantal": [len(by_term[t.id]) for t in terms],
            "initiatieven": ["; ".join(by_term[t.id]) for t in terms],
        }
    )


def element_checklist(initiatives: pd.DataFrame) -> pd.DataFrame:
    """The seven effective elements (Bouwman & Van Tilburg 2020), in their order.

    Columns ``nummer``, ``id``, ``label``, ``uitleg``, ``gedekt`` (bool), ``aantal`` and
    ``initiatieven`` (names of the initiatives that use the element, "; "-separated).
    """
    out = _coverage(initiatives, "effectieve_elementen", EFFECTIVE_ELEMENTS)
    out.insert(0, "nummer", [t.nummer for t in EFFECTIVE_ELEMENTS])
    return out


def target_groups_reached(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Every target group of the vocabulary: ``bereikt`` (bool), ``aantal``, ``initiatieven``."""
    return _coverage(initiatives, "doelgroepen", TARGET_GROUPS).rename(
        columns={"gedekt": "bereikt"}
    )


def action_types_used(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Every action type of the vocabulary: ``gedekt`` (bool), ``aantal``, ``initiatieven``."""
    return _coverage(initiatives, "actietypes", ACTION_TYPES)


def _ids(initiatives: pd.DataFrame | None, column: str) -> set[str]:
    if initiatives is None or column not in initiatives:
        return set()
    return {v for value in _valid(initiatives)[column] for v in split_list(value)}


def _high(summary: pd.DataFrame | None, ids: tuple[str, ...]) -> pd.Series | None:
    """The first summary row of ``ids`` whose rank lies in the top HIGH_SHARE, else None."""
    if summary is None or summary.empty or "indicator" not in summary:
        return None
    for indicator in ids:
        rows = summary[summary["indicator"] == indicator]
        if rows.empty:
            continue
        row = rows.iloc[0]
        rank, total = row.get("rang"), row.get("rang_van")
        if pd.notna(rank) and total and float(rank) <= float(total) * HIGH_SHARE:
            return row
    return None


def _example(
    inventory: pd.DataFrame | None,
    column: str,
    wanted: frozenset[str] | set[str],
    *,
    names: Mapping[str, str],
    exclude: str,
) -> str:
    """ "Naam (Gemeente)" of the first inventory initiative elsewhere with a wanted value."""
    if inventory is None or column not in inventory:
        return ""
    for _, row in _valid(inventory).iterrows():
        code = str(row.get("gemeente_code", "") or "")
        if code == exclude or not set(split_list(row[column])) & set(wanted):
            continue
        place = names.get(code) or str(row.get("regio", "") or "") or code
        return f"{_name(row)} ({place})" if place else _name(row)
    return ""


def hints(
    checklist: pd.DataFrame,
    groups: pd.DataFrame,
    summary: pd.DataFrame | None,
    *,
    initiatives: pd.DataFrame | None = None,
    inventory: pd.DataFrame | None = None,
    names: Mapping[str, str] | None = None,
    code: str = "",
) -> list[Hint]:
    """Hints tied to what is missing, most general first.

    ``checklist`` and ``groups`` come from :func:`element_checklist` and
    :func:`target_groups_reached`; ``summary`` from ``layers.views.municipality_summary`` (or
    None). ``initiatives`` are the municipality's own initiatives (for action types),
    ``inventory`` the full inventory to draw examples from, ``names`` NIS code -> municipality
    name, ``code`` the municipality itself (left out of the examples). The figures quoted come
    from the indicators whose spec has the hint's ``hint_topic`` ("ouderen", "alleenwonen").
    """
    names = names or {}
    reached = set(groups.loc[groups["bereikt"].astype(bool), "id"])
    covered = set(checklist.loc[checklist["gedekt"].astype(bool), "id"])
    actions = _ids(initiatives, "actietypes")
    # An initiative with only a name (no target group or element filled in yet) still counts.
    has_any = (
        (initiatives is not None and len(_valid(initiatives)) > 0)
        or bool(int(groups["aantal"].sum()))
        or bool(covered)
    )
    found: list[Hint] = []

    def add(key: str, title: str, text: str, source: str = texts.SOURCE) -> None:
        found.append(Hint(title=title, text=text, source=source, key=key))

    def example(column: str, wanted: frozenset[str] | set[str]) -> str:
        return _example(inventory, column, wanted, names=names, exclude=code)

    if not has_any:
        add("geen-initiatieven", *texts.NO_INITIATIVES)
    if not reached & YOUTH_GROUPS:
        add("jongeren", *texts.youth(example("doelgroepen", frozenset({"jongeren"}))))
    if not reached & OLDER_GROUPS:
        add("ouderen", *texts.older(_high(summary, hint_indicators("ouderen"))))
    if "nabestaanden" not in reached and not actions & BEREAVEMENT_ACTIONS:
        add("nabestaanden", *texts.bereaved(example("doelgroepen", frozenset({"nabestaanden"}))))
    if "gezinnen" not in reached:
        add("gezinnen", *texts.families(example("doelgroepen", frozenset({"gezinnen"}))))
    if has_any and "betekenisvol-contact" not in covered and not actions & RELATIONAL_ACTIONS:
        add("isolement-eenzaamheid", *texts.ISOLATION_VS_LONELINESS)
    living_alone = _high(summary, hint_indicators("alleenwonen"))
    if living_alone is not None and "huisbezoek" not in actions:
        add("huisbezoek", *texts.home_visits(living_alone, example("actietypes", {"huisbezoek"})))
    mobility = _high_theme(summary, "mobiliteit")
    if mobility is not None:
        add("mobiliteit", *texts.mobility(mobility))
    missing = checklist[~checklist["gedekt"].astype(bool)]
    if has_any and 0 < len(covered) < 3:
        add("combineren", *texts.COMBINE)
    for _, row in missing.iterrows():
        eg = example("effectieve_elementen", frozenset({str(row["id"])}))
        title, text = texts.element(
            int(row["nummer"]), str(row["label"]), str(row["uitleg"]), eg, element_id=str(row["id"])
        )
        add(f"element-{row['id']}", title, text, texts.ELEMENT_SOURCE)
    return found


def _high_theme(summary: pd.DataFrame | None, theme: str) -> pd.Series | None:
    if summary is None or summary.empty or "thema" not in summary:
        return None
    ids = tuple(summary.loc[summary["thema"] == theme, "indicator"].astype(str))
    return _high(summary, ids)
