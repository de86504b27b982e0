"""The shared inventory store: each municipality's current inventory, its history and edit rights.

The one reader and writer of the inventory database (:attr:`Settings.inventory_url`: an SQLite
file in the home folder by default, or the shared PostgreSQL database). SQLAlchemy Core only, so
the same code runs on both; the tables are created when missing.

Tables:

- ``inventaris``: per 2025 NIS code the current rows (JSON text), its ``versie`` (1, 2, ...) and
  who saved it when;
- ``inventaris_versie``: every saved version (who, when in UTC, a summary, the full rows), so an
  older one can be restored (a restore is a new save);
- ``toegangscode``: editor access codes per municipality, only as salted hashes;
- ``bewerker_email``: e-mail identities (OpenID Connect) that may edit a municipality;
- ``toegangspoging``: every attempt to unlock editing (the audit trail and the rate limit).

A save is one transaction that first compares and sets the version
(``UPDATE ... WHERE versie = :expected``): when someone else saved in between, nothing is
written and :class:`InventoryConflictError` says so in Dutch. Rows are plain dicts (column ->
text or number); their schema is the inventory file's and is checked by ``layers`` first.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from geodata.database import DatabaseError, engine

Row = dict[str, Any]

METADATA = MetaData()
CURRENT = Table(
    "inventaris",
    METADATA,
    Column("gemeente_code", String(5), primary_key=True),
    Column("versie", Integer, nullable=False),
    Column("bewerker", Text, nullable=False),
    Column("tijd", String(32), nullable=False),
    Column("rijen", Text, nullable=False),
)
VERSIONS = Table(
    "inventaris_versie",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("gemeente_code", String(5), nullable=False, index=True),
    Column("versie", Integer, nullable=False),
    Column("bewerker", Text, nullable=False),
    Column("tijd", String(32), nullable=False),
    Column("samenvatting", Text, nullable=False),
    Column("rijen", Text, nullable=False),
    UniqueConstraint("gemeente_code", "versie", name="uq_inventaris_versie"),
)
ACCESS_CODES = Table(
    "toegangscode",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("gemeente_code", String(5), nullable=False, index=True),
    Column("naam", Text, nullable=False),
    Column("hash", Text, nullable=False),
    Column("aangemaakt", String(32), nullable=False),
    Column("ingetrokken", String(32), nullable=True),
)
EDITOR_EMAILS = Table(
    "bewerker_email",
    METADATA,
    Column("gemeente_code", String(5), primary_key=True),
    Column("email", String(320), primary_key=True),
    Column("aangemaakt", String(32), nullable=False),
)
ATTEMPTS = Table(
    "toegangspoging",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tijd", String(32), nullable=False, index=True),
    Column("gemeente_code", String(5), nullable=False),
    Column("sleutel", Text, nullable=False),
    Column("gelukt", Boolean, nullable=False),
    Column("naam", Text, nullable=False),
)

_ready: set[str] = set()
_ready_lock = threading.Lock()


class InventoryConflictError(Exception):
    """Someone else saved the municipality's inventory since it was opened; nothing was written.

    ``str()`` is the Dutch message for the editor whose save was refused."""

    def __init__(self, code: str, expected: int, current: SavedInventory | None) -> None:
        self.code = code
        self.expected = expected
        self.current = current
        if current is None:
            who = "Het overzicht werd intussen verwijderd"
        else:
            who = (
                f"{current.editor} heeft het overzicht van gemeente {code} intussen bewaard "
                f"(versie {current.version}, {display_time(current.saved_at)})"
            )
        super().__init__(
            f"{who}, terwijl u versie {expected} bewerkte. Uw wijzigingen zijn NIET bewaard en "
            "niets werd overschreven. Open het overzicht opnieuw (de nieuwe versie verschijnt), "
            "breng uw wijzigingen opnieuw aan en bewaar dan."
        )


@dataclass(frozen=True)
class SavedInventory:
    """The current inventory of one municipality."""

    code: str
    version: int
    editor: str
    saved_at: str
    rows: list[Row]


@dataclass(frozen=True)
class Version:
    """One saved version in a municipality's history (without its rows)."""

    code: str
    version: int
    editor: str
    saved_at: str
    summary: str


