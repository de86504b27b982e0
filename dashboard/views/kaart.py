"""Kaart (planners): indicators, need index and action gap per gemeente or wijk."""

from __future__ import annotations

import streamlit as st

from dashboard import loaders, mapping
from dashboard.state import Param, publish, restore, show_link_notes
from dashboard.text import dutch_number, md
from dashboard.widgets import download_buttons
from layers.analysis import GAP_DISCLAIMER, THEME_LABELS, UNAVAILABLE_THEMES
from layers.initiatives import ACTION_TYPES, EFFECTIVE_ELEMENTS, TARGET_GROUPS, labels
from layers.maps import BREAKS_EXAMPLE, SCHEME_LABELS
from layers.views import FLANDERS, weight_themes

st.title("Kaart: waar is de nood hoog en het aanbod laag?")

LEVELS = {"gemeente": "Gemeenten (285)", "wijk": "Wijken (2.563)"}
UNIT_LIST_ANCHOR = "gebied-bekijken"
SCOPES = loaders.kaart_scopes()
# What a first visitor sees: the same defaults ``python -m dashboard`` computes before anyone asks.
START = loaders.kaart_defaults()

BASE = [
    Param("k_niveau", "niveau", "str", loaders.KAART_LEVELS[0]),
    Param("k_gebied", "gebied", "str", START.scope),
    Param("k_indeling", "indeling", "str", START.scheme),
    Param("k_grenzen", "grenzen", "str", START.breaks_text),
    Param("k_doelgroep", "doelgroep", "list", list(START.target_groups)),
    Param("k_actie", "actie", "list", list(START.action_types)),
    Param("k_element", "element", "list", list(START.elements)),
    Param("k_initiatieven", "initiatieven", "bool", START.show_points),
]
# Restored once the unit table is known: the layers and units of the level.
LATE = [
    Param("k_laag", "laag", "str", START.choice_id),
    Param("k_eenheid", "eenheid", "str", START.current or ""),
]
FILTERS: dict[str, list[str]] = {
    "k_doelgroep": [t.id for t in TARGET_GROUPS],
    "k_actie": [t.id for t in ACTION_TYPES],
    "k_element": [t.id for t in EFFECTIVE_ELEMENTS],
}
restore(
    BASE,
    allowed={"k_niveau": list(LEVELS), "k_gebied": list(SCOPES), "k_indeling": list(SCHEME_LABELS)}
    | FILTERS,
)

# The map is drawn before the sidebar's widgets are created: the browser then fetches the map's
# code first, before that of a dozen widget types. The widgets' values are read from the session
# state, which holds them (or the link's values, set by ``restore``) before they are created.
level = str(st.session_state["k_niveau"])
scope = str(st.session_state["k_gebied"]) if level == "wijk" else FLANDERS

themes = weight_themes(level, loaders.uploaded_point_kinds())  # an upload replaces its proxy
uploads = loaders.uploaded_indicators(level)
WEIGHT_RANGE, WEIGHT_STEP = (0.0, 3.0), 0.5
WEIGHT_OPTIONS = [WEIGHT_STEP * i for i in range(int(WEIGHT_RANGE[1] / WEIGHT_STEP) + 1)]
WEIGHTS = [
    Param(
        f"k_w_{t}", f"w_{t}", "float", loaders.DEFAULT_WEIGHT, bounds=WEIGHT_RANGE, step=WEIGHT_STEP
    )
    for t in themes
]
WEIGHTS += [
    Param(f"k_w_{u.id}", f"w_{u.id}", "float", 0.0, bounds=WEIGHT_RANGE, step=WEIGHT_STEP)
    for u in uploads
]
restore(WEIGHTS)


def _reset_weights() -> None:
    for param in WEIGHTS:
        st.session_state[param.key] = param.default


weights = {ident: float(st.session_state[f"k_w_{theme}"]) for theme, ident in themes.items()}
weights |= {u.id: float(st.session_state[f"k_w_{u.id}"]) for u in uploads}
if not any(weights.values()):
    st.warning("Alle gewichten staan op 0: de nood-index gebruikt dan gelijke gewichten.")
    weights = dict.fromkeys(themes.values(), 1.0)

layers, codes = loaders.kaart_layers(level, weights)
choices = {c.id: c for c in layers}
restore(LATE, allowed={"k_laag": choices, "k_eenheid": codes})
show_link_notes()

