"""What an analyst can upload, and a downloadable example file (template) for each kind.

Every template is a small CSV that the upload reading path accepts as it is: a table keyed by
NIS code, meeting places and stops with WGS84 coordinates, and the initiative inventory in its
own format (see :func:`layers.initiatives.inventory_template`). The example rows are fictitious
and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geodata.safe_export import to_csv_bytes
from layers.initiatives import inventory_template, inventory_to_csv

UploadKind = Literal["indicator", "ontmoetingsplaatsen", "haltes", "initiatieven"]


@dataclass(frozen=True)
class KindInfo:
    """One kind of upload: its label, what it is used for and its template's file name."""

    id: UploadKind
    label: str
    use: str
    template_name: str


UPLOAD_KINDS: dict[str, KindInfo] = {
    "indicator": KindInfo(
        "indicator",
        "Indicator (tabel per gemeente of wijk)",
        "Een kolom met een sleutel (NIS-code, gemeentenaam in het Nederlands of Frans, oude "
        "NIS-code, statistische sector of wijkcode) en een of meer kolommen met getallen. Wordt "
        "een kaartlaag en kan meetellen in de nood-index.",
        "sjabloon-indicator.csv",
    ),
    "ontmoetingsplaatsen": KindInfo(
        "ontmoetingsplaatsen",
        "Ontmoetingsplaatsen (punten)",
        "Eén rij per ontmoetingsplaats met coördinaten (lat/lon in WGS84, of x/y in Lambert 72 "
        "of Lambert 2008). Voedt de indicator 'ver van een ontmoetingsplaats'.",
        "sjabloon-ontmoetingsplaatsen.csv",
    ),
    "haltes": KindInfo(
        "haltes",
        "Bus- en tramhaltes (bv. De Lijn GTFS stops.txt)",
        "Een GTFS-bestand stops.txt (kolommen stop_name, stop_lat, stop_lon) of een andere "
        "puntentabel. Voedt de indicator 'afstand tot een bus- of tramhalte'.",
        "sjabloon-haltes-stops.txt",
    ),
    "initiatieven": KindInfo(
        "initiatieven",
        "Overzicht van initiatieven",
        "Uw eigen overzicht van zorgzame-buurtinitiatieven, in hetzelfde formaat als het "
        "overzicht uit 'Verbonden met (n)iemand'. Vervangt dat overzicht bij het aanbod.",
        "sjabloon-initiatieven.csv",
    ),
}


def indicator_template() -> pd.DataFrame:
    """A table keyed by NIS code with a name column and two value columns (fictitious values)."""
    return pd.DataFrame(
        {
            "nis_code": ["44021", "24062", "12025", "31005"],
            "gemeente": ["Gent", "Leuven", "Mechelen", "Brugge"],
            "aantal_deelnemers": [412, 268, 97, 64],
            "aandeel_bereikt_pct": [3.4, 2.1, 1.8, 0.9],
        }
    )


def meeting_places_template() -> pd.DataFrame:
    """Meeting places with WGS84 coordinates (fictitious places at real locations)."""
    return pd.DataFrame(
        {
            "naam": [
                "Voorbeeld: dienstencentrum De Kring",
                "Voorbeeld: buurthuis Het Plein",
                "Voorbeeld: bibliotheek Centrum",
            ],
            "soort": ["dienstencentrum", "buurthuis", "bibliotheek"],
            "lat": [51.21895, 51.05434, 50.87959],
            "lon": [4.40254, 3.72504, 4.70093],
        }
    )


def stops_template() -> pd.DataFrame:
    """The columns of a GTFS ``stops.txt`` that are used (fictitious stops)."""
    return pd.DataFrame(
        {
            "stop_id": ["100001", "100002", "100003"],
            "stop_code": ["100001", "100002", "100003"],
            "stop_name": ["Voorbeeld Centrum", "Voorbeeld Station", "Voorbeeld Kerk"],
            "stop_lat": [51.21761, 51.03587, 50.88103],
            "stop_lon": [4.42102, 3.70983, 4.71556],
        }
    )


def template_bytes(kind: str) -> tuple[str, bytes]:
    """(file name, CSV bytes) of the template of ``kind`` (a key of :data:`UPLOAD_KINDS`).

    Indicator, meeting-place and initiative templates use ``;``, a decimal comma and a BOM so
    that Excel in nl-BE opens them directly; the stops template is plain GTFS (comma, decimal
    point).
    """
    if kind not in UPLOAD_KINDS:
        raise ValueError(f"Onbekende soort bestand '{kind}'; kies uit {', '.join(UPLOAD_KINDS)}.")
    name = UPLOAD_KINDS[kind].template_name
    if kind == "indicator":
        return name, to_csv_bytes(indicator_template(), excel_nl=True)
    if kind == "ontmoetingsplaatsen":
        return name, to_csv_bytes(meeting_places_template(), excel_nl=True)
    if kind == "haltes":
        return name, to_csv_bytes(stops_template())
    return name, inventory_to_csv(inventory_template(), excel_nl=True)


__all__ = [
    "UPLOAD_KINDS",
    "KindInfo",
    "UploadKind",
    "indicator_template",
    "meeting_places_template",
    "stops_template",
    "template_bytes",
]
