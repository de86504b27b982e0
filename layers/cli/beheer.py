"""``verbonden beheer``: the administrator's commands for the municipalities' inventories.

Editor access codes (set, list without secrets, revoke), the e-mail identities that may edit a
municipality when the deployment signs users in (OpenID Connect), a municipality's history and
restoring an older version, and importing a file as a new version. The database is the one of
:attr:`geodata.settings.Settings.inventory_url` (``VERBONDEN_DATABASE_URL``, else
``inventaris.sqlite`` in ``--home``). Dutch messages, never a traceback; exit 0 done, 1 refused
(e.g. rows with errors, a conflict), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from geodata.database import DatabaseError
from geodata.resolver import Resolver
from geodata.settings import Settings, load_settings
from geodata.store import StoreError
from geodata.upload.cli import program_fault

Command = Callable[[argparse.Namespace, Settings], int]
EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
ADMIN = "beheerder"


class BeheerUsageError(Exception):
    """A usage problem (unknown municipality, missing file); exit status 2."""


def _gemeente(settings: Settings, ref: str) -> str:
    """The 2025 NIS code of ``ref`` (a code, or a name when the store is built)."""
    text = ref.strip()
    if not settings.store_path.is_file():
        if len(text) == 5 and text.isdigit():
            return text
        raise BeheerUsageError(
            f"'{ref}' is geen NIS-code van 5 cijfers (namen kunnen pas na 'verbonden data build')."
        )
    match = Resolver.from_store(settings.store_path).resolve(text)
    if not match.ok or match.code is None:
        raise BeheerUsageError(f"gemeente '{ref}' niet gevonden: {match.note or match.status}.")
    return match.code


def _code_set(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import set_access_code

    gemeente = _gemeente(settings, args.gemeente)
    code = set_access_code(settings.inventory_url, gemeente, args.naam, args.code)
    print(f"Toegangscode voor {args.naam} (gemeente {gemeente}) bewaard.")
    if args.code is None:
        print(f"Code (enkel nu zichtbaar, geef ze veilig door): {code}")
    return EXIT_OK


def _codes(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import access_code_list

    found = access_code_list(settings.inventory_url)
    if not found:
        print("Geen actieve toegangscodes.")
    for gemeente, naam, since in found:
        print(f"{gemeente}\t{naam}\tsinds {since}")
    return EXIT_OK


def _code_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import revoke_access_codes

    gemeente = _gemeente(settings, args.gemeente)
    count = revoke_access_codes(settings.inventory_url, gemeente, args.naam)
    who = f" van {args.naam}" if args.naam else ""
    print(f"{count} toegangscode(s){who} voor gemeente {gemeente} ingetrokken.")
    return EXIT_OK if count else EXIT_REFUSED


def _editor_add(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import add_editor_email

    gemeente = _gemeente(settings, args.gemeente)
    added = add_editor_email(settings.inventory_url, gemeente, args.email)
    state = "mag nu" if added else "mocht al"
    print(f"{args.email} {state} het overzicht van gemeente {gemeente} bewerken (na aanmelden).")
    return EXIT_OK


def _editor_remove(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import remove_editor_email

    gemeente = _gemeente(settings, args.gemeente)
    removed = remove_editor_email(settings.inventory_url, gemeente, args.email)
    state = "mag niet langer" if removed else "mocht al niet"
    print(f"{args.email} {state} het overzicht van gemeente {gemeente} bewerken.")
    return EXIT_OK if removed else EXIT_REFUSED


def _editors(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import editor_rights

    rights = editor_rights(settings.inventory_url)
    if not rights:
        print("Geen bewerkers met aanmelding.")
    for gemeente, email in rights:
        print(f"{gemeente}\t{email}")
    return EXIT_OK


def _history(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import history_table

    gemeente = _gemeente(settings, args.gemeente)
    table = history_table(settings.inventory_url, gemeente)
    if table.empty:
        print(f"Gemeente {gemeente} heeft nog geen bewaard overzicht.")
    for row in table.itertuples():
        print(f"versie {row.versie}\t{row.wanneer}\t{row.wie}\t{row.wat}")
    return EXIT_OK


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from layers.editing import Editor, restore_version, saved_inventory

    gemeente = _gemeente(settings, args.gemeente)
    now = saved_inventory(settings.inventory_url, gemeente)
    editor = Editor(code=gemeente, name=args.naam or ADMIN, via="beheer")
    saved = restore_version(
        settings.inventory_url,
        gemeente,
        args.versie,
        expected_version=0 if now is None else now.version,
        editor=editor,
    )
    print(f"Versie {args.versie} van gemeente {gemeente} teruggezet als versie {saved.version}.")
    return EXIT_OK


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from geodata.store import read_attributes
    from geodata.upload import UploadRejectedError, read_user_file
    from layers.editing import Editor, save_inventory, saved_inventory
    from layers.initiatives import read_inventory
    from layers.uploads import locality_owners

    gemeente = _gemeente(settings, args.gemeente)
    path = Path(args.bestand)
    if not path.is_file():
        raise BeheerUsageError(f"bestand '{path}' bestaat niet of is geen bestand.")
    try:
        data = read_user_file(path)
    except UploadRejectedError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    known, localities = None, None
    if settings.store_path.is_file():
        resolver = Resolver.from_store(settings.store_path)
        known = set(resolver.names_2025)
        localities = locality_owners(lambda level: read_attributes(settings.store_path, level))
    typed, messages = read_inventory(data, filename=path.name, known_codes=known)
    errors = [m for m in messages if m.level == "error"]
    if errors:
        for message in errors:
            print(f"fout: {message}", file=sys.stderr)
        print("Niets bewaard: verbeter eerst deze fouten.", file=sys.stderr)
        return EXIT_REFUSED
    now = saved_inventory(settings.inventory_url, gemeente)
    saved = save_inventory(
        settings.inventory_url,
        gemeente,
        typed,
        expected_version=0 if now is None else now.version,
        editor=Editor(code=gemeente, name=args.naam or ADMIN, via="beheer"),
        known_codes=known,
        localities=localities,
        note=f"ingelezen uit {path.name}",
    )
    print(f"{len(saved.table)} initiatieven bewaard als versie {saved.version} van {gemeente}.")
    return EXIT_OK


def _guarded(command: Command) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from layers.editing import EditRefusedError, InventoryConflictError, InventoryRefusedError

        try:
            settings = load_settings(home=args.home)
            return command(args, settings)
        except BeheerUsageError as error:
            print(f"Fout: {error}", file=sys.stderr)
            return EXIT_USAGE
        except (
            EditRefusedError,
            InventoryConflictError,
            InventoryRefusedError,
            ValueError,
        ) as error:
            print(f"Fout: {error}", file=sys.stderr)
            return EXIT_REFUSED
        except (DatabaseError, StoreError, OSError) as error:
            print(f"Fout: {error}", file=sys.stderr)
            return EXIT_USAGE
        except Exception as error:  # the one boundary: never a traceback
            return program_fault(f"beheer {args.beheer_command}", error)

    return run


def _add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    helptext: str,
    command: Command,
    *,
    gemeente: bool = True,
) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=helptext, description=helptext)
    if gemeente:
        parser.add_argument(
            "--gemeente", required=True, help="NIS-code van 2025 (of naam) van de gemeente"
        )
    parser.add_argument("--home", help="schrijfbare map voor de gegevens (VERBONDEN_HOME)")
    parser.set_defaults(func=_guarded(command))
    return parser


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``beheer`` and its sub-commands to the ``verbonden`` parser."""
    beheer = subparsers.add_parser(
        "beheer", help="toegangscodes, bewerkers en geschiedenis van de gemeentelijke overzichten"
    )
    commands = beheer.add_subparsers(dest="beheer_command", required=True)
    parser = _add(commands, "code-instellen", "een toegangscode voor een bewerker", _code_set)
    parser.add_argument("--naam", required=True, help="naam van de bewerker (in de geschiedenis)")
    parser.add_argument(
        "--code",
        help="de code zelf (minstens 10 tekens); zonder: een willekeurige, één keer getoond",
    )
    _add(
        commands, "codes", "de actieve toegangscodes (zonder de codes zelf)", _codes, gemeente=False
    )
    parser = _add(
        commands, "code-intrekken", "toegangscodes van een gemeente intrekken", _code_revoke
    )
    parser.add_argument("--naam", help="enkel de code van deze bewerker")
    parser = _add(
        commands, "editor-toevoegen", "een e-mailadres (aanmelding) laten bewerken", _editor_add
    )
    parser.add_argument("--email", required=True, help="e-mailadres zoals de aanmelding het geeft")
    parser = _add(
        commands, "editor-verwijderen", "een e-mailadres niet langer laten bewerken", _editor_remove
    )
    parser.add_argument("--email", required=True, help="e-mailadres zoals de aanmelding het geeft")
    _add(commands, "editors", "alle bewerkers met aanmelding", _editors, gemeente=False)
    _add(commands, "geschiedenis", "de bewaarde versies van een gemeente", _history)
    parser = _add(
        commands, "herstel", "een oudere versie terugzetten (als nieuwe versie)", _restore
    )
    parser.add_argument("--versie", required=True, type=int, help="het versienummer")
    parser.add_argument("--naam", help="wie terugzet (in de geschiedenis; standaard beheerder)")
    parser = _add(commands, "importeren", "een bestand bewaren als nieuwe versie", _import)
    parser.add_argument(
        "--bestand", required=True, help="overzicht van initiatieven (CSV of Excel)"
    )
    parser.add_argument("--naam", help="wie bewaart (in de geschiedenis; standaard beheerder)")
