"""The Inventaris page: a municipality's own inventory, read by anyone, kept by its editors.

Plain data for ``dashboard/views/inventaris.py``: the saved inventory as an editable text table
(lists ``;``-separated), the Dutch column labels and help, the history, and the actions (unlock,
save, add a point, import a file, restore a version) as functions that return a Dutch outcome;
nothing here imports Streamlit. Saving and rights are :mod:`layers.editing`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd

from geodata.database import DatabaseError
from geodata.inventories import display_time
from layers.editing import (
    Editor,
    EditRefusedError,
    InventoryConflictError,
    InventoryRefusedError,
    history_table,
    restore_version,
    rows_of,
    save_inventory,
    saved_inventory,
    unlock,
)
from layers.initiatives import (
    FLANDERS_LAT,
    FLANDERS_LON,
    INVENTORY_COLUMNS,
    LIST_COLUMNS,
    inventory_to_csv,
    read_inventory,
)
from layers.maps import base_map, count_text, html_text, lonlat_bounds, outline_layer

# Column -> (Dutch label, help) of the editable table; the order is the inventory file's.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "id": ("Id", "Korte unieke sleutel; leeg laten maakt er een aan."),
    "naam": ("Naam", "Naam van het initiatief (verplicht)."),
    "gemeente_code": ("Gemeente (NIS)", "Leeg laten: deze gemeente."),
    "gemeenten": ("Andere gemeenten", "NIS-codes gescheiden door ';' (regionale werking)."),
    "regio": ("Regio", "Naam van de regio, bij precisie 'regio'."),
    "locatie": ("Plaats", "Deelgemeente, wijk of adres in woorden."),
    "locatie_code": ("Plaatscode", "Deelgemeente- of wijkcode, bv. 11002A of 11002A00-."),
    "organisator": ("Organisator", "Wie het organiseert (geen contactgegevens)."),
    "beschrijving": ("Beschrijving", "Wat het initiatief doet."),
    "doelgroepen": ("Doelgroepen", "Gescheiden door ';', bv. ouderen;alleenwonenden."),
    "actietypes": ("Actietypes", "Gescheiden door ';', bv. ontmoeting;vrijwilligers."),
    "effectieve_elementen": (
        "Werkzame elementen",
        "Van de zeven werkzame elementen, gescheiden door ';'.",
    ),
    "beleidsdomein": ("Beleidsdomein", "Gescheiden door ';', bv. welzijn."),
    "impact": ("Impact", "Wat het opleverde (vrij veld)."),
    "bron_url": ("Bron (link)", "Link naar een publieke infopagina."),
    "precisie": ("Precisie", "adres, plaats, gemeente of regio."),
    "lat": ("Breedtegraad", "Enkel bij precisie 'adres' (decimale graden, bv. 51.05)."),
    "lon": ("Lengtegraad", "Enkel bij precisie 'adres' (decimale graden, bv. 4.40)."),
}
TEXT_COLUMNS: tuple[str, ...] = tuple(c for c in INVENTORY_COLUMNS if c not in ("lat", "lon"))


@dataclass(frozen=True)
class Outcome:
    """The result of an action: ``ok`` with a Dutch ``message``, or the Dutch reasons why not."""

    ok: bool
    message: str
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InventarisView:
    """One municipality's inventory as the page shows it."""

    code: str
    naam: str
    table: pd.DataFrame
    version: int
    status: str
    history: pd.DataFrame
    editor: Editor | None

    @property
    def can_edit(self) -> bool:
        """True when this session's editor may change this municipality's inventory."""
        return self.editor is not None and self.editor.code == self.code

    @property
    def csv(self) -> bytes:
        """The saved inventory as the inventory file (the one neutralising CSV writer)."""
        return inventory_to_csv(self.table)


