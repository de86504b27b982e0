"""Provision per unit: the measure each unit's gap uses, and the initiatives attributed to it.

Two provision measures exist. The default covers every gemeente: the residents' own view of what
is on offer for older people (the mean of the survey shares of the catalogue's ``provision_view``
indicators; a wijk takes its gemeente's value). An initiative inventory uploaded by the analyst
becomes the measure for the units it covers (the gemeenten it names and their wijken): there,
initiatives per 10,000 older residents. The publication's examples are shown, never counted.

Input of :func:`provision_per_unit` is the long table of
:func:`layers.initiatives.inventory.initiatives_per_unit` (unit code, ``initiatief_id``), the
inventory (list columns as tuples or ``;``-separated text) and the number of older residents per
unit (80+ for municipalities, 65+ for wijken) as the denominator.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from layers.initiatives import EFFECTIVE_ELEMENTS, TARGET_GROUPS, split_list

PER_RESIDENTS = 10_000
DENOMINATOR_LABEL: dict[str, str] = {"gemeente": "80-plussers", "wijk": "65-plussers"}
PROVISION_COLUMNS: tuple[str, ...] = (
    "aanbod_aantal",
    "aanbod_gemeentebreed",
    "aanbod_noemer",
    "aanbod_per_10000",
    "aanbod_per_10000__reden",
    "aanbod_elementen",
    "aanbod_elementen_lijst",
    "aanbod_doelgroepen",
    "aanbod_initiatieven",
)
# The provision measure of a unit's gap (column ``aanbod_maat``) and the columns that say so.
VIEW_MEASURE = "oordeel van de inwoners over het aanbod voor ouderen (enquête)"
INVENTORY_MEASURE = "initiatieven per 10.000 {who} (eigen overzicht)"
MEASURE_COLUMNS: tuple[str, ...] = ("aanbod_enquete", "aanbod_maat", "aanbod_bron")
_ELEMENT_ORDER = {term.id: number for number, term in enumerate(EFFECTIVE_ELEMENTS)}
_GROUP_ORDER = {term.id: number for number, term in enumerate(TARGET_GROUPS)}
# How ``initiatives_per_unit`` attributed an initiative to a wijk: by its own point ("punt"), or
# because it covers the whole municipality or region ("gemeente", "regio").
LOCAL_ASSIGNMENT = "punt"


def _ordered(values: set[str], order: dict[str, int]) -> str:
    return ";".join(sorted(values, key=lambda v: (order.get(v, len(order)), v)))


def _reason(count: int, denominator: float, level: str) -> str:
    who = DENOMINATOR_LABEL.get(level, "inwoners")
    if math.isnan(denominator):
        return f"aantal {who} onbekend"
    if denominator <= 0 and count > 0:
        return f"geen {who} geteld"
    return ""


def provision_per_unit(
    assignments: pd.DataFrame,
    inventory: pd.DataFrame,
    denominators: pd.DataFrame,
    *,
    codes: Sequence[str],
    level: str,
    code_column: str = "code",
) -> pd.DataFrame:
    """One row per code in ``codes`` with the provision columns.

    ``assignments``: (``code_column``, ``initiatief_id``) pairs. ``inventory``: ``id``,
    ``doelgroepen``, ``effectieve_elementen``. ``denominators``: ``code`` and ``noemer`` (the
    number of residents aged 80+ or 65+; NaN when unknown).

    Below the municipality (``level`` "wijk"), an initiative attributed because it covers the
    whole municipality or region (``toewijzing`` other than "punt" in ``assignments``) is not
    local provision: it is counted in ``aanbod_gemeentebreed``, not in ``aanbod_aantal`` nor in
    the rate, so a city-wide action does not count once in every wijk; its target groups and
    elements still reach the wijk.

    Columns: ``aanbod_aantal`` (initiatives attributed; below the municipality: local ones),
    ``aanbod_gemeentebreed`` (municipality-wide or regional ones, 0 at gemeente level),
    ``aanbod_noemer``, ``aanbod_per_10000``
    (NaN with a ``aanbod_per_10000__reden`` when the denominator is unknown; 0 when there is no
    initiative and nobody in the denominator), ``aanbod_elementen`` (effective elements covered,
    0-7), ``aanbod_elementen_lijst`` and ``aanbod_doelgroepen`` (``;``-separated vocabulary ids)
    and ``aanbod_initiatieven`` (``;``-separated initiative ids).
    """
    for column, frame, name in (
        (code_column, assignments, "toewijzingen"),
        ("initiatief_id", assignments, "toewijzingen"),
        ("id", inventory, "overzicht"),
        ("code", denominators, "noemers"),
        ("noemer", denominators, "noemers"),
    ):
        if column not in frame:
            raise ValueError(f"kolom '{column}' ontbreekt in de tabel met {name}.")
    by_id = inventory.assign(id=inventory["id"].astype(str)).drop_duplicates("id").set_index("id")
    pairs = assignments[[code_column, "initiatief_id"]].astype(str)
    wide: set[tuple[str, str]] = set()
    if level != "gemeente" and "toewijzing" in assignments:
        spread = assignments["toewijzing"].astype(str) != LOCAL_ASSIGNMENT
        wide = set(zip(pairs[code_column][spread], pairs["initiatief_id"][spread], strict=True))
        local = set(zip(pairs[code_column][~spread], pairs["initiatief_id"][~spread], strict=True))
        wide -= local  # a point inside the wijk makes it local there
    pairs = pairs.drop_duplicates()
    pairs = pairs[pairs["initiatief_id"].isin(by_id.index)]
    grouped = pairs.groupby(code_column)["initiatief_id"].apply(list).to_dict()
    noemer = (
        pd.to_numeric(denominators.set_index(denominators["code"].astype(str))["noemer"])
        .astype(float)
        .to_dict()
    )
    rows = []
    for code in (str(c) for c in codes):
        ids = grouped.get(code, [])
        elements: set[str] = set()
        groups: set[str] = set()
        for ident in ids:
            elements.update(split_list(by_id.at[ident, "effectieve_elementen"]))
            groups.update(split_list(by_id.at[ident, "doelgroepen"]))
        elements &= set(_ELEMENT_ORDER)
        n_wide = sum((code, ident) in wide for ident in ids)
        count = len(ids) - n_wide
        denominator = float(noemer.get(code, np.nan))
        reason = _reason(count, denominator, level)
        if reason:
            rate = np.nan
        elif denominator <= 0:
            rate = 0.0
        else:
            rate = count / denominator * PER_RESIDENTS
        rows.append(
            {
                "code": code,
                "aanbod_aantal": count,
                "aanbod_gemeentebreed": n_wide,
                "aanbod_noemer": denominator,
                "aanbod_per_10000": rate,
                "aanbod_per_10000__reden": reason,
                "aanbod_elementen": len(elements),
                "aanbod_elementen_lijst": _ordered(elements, _ELEMENT_ORDER),
                "aanbod_doelgroepen": _ordered(groups, _GROUP_ORDER),
                "aanbod_initiatieven": ";".join(sorted(ids)),
            }
        )
    return pd.DataFrame(rows, columns=["code", *PROVISION_COLUMNS])


def inventory_measure(level: str) -> str:
    """The ``aanbod_maat`` of a unit covered by an uploaded inventory at ``level``."""
    return INVENTORY_MEASURE.format(who=DENOMINATOR_LABEL.get(level, "inwoners"))


def inventory_coverage(inventory: pd.DataFrame) -> set[str]:
    """The 2025 gemeente codes an inventory covers: every ``gemeente_code`` and ``gemeenten`` of
    its rows (the municipalities it is about, with or without an initiative placed in them)."""
    covered: set[str] = set()
    for column in ("gemeente_code", "gemeenten"):
        if column in inventory:
            for value in inventory[column]:
                covered.update(code for code in split_list(value) if code)
    return covered


def provision_measure(
    provision: pd.DataFrame,
    view: pd.Series,
    *,
    gemeente_of: pd.Series,
    covered: set[str],
    level: str,
    view_source: str,
    inventory_source: str | Mapping[str, str],
) -> pd.DataFrame:
    """``provision`` (from :func:`provision_per_unit`) with the measure each unit's gap uses.

    ``view``: the residents' view per gemeente code (NaN when unknown); ``gemeente_of``: the
    gemeente code of each unit code (a gemeente's is itself); ``covered``: gemeente codes whose
    units take the uploaded inventory as their measure. Adds ``aanbod_enquete`` (the view, for
    every unit), ``aanbod_maat`` (which measure the gap uses) and ``aanbod_bron`` (its source,
    year, licence and kind). ``inventory_source`` is one label, or one per gemeente code (an
    inventory a municipality saved names its version and date).
    """
    codes = provision["code"].astype(str)
    mapped = codes.map(gemeente_of.astype(str))
    parent = mapped.where(mapped.notna(), codes).astype(str)
    uses_inventory = parent.isin(covered)
    view_source = view_source + (" (cijfer van de gemeente)" if level == "wijk" else "")
    out = provision.copy()
    out["aanbod_enquete"] = parent.map(view.astype(float)).astype(float).to_numpy()
    out["aanbod_maat"] = np.where(uses_inventory, inventory_measure(level), VIEW_MEASURE)
    if isinstance(inventory_source, Mapping):
        own = parent.map(dict(inventory_source)).fillna(view_source)
        out["aanbod_bron"] = np.where(uses_inventory, own, view_source)
    else:
        out["aanbod_bron"] = np.where(uses_inventory, inventory_source, view_source)
    return out


UPLOAD_SOURCE = "eigen overzicht van initiatieven (opgeladen; waarneming)"


def combine_inventories(
    default: pd.DataFrame,
    saved: pd.DataFrame,
    saved_sources: Mapping[str, str],
    upload: pd.DataFrame | None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The inventory a session counts, and the source of each gemeente it is the measure of.

    ``saved`` holds the rows municipalities saved in the shared store (``saved_sources``: code ->
    source label, every municipality with a saved inventory, even an empty one). Without an
    ``upload``: the publication's examples (``default``) outside those municipalities plus the
    saved rows. With an upload (this session only): the upload for the gemeenten it covers, the
    saved rows elsewhere; the publication's examples are left out, as before. An id used twice
    is made unique with its municipality code, so every row keeps counting.
    """
    sources = dict(saved_sources)
    if upload is not None:
        covered = inventory_coverage(upload)
        sources = {c: s for c, s in sources.items() if c not in covered}
        sources |= dict.fromkeys(sorted(covered), UPLOAD_SOURCE)
        keep = saved[saved["gemeente_code"].astype(str).isin(set(sources) - covered)]
        parts = [upload, keep]
    else:
        base = default[~default["gemeente_code"].astype(str).isin(set(saved_sources))]
        parts = [base, saved]
    combined = pd.concat([p for p in parts if len(p)] or [default.iloc[:0]], ignore_index=True)
    ids = combined["id"].astype(str)
    twice = ids.duplicated(keep="first")
    if twice.any():
        combined.loc[twice, "id"] = (
            combined.loc[twice, "gemeente_code"].astype(str) + ":" + ids[twice]
        )
    return combined, sources
