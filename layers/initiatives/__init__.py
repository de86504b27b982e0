"""Initiatives: the vocabulary, the inventory (reading, checks, writing), places and checklist.

Lives here: :mod:`~layers.initiatives.vocabulary` (target groups, action types, the seven
effective elements, policy domains), :mod:`~layers.initiatives.inventory` (read, validate, write an
inventory; the default one from the VVSG publication), :mod:`~layers.initiatives.checks` (row
checks), :mod:`~layers.initiatives.reader` (file -> string table with file lines, on the shared
upload reader :func:`geodata.upload.read_rows`),
:mod:`~layers.initiatives.places` (points and units of initiatives),
:mod:`~layers.initiatives.checklist` and :mod:`~layers.initiatives.hints` (what a municipality's
initiatives cover, and the publication's advice). May import: ``geodata``, ``layers.indicators``,
``layers.maps``.
"""

from layers.initiatives.checklist import (
    BEREAVEMENT_ACTIONS,
    HIGH_SHARE,
    RELATIONAL_ACTIONS,
    YOUTH_GROUPS,
    Hint,
    action_types_used,
    element_checklist,
    hints,
    target_groups_reached,
)
from layers.initiatives.checks import (
    FLANDERS_LAT,
    FLANDERS_LON,
    INVENTORY_COLUMNS,
    LIST_COLUMNS,
    REQUIRED_COLUMNS,
    VOCABULARIES,
    normalise_code,
    number_value,
    text_value,
    validate_inventory,
)
from layers.initiatives.inventory import (
    check_inventory_frame,
    default_inventory_path,
    inventory_template,
    inventory_to_csv,
    read_inventory,
)
from layers.initiatives.places import (
    WGS84,
    PointSource,
    initiatives_per_unit,
    place_initiatives,
)
from layers.initiatives.reader import parse_table, split_list
from layers.initiatives.vocabulary import (
    ACTION_TYPES,
    EFFECTIVE_ELEMENTS,
    OLDER_GROUPS,
    POLICY_DOMAINS,
    PRECISIONS,
    TARGET_GROUPS,
    Term,
    labels,
    term_key,
    term_lookup,
)

__all__ = [
    "ACTION_TYPES",
    "BEREAVEMENT_ACTIONS",
    "EFFECTIVE_ELEMENTS",
    "FLANDERS_LAT",
    "FLANDERS_LON",
    "HIGH_SHARE",
    "INVENTORY_COLUMNS",
    "LIST_COLUMNS",
    "OLDER_GROUPS",
    "POLICY_DOMAINS",
    "PRECISIONS",
    "RELATIONAL_ACTIONS",
    "REQUIRED_COLUMNS",
    "TARGET_GROUPS",
    "VOCABULARIES",
    "WGS84",
    "YOUTH_GROUPS",
    "Hint",
    "PointSource",
    "Term",
    "action_types_used",
    "check_inventory_frame",
    "default_inventory_path",
    "element_checklist",
    "hints",
    "initiatives_per_unit",
    "inventory_template",
    "inventory_to_csv",
    "labels",
    "normalise_code",
    "number_value",
    "parse_table",
    "place_initiatives",
    "read_inventory",
    "split_list",
    "target_groups_reached",
    "term_key",
    "term_lookup",
    "text_value",
    "validate_inventory",
]
