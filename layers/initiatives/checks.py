"""Row checks of an initiative inventory, with Dutch messages naming line and column.

The column layout of an inventory file and its validation rules live here; reading files and
building the typed table is in :mod:`layers.initiatives.inventory`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping

import pandas as pd

from geodata.messages import Message
from layers.initiatives.reader import split_list
from layers.initiatives.vocabulary import (
    ACTION_TYPES,
    EFFECTIVE_ELEMENTS,
    POLICY_DOMAINS,
    PRECISIONS,
    TARGET_GROUPS,
    Term,
    term_key,
    term_lookup,
)

INVENTORY_COLUMNS: tuple[str, ...] = (
    "id",
    "naam",
    "gemeente_code",
    "gemeenten",
    "regio",
    "locatie",
    "locatie_code",
    "organisator",
    "beschrijving",
    "doelgroepen",
    "actietypes",
    "effectieve_elementen",
    "beleidsdomein",
    "impact",
    "bron_url",
    "precisie",
    "lat",
    "lon",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("naam", "gemeente_code")
LIST_COLUMNS: tuple[str, ...] = (
    "gemeenten",
    "doelgroepen",
    "actietypes",
    "effectieve_elementen",
    "beleidsdomein",
)
VOCABULARIES: dict[str, tuple[tuple[Term, ...], str]] = {
    "doelgroepen": (TARGET_GROUPS, "doelgroep"),
    "actietypes": (ACTION_TYPES, "actietype"),
    "effectieve_elementen": (EFFECTIVE_ELEMENTS, "werkzaam element"),
    "beleidsdomein": (POLICY_DOMAINS, "beleidsdomein"),
}
# Generous bounding box of the Flemish Region (WGS84).
FLANDERS_LAT = (50.67, 51.51)
FLANDERS_LON = (2.52, 5.93)

_CODE = re.compile(r"^\d{5}$")
_LOCALITY = re.compile(r"^\d{5}[A-Z][0-9A-Z]{0,3}$")  # deelgemeente 13011B, wijk 13013W01
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<![\w/])(?:\+32\s?|0)\d{1,3}(?:[ .]?\d{2}){3}(?!\d)")
_TEXT_COLUMNS = ("naam", "organisator", "beschrijving", "impact", "locatie", "regio", "bron_url")


def text_value(value: object) -> str:
    """Cell as stripped text; None and NaN -> ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def number_value(value: object) -> float | None:
    """Cell as float (decimal comma allowed), or None."""
    text = text_value(value).replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def normalise_code(value: object) -> str:
    """``"44021.0"`` -> ``"44021"``; anything else is returned stripped."""
    text = text_value(value)
    match = re.match(r"^(\d{5})(?:[.,]0+)?$", text)
    return match.group(1) if match else text


def _check_code(
    code: str, known: Collection[str] | None, line: int, column: str, filename: str
) -> Message | None:
    if known is not None and code in known:
        return None
    if known is None and _CODE.match(code) and not code.startswith("21"):
        return None
    if code.startswith("21") and _CODE.match(code):
        reason = f"NIS-code {code} is een Brusselse gemeente; het overzicht bevat enkel Vlaanderen."
    else:
        reason = (
            f"onbekende gemeentecode '{code}': verwacht een Vlaamse NIS-code van 2025 "
            "(5 cijfers, bv. 44021 voor Gent)."
        )
    return Message("error", reason, line, column, filename)


def _check_vocab(values: tuple[str, ...], column: str, line: int, filename: str) -> list[Message]:
    terms, noun = VOCABULARIES[column]
    lookup = term_lookup(terms)
    allowed = ", ".join(t.id for t in terms)
    return [
        Message("error", f"onbekende {noun} '{v}'; kies uit: {allowed}.", line, column, filename)
        for v in values
        if term_key(v) not in lookup
    ]


def _check_point(row: pd.Series, line: int, filename: str) -> list[Message]:
    lat_text, lon_text = text_value(row["lat"]), text_value(row["lon"])
    if not lat_text and not lon_text:
        return []
    if not lat_text or not lon_text:
        column = "lat" if not lat_text else "lon"
        return [
            Message(
                "error", "vul zowel lat als lon in, of laat beide leeg.", line, column, filename
            )
        ]
    lat, lon = number_value(lat_text), number_value(lon_text)
    if lat is None or lon is None:
        column = "lat" if lat is None else "lon"
        return [
            Message(
                "error", "geen getal (gebruik decimale graden, bv. 51.05).", line, column, filename
            )
        ]
    inside = FLANDERS_LAT[0] <= lat <= FLANDERS_LAT[1] and FLANDERS_LON[0] <= lon <= FLANDERS_LON[1]
    if inside:
        if text_value(row["precisie"]).lower() not in ("adres", ""):
            text = (
                "coördinaten worden enkel gebruikt bij precisie 'adres' en worden hier genegeerd."
            )
            return [Message("warning", text, line, "lat", filename)]
        return []
    swapped = (
        FLANDERS_LAT[0] <= lon <= FLANDERS_LAT[1] and FLANDERS_LON[0] <= lat <= FLANDERS_LON[1]
    )
    hint = " Zijn lat en lon omgewisseld?" if swapped else ""
    text = f"punt ({lat}, {lon}) ligt buiten Vlaanderen (lat 50,7-51,5; lon 2,5-5,9).{hint}"
    return [Message("error", text, line, "lat", filename)]


