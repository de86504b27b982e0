"""Inventaris (municipal staff): a municipality's own inventory, read by anyone, kept by its
editors; a saved version counts at once as provision in the gap and the report, for everyone."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import loaders, session
from dashboard.state import Param, publish, restore, show_link_notes
from dashboard.text import md
from dashboard.upload_flow import inventory_localities
from geodata.database import DatabaseError
from layers.initiatives import PRECISIONS
from layers.maps import localise_map
from layers.views import (
    CLICKED,
    COLUMN_LABELS,
    InventarisView,
    Outcome,
    clicked_choice,
    imported_table,
    inventaris_view,
    inventory_map,
    locality_choices,
    restore_saved_version,
    save_edits,
    try_unlock,
    with_point,
)

st.title("Inventaris: het eigen overzicht van initiatieven")
st.caption(
    "Iedereen kan het overzicht van een gemeente lezen. Bewerkers van de gemeente ontgrendelen "
    "het met hun toegangscode en houden het hier bij. Een bewaarde versie telt meteen als aanbod "
    "in de actiekloof en in het rapport, voor iedereen; elke versie blijft bewaard."
)

attrs = loaders.attributes("gemeente").sort_values("naam")
names = dict(zip(attrs["code"], attrs["naam"], strict=True))
PARAMS = [Param("inv_code", "gemeente", "str", "11002")]
restore(PARAMS, allowed={"inv_code": names})
show_link_notes()
code = st.selectbox(
    "Kies een gemeente", list(names), format_func=lambda c: f"{names[c]} ({c})", key="inv_code"
)
publish(PARAMS)

url = loaders.inventory_url()
try:
    view = inventaris_view(url, code, names[code], loaders.inventory_editor(code))
except DatabaseError as error:
    st.error(md(error), icon=":material/cloud_off:")
    st.stop()

if notice := session.pop_inventory_notice(code):
    kind, text = notice
    {"success": st.success, "error": st.error}.get(kind, st.info)(md(text))
st.info(md(view.status), icon=":material/inventory_2:")


def _columns() -> dict[str, Any]:
    """Dutch labels, help and validation of the editable columns."""
    config: dict[str, Any] = {}
    for column, (label, help_text) in COLUMN_LABELS.items():
        if column in ("lat", "lon"):
            low, high = (50.67, 51.51) if column == "lat" else (2.52, 5.93)
            config[column] = st.column_config.NumberColumn(
                label, help=help_text, min_value=low, max_value=high, format="%.6f"
            )
        elif column == "precisie":
            config[column] = st.column_config.SelectboxColumn(
                label, help=help_text, options=[t.id for t in PRECISIONS]
            )
        elif column == "gemeente_code":
            config[column] = st.column_config.TextColumn(
                label, help=help_text, validate=r"^(\d{5})?$", max_chars=5
            )
        else:
            config[column] = st.column_config.TextColumn(label, help=help_text)
    return config


def _show(outcome: Outcome) -> None:
    """Keep the outcome for the next run (a save or restore reloads the page)."""
    details = "\n".join(f"- {d}" for d in outcome.details)
    text = f"{outcome.message}\n\n{details}" if details else outcome.message
    session.set_inventory_notice(code, "success" if outcome.ok else "error", text)


def _read_only(view: InventarisView) -> None:
    labels = {c: label for c, (label, _) in COLUMN_LABELS.items()}
    if len(view.table):
        st.dataframe(view.table.rename(columns=labels), hide_index=True, width="stretch")
    st.subheader("Bewerken")
    st.caption(
        "Om dit overzicht te wijzigen hebt u de toegangscode van de gemeente nodig (vraag ze aan "
        "de beheerder van Verbonden). Na vijf foute codes moet u een kwartier wachten."
    )
    access = st.text_input("Toegangscode", type="password", key=f"inv_toegang_{code}")
    if st.button("Ontgrendelen", key=f"inv_ontgrendel_{code}", icon=":material/lock_open:"):
        editor, reason = try_unlock(url, code, access, client=session.client_key())
        if editor is None:
            st.error(md(reason), icon=":material/lock:")
        else:
            session.set_unlocked_editor(editor)
            st.rerun()
    if session.auth_configured():
        identity = session.signed_in_identity()
        if identity is None:
            st.button("Aanmelden als bewerker", on_click=st.login, key="inv_aanmelden")
        else:
            st.caption(
                f"U bent aangemeld als {md(identity[0])}, maar geen bewerker van {md(view.naam)}."
            )


def _editing(view: InventarisView) -> None:
    assert view.editor is not None
    left, right = st.columns([4, 1])
    left.success(f"U bewerkt dit overzicht als {md(view.editor.name)}.", icon=":material/edit:")
    if right.button("Vergrendelen", key=f"inv_slot_{code}", icon=":material/lock:"):
        session.lock_editor(code)
        session.clear_inventory_draft(code)
        st.rerun()
    if session.inventory_draft(code) is None:  # editing starts from the saved version
        session.set_inventory_draft(code, view.table, view.version)
    draft = session.inventory_draft(code)
    assert draft is not None
    table, generation, base = draft
    if base != view.version:
        st.warning(
            f"Intussen werd versie {view.version} bewaard (zie Geschiedenis); uw tabel gaat uit "
            f"van versie {base}. Bewaren wordt geweigerd, zodat niets overschreven wordt: begin "
            "opnieuw van de nieuwste versie en breng uw wijzigingen daar opnieuw aan.",
            icon=":material/sync_problem:",
        )
        if st.button("Opnieuw beginnen van de nieuwste versie", key=f"inv_opnieuw_{code}"):
            session.clear_inventory_draft(code)
            st.rerun()
    edited = st.data_editor(
        table,
        key=f"inv_tabel_{code}_{generation}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config=_columns(),
    )
    st.caption(
        "Lijsten (doelgroepen, actietypes, werkzame elementen, beleidsdomein, andere gemeenten) "
        "scheidt u met ';'. Niets is bewaard tot u op Bewaren klikt; rijen met fouten houden het "
        "bewaren tegen (met de reden)."
    )
    if st.button("Bewaren", type="primary", key=f"inv_bewaar_{code}", icon=":material/save:"):
        outcome = save_edits(
            url,
            view,
            edited,
            base_version=base,
            known_codes=set(names),
            localities=inventory_localities(),
        )
        _show(outcome)
        if outcome.ok:
            session.clear_inventory_draft(code)
        st.rerun()
    _add_point(edited, base)
    _import(base)


def _add_point(edited: pd.DataFrame, base: int) -> None:
    """A new initiative at a clicked point, a deelgemeente or wijk, or the whole municipality."""
    st.markdown("**Initiatief toevoegen**")
    map_col, form_col = st.columns([3, 2])
    with map_col:
        outline = loaders.display_layer("gemeente").query("code == @code")
        wijken = loaders.display_layer("wijk").query("gemeente_code == @code")
        clicked = st_folium(
            localise_map(
                inventory_map(edited, outline=outline, wijken=wijken),
                base_url=loaders.VENDOR_URL,
            ),
            returned_objects=["last_clicked"],
            key=f"inv_kaart_{code}",
            height=360,
            use_container_width=True,
        )
        st.caption("Klik op de kaart om een initiatief op een adres te plaatsen.")
    with form_col:
        choices = clicked_choice((clicked or {}).get("last_clicked")) | locality_choices(
            loaders.localities(), code
        )
        place = st.selectbox(
            "Waar",
            ["", *choices],
            index=1 if next(iter(choices), "").startswith(CLICKED) else 0,
            format_func=lambda c: choices.get(c, "(de hele gemeente)"),
            key=f"inv_plaats_{code}",
        )
        naam = st.text_input("Naam van het initiatief", key=f"inv_nieuw_{code}")
        if st.button("Toevoegen aan de tabel", key=f"inv_voegtoe_{code}"):
            added, note = with_point(edited, naam=naam, place=place, choices=choices, code=code)
            if added is not edited:
                session.set_inventory_draft(code, added, base)
            session.set_inventory_notice(code, "info", note)
            st.rerun()


def _import(base: int) -> None:
    """Replace the table being edited by the rows of a file (not saved yet)."""
    with st.expander("Overzicht inlezen uit een bestand (CSV of Excel)"):
        upload = st.file_uploader(
            "Bestand met initiatieven", type=["csv", "txt", "xlsx"], key=f"inv_bestand_{code}"
        )
        if upload is not None and st.button("Inlezen in de tabel", key=f"inv_lees_{code}"):
            imported, notes = imported_table(
                upload.getvalue(),
                filename=upload.name,
                code=code,
                known_codes=set(names),
                localities=inventory_localities(),
            )
            shown = "\n".join(f"- {n}" for n in notes[:20])
            if imported is None:
                st.error(md(f"Het bestand kan niet ingelezen worden.\n\n{shown}"))
            else:
                session.set_inventory_draft(code, imported, base)
                text = f"{len(imported)} initiatieven ingelezen; nog niet bewaard."
                session.set_inventory_notice(code, "info", f"{text}\n\n{shown}".strip())
                st.rerun()


if view.can_edit:
    _editing(view)
else:
    _read_only(view)

st.download_button(
    "Overzicht downloaden (CSV)",
    view.csv,
    file_name=f"initiatieven-{code}-versie-{view.version}.csv",
    mime="text/csv",
    key=f"inv_csv_{code}",
    icon=":material/download:",
    disabled=not len(view.table),
)

st.subheader("Geschiedenis")
if view.history.empty:
    st.caption("Nog geen bewaarde versies.")
else:
    st.dataframe(
        view.history.rename(
            columns={"versie": "Versie", "wanneer": "Wanneer", "wie": "Wie", "wat": "Wat"}
        ),
        hide_index=True,
        width="stretch",
    )
    older = [int(v) for v in view.history["versie"] if int(v) != view.version]
    if view.can_edit and older:
        version = st.selectbox("Versie", older, key=f"inv_versie_{code}")
        if st.button("Deze versie terugzetten", key=f"inv_herstel_{code}"):
            _show(restore_saved_version(url, view, int(version)))
            session.clear_inventory_draft(code)
            st.rerun()
