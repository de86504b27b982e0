"""The upload page's preview maps, 'Gebruiken' actions and saving, one function per kind.

Each function draws its part of the page for a checked upload (:class:`Processed`); the page
script only decides which ones to call.
"""

from __future__ import annotations

from datetime import datetime

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import loaders, session
from dashboard.text import md
from layers.analysis import THEME_LABELS
from layers.maps import localise_map
from layers.uploads import (
    POINT_KINDS,
    UPLOAD_KINDS,
    Processed,
    UploadedIndicator,
    guess_unit,
    indicator_values,
    name_column_candidates,
    point_frame,
    points_preview_map,
    preview_source,
    save_upload,
    table_levels,
    table_preview_map,
    value_columns,
)
from layers.views import initiatives_for_map

DIRECTIONS = {1: "hoger = meer risico", -1: "hoger = minder risico"}
THEMES = {"overig": "Overig (eigen thema)"} | THEME_LABELS
LEVEL_NAMES = {"gemeente": "gemeenten", "wijk": "wijken"}


def preview_table(processed: Processed, table: pd.DataFrame, prefix: str) -> tuple[str, str] | None:
    """Level and column choice plus the choropleth of ``table`` (the upload's); returns (level,
    column)."""
    levels = table_levels(table)
    level = levels[0]
    if len(levels) > 1:
        level = st.radio("Niveau", levels, format_func=LEVEL_NAMES.get, key=prefix + "niveau",
                         horizontal=True)  # fmt: skip
    at_level = table[table["level"] == level]
    columns = [c for c in value_columns(table) if at_level[c].notna().any()]
    if not columns:
        st.warning("Geen enkele waardekolom heeft een getal op dit niveau.")
        return None
    column = st.selectbox("Kolom op de kaart", columns, key=prefix + "kolom")
    m = table_preview_map(
        table,
        loaders.display_layer(level),
        level=level,
        column=column,
        filename=processed.filename,
        outlines=loaders.display_layer("gemeente") if level == "wijk" else None,
    )
    localise_map(m, base_url=loaders.VENDOR_URL)
    st_folium(m, returned_objects=[], height=450, key=f"{prefix}kaart_{level}",
              use_container_width=True)  # fmt: skip
    shown = at_level[["code", "naam", column]].dropna(subset=[column])
    source = md(preview_source(processed.filename))
    st.caption(f"{len(shown)} {LEVEL_NAMES[level]} met een waarde. {source}.")
    with st.expander("De waarden van de kaart in een tabel"):
        st.dataframe(shown, hide_index=True, width="stretch")
    return level, column


def preview_points(processed: Processed, points: gpd.GeoDataFrame, prefix: str) -> str | None:
    """Name column choice plus the map of ``points`` (the upload's); returns the name column."""
    candidates = name_column_candidates(points)
    name_column = st.selectbox(
        "Kolom met de naam van elk punt",
        [*candidates, ""],
        format_func=lambda c: c or "geen (regelnummer gebruiken)",
        key=prefix + "naamkolom",
    )
    m = points_preview_map(
        points,
        loaders.display_layer("gemeente"),
        name=UPLOAD_KINDS[processed.kind].label,
        label_column=name_column or None,
        filename=processed.filename,
    )
    localise_map(m, base_url=loaders.VENDOR_URL)
    st_folium(m, returned_objects=[], height=450, key=prefix + "kaart", use_container_width=True)
    st.caption(f"{len(points)} punten in Vlaanderen. {md(preview_source(processed.filename))}.")
    return name_column or None


def preview_inventory(processed: Processed, inventory: pd.DataFrame, prefix: str) -> None:
    placed = initiatives_for_map(loaders.inventory_points(inventory))
    located = placed[placed.geometry.notna() & ~placed.geometry.is_empty]
    m = points_preview_map(
        located,
        loaders.display_layer("gemeente"),
        name="Initiatieven",
        label_column="naam",
        filename=processed.filename,
        colour_by="actie_hoofd",
        colour_title="Soort actie",
        approximate_column="benaderd",
        link_column="bron_url",
        popup_columns=[
            ("organisator", "Organisator"),
            ("doelgroepen_tekst", "Doelgroepen"),
            ("actietypes_tekst", "Soort actie"),
        ],
    )
    localise_map(m, base_url=loaders.VENDOR_URL)
    st_folium(m, returned_objects=[], height=450, key=prefix + "kaart", use_container_width=True)
    st.caption(
        f"{len(located)} van {len(placed)} geldige initiatieven op de kaart; open cirkels = "
        f"benaderde locatie (gemeente of deelgemeente). {md(preview_source(processed.filename))}."
    )