def editor_table(typed: pd.DataFrame) -> pd.DataFrame:
    """The text table of the editor: the inventory columns, lists ``;``-separated, lat/lon
    numbers (NaN when empty)."""
    rows = rows_of(typed) if len(typed) else []
    frame = pd.DataFrame(rows, columns=list(INVENTORY_COLUMNS))
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].astype(object).fillna("").astype(str)
    for column in ("lat", "lon"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame.reset_index(drop=True)


def inventaris_view(url: str, code: str, naam: str, editor: Editor | None) -> InventarisView:
    """The saved inventory of ``code`` (empty with version 0 when none was saved)."""
    saved = saved_inventory(url, code)
    if saved is None:
        table = editor_table(pd.DataFrame(columns=list(INVENTORY_COLUMNS)))
        status = (
            f"{naam} heeft nog geen eigen overzicht in Verbonden. Tot dan telt het oordeel van "
            "de inwoners (enquête) als aanbod."
        )
        version = 0
    else:
        table = editor_table(saved.table)
        status = (
            f"Versie {saved.version}, bewaard op {display_time(saved.saved_at)} door "
            f"{saved.editor}: {count_text(len(table), 'initiatief', 'initiatieven')}. "
            "Dit overzicht is de maat van het aanbod "
            f"voor {naam} in de actiekloof en het rapport, voor iedereen."
        )
        version = saved.version
    return InventarisView(
        code=code,
        naam=naam,
        table=table,
        version=version,
        status=status,
        history=history_table(url, code),
        editor=editor if editor is not None and editor.code == code else None,
    )


def try_unlock(url: str, code: str, access_code: str, *, client: str) -> tuple[Editor | None, str]:
    """(the editor, "") for a right access code, else (None, the Dutch reason)."""
    if not access_code.strip():
        return None, "Vul de toegangscode in die u van de beheerder kreeg."
    try:
        return unlock(url, code, access_code, client=client), ""
    except EditRefusedError as error:
        return None, str(error)


def save_edits(
    url: str,
    view: InventarisView,
    edited: pd.DataFrame,
    *,
    base_version: int | None = None,
    known_codes: Collection[str] | None,
    localities: Mapping[str, str] | None,
    note: str = "",
) -> Outcome:
    """Save the edited table as the next version; a Dutch outcome either way.

    ``base_version`` is the saved version the editor started from (default: the view's); when
    another one was saved since, the save is refused (nothing overwritten)."""
    try:
        saved = save_inventory(
            url,
            view.code,
            edited,
            expected_version=view.version if base_version is None else base_version,
            editor=view.editor,
            known_codes=known_codes,
            localities=localities,
            note=note,
        )
    except InventoryRefusedError as error:
        return Outcome(False, str(error).split("\n", 1)[0], error.messages)
    except (EditRefusedError, InventoryConflictError, DatabaseError) as error:
        return Outcome(False, str(error))
    return Outcome(
        True,
        f"Bewaard als versie {saved.version} "
        f"({count_text(len(saved.table), 'initiatief', 'initiatieven')}). De actiekloof "
        "en het rapport gebruiken het nu, voor iedereen.",
    )


def restore_saved_version(url: str, view: InventarisView, version: int) -> Outcome:
    """Restore ``version`` as a new version; a Dutch outcome either way."""
    try:
        saved = restore_version(
            url, view.code, version, expected_version=view.version, editor=view.editor
        )
    except (EditRefusedError, InventoryConflictError, DatabaseError) as error:
        return Outcome(False, str(error))
    return Outcome(True, f"Versie {version} teruggezet als versie {saved.version}.")


CLICKED = "punt:"  # prefix of the place choice "the point clicked on the map"


def clicked_choice(clicked: Mapping[str, object] | None) -> dict[str, str]:
    """The place choice for a point clicked on the map (``{"lat": .., "lng": ..}`` as
    ``st_folium`` returns it), or nothing when there is no usable click in Flanders."""
    if not clicked:
        return {}
    try:
        lat, lon = float(str(clicked["lat"])), float(str(clicked["lng"]))
    except (KeyError, TypeError, ValueError):
        return {}
    inside = FLANDERS_LAT[0] <= lat <= FLANDERS_LAT[1] and FLANDERS_LON[0] <= lon <= FLANDERS_LON[1]
    if not inside:
        return {}
    return {f"{CLICKED}{lat:.6f},{lon:.6f}": f"Het aangeklikte punt ({lat:.5f}, {lon:.5f})"}


def with_point(
    table: pd.DataFrame, *, naam: str, place: str, choices: Mapping[str, str], code: str
) -> tuple[pd.DataFrame, str]:
    """``table`` with a new initiative at ``place``: a deelgemeente or wijk code (precision
    'plaats'), a clicked point (:func:`clicked_choice`, precision 'adres') or "" (the whole
    municipality); and a Dutch note. Unchanged, with the reason, when the name is missing."""
    if not naam.strip():
        return table, "Geef het nieuwe initiatief een naam."
    label = choices.get(place, "")
    row: dict[str, object] = dict.fromkeys(TEXT_COLUMNS, "") | {
        "naam": naam.strip(),
        "gemeente_code": code,
        "precisie": "gemeente",
        "lat": float("nan"),
        "lon": float("nan"),
    }
    if place.startswith(CLICKED):
        lat, lon = (float(v) for v in place.removeprefix(CLICKED).split(","))
        row |= {"precisie": "adres", "lat": lat, "lon": lon}
        locatie = "het aangeklikte punt"
    elif place:
        locatie = label.split(": ", 1)[-1]
        row |= {"precisie": "plaats", "locatie_code": place, "locatie": locatie}
    else:
        locatie = ""
    added = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    where = f" op {locatie}" if locatie else ""
    return added, f"'{naam.strip()}'{where} toegevoegd; vul de andere kolommen aan en bewaar."


def imported_table(
    data: bytes,
    *,
    filename: str,
    code: str,
    known_codes: Collection[str] | None,
    localities: Mapping[str, str] | None,
) -> tuple[pd.DataFrame | None, list[str]]:
    """The rows of an inventory file for ``code``'s editor (read as an upload is), and the Dutch
    messages; None when the file cannot be used. Rows of other municipalities are left out."""
    typed, messages = read_inventory(
        data, filename=filename, known_codes=known_codes, known_locality_codes=localities
    )
    notes = [str(m) for m in messages if m.level != "info"]
    if not len(typed):
        return None, notes or [f"{filename}: geen initiatieven gevonden."]
    own = typed[typed["gemeente_code"].astype(str).isin({code, ""})]
    if len(own) < len(typed):
        notes.append(
            f"{len(typed) - len(own)} rijen van andere gemeenten niet overgenomen: dit is het "
            f"overzicht van gemeente {code}."
        )
    if not len(own):
        return None, notes
    return editor_table(own), notes


def locality_choices(localities: pd.DataFrame, code: str) -> dict[str, str]:
    """Deelgemeente and wijk codes of ``code`` -> their label ("Wijk: Naam"), for adding a point.

    ``localities`` has ``code``, ``naam``, ``gemeente_code`` and ``niveau`` (deelgemeente or
    wijk)."""
    own = localities[localities["gemeente_code"].astype(str) == code]
    own = own.sort_values(["niveau", "naam"])
    return {
        str(r.code): f"{str(r.niveau).capitalize()}: {r.naam}" for r in own.itertuples(index=False)
    }


def inventory_map(
    table: pd.DataFrame, *, outline: gpd.GeoDataFrame, wijken: gpd.GeoDataFrame
) -> folium.Map:
    """The municipality (``outline``) with its wijken and the rows of ``table`` (the editor's
    table: ``naam``, ``lat``, ``lon``) that have a point, to click a new initiative's point on."""
    m = base_map(bounds=lonlat_bounds(outline), attribution="Provincies in Cijfers")
    outline_layer(wijken, name="Wijken", colour="#9e9e9e", weight=1.0).add_to(m)
    outline_layer(outline, name="Gemeentegrens").add_to(m)
    points = folium.FeatureGroup(name="Initiatieven met een adrespunt")
    lat = pd.to_numeric(table["lat"], errors="coerce")
    lon = pd.to_numeric(table["lon"], errors="coerce")
    for naam, y, x in zip(table["naam"], lat, lon, strict=True):
        if pd.notna(y) and pd.notna(x):
            folium.CircleMarker(
                [float(y), float(x)], radius=6, color="#1f5f8b", fill=True, fill_opacity=0.9,
                tooltip=html_text(str(naam)),
            ).add_to(points)  # fmt: skip
    points.add_to(m)
    return m


def list_column(column: str) -> bool:
    """Whether ``column`` holds a ``;``-separated list."""
    return column in LIST_COLUMNS


__all__ = [
    "CLICKED",
    "COLUMN_LABELS",
    "InventarisView",
    "Outcome",
    "clicked_choice",
    "editor_table",
    "imported_table",
    "inventaris_view",
    "inventory_map",
    "list_column",
    "locality_choices",
    "restore_saved_version",
    "save_edits",
    "try_unlock",
    "with_point",
]
