"""Edit rights: reading is open, changing a municipality's inventory needs one of its editors.

Two ways to be an editor of a municipality (2025 NIS code):

- an **access code** set by an administrator (``verbonden beheer code-instellen``), stored only
  as a salted Argon2 hash (:class:`argon2.PasswordHasher`); failed attempts are logged (Python
  logging and the ``toegangspoging`` table) and limited: after :data:`MAX_FAILURES` failures
  within :data:`WINDOW_MINUTES` minutes from one client for one municipality, that client must
  wait, even with the right code;
- an **identity** from the deployment's OpenID Connect provider (Streamlit's ``st.login``): its
  e-mail address is mapped to municipalities by ``verbonden beheer editor-toevoegen``.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geodata import inventories as db

MAX_FAILURES = 5
WINDOW_MINUTES = 15
MIN_CODE_LENGTH = 10
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed over
_HASHER = PasswordHasher()
_LOG = logging.getLogger(__name__)


class EditRefusedError(PermissionError):
    """This user may not change this inventory (or not now); ``str()`` is a Dutch sentence."""


@dataclass(frozen=True)
class Editor:
    """Someone allowed to change municipality ``code``'s inventory."""

    code: str
    name: str
    via: str  # "toegangscode" or "aanmelding"

    @property
    def identity(self) -> str:
        """Who saved, as the history shows it."""
        return f"{self.name} ({self.via})"


def new_access_code() -> str:
    """A fresh random access code: four groups of four letters and digits (80 bits)."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def _clean(code: str) -> str:
    return code.strip()


def set_access_code(url: str, gemeente: str, name: str, code: str | None = None) -> str:
    """Give editor ``name`` of ``gemeente`` an access code (a new random one when None) and
    return it: it is stored only as a salted hash, so show it once."""
    chosen = new_access_code() if code is None else _clean(code)
    if len(chosen) < MIN_CODE_LENGTH:
        raise ValueError(
            f"Een toegangscode heeft minstens {MIN_CODE_LENGTH} tekens; laat --code weg voor "
            "een willekeurige code."
        )
    if not name.strip():
        raise ValueError("Geef de naam van de bewerker (--naam).")
    db.add_access_code(url, gemeente, name.strip(), _HASHER.hash(chosen))
    return chosen


def _since() -> str:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=WINDOW_MINUTES)
    return start.isoformat()


def _wait_minutes(failures: list[str]) -> int:
    oldest = datetime.fromisoformat(failures[-MAX_FAILURES])
    free = oldest + timedelta(minutes=WINDOW_MINUTES)
    return max(1, int((free - datetime.now(UTC)).total_seconds() // 60) + 1)


def unlock(url: str, gemeente: str, code: str, *, client: str) -> Editor:
    """The editor of ``gemeente`` whose access code is ``code``; raises :class:`EditRefusedError`
    with a Dutch message for a wrong code or while ``client`` must wait."""
    failures = db.failures_since(url, gemeente, client, _since())
    if len(failures) >= MAX_FAILURES:
        _LOG.warning("Ontgrendelen geweigerd (te veel pogingen): gemeente %s, %s", gemeente, client)
        raise EditRefusedError(
            f"Te veel foute toegangscodes voor deze gemeente ({MAX_FAILURES} in "
            f"{WINDOW_MINUTES} minuten). Wacht {_wait_minutes(failures)} minuten en probeer "
            "opnieuw, of vraag de beheerder om een nieuwe code."
        )
    for found in db.access_codes(url, gemeente):
        try:
            _HASHER.verify(found.hash, _clean(code))
        except (VerificationError, InvalidHashError):
            continue
        if _HASHER.check_needs_rehash(found.hash):
            db.replace_access_hash(url, found.id, _HASHER.hash(_clean(code)))
        db.log_attempt(url, gemeente, client, ok=True, name=found.name)
        _LOG.info("Ontgrendeld: gemeente %s door %s (%s)", gemeente, found.name, client)
        return Editor(code=gemeente, name=found.name, via="toegangscode")
    db.log_attempt(url, gemeente, client, ok=False)
    left = MAX_FAILURES - len(failures) - 1
    _LOG.warning("Foute toegangscode: gemeente %s, %s (%d pogingen over)", gemeente, client, left)
    after = (
        f"Nog {left} pogingen, daarna moet u {WINDOW_MINUTES} minuten wachten."
        if left > 0
        else f"Wacht nu {WINDOW_MINUTES} minuten voor u opnieuw probeert."
    )
    raise EditRefusedError(f"Deze toegangscode is niet juist voor deze gemeente. {after}")


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively, without surrounding spaces."""
    return email.strip().lower()


def gemeenten_for_email(rights: Iterable[tuple[str, str]], email: str | None) -> set[str]:
    """The municipality codes an identity may edit, from (code, e-mail) rights (pure)."""
    if not email or "@" not in email:
        return set()
    wanted = normalise_email(email)
    return {code for code, address in rights if normalise_email(address) == wanted}


def identity_editor(
    rights: Iterable[tuple[str, str]], gemeente: str, email: str | None, name: str | None = None
) -> Editor | None:
    """The editor of ``gemeente`` for a signed-in identity, or None when it has no right there."""
    if gemeente not in gemeenten_for_email(rights, email):
        return None
    assert email is not None
    return Editor(
        code=gemeente, name=(name or "").strip() or normalise_email(email), via="aanmelding"
    )


def add_editor_email(url: str, gemeente: str, email: str) -> bool:
    """Let the identity ``email`` edit ``gemeente`` (False when it already could)."""
    if "@" not in email:
        raise ValueError(f"'{email}' is geen e-mailadres.")
    return db.add_editor_email(url, gemeente, normalise_email(email))


def remove_editor_email(url: str, gemeente: str, email: str) -> bool:
    """Take ``gemeente`` away from ``email`` (False when it had no such right)."""
    return db.remove_editor_email(url, gemeente, normalise_email(email))


def editor_rights(url: str) -> list[tuple[str, str]]:
    """Every (municipality code, e-mail) editing right."""
    return db.editor_emails(url)


def access_code_list(url: str) -> list[tuple[str, str, str]]:
    """The active access codes as (municipality, editor name, set on), without secrets."""
    return [(c.code, c.name, db.display_time(c.created)) for c in db.access_codes(url)]


def revoke_access_codes(url: str, gemeente: str, name: str | None = None) -> int:
    """Revoke ``gemeente``'s access codes (only ``name``'s when given); returns how many."""
    return db.revoke_access_codes(url, gemeente, name)


__all__ = [
    "MAX_FAILURES",
    "WINDOW_MINUTES",
    "EditRefusedError",
    "Editor",
    "access_code_list",
    "add_editor_email",
    "editor_rights",
    "gemeenten_for_email",
    "identity_editor",
    "new_access_code",
    "normalise_email",
    "remove_editor_email",
    "revoke_access_codes",
    "set_access_code",
    "unlock",
]
