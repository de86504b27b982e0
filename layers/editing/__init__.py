"""Editing: the municipalities' own inventories in the shared store, and who may change them.

Lives here: :mod:`~layers.editing.shared` (save an edited inventory with the inventory checks,
optimistic concurrency, history and restore; every saved inventory as provision) and
:mod:`~layers.editing.rights` (editor access codes as Argon2 hashes, the rate limit on failed
attempts, the mapping of a signed-in identity to municipalities). The tables and their IO are
:mod:`geodata.inventories`. May import: ``geodata``, ``layers.initiatives``.
"""

from geodata.inventories import InventoryConflictError
from layers.editing.rights import (
    MAX_FAILURES,
    WINDOW_MINUTES,
    Editor,
    EditRefusedError,
    access_code_list,
    add_editor_email,
    editor_rights,
    gemeenten_for_email,
    identity_editor,
    new_access_code,
    normalise_email,
    remove_editor_email,
    revoke_access_codes,
    set_access_code,
    unlock,
)
from layers.editing.shared import (
    SAVED_SOURCE,
    InventoryRefusedError,
    Saved,
    SharedInventories,
    check_rows,
    history_table,
    permitted,
    restore_version,
    rows_of,
    save_inventory,
    saved_inventory,
    saved_source,
    shared_inventories,
    table_of,
)

__all__ = [
    "MAX_FAILURES",
    "SAVED_SOURCE",
    "WINDOW_MINUTES",
    "EditRefusedError",
    "Editor",
    "InventoryConflictError",
    "InventoryRefusedError",
    "Saved",
    "SharedInventories",
    "access_code_list",
    "add_editor_email",
    "check_rows",
    "editor_rights",
    "gemeenten_for_email",
    "history_table",
    "identity_editor",
    "new_access_code",
    "normalise_email",
    "permitted",
    "remove_editor_email",
    "restore_version",
    "revoke_access_codes",
    "rows_of",
    "save_inventory",
    "saved_inventory",
    "saved_source",
    "set_access_code",
    "shared_inventories",
    "table_of",
    "unlock",
]
