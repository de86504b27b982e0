"""Eigen data (analysts): upload a file, read its validation report, preview it, then use it."""

from __future__ import annotations

import streamlit as st

from dashboard import loaders
from dashboard.state import Param, publish, restore
from dashboard.text import md
from dashboard.upload_actions import preview_and_use
from dashboard.upload_flow import checked_upload, gemeente_names, program_fault_boundary
from dashboard.upload_widgets import (
    in_use,
    option_values,
    reading_options,
    required_choices,
    validation_report,
)
from geodata.upload import UPLOAD_LIMIT_TEXT
from layers.uploads import (
    UPLOAD_KINDS,
    file_key,
    options_from_values,
    report_notes,
    saved_files,
    template_bytes,
)

FILE_TYPES = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"]

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
st.caption(info.use)
template_name, template_data = template_bytes(kind)
st.download_button(
    f"Sjabloon downloaden ({template_name})", template_data, file_name=template_name,
    mime="text/csv", key=f"ed_sjabloon_{kind}", icon=":material/download:",
)  # fmt: skip

uploaded = st.file_uploader(
    "Bestand kiezen",
    type=FILE_TYPES if kind != "initiatieven" else ["csv", "txt", "xlsx"],
    key=f"ed_bestand_{kind}",
    help="CSV of tekst (; , tab of |), Excel (.xlsx), GeoJSON, GeoPackage of een gezipte "
    f"shapefile; hoogstens {UPLOAD_LIMIT_TEXT}. Codes van vóór de fusies van 2025 en Franse namen "
    "worden herkend.",
)
st.caption(
    f"Grens: {UPLOAD_LIMIT_TEXT} per bestand. Is een bestand groter, dan weigert het "
    "opladen het met de Engelse melding 'File must be … or smaller': verklein het bestand "
    "(bv. minder kolommen, of gezipt) of splits het op."
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
                st.error(f"Het opgeslagen bestand kan niet gelezen worden ({md(exc.strerror)}).")


def _checked_source(kind: str, filename: str, data: bytes) -> None:
    """The validation report, the choices and, for a usable file, preview and use."""
    prefix = f"ed_{kind}_{file_key(data)}_"
    processed = checked_upload(
        data, filename=filename, kind=kind, options=options_from_values(option_values(prefix))
    )
    if processed is None:  # still being checked (its progress is shown), or cancelled
        return
    # What the reader detected and offered, remembered from the first read of this file (a read
    # with a choice made no longer reports e.g. the merged codes); later reads add what is new.
    auto = st.session_state.setdefault(prefix + "auto", {})
    for name, value in processed.choices.items():
        auto.setdefault(name, value)
    notes = report_notes(
        processed.choices,
        aggregation=st.session_state.get(prefix + "aggregatie") or None,
        duplicates=st.session_state.get(prefix + "dubbel") or "refuse",
        merged_codes=auto.get("merged_codes") or (),
        names=gemeente_names(),
    )
    validation_report(processed, notes)
    required_choices(auto, prefix)
    reading_options(processed, auto, prefix)
    if processed.usable:
        preview_and_use(processed, prefix)


if source is not None:
    with program_fault_boundary(source[0]):
        _checked_source(kind, *source)

in_use()
publish(PARAMS)