if st.session_state.get("k_laag") not in choices:
    st.session_state["k_laag"] = START.choice_id
choice_id = str(st.session_state["k_laag"])
show_points = bool(st.session_state["k_initiatieven"])

clicked = mapping.clicked_code(level)
new_click = clicked if clicked and clicked != st.session_state.get("_k_last_click") else None
if new_click:
    st.session_state["_k_last_click"] = new_click
view = loaders.kaart_view(
    level,
    weights,
    loaders.KaartChoices(
        scope=scope,
        choice_id=choice_id,
        scheme=st.session_state["k_indeling"],
        breaks_text=st.session_state["k_grenzen"],
        show_points=show_points,
        target_groups=tuple(st.session_state["k_doelgroep"]),
        action_types=tuple(st.session_state["k_actie"]),
        elements=tuple(st.session_state["k_element"]),
        clicked=new_click,
        current=st.session_state.get("k_eenheid") or None,
    ),
)
st.session_state["k_eenheid"] = view.selected or ""
overlay, points, panel = view.overlay, view.points, view.panel

for note in view.coverage:  # an upload that covers only part of Flanders, said above the map
    st.info(md(note), icon=":material/info:")
st.markdown(
    f"<a href=\"#{UNIT_LIST_ANCHOR}\">Kaart overslaan: naar de lijst 'Gebied bekijken'</a>",
    unsafe_allow_html=True,
)
map_col, legend_col = st.columns([3, 1], gap="small")
with map_col:
    mapping.show_map(level, overlay.feature_group, height=520)
with legend_col:  # beside the map, where the eye is (below it on a phone)
    st.html(overlay.legend_html)
    if overlay.points_legend_html:
        st.html(overlay.points_legend_html)
st.caption(
    f"Bron: {md(choices[choice_id].source)}. "
    "Kaartgrenzen: Provincies in Cijfers / Statbel (2025, open data). "
    + (
        f"{len(points)} initiatieven getoond; bron: VVSG, 'Verbonden met (n)iemand' of eigen "
        "overzicht. Open cirkels = benaderde locatie."
        if points is not None
        else ""
    )
)

with st.sidebar:
    st.radio("Niveau", list(LEVELS), format_func=LEVELS.get, key="k_niveau")
    if level == "wijk":
        st.selectbox(
            "Gebied", list(SCOPES), format_func=lambda s: SCOPES[s], key="k_gebied",
            help="Wijken van heel Vlaanderen, één provincie of één gemeente.",
        )  # fmt: skip
with st.sidebar.expander("Gewichten van de nood-index", expanded=False):
    st.caption("Hoe zwaar telt elk thema mee? 0 = niet. De kaart en de rangschikking volgen.")
    for theme in themes:
        st.select_slider(
            THEME_LABELS[theme], WEIGHT_OPTIONS, format_func=dutch_number, key=f"k_w_{theme}"
        )
    for upload in uploads:
        st.select_slider(
            f"{md(upload.name)} (eigen)",
            WEIGHT_OPTIONS,
            format_func=dutch_number,
            key=f"k_w_{upload.id}",
        )
    for reason in UNAVAILABLE_THEMES.get(level, {}).values():
        st.caption(reason)
    st.button("Standaardgewichten", on_click=_reset_weights)

with st.sidebar:
    st.selectbox(
        "Kaartlaag", list(choices), format_func=lambda i: choices[i].picker_label, key="k_laag"
    )
    st.selectbox(
        "Klassenindeling",
        list(SCHEME_LABELS),
        format_func=lambda s: SCHEME_LABELS[s],
        key="k_indeling",
    )
    if st.session_state["k_indeling"] == "manual":
        st.text_input(
            "Klassengrenzen",
            key="k_grenzen",
            placeholder="10; 20; 30",
            help=(
                "De bovengrenzen van de klassen, in de eenheid van de kaartlaag, van klein naar "
                f"groot en gescheiden door ';' ({BREAKS_EXAMPLE}). Waarden boven de laatste "
                "grens vormen nog een klasse. Geldt niet voor de actiekloof."
            ),
        )
        if view.breaks_error:
            st.warning(md(view.breaks_error))
    st.toggle("Initiatieven tonen", key="k_initiatieven")
    with st.expander("Initiatieven filteren"):
        st.multiselect(
            "Doelgroep",
            [t.id for t in TARGET_GROUPS],
            format_func=labels(TARGET_GROUPS).__getitem__,
            key="k_doelgroep",
            placeholder="Alle",
            select_all=False,
        )
        st.multiselect(
            "Soort actie",
            [t.id for t in ACTION_TYPES],
            format_func=labels(ACTION_TYPES).__getitem__,
            key="k_actie",
            placeholder="Alle",
            select_all=False,
        )
        st.multiselect(
            "Werkzaam element",
            [t.id for t in EFFECTIVE_ELEMENTS],
            format_func=labels(EFFECTIVE_ELEMENTS).__getitem__,
            key="k_element",
            placeholder="Alle",
            select_all=False,
        )