def _check_personal_data(row: pd.Series, line: int, filename: str) -> list[Message]:
    messages = []
    for column in _TEXT_COLUMNS:
        value = text_value(row.get(column, ""))
        kind = "een e-mailadres" if _EMAIL.search(value) or "mailto:" in value.lower() else ""
        kind = kind or ("een telefoonnummer" if _PHONE.search(value) else "")
        if kind:
            text = f"bevat {kind}; laat contactgegevens weg en link naar een publieke infopagina."
            messages.append(Message("error", text, line, column, filename))
    return messages


def _check_codes(
    row: pd.Series, *, known_codes: Collection[str] | None, line: int, filename: str
) -> list[Message]:
    out: list[Message] = []
    precisie = text_value(row["precisie"]).lower()
    code = normalise_code(row["gemeente_code"])
    others = tuple(normalise_code(c) for c in split_list(row["gemeenten"]))
    if code:
        out.extend(
            m for m in [_check_code(code, known_codes, line, "gemeente_code", filename)] if m
        )
    elif precisie != "regio":
        text = "gemeente_code ontbreekt (NIS-code 2025 van de gemeente)."
        out.append(Message("error", text, line, "gemeente_code", filename))
    elif not others:
        text = "regio zonder gemeenten: het initiatief kan niet op de kaart geplaatst worden."
        out.append(Message("warning", text, line, "gemeenten", filename))
    out.extend(m for c in others if (m := _check_code(c, known_codes, line, "gemeenten", filename)))
    if precisie == "regio" and not text_value(row["regio"]) and not others:
        text = "precisie 'regio' vraagt een regionaam of een lijst gemeenten."
        out.append(Message("error", text, line, "regio", filename))
    return out


def _check_locality(
    row: pd.Series, *, known: Collection[str] | Mapping[str, str] | None, line: int, filename: str
) -> list[Message]:
    loc = text_value(row["locatie_code"]).upper()
    text = ""
    if loc and not _LOCALITY.match(loc):
        text = f"ongeldige locatiecode '{loc}': verwacht een deelgemeente (bv. 13011B) "
        text += "of wijk (bv. 13013W01)."
    elif loc and known is not None and loc not in known:
        text = f"onbekende deelgemeente- of wijkcode '{loc}'."
    elif loc and isinstance(known, Mapping):
        owner = known[loc]
        codes = {normalise_code(row["gemeente_code"]), *split_list(row["gemeenten"])}
        if owner not in codes:
            text = f"locatie {loc} ligt in gemeente {owner}, niet in de opgegeven gemeente."
    if text:
        return [Message("error", text, line, "locatie_code", filename)]
    if text_value(row["precisie"]).lower() == "plaats" and not loc:
        text = "precisie 'plaats' zonder locatie_code: het punt valt terug op het gemeentecentrum."
        return [Message("warning", text, line, "locatie_code", filename)]
    return []


def _check_row(
    row: pd.Series,
    *,
    known_codes: Collection[str] | None,
    known_locality_codes: Collection[str] | Mapping[str, str] | None,
    filename: str,
) -> list[Message]:
    line = int(row["regel"])
    out: list[Message] = []
    if not text_value(row["naam"]):
        out.append(Message("error", "naam ontbreekt.", line, "naam", filename))
    precisie = text_value(row["precisie"]).lower()
    if precisie not in {t.id for t in PRECISIONS}:
        allowed = ", ".join(t.id for t in PRECISIONS)
        text = f"onbekende precisie '{precisie}'; kies uit: {allowed}."
        out.append(Message("error", text, line, "precisie", filename))
    out.extend(_check_codes(row, known_codes=known_codes, line=line, filename=filename))
    out.extend(_check_locality(row, known=known_locality_codes, line=line, filename=filename))
    for column in VOCABULARIES:
        out.extend(_check_vocab(split_list(row[column]), column, line, filename))
    for column in ("doelgroepen", "actietypes"):
        if not split_list(row[column]):
            out.append(Message("warning", f"{column} is leeg.", line, column, filename))
    out.extend(_check_point(row, line, filename))
    if not text_value(row["bron_url"]):
        text = "bron_url ontbreekt: voeg een link naar een publieke infopagina toe."
        out.append(Message("warning", text, line, "bron_url", filename))
    out.extend(_check_personal_data(row, line, filename))
    return out


def validate_inventory(
    df: pd.DataFrame,
    *,
    known_codes: Collection[str] | None,
    filename: str,
    known_locality_codes: Collection[str] | Mapping[str, str] | None = None,
) -> list[Message]:
    """Check every row of an inventory; returns Dutch messages with line and column.

    ``df`` has the inventory columns (strings or tuples for list columns) and a ``regel`` column
    with the file line of each row (header = line 1); without it rows are numbered from line 2.
    ``known_codes`` are the valid 2025 municipality codes (None: check the format only).
    """
    frame = df.copy()
    if "regel" not in frame:
        frame["regel"] = range(2, len(frame) + 2)
    for column in INVENTORY_COLUMNS:
        if column not in frame:
            frame[column] = ""
    messages: list[Message] = []
    seen: dict[str, int] = {}
    for _, row in frame.iterrows():
        messages.extend(
            _check_row(
                row,
                known_codes=known_codes,
                known_locality_codes=known_locality_codes,
                filename=filename,
            )
        )
        ident, line = text_value(row["id"]), int(row["regel"])
        if ident and ident in seen:
            first = seen[ident]
            text = f"id '{ident}' komt al voor op regel {first}; geef elk initiatief een eigen id."
            messages.append(Message("error", text, line, "id", filename))
        seen.setdefault(ident, line)
    return messages
