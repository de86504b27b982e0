"""Over de data: every source with year, licence and credit; methods and caveats in plain Dutch."""

from __future__ import annotations

import streamlit as st

from dashboard import loaders
from geodata.catalogue import FILES, SOURCES

st.title("Over de data")
st.write(
    "Verbonden gebruikt alleen open data. Hieronder staat elke bron met jaar, licentie en "
    "vermelding. De bestanden worden lokaal bewaard en gecontroleerd met een controlegetal "
    "(sha256); het dashboard werkt zonder internet."
)

st.header("Bronnen")
for source in SOURCES:
    n_files = sum(1 for f in FILES if f.source is source)
    with st.container(border=True):
        st.subheader(source.title)
        st.markdown(
            f"- **Uitgever:** {source.publisher}\n"
            f"- **Jaar:** {source.year}\n"
            f"- **Licentie:** [{source.licence}]({source.licence_url})\n"
            f"- **Vermelding:** {source.attribution}\n"
            f"- **Bestanden:** {n_files}"
            + ("" if source.upstream_base else " (voorlopig alleen via een spiegelmap beschikbaar)")
        )

st.header("Bronbestanden")
st.dataframe(
    [
        {
            "bestand": f.path,
            "bron": f.source.publisher,
            "licentie": f.source.licence,
            "sha256": f.sha256[:16] + "…",
            "download": f.url or "alleen spiegelmap",
        }
        for f in FILES
    ],
    hide_index=True,
    use_container_width=True,
)

st.header("Gebiedsindeling")
st.write(
    "De kaart toont de 285 Vlaamse gemeenten zoals ze sinds 1 januari 2025 bestaan, en hun "
    "2.563 wijken. Cijfers die nog op de oude indeling (vóór de fusies van 2025) staan, worden "
    "omgerekend via de officiële omzettingstabel: aantallen worden opgeteld en percentages "
    "opnieuw berekend, nooit gemiddeld."
)
st.caption(f"Gegevensopslag: {loaders.settings().store_path}")