st.html(f'<div id="{UNIT_LIST_ANCHOR}"></div>')
pick_col, need_col = st.columns([1, 1], gap="medium")
pick_col.selectbox(
    "Gebied bekijken", view.options,
    format_func=lambda c: view.names.get(c, "— klik op de kaart, of typ hier een naam —"),
    key="k_eenheid",
)  # fmt: skip
if panel is not None:
    with need_col:
        st.subheader(md(panel.naam))
        need = panel.need
        st.markdown(
            f"**Nood-index:** {md(need['nood'])} (rang {md(need['rang'])})  \n"
            f"**Robuustheid:** {md(need['robuustheid'])}  \n"
            f"**Actiekloof:** {md(need['kloof'])}  \n"
            f"**Aanbod:** {md(need['aanbod'])}"
        )
        if need["aanbod_maat"]:
            st.caption(
                f"Aanbod gemeten als {md(need['aanbod_maat'])}. Bron: {md(need['aanbod_bron'])}."
            )
        if need["vlag"]:
            st.caption(md(need["vlag"]))
    if need["redenen"]:
        st.info(md(need["redenen"]))
    st.table(panel.comparison.set_index("Indicator"))
    with st.expander("Opmerkingen en bronnen per indicator"):
        st.markdown("\n".join(f"- {md(line)}" for line in panel.notes))
    if panel.initiatives is not None:
        here = panel.initiatives
        st.markdown(f"**{md(panel.initiatives_title)}**")
        if len(here):
            st.dataframe(
                here[["naam", "Bereik", "organisator"]].rename(
                    columns={"naam": "Initiatief", "organisator": "Organisator"}
                ),
                hide_index=True,
                width="stretch",
            )
else:
    need_col.caption("Klik op een gemeente of wijk op de kaart om haar cijfers te zien.")

st.header("Grootste actiekloof")
saved_count = loaders.saved_inventory_count()
st.caption(
    GAP_DISCLAIMER
    + (
        " Uw opgeladen overzicht is de maat voor de gemeenten die het dekt."
        if loaders.uploaded_inventory()
        else ""
    )
    + (
        f" Het eigen overzicht van {saved_count} gemeente(n), bewaard op de pagina Inventaris, "
        "is de maat voor die gemeenten."
        if saved_count
        else ""
    )
)
shown = view.ranking
st.dataframe(
    shown.head(25).assign(Robuustheid=(100 * shown["Robuustheid"].head(25)).round()),
    hide_index=True,
    width="stretch",
    column_config={
        "Nood-index": st.column_config.NumberColumn(format="%.0f"),
        # Whole percentages, so no decimal point: "80 %" (Dutch spacing), not "80.5%".
        "Robuustheid": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%"),
    },
)
st.caption(
    f"Nood-index uit: {md(view.need_sources)}. "
    "Aanbod: VVSG, 'Verbonden met (n)iemand' (2024) of uw eigen overzicht."
)
download_buttons(
    shown,
    f"actiekloof-{level}",
    "actiekloof",
    labels=("Rangschikking als CSV", "Rangschikking voor Excel"),
)

with st.expander("Alle cijfers van de kaart in een tabel"):
    st.dataframe(view.figures_table, hide_index=True, width="stretch")
    st.caption("Bronnen: " + md(view.figures_sources))
    download_buttons(
        view.figures_table,
        f"cijfers-{level}",
        "cijfers",
        labels=("Tabel als CSV", "Tabel voor Excel"),
    )

publish(BASE + LATE + WEIGHTS)
