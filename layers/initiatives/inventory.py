"""The initiative inventory: reading, validating and writing inventory files.

An inventory is a table with one row per initiative (columns in :data:`INVENTORY_COLUMNS`). The
default inventory (``layers/data/initiatives.csv``) lists every initiative of the VVSG
publication "Verbonden met (n)iemand"; analysts can upload their own file in the same format.
:func:`read_inventory` parses CSV (comma, semicolon or tab separated) or Excel files, checks every
row and returns all rows with a ``geldig`` flag and a list of Dutch messages naming file, line and
column. Nothing is dropped silently. Row checks live in :mod:`layers.initiatives.checks`, placing
initiatives on the map in :mod:`layers.initiatives.places` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geodata.messages import Message
from geodata.safe_export import to_csv_bytes
from layers.initiatives.checks import (
    INVENTORY_COLUMNS,
    LIST_COLUMNS,
    REQUIRED_COLUMNS,
    VOCABULARIES,
    normalise_code,
    number_value,
    text_value,
    validate_inventory,
)
from layers.initiatives.places import initiatives_per_unit, place_initiatives
from layers.initiatives.reader import parse_table, split_list
from layers.initiatives.vocabulary import (
    ACTION_TYPES,
    EFFECTIVE_ELEMENTS,
    POLICY_DOMAINS,
    TARGET_GROUPS,
    term_key,
    term_lookup,
)

if TYPE_CHECKING:
    from geodata.resolver import Resolver

__all__ = [
    "ACTION_TYPES",
    "EFFECTIVE_ELEMENTS",
    "INVENTORY_COLUMNS",
    "LIST_COLUMNS",
    "POLICY_DOMAINS",
    "TARGET_GROUPS",
    "check_inventory_frame",
    "default_inventory_path",
    "initiatives_per_unit",
    "inventory_template",
    "inventory_to_csv",
    "place_initiatives",
    "read_inventory",
    "split_list",
    "validate_inventory",
]


def default_inventory_path() -> Path:
    """The inventory shipped with the package (initiatives of the VVSG publication)."""
    return Path(__file__).resolve().parents[1] / "data" / "initiatives.csv"


def _resolve_codes(
    frame: pd.DataFrame, *, resolver: Resolver, known: Collection[str], filename: str
) -> list[Message]:
    """Replace names and pre-2025 codes by their 2025 code, with a warning for each change."""
    messages: list[Message] = []

    def fix(value: str, line: int, column: str) -> str:
        if not value or value in known:
            return value
        match = resolver.resolve(value)
        if match.status == "ok" and match.code in known:
            note = f" ({match.note})" if match.note else ""
            text = f"'{value}' omgezet naar NIS-code {match.code} ({match.naam}){note}."
            messages.append(Message("warning", text, line, column, filename))
            return str(match.code)
        return value

    for idx, row in frame.iterrows():
        line = int(row["regel"])
        frame.at[idx, "gemeente_code"] = fix(row["gemeente_code"], line, "gemeente_code")
        codes = [fix(normalise_code(c), line, "gemeenten") for c in split_list(row["gemeenten"])]
        frame.at[idx, "gemeenten"] = ";".join(codes)
    return messages


def _slug(text: str) -> str:
    return term_key(text)[:60] or "initiatief"


def _fill_defaults(frame: pd.DataFrame, filename: str) -> list[Message]:
    """Generate missing ids and infer a missing precision, each with an info message."""
    messages: list[Message] = []
    for idx, row in frame.iterrows():
        line = int(row["regel"])
        if not text_value(row["id"]) and text_value(row["naam"]):
            ident = f"{_slug(row['naam'])}-r{line}"
            frame.at[idx, "id"] = ident
            messages.append(
                Message("info", f"geen id opgegeven; '{ident}' gebruikt.", line, "id", filename)
            )
        if not text_value(row["precisie"]):
            if text_value(row["lat"]) and text_value(row["lon"]):
                guess = "adres"
            elif text_value(row["locatie_code"]):
                guess = "plaats"
            elif split_list(row["gemeenten"]) or not text_value(row["gemeente_code"]):
                guess = "regio"
            else:
                guess = "gemeente"
            frame.at[idx, "precisie"] = guess
            messages.append(
                Message(
                    "info",
                    f"geen precisie opgegeven; '{guess}' afgeleid.",
                    line,
                    "precisie",
                    filename,
                )
            )
        else:
            frame.at[idx, "precisie"] = text_value(row["precisie"]).lower()
    return messages


def _typed(frame: pd.DataFrame, messages: list[Message]) -> pd.DataFrame:
    """Canonical ids in tuple columns, floats for lat/lon, a ``geldig`` flag per row."""
    bad_lines = {m.line for m in messages if m.level == "error" and m.line is not None}
    out = pd.DataFrame({"regel": frame["regel"].astype(int)})
    for column in INVENTORY_COLUMNS:
        if column in VOCABULARIES:
            lookup = term_lookup(VOCABULARIES[column][0])
            out[column] = [
                tuple(lookup.get(term_key(v), v) for v in split_list(value))
                for value in frame[column]
            ]
        elif column == "gemeenten":
            out[column] = [tuple(normalise_code(c) for c in split_list(v)) for v in frame[column]]
        elif column in ("lat", "lon"):
            out[column] = [number_value(v) for v in frame[column]]
            out[column] = out[column].astype(float)
        elif column in ("gemeente_code",):
            out[column] = [normalise_code(v) for v in frame[column]]
        elif column == "locatie_code":
            out[column] = [text_value(v).upper() for v in frame[column]]
        else:
            out[column] = [text_value(v) for v in frame[column]]
    out["geldig"] = ~out["regel"].isin(bad_lines)
    return out[["regel", *INVENTORY_COLUMNS, "geldig"]].reset_index(drop=True)


def read_inventory(
    data: bytes | Path,
    *,
    filename: str,
    known_codes: Collection[str] | None = None,
    resolver: Resolver | None = None,
    known_locality_codes: Collection[str] | Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, list[Message]]:
    """Parse and validate an inventory file (CSV or Excel).

    Returns every row (with ``regel`` = file line and ``geldig`` = no errors) and the messages.
    With a ``resolver``, municipality names and pre-2025 codes are translated to 2025 codes (with a
    warning) and the resolver's 2025 codes are the known codes unless ``known_codes`` is given.
    ``known_locality_codes`` are the valid deelgemeente and wijk codes; a mapping code -> 2025
    municipality code also checks that the locality lies in the row's municipality. List columns
    come back as tuples of vocabulary ids.
    """
    raw = data.read_bytes() if isinstance(data, Path) else data
    frame, messages = parse_table(
        raw, filename=filename, columns=INVENTORY_COLUMNS, required=REQUIRED_COLUMNS
    )
    if frame is None:
        return _typed(pd.DataFrame(columns=["regel", *INVENTORY_COLUMNS]), []), messages
    return check_inventory_frame(
        frame,
        filename=filename,
        known_codes=known_codes,
        resolver=resolver,
        known_locality_codes=known_locality_codes,
        messages=messages,
    )


def check_inventory_frame(
    frame: pd.DataFrame,
    *,
    filename: str,
    known_codes: Collection[str] | None = None,
    resolver: Resolver | None = None,
    known_locality_codes: Collection[str] | Mapping[str, str] | None = None,
    messages: list[Message] | None = None,
) -> tuple[pd.DataFrame, list[Message]]:
    """The checks and typing of :func:`read_inventory` on a table that is already parsed.

    ``frame`` has a ``regel`` column (the line of each row) and the inventory columns as text
    (list columns ``;``-separated), e.g. a table edited in the dashboard. Returns the typed rows
    (``geldig`` flag) and the messages (``messages`` first, when given).
    """
    frame = frame.copy()
    messages = list(messages or [])
    for column in INVENTORY_COLUMNS:
        if column not in frame:
            frame[column] = ""
        frame[column] = [_cell_text(v) for v in frame[column]]
    if known_codes is None and resolver is not None:
        known_codes = set(resolver.names_2025)
    if isinstance(known_locality_codes, Mapping):
        known_locality_codes = {str(k).upper(): str(v) for k, v in known_locality_codes.items()}
    elif known_locality_codes is not None:
        known_locality_codes = {str(c).upper() for c in known_locality_codes}
    frame["gemeente_code"] = frame["gemeente_code"].map(normalise_code)
    if resolver is not None and known_codes is not None:
        messages.extend(
            _resolve_codes(frame, resolver=resolver, known=known_codes, filename=filename)
        )
    messages.extend(_fill_defaults(frame, filename))
    messages.extend(
        validate_inventory(
            frame,
            known_codes=known_codes,
            filename=filename,
            known_locality_codes=known_locality_codes,
        )
    )
    return _typed(frame, messages), messages


def _cell_text(value: object) -> str:
    """A cell as the reader would give it: lists ``;``-joined, numbers as text, blanks empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return ";".join(text_value(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    return text_value(value)


def inventory_to_csv(df: pd.DataFrame, *, excel_nl: bool = False) -> bytes:
    """Write an inventory (typed or raw) back to CSV in the standard column order.

    Written by the product's one CSV writer (:func:`geodata.safe_export.to_csv_bytes`): a text
    cell that a spreadsheet would run as a formula gets a leading apostrophe; lat/lon stay
    numbers. ``excel_nl=True`` writes what Excel in Dutch opens directly: ``;`` separator,
    decimal commas in ``lat``/``lon``, a byte-order mark (lists stay ``;``-separated, quoted)."""
    out = pd.DataFrame(index=df.index)
    for column in INVENTORY_COLUMNS:
        values = df[column] if column in df else pd.Series("", index=df.index)
        if column in LIST_COLUMNS:
            out[column] = [";".join(split_list(v)) for v in values]
        elif column in ("lat", "lon"):
            numbers = [number_value(v) for v in values]
            out[column] = pd.Series(
                [float("nan") if n is None else n for n in numbers], index=df.index, dtype=float
            )
        else:
            out[column] = [text_value(v) for v in values]
    return to_csv_bytes(out, excel_nl=excel_nl)


def inventory_template() -> pd.DataFrame:
    """Header plus one fictitious example row, for analysts who start their own inventory."""
    example = {
        "id": "voorbeeld-babbelnamiddag",
        "naam": "Voorbeeld: wekelijkse babbelnamiddag",
        "gemeente_code": "44021",
        "gemeenten": "",
        "regio": "",
        "locatie": "Gentbrugge",
        "locatie_code": "44021F",
        "organisator": "Lokaal dienstencentrum (voorbeeld)",
        "beschrijving": "Elke woensdag koffie en een gesprek voor buurtbewoners. Vervang deze rij.",
        "doelgroepen": "ouderen;alleenwonenden",
        "actietypes": "ontmoeting",
        "effectieve_elementen": "activiteiten;ontmoeting",
        "beleidsdomein": "welzijn",
        "impact": "",
        "bron_url": "https://www.voorbeeld.be/babbelnamiddag",
        "precisie": "plaats",
        "lat": "",
        "lon": "",
    }
    return pd.DataFrame([example], columns=list(INVENTORY_COLUMNS))