def use_indicator(
    processed: Processed, table: pd.DataFrame, level: str, column: str, prefix: str
) -> None:
    with st.form(prefix + "gebruik"):
        c1, c2 = st.columns(2)
        name = c1.text_input("Naam van de kaartlaag", value=column, max_chars=80)
        unit = c2.text_input(
            "Eenheid (staat in de legende)",
            value=guess_unit(table, column),
            placeholder="bv. %, per 1.000 inwoners, aantal",
            max_chars=30,
        )
        direction = c1.radio("Richting", list(DIRECTIONS), format_func=DIRECTIONS.get,
                             horizontal=True)  # fmt: skip
        theme = c2.selectbox("Thema", list(THEMES), format_func=lambda t: THEMES[t])
        submitted = st.form_submit_button("Gebruiken als indicator", type="primary")
    if submitted and not unit.strip():
        st.error("Vul de eenheid in (bv. %, aantal, per 1.000 inwoners): ze staat in de legende.")
    elif submitted:
        upload = UploadedIndicator(
            name=name.strip() or column,
            filename=processed.filename,
            level=level,
            values=indicator_values(table, level=level, column=column),
            unit=unit.strip(),
            direction=direction,
            theme=theme,
        )
        session.add_indicator(upload)
        st.success(
            "In gebruik: de laag staat nu in de kaartlagen van de pagina Kaart (niveau "
            f"{level}) en krijgt daar een schuifregelaar bij de gewichten van de nood-index."
        )


def use_points(processed: Processed, points: gpd.GeoDataFrame, name_column: str | None) -> None:
    label = "ontmoetingsplaatsen" if processed.kind == "ontmoetingsplaatsen" else "haltes"
    if st.button(f"Gebruiken als {label}", type="primary", key="ed_gebruik_punten"):
        session.set_points(processed.kind, point_frame(points, name_column=name_column))
        effect = (
            "de indicator 'ver van een ontmoetingsplaats'"
            if processed.kind == "ontmoetingsplaatsen"
            else "de indicator 'afstand tot een bus- of tramhalte'"
        )
        st.success(
            f"In gebruik: {len(points)} {label}. Op de pagina Kaart rekenen {effect} "
            "en de nood-index er nu mee."
        )


def use_inventory(inventory: pd.DataFrame) -> None:
    if st.button("Gebruiken als overzicht van initiatieven", type="primary",
                 key="ed_gebruik_overzicht"):  # fmt: skip
        session.set_inventory(inventory)
        st.success(
            "In gebruik: voor de gemeenten die uw overzicht noemt (en hun wijken) volgen het "
            "aanbod en de actiekloof op de pagina Kaart nu uw overzicht; elders blijft het "
            "oordeel van de inwoners (enquête 2023) de maat."
        )


def save_section(processed: Processed, prefix: str) -> None:
    st.caption(
        "Wilt u het bestand ook na deze sessie gebruiken? Sla de gecontroleerde gegevens dan op in "
        "de opslag van Verbonden op deze computer of server."
    )
    if not st.button("Opslaan in de opslag", key=prefix + "opslaan"):
        return
    try:
        path = save_upload(
            loaders.settings().user_dir,
            kind=processed.kind,
            filename=processed.filename,
            now=datetime.now(),
            table=processed.table if processed.kind == "indicator" else None,
            points=processed.points if processed.kind in POINT_KINDS else None,
            inventory=processed.inventory if processed.kind == "initiatieven" else None,
        )
    except OSError as exc:
        st.error(f"Opslaan is niet gelukt ({md(exc.strerror or exc)}).")
        return
    st.success("Opgeslagen. U vindt het bestand hier (en later bij 'eerder opgeslagen bestand'):")
    st.code(str(path), language=None)


def preview_and_use(processed: Processed, prefix: str) -> None:
    """The preview map, the 'Gebruiken' controls and saving for a usable upload.

    A usable upload holds the data of its kind (see :attr:`Processed.usable`); one that does not
    is a bug, which the page's fault boundary reports.
    """
    st.subheader("Voorbeeld op de kaart")
    table, points, inventory = processed.table, processed.points, processed.inventory
    if processed.kind == "indicator" and table is not None:
        chosen = preview_table(processed, table, prefix)
        if chosen is None:
            return
        st.subheader("Gebruiken")
        use_indicator(processed, table, *chosen, prefix)
    elif processed.kind in POINT_KINDS and points is not None:
        name_column = preview_points(processed, points, prefix)
        st.subheader("Gebruiken")
        use_points(processed, points, name_column)
    elif processed.kind == "initiatieven" and inventory is not None:
        preview_inventory(processed, inventory, prefix)
        st.subheader("Gebruiken")
        use_inventory(inventory)
    else:
        msg = f"Upload '{processed.filename}' of kind {processed.kind!r} holds no usable data"
        raise ValueError(msg)
    save_section(processed, prefix)


__all__ = [
    "preview_and_use",
    "preview_inventory",
    "preview_points",
    "preview_table",
    "save_section",
    "use_indicator",
    "use_inventory",
    "use_points",
]