@dataclass(frozen=True)
class AccessCode:
    """An active editor access code (its hash; the code itself is never stored)."""

    id: int
    code: str
    name: str
    hash: str
    created: str


def now() -> str:
    """The current time in UTC as ISO 8601 (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def display_time(stamp: str) -> str:
    """``2026-12-02T05:40:00+00:00`` -> ``2026-12-02 05:40 UTC`` (as stored when unparsable)."""
    try:
        return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp


def _engine(url: str) -> Engine:
    """The engine of ``url`` with the tables created (once per process and URL)."""
    found = engine(url)
    if url not in _ready:
        with _ready_lock:
            if url not in _ready:
                try:
                    METADATA.create_all(found, checkfirst=True)
                except SQLAlchemyError as error:
                    raise DatabaseError(
                        "De databank met de overzichten van initiatieven is niet bereikbaar "
                        f"({type(error).__name__}). Controleer VERBONDEN_DATABASE_URL of de "
                        "map VERBONDEN_HOME en probeer opnieuw."
                    ) from error
                _ready.add(url)
    return found


def forget_engines() -> None:
    """Forget which databases have their tables (after :func:`geodata.database.dispose_all`)."""
    with _ready_lock:
        _ready.clear()


def _rows(text: str) -> list[Row]:
    loaded = json.loads(text)
    return [dict(row) for row in loaded] if isinstance(loaded, list) else []


def _dump(rows: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps([dict(row) for row in rows], ensure_ascii=False, sort_keys=True)


def _saved(row: Any) -> SavedInventory:
    return SavedInventory(
        code=row.gemeente_code,
        version=int(row.versie),
        editor=row.bewerker,
        saved_at=row.tijd,
        rows=_rows(row.rijen),
    )


def current(url: str, code: str) -> SavedInventory | None:
    """The saved inventory of municipality ``code``, or None when nobody saved one."""
    with _engine(url).connect() as conn:
        row = conn.execute(select(CURRENT).where(CURRENT.c.gemeente_code == code)).first()
    return None if row is None else _saved(row)


def all_current(url: str) -> list[SavedInventory]:
    """Every municipality's saved inventory, by code."""
    with _engine(url).connect() as conn:
        rows = conn.execute(select(CURRENT).order_by(CURRENT.c.gemeente_code)).all()
    return [_saved(row) for row in rows]


def stamp(url: str) -> str:
    """Changes whenever any inventory is saved: the number and the last id of all versions (a
    cache key: whoever caches saved inventories keys on it, so a save shows at once)."""
    with _engine(url).connect() as conn:
        count, last = conn.execute(select(func.count(), func.max(VERSIONS.c.id))).one()
    return f"{count}-{last or 0}"


def summarise(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], key: str) -> str:
    """Dutch summary of a change: rows added, changed and removed (rows matched on ``key``)."""
    before = {str(row.get(key, "")): dict(row) for row in old}
    after = {str(row.get(key, "")): dict(row) for row in new}
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    parts = []
    for label, keys in (("toegevoegd", added), ("gewijzigd", changed), ("verwijderd", removed)):
        if keys:
            shown = ", ".join(keys[:5]) + (f" en {len(keys) - 5} meer" if len(keys) > 5 else "")
            parts.append(f"{len(keys)} {label} ({shown})")
    return "; ".join(parts) if parts else "geen wijzigingen"


