"""Eigen data (analysts): upload a file, read its validation report, preview it, then use it."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from streamlit_folium import st_folium

from dashboard import loaders, session
from dashboard.state import Param, publish, restore
from dashboard.upload_flow import (
    POINT_KINDS,
    Processed,
    checked_upload,
    file_key,
    gemeente_names,
    options_from_values,
)
from dashboard.upload_widgets import (
    in_use,
    option_values,
    reading_options,
    required_choices,
    validation_report,
)
from layers.map_view import initiatives_for_map
from layers.maps import localise_map
from layers.need import THEME_LABELS
from layers.upload_preview import points_preview_map, preview_source, table_preview_map
from layers.upload_review import report_notes
from layers.upload_templates import UPLOAD_KINDS, template_bytes
from layers.upload_use import (
    guess_unit,
    indicator_values,
    name_column_candidates,
    point_frame,
    save_upload,
    saved_files,
    table_levels,
    value_columns,
)
from layers.uploaded import UploadedIndicator

FILE_TYPES = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"]
DIRECTIONS = {1: "hoger = meer risico", -1: "hoger = minder risico"}
THEMES = {"overig": "Overig (eigen thema)"} | THEME_LABELS
LEVEL_NAMES = {"gemeente": "gemeenten", "wijk": "wijken"}

st.title("Eigen data: uw bestanden op de kaart")
st.caption(
    "Laad een tabel per gemeente of wijk, punten (ontmoetingsplaatsen, haltes) of uw eigen "
    "overzicht van initiatieven op. U ziet eerst wat er met elke rij gebeurt en een voorbeeld "
    "op de kaart; pas daarna kiest u om het te gebruiken."
)

PARAMS = [Param("ed_soort", "soort", "str", "indicator")]
restore(PARAMS, allowed={"ed_soort": UPLOAD_KINDS})

kind = st.radio(
    "Wat laadt u op?",
    list(UPLOAD_KINDS),
    format_func=lambda k: UPLOAD_KINDS[k].label,
    key="ed_soort",
    horizontal=True,
)
info = UPLOAD_KINDS[kind]
text_col, template_col = st.columns([3, 1], vertical_alignment="center")
text_col.caption(info.use)
template_name, template_data = template_bytes(kind)
template_col.download_button(
    "Sjabloon downloaden (CSV)", template_data, file_name=template_name, mime="text/csv",
    key=f"ed_sjabloon_{kind}", width="stretch",
)  # fmt: skip

uploaded = st.file_uploader(
    "Bestand kiezen",
    type=FILE_TYPES if kind != "initiatieven" else ["csv", "txt", "xlsx"],
    key=f"ed_bestand_{kind}",
    help="CSV of tekst (; , tab of |), Excel (.xlsx), GeoJSON, GeoPackage of een gezipte "
    "shapefile; hoogstens 50 MB. Codes van vóór de fusies van 2025 en Franse namen worden herkend.",
)
source: tuple[str, bytes] | None = None
if uploaded is not None:
    source = (uploaded.name, uploaded.getvalue())
else:
    user_dir = loaders.settings().user_dir
    saved = saved_files(user_dir, kind=kind)
    if saved:
        chosen = st.selectbox(
            "Of open een eerder opgeslagen bestand",
            ["", *(p.name for p in saved)],
            format_func=lambda n: n or "—",
            key=f"ed_opgeslagen_{kind}",
        )
        if chosen:
            try:
                source = (chosen, (user_dir / chosen).read_bytes())
            except OSError as exc:
                st.error(f"Het opgeslagen bestand kan niet gelezen worden ({exc.strerror}).")


def _preview_table(processed: Processed, prefix: str) -> tuple[str, str] | None:
    """Level and column choice plus the choropleth; returns (level, column)."""
    table = processed.table
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
    st.caption(
        f"{len(shown)} {LEVEL_NAMES[level]} met een waarde. {preview_source(processed.filename)}."
    )
    with st.expander("De waarden van de kaart in een tabel"):
        st.dataframe(shown, hide_index=True, width="stretch")
    return level, column


def _preview_points(processed: Processed, prefix: str) -> str | None:
    """Name column choice plus the point map; returns the name column."""
    points = processed.points
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
    st.caption(f"{len(points)} punten in Vlaanderen. {preview_source(processed.filename)}.")
    return name_column or None


def _preview_inventory(processed: Processed, prefix: str) -> None:
    placed = initiatives_for_map(loaders.inventory_points(processed.inventory))
    located = placed[placed.geometry.notna() & ~placed.geometry.is_empty]
    m = points_preview_map(
        located,
        loaders.display_layer("gemeente"),
        name="Initiatieven",
        label_column="naam",
        filename=processed.filename,
        colour_by="actie_hoofd",
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
        f"benaderde locatie (gemeente of deelgemeente). {preview_source(processed.filename)}."
    )


def _use_indicator(processed: Processed, level: str, column: str, prefix: str) -> None:
    with st.form(prefix + "gebruik"):
        c1, c2 = st.columns(2)
        name = c1.text_input("Naam van de kaartlaag", value=column, max_chars=80)
        unit = c2.text_input(
            "Eenheid (staat in de legende)",
            value=guess_unit(processed.table, column),
            placeholder="bv. %, per 1.000 inwoners, aantal",
            max_chars=30,
        )
        direction = c1.radio("Richting", list(DIRECTIONS), format_func=DIRECTIONS.get,
                             horizontal=True)  # fmt: skip
        theme = c2.selectbox("Thema", list(THEMES), format_func=THEMES.get)
        submitted = st.form_submit_button("Gebruiken als indicator", type="primary")
    if submitted and not unit.strip():
        st.error("Vul de eenheid in (bv. %, aantal, per 1.000 inwoners): ze staat in de legende.")
    elif submitted:
        upload = UploadedIndicator(
            name=name.strip() or column,
            filename=processed.filename,
            level=level,
            values=indicator_values(processed.table, level=level, column=column),
            unit=unit.strip(),
            direction=direction,
            theme=theme,
        )
        session.add_indicator(upload)
        st.success(
            "In gebruik: de laag staat nu in de kaartlagen van de pagina Kaart (niveau "
            f"{level}) en krijgt daar een schuifregelaar bij de gewichten van de nood-index."
        )


def _use_points(processed: Processed, name_column: str | None) -> None:
    label = "ontmoetingsplaatsen" if processed.kind == "ontmoetingsplaatsen" else "haltes"
    if st.button(f"Gebruiken als {label}", type="primary", key="ed_gebruik_punten"):
        session.set_points(processed.kind, point_frame(processed.points, name_column=name_column))
        effect = (
            "de indicator 'ver van een ontmoetingsplaats'"
            if processed.kind == "ontmoetingsplaatsen"
            else "de indicator 'afstand tot een bus- of tramhalte'"
        )
        st.success(
            f"In gebruik: {len(processed.points)} {label}. Op de pagina Kaart rekenen {effect} "
            "en de nood-index er nu mee."
        )


def _use_inventory(processed: Processed) -> None:
    if st.button("Gebruiken als overzicht van initiatieven", type="primary",
                 key="ed_gebruik_overzicht"):  # fmt: skip
        session.set_inventory(processed.inventory)
        st.success(
            "In gebruik: het aanbod en de actiekloof op de pagina Kaart volgen nu uw overzicht "
            "in plaats van de voorbeelden uit de publicatie."
        )


def _save(processed: Processed, prefix: str) -> None:
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
        st.error(f"Opslaan is niet gelukt ({exc.strerror or exc}).")
        return
    st.success("Opgeslagen. U vindt het bestand hier (en later bij 'eerder opgeslagen bestand'):")
    st.code(str(path), language=None)


if source is not None:
    filename, data = source
    prefix = f"ed_{kind}_{file_key(data)}_"
    processed = checked_upload(
        data, filename=filename, kind=kind, options=options_from_values(option_values(prefix))
    )
    auto = st.session_state.setdefault(prefix + "auto", processed.choices)
    required_choices(auto, prefix)
    reading_options(processed, auto, prefix)
    notes = report_notes(
        processed.choices,
        aggregation=st.session_state.get(prefix + "aggregatie") or None,
        duplicates=st.session_state.get(prefix + "dubbel") or "refuse",
        merged_codes=auto.get("merged_codes") or (),
        names=gemeente_names(),
    )
    validation_report(processed, notes)
    if processed.usable:
        st.subheader("Voorbeeld op de kaart")
        if processed.kind == "indicator":
            chosen = _preview_table(processed, prefix)
            if chosen is not None:
                st.subheader("Gebruiken")
                _use_indicator(processed, *chosen, prefix)
        elif processed.kind in POINT_KINDS:
            name_column = _preview_points(processed, prefix)
            st.subheader("Gebruiken")
            _use_points(processed, name_column)
        else:
            _preview_inventory(processed, prefix)
            st.subheader("Gebruiken")
            _use_inventory(processed)
        _save(processed, prefix)

in_use()
publish(PARAMS)
