"""Plannen (planners): what would new meeting places change, and where would they reach most?"""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from dashboard import loaders
from dashboard.state import Param, publish, restore, show_link_notes
from dashboard.text import md
from dashboard.widgets import download_buttons
from layers.maps import localise_map
from layers.planning import DEFAULT_DISTANCE_M, MAX_DISTANCE_M, MAX_SITES, MIN_DISTANCE_M
from layers.views import (
    parse_points,
    plannen_view,
    point_token,
    scenario_lines,
    sector_choices,
)

MAP_KEY = "p_kaart"
DISTANCE_STEP = 50.0
DISTANCES = [float(d) for d in range(int(MIN_DISTANCE_M), int(MAX_DISTANCE_M) + 1, 50)]
SITES = [str(k) for k in range(MAX_SITES + 1)]

st.title("Plannen: waar brengt een nieuwe ontmoetingsplaats de meeste mensen dichterbij?")
st.caption(
    "Zet hypothetische ontmoetingsplaatsen op de kaart (klik) of kies een sectorcentrum, en zie "
    "meteen hoeveel inwoners en 65-plussers er een ontmoetingsplaats binnen wandelafstand bij "
    "krijgen. Of laat de beste plekken voorstellen. De link in de adresbalk bewaart het scenario."
)

attrs = loaders.attributes("gemeente").sort_values("naam")
names = dict(zip(attrs["code"].astype(str), attrs["naam"].astype(str), strict=True))
wijk_attrs = loaders.attributes("wijk").sort_values("naam")
PARAMS = [
    Param("p_gemeente", "gemeente", "str", "11002"),
    Param(
        "p_afstand",
        "afstand",
        "float",
        DEFAULT_DISTANCE_M,
        bounds=(MIN_DISTANCE_M, MAX_DISTANCE_M),
        step=DISTANCE_STEP,
    ),
    Param("p_k", "k", "str", "0"),
    Param("p_punten", "punten", "list", []),
    Param("p_hotspots", "hotspots", "bool", False),
    Param("p_wijk", "wijk", "str", ""),
]
restore(
    PARAMS,
    allowed={
        "p_gemeente": names,
        "p_k": SITES,
        "p_wijk": ["", *wijk_attrs["code"].astype(str)],
    },
)
show_link_notes()


def _clear_points() -> None:
    st.session_state["p_punten"] = []


def _add_point(token: str) -> None:
    current = list(st.session_state.get("p_punten") or [])
    if token and token not in current:
        st.session_state["p_punten"] = [*current, token]


def _add_points(tokens: list[str]) -> None:
    for token in tokens:
        _add_point(token)


def _change_gemeente() -> None:
    _clear_points()
    st.session_state["p_wijk"] = ""


# A click on the map adds a point (read before the widgets, so it shows in the same run).
clicked = (st.session_state.get(MAP_KEY) or {}).get("last_clicked")
if clicked and clicked != st.session_state.get("_p_last_click"):
    st.session_state["_p_last_click"] = clicked
    _add_point(point_token(float(clicked["lat"]), float(clicked["lng"])))

with st.sidebar:
    code = st.selectbox(
        "Gemeente", list(names), format_func=names.__getitem__, key="p_gemeente",
        on_change=_change_gemeente,
    )  # fmt: skip
    distance = st.select_slider(
        "Wandelafstand (m, vogelvlucht)",
        DISTANCES,
        format_func=lambda d: f"{d:.0f}",
        key="p_afstand",
    )
    k = st.selectbox(
        "Voorstel: beste nieuwe plekken",
        SITES,
        format_func=lambda s: "geen voorstel" if s == "0" else f"{s} plek(ken)",
        key="p_k",
    )
    own_wijken = wijk_attrs.loc[wijk_attrs["gemeente_code"].astype(str) == code]
    wijk_names = {"": "de hele gemeente"} | dict(
        zip(own_wijken["code"].astype(str), own_wijken["naam"].astype(str), strict=True)
    )
    if st.session_state.get("p_wijk") not in wijk_names:
        st.session_state["p_wijk"] = ""
    wijk = st.selectbox(
        "Voorstel voor de 65-plussers van",
        list(wijk_names),
        format_func=wijk_names.__getitem__,
        key="p_wijk",
        disabled=k == "0",
    )
    show_hotspots = st.toggle(
        "Hotspots van nood tonen (wijken)",
        key="p_hotspots",
        help="Clusters van wijken met hoge nood (lokale Moran's I op de nood-index).",
    )

base = loaders.planning_base()
choices = sector_choices(base, code)
with st.expander("Punt toevoegen op een sectorcentrum", expanded=False):
    sector = st.selectbox(
        "Sectorcentrum", list(choices), format_func=choices.__getitem__, key="p_sector"
    )
    st.button("Toevoegen", on_click=_add_point, args=(sector,), key="p_toevoegen")