def save(
    url: str,
    code: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    expected_version: int,
    editor: str,
    note: str = "",
    key: str = "id",
) -> SavedInventory:
    """Save ``rows`` as the next version of ``code``'s inventory, in one transaction.

    ``expected_version`` is the version the editor opened (0 when there was none). When the
    current version differs, nothing is written and :class:`InventoryConflictError` is raised. The
    history gets the rows and a summary against the previous version (``note`` is added to it).
    """
    stamp_now = now()
    text = _dump(rows)
    version = expected_version + 1
    eng = _engine(url)
    try:
        with eng.begin() as conn:
            _compare_and_set(
                conn, code, expected_version, editor=editor, stamp_now=stamp_now, text=text
            )
            old: list[Row] = []
            if expected_version:
                found = conn.execute(
                    select(VERSIONS.c.rijen).where(
                        and_(
                            VERSIONS.c.gemeente_code == code,
                            VERSIONS.c.versie == expected_version,
                        )
                    )
                ).scalar()
                old = _rows(found) if found else []
            summary = summarise(old, rows, key)
            summary = f"{note}: {summary}" if note else summary
            conn.execute(
                insert(VERSIONS).values(
                    gemeente_code=code,
                    versie=version,
                    bewerker=editor,
                    tijd=stamp_now,
                    samenvatting=summary,
                    rijen=text,
                )
            )
    except IntegrityError as error:  # a concurrent first save, or a version inserted twice
        raise InventoryConflictError(code, expected_version, current(url, code)) from error
    except _ConflictError:
        raise InventoryConflictError(code, expected_version, current(url, code)) from None
    return SavedInventory(
        code=code, version=version, editor=editor, saved_at=stamp_now, rows=_rows(text)
    )


class _ConflictError(Exception):
    """The compare-and-set found another version (rolls the transaction back)."""


def _compare_and_set(
    conn: Connection, code: str, expected: int, *, editor: str, stamp_now: str, text: str
) -> None:
    values = {"versie": expected + 1, "bewerker": editor, "tijd": stamp_now, "rijen": text}
    if expected == 0:
        conn.execute(insert(CURRENT).values(gemeente_code=code, **values))
        return
    done = conn.execute(
        update(CURRENT)
        .where(and_(CURRENT.c.gemeente_code == code, CURRENT.c.versie == expected))
        .values(**values)
    )
    if done.rowcount != 1:
        raise _ConflictError


def history(url: str, code: str) -> list[Version]:
    """Every saved version of ``code``'s inventory, newest first."""
    with _engine(url).connect() as conn:
        rows = conn.execute(
            select(
                VERSIONS.c.gemeente_code,
                VERSIONS.c.versie,
                VERSIONS.c.bewerker,
                VERSIONS.c.tijd,
                VERSIONS.c.samenvatting,
            )
            .where(VERSIONS.c.gemeente_code == code)
            .order_by(VERSIONS.c.versie.desc())
        ).all()
    return [
        Version(
            code=r.gemeente_code,
            version=int(r.versie),
            editor=r.bewerker,
            saved_at=r.tijd,
            summary=r.samenvatting,
        )
        for r in rows
    ]


def version_rows(url: str, code: str, version: int) -> list[Row] | None:
    """The rows of one saved version, or None when there is no such version."""
    with _engine(url).connect() as conn:
        found = conn.execute(
            select(VERSIONS.c.rijen).where(
                and_(VERSIONS.c.gemeente_code == code, VERSIONS.c.versie == version)
            )
        ).scalar()
    return None if found is None else _rows(found)


def add_access_code(url: str, code: str, name: str, hashed: str) -> None:
    """Store an access code's hash for municipality ``code`` (an editor called ``name``)."""
    with _engine(url).begin() as conn:
        conn.execute(
            insert(ACCESS_CODES).values(
                gemeente_code=code, naam=name, hash=hashed, aangemaakt=now(), ingetrokken=None
            )
        )


def access_codes(url: str, code: str | None = None) -> list[AccessCode]:
    """The active (not revoked) access codes, of one municipality or all."""
    query = select(ACCESS_CODES).where(ACCESS_CODES.c.ingetrokken.is_(None))
    if code is not None:
        query = query.where(ACCESS_CODES.c.gemeente_code == code)
    with _engine(url).connect() as conn:
        rows = conn.execute(query.order_by(ACCESS_CODES.c.gemeente_code, ACCESS_CODES.c.id)).all()
    return [
        AccessCode(id=r.id, code=r.gemeente_code, name=r.naam, hash=r.hash, created=r.aangemaakt)
        for r in rows
    ]


