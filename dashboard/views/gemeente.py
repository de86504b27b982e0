"""Gemeente (councillors): one municipality's risk figures, initiatives, gaps and a report."""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from dashboard import loaders
from dashboard.state import Param, publish, restore, show_link_notes
from dashboard.text import md
from dashboard.widgets import download_buttons
from layers.analysis import GAP_DISCLAIMER
from layers.maps import base_map, choropleth_layer, localise_map, lonlat_bounds, outline_layer

st.title("Gemeente: samenvatting voor het bestuur")

attrs = loaders.attributes("gemeente").sort_values("naam")
names = dict(zip(attrs["code"], attrs["naam"], strict=True))
PARAMS = [Param("g_code", "gemeente", "str", "11002"), Param("g_zoek", "zoek", "str", "")]
restore(PARAMS, allowed={"g_code": names})
show_link_notes()


def _picked() -> None:
    """A municipality chosen in the list wins over an earlier search."""
    st.session_state["g_zoek"] = ""


def _choose(code: str) -> None:
    """A suggestion or candidate clicked: show that municipality, forget the search."""
    st.session_state["g_code"] = code
    st.session_state["g_zoek"] = ""


# A search that names one municipality selects it in the list too (before the list is drawn),
# so the list, the figures and the link always agree.
query = st.session_state["g_zoek"].strip()
match = loaders.resolver().resolve(query) if query else None
if match is not None and match.ok and match.code in names:
    st.session_state["g_code"] = match.code

left, right = st.columns([2, 3])
left.selectbox(
    "Kies een gemeente",
    list(names),
    format_func=lambda c: names[c],
    key="g_code",
    on_change=_picked,
)
right.text_input(
    "… of zoek op een oude naam, deelgemeente, Franse naam of NIS-code",
    key="g_zoek",
    placeholder="bv. Borsbeek, Ekeren, Anvers of 46003",
)
code: str | None = st.session_state["g_code"]
if match is not None and match.ok and match.code in names:
    note = f" — {match.note}" if match.note else ""
    st.info(f"'{md(query)}' → **{md(match.naam)}** (NIS {match.code}){md(note)}")
elif match is not None and match.status == "ambiguous":
    st.warning(f"'{md(query)}' komt in meerdere gemeenten voor. Kies er één:")
    code = None
    for column, (candidate, naam) in zip(
        st.columns(len(match.candidates)), match.candidates, strict=True
    ):
        column.button(naam, key=f"g_kies_{candidate}", on_click=_choose, args=(candidate,))
elif match is not None:
    code = None
    reason = match.note.split(";")[0].strip() or "onbekende naam"
    st.error(f"'{md(query)}' is niet gevonden: {md(reason)}.")
    suggestions = [(c, n) for c, n in match.candidates if c in names]
    if suggestions:
        st.write("Bedoelde u:")
        for column, (candidate, naam) in zip(
            st.columns(len(suggestions)), suggestions, strict=True
        ):
            column.button(naam, key=f"g_kies_{candidate}", on_click=_choose, args=(candidate,))
    else:
        st.caption("Kies een gemeente in de lijst of zoek op een andere naam of NIS-code.")

if code is None:
    publish(PARAMS)
    st.stop()

view = loaders.gemeente_view(code)
context = view.context
st.header(f"{md(context.naam)} (NIS {code})")
st.caption(
    f"Provincie {md(context.provincie)} · vergeleken met {md(context.groep_tekst)} · "
    f"rang: 1 = hoogste risico van de 285 gemeenten."
)

headline = view.headline
with st.container(border=True):
    st.subheader("In het kort")
    st.markdown(
        "  \n".join(f"**{md(label)}:** {md(text)}" for label, text in headline.lines)
        or "Geen nood-index bekend voor deze gemeente."
    )
    if headline.suggestion is not None:
        st.markdown(f"**Wat de publicatie aanraadt: {md(headline.suggestion.title)}.**")
        st.markdown(md(headline.suggestion.text))
        st.caption(f"Bron: {md(headline.suggestion.source)}")

st.subheader("Risico-indicatoren")
st.dataframe(view.display, hide_index=True, width="stretch")
st.caption("Bronnen: " + md(view.sources))

map_col, list_col = st.columns([3, 2])
with map_col:
    spec = view.map_spec
    st.subheader(f"Wijken: {md(spec.label.lower())}")
    frame = view.wijken.assign(waarde=view.wijk_values.to_numpy())
    m = base_map(bounds=lonlat_bounds(view.wijken), attribution="Provincies in Cijfers / Statbel")
    choropleth_layer(
        frame, value_column="waarde", label=spec.label, unit=spec.unit,
        source=f"{spec.source} ({spec.year})", show_legend=True,
    ).add_to(m)  # fmt: skip
    outline_layer(
        loaders.display_layer("gemeente").query("code == @code"), name="Gemeentegrens"
    ).add_to(m)
    st_folium(
        localise_map(m, base_url=loaders.VENDOR_URL),
        returned_objects=[],
        height=420,
        use_container_width=True,
        key=f"gemeente_kaart_{code}",
    )
    st.caption(
        f"Bron: {md(spec.source)} ({md(spec.year)}; {md(spec.licence)}). "
        "Kaartgrenzen: Provincies in Cijfers."
    )

with list_col:
    st.subheader(f"Initiatieven ({len(view.initiatives)})")
    if not view.uploaded_inventory:
        st.caption(GAP_DISCLAIMER)
    for note in view.notes if view.uploaded_inventory else []:
        st.caption(md(note))
    if len(view.initiatives):
        st.dataframe(
            view.initiatives[["naam", "organisator", "beschrijving"]].rename(
                columns={"naam": "Initiatief", "organisator": "Organisator", "beschrijving": "Wat"}
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.write("Geen initiatief bekend in het overzicht.")

c1, c2 = st.columns(2)
with c1:
    st.subheader("Zeven werkzame elementen")
    checklist = view.checklist
    st.dataframe(
        checklist.assign(
            gedekt=checklist["gedekt"].map({True: "✓ aanwezig", False: "✗ ontbreekt"})
        )[["nummer", "label", "gedekt", "initiatieven"]].rename(
            columns={"nummer": "#", "label": "Element", "gedekt": "Status", "initiatieven": "Via"}
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Bouwman & Van Tilburg (2020), zoals beschreven in 'Verbonden met (n)iemand' (VVSG)."
    )
with c2:
    st.subheader("Bereikte doelgroepen")
    groups = view.groups
    st.dataframe(
        groups.assign(bereikt=groups["bereikt"].map({True: "✓ bereikt", False: "✗ niet bereikt"}))[
            ["label", "bereikt", "aantal"]
        ].rename(columns={"label": "Doelgroep", "bereikt": "Status", "aantal": "Initiatieven"}),
        hide_index=True,
        width="stretch",
    )

st.subheader("Aandachtspunten")
for hint in view.hints:
    with st.container(border=True):
        st.markdown(f"**{md(hint.title)}**")
        st.markdown(md(hint.text))
        st.caption(f"Bron: {md(hint.source)}")

st.subheader("Downloaden")
d1, d2, d3 = st.columns(3)
today = date.today().isoformat()
# Built only when clicked: the PDF takes about a second.
d1.download_button(
    "Rapport (PDF, A4)",
    loaders.municipality_pdf(code, today),
    f"verbonden-{code}-{today}.pdf",
    "application/pdf",
    type="primary",
    on_click="ignore",
)
download_buttons(
    view.export,
    f"verbonden-{code}",
    "cijfers",
    labels=("Cijfers als CSV", "Cijfers voor Excel"),
    columns=(d2, d3),
)
publish(PARAMS)