tokens = [t for t in st.session_state.get("p_punten") or [] if parse_points([t])]
st.session_state["p_punten"] = tokens
left, right = st.columns([4, 1])
left.multiselect(
    "Nieuwe plekken in het scenario (klik op de kaart om er een toe te voegen; × verwijdert)",
    tokens,
    format_func=lambda t: "{} / {}".format(*t.split("_")),
    key="p_punten",
    placeholder="nog geen nieuwe plekken: klik op de kaart",
)
right.button("Alles wissen", on_click=_clear_points, key="p_wissen")

candidates: tuple[str, bytes] | None = None
if k != "0":
    with st.expander("Eigen kandidaat-plekken (optioneel)", expanded=False):
        st.caption(
            "Standaard kiest het voorstel uit de zwaartepunten van de sectoren. Laad hier een "
            "puntenbestand op (leegstaande panden, parochiezalen, scholen, ...) om uit die plekken "
            "te kiezen; een kolom 'naam' benoemt ze. Dit bestand blijft in deze sessie en gaat "
            "niet mee in de link."
        )
        upload = st.file_uploader(
            "Puntenbestand",
            type=["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"],
            key="p_kandidaten",
        )
        if upload is not None:
            candidates = (upload.name, upload.getvalue())
suggestion = None
if k != "0":
    try:
        suggestion = loaders.plan_suggestion(code, int(k), float(distance), candidates, wijk)
    except ValueError as exc:
        st.error(f"{md(exc)} Het voorstel gebruikt nu de zwaartepunten van de sectoren.")
        suggestion = loaders.plan_suggestion(code, int(k), float(distance), None, wijk)
gemeente_shape = loaders.display_layer("gemeente").query("code == @code")
wijken = loaders.display_layer("wijk")
view = plannen_view(
    base,
    gemeente=code,
    points=parse_points(st.session_state["p_punten"]),
    distance_m=float(distance),
    suggestion=suggestion,
    wijken=wijken,
    outline=gemeente_shape,
    hotspots=loaders.wijk_hotspots() if show_hotspots else None,
)

st.markdown(f"**{md(view.headline)}**")
st_folium(
    localise_map(view.map, base_url=loaders.VENDOR_URL),
    returned_objects=["last_clicked"],
    key=MAP_KEY,
    height=520,
    use_container_width=True,
)
st.caption(
    "Blauw: uw nieuwe plekken met hun wandelafstand; oranje (genummerd): voorgestelde plekken; "
    "grijze stippen: zwaartepunten van de sectoren; donkergrijs: opgeladen ontmoetingsplaatsen."
)

st.subheader("Vóór en na: de gemeente en haar wijken")
st.dataframe(view.table, hide_index=True, width="stretch")
st.caption(
    f"Rang: 1 = hoogste nood van de {len(base.wide['gemeente'])} gemeenten of "
    f"{len(base.wide['wijk'])} wijken van Vlaanderen."
)
if len(view.points):
    st.subheader("Per nieuwe plek")
    st.dataframe(view.points, hide_index=True, width="stretch")

if suggestion is not None and view.sites is not None and view.gains is not None:
    st.subheader(f"Voorstel: de {suggestion.k} beste plek(ken)")
    if view.sites.empty:
        st.info(
            "Er is geen plek die nog 65-plussers zonder ontmoetingsplaats binnen bereik brengt."
        )
    else:
        st.dataframe(view.sites, hide_index=True, width="stretch")
        view_sites_xy = list(suggestion.sites.iterrows())
        st.dataframe(view.gains, hide_index=True, width="stretch")
        st.button(
            "Voorgestelde plekken in het scenario zetten",
            on_click=_add_points,
            args=([point_token(float(r["lat"]), float(r["lon"])) for _, r in view_sites_xy],),
            key="p_overnemen",
        )

with st.container(border=True):
    st.markdown("**Hoe lees ik dit?**")
    for note in view.notes:
        st.caption(note)

st.subheader("Downloaden")
d1, d2, d3 = st.columns(3)
today = date.today().isoformat()
d1.download_button(
    "Gemeenterapport met dit scenario (PDF)",
    loaders.scenario_pdf(code, today, scenario_lines(view)),
    f"verbonden-{code}-scenario-{today}.pdf",
    "application/pdf",
    type="primary",
    on_click="ignore",
    key="p_pdf",
)
download_buttons(
    view.table,
    f"verbonden-plan-{code}",
    "scenario",
    labels=("Scenario als CSV", "Scenario voor Excel"),
    columns=(d2, d3),
)
publish(PARAMS)