def replace_access_hash(url: str, ident: int, hashed: str) -> None:
    """Store a re-hashed code (Argon2 parameters were raised since it was set)."""
    with _engine(url).begin() as conn:
        conn.execute(update(ACCESS_CODES).where(ACCESS_CODES.c.id == ident).values(hash=hashed))


def revoke_access_codes(url: str, code: str, name: str | None = None) -> int:
    """Revoke the active codes of ``code`` (only ``name``'s when given); returns how many."""
    condition = and_(ACCESS_CODES.c.gemeente_code == code, ACCESS_CODES.c.ingetrokken.is_(None))
    if name is not None:
        condition = and_(condition, ACCESS_CODES.c.naam == name)
    with _engine(url).begin() as conn:
        done = conn.execute(update(ACCESS_CODES).where(condition).values(ingetrokken=now()))
    return int(done.rowcount)


def add_editor_email(url: str, code: str, email: str) -> bool:
    """Let the identity ``email`` edit ``code``; False when it already could."""
    try:
        with _engine(url).begin() as conn:
            conn.execute(
                insert(EDITOR_EMAILS).values(gemeente_code=code, email=email, aangemaakt=now())
            )
    except IntegrityError:
        return False
    return True


def remove_editor_email(url: str, code: str, email: str) -> bool:
    """Take ``code`` away from ``email``; False when it had no such right."""
    with _engine(url).begin() as conn:
        done = conn.execute(
            delete(EDITOR_EMAILS).where(
                and_(EDITOR_EMAILS.c.gemeente_code == code, EDITOR_EMAILS.c.email == email)
            )
        )
    return bool(done.rowcount)


def editor_emails(url: str) -> list[tuple[str, str]]:
    """Every (municipality code, e-mail) editing right."""
    with _engine(url).connect() as conn:
        rows = conn.execute(
            select(EDITOR_EMAILS.c.gemeente_code, EDITOR_EMAILS.c.email).order_by(
                EDITOR_EMAILS.c.gemeente_code, EDITOR_EMAILS.c.email
            )
        ).all()
    return [(r.gemeente_code, r.email) for r in rows]


def log_attempt(url: str, code: str, key: str, *, ok: bool, name: str = "") -> None:
    """Record an attempt to unlock ``code``'s editing from client ``key``."""
    with _engine(url).begin() as conn:
        conn.execute(
            insert(ATTEMPTS).values(
                tijd=now(), gemeente_code=code, sleutel=key, gelukt=ok, naam=name
            )
        )


def failures_since(url: str, code: str, key: str, since: str) -> list[str]:
    """Times (ISO, oldest first) of the failed attempts on ``code`` from ``key`` since ``since``."""
    with _engine(url).connect() as conn:
        rows = conn.execute(
            select(ATTEMPTS.c.tijd)
            .where(
                and_(
                    ATTEMPTS.c.gemeente_code == code,
                    ATTEMPTS.c.sleutel == key,
                    ATTEMPTS.c.gelukt.is_(False),
                    ATTEMPTS.c.tijd >= since,
                )
            )
            .order_by(ATTEMPTS.c.tijd)
        ).all()
    return [r.tijd for r in rows]


__all__ = [
    "AccessCode",
    "InventoryConflictError",
    "SavedInventory",
    "Version",
    "access_codes",
    "add_access_code",
    "add_editor_email",
    "all_current",
    "current",
    "display_time",
    "editor_emails",
    "failures_since",
    "forget_engines",
    "history",
    "log_attempt",
    "now",
    "remove_editor_email",
    "replace_access_hash",
    "revoke_access_codes",
    "save",
    "stamp",
    "summarise",
    "version_rows",
]
