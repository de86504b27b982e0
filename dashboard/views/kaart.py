"""Kaart (planners): indicators, need index and action gap per gemeente or wijk."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import loaders, mapping, session
from dashboard.state import Param, publish, restore
from dashboard.text import md
from geodata.safe_export import to_csv_bytes, to_excel_bytes
from layers.analysis import (
    GAP_DISCLAIMER,
    THEME_LABELS,
    UNAVAILABLE_THEMES,
    default_theme_indicators,
    gap_ranking,
)
from layers.indicators import specs_for
from layers.initiatives import ACTION_TYPES, EFFECTIVE_ELEMENTS, TARGET_GROUPS, labels
from layers.maps import SCHEME_LABELS, lonlat_bounds
from layers.views import (
    GAP_LAYER,
    initiatives_for_map,
    layer_choices,
    map_overlay,
    need_summary,
    unit_figures,
)

st.title("Kaart: waar is de nood hoog en het aanbod laag?")

LEVELS = {"gemeente": "Gemeenten (285)", "wijk": "Wijken (2.563)"}
gemeenten = loaders.attributes("gemeente").sort_values("naam")
provinces = gemeenten.drop_duplicates("provincie_code").sort_values("provincie")
SCOPES = {"vl": "Heel Vlaanderen"}
SCOPES |= {f"p:{r.provincie_code}": f"Provincie {r.provincie}" for r in provinces.itertuples()}
SCOPES |= {f"g:{r.code}": f"Gemeente {r.naam}" for r in gemeenten.itertuples()}

BASE = [
    Param("k_niveau", "niveau", "str", "gemeente"),
    Param("k_gebied", "gebied", "str", "vl"),
    Param("k_laag", "laag", "str", GAP_LAYER),
    Param("k_indeling", "indeling", "str", "quantiles"),
    Param("k_eenheid", "eenheid", "str", ""),
    Param("k_doelgroep", "doelgroep", "list", []),
    Param("k_actie", "actie", "list", []),
    Param("k_element", "element", "list", []),
    Param("k_initiatieven", "initiatieven", "bool", True),
]
restore(
    BASE,
    allowed={"k_niveau": LEVELS, "k_gebied": SCOPES, "k_indeling": SCHEME_LABELS},
)

with st.sidebar:
    level = st.radio("Niveau", list(LEVELS), format_func=LEVELS.get, key="k_niveau")
    if level == "wijk":
        scope = st.selectbox(
            "Gebied", list(SCOPES), format_func=SCOPES.get, key="k_gebied",
            help="Wijken van heel Vlaanderen, één provincie of één gemeente.",
        )  # fmt: skip
    else:
        scope = "vl"

uploaded_points = {"ontmoetingsplaatsen": session.meeting_places(), "haltes": session.stops()}
available = {
    s.id for s in specs_for(level) if s.requires is None or uploaded_points[s.requires] is not None
}
themes = default_theme_indicators(level, available)  # an uploaded measure replaces its proxy
uploads = [u for u in session.indicators() if u.level == level]
WEIGHTS = [Param(f"k_w_{t}", f"w_{t}", "float", 1.0) for t in themes]
WEIGHTS += [Param(f"k_w_{u.id}", f"w_{u.id}", "float", 0.0) for u in uploads]
restore(WEIGHTS)


def _reset_weights() -> None:
    for param in WEIGHTS:
        st.session_state[param.key] = param.default


with st.sidebar.expander("Gewichten van de nood-index", expanded=False):
    st.caption("Hoe zwaar telt elk thema mee? 0 = niet. De kaart en de rangschikking volgen.")
    for theme in themes:
        st.slider(THEME_LABELS[theme], 0.0, 3.0, step=0.5, key=f"k_w_{theme}")
    for upload in uploads:
        st.slider(f"{md(upload.name)} (eigen)", 0.0, 3.0, step=0.5, key=f"k_w_{upload.id}")
    for reason in UNAVAILABLE_THEMES.get(level, {}).values():
        st.caption(reason)
    st.button("Standaardgewichten", on_click=_reset_weights)

weights = {ident: float(st.session_state[f"k_w_{theme}"]) for theme, ident in themes.items()}
weights |= {u.id: float(st.session_state[f"k_w_{u.id}"]) for u in uploads}
if not any(weights.values()):
    st.warning("Alle gewichten staan op 0: de nood-index gebruikt dan gelijke gewichten.")
    weights = dict.fromkeys(themes.values(), 1.0)

table, specs = loaders.unit_table(level, weights)
choices = {c.id: c for c in layer_choices(specs, table)}

with st.sidebar:
    if st.session_state.get("k_laag") not in choices:
        st.session_state["k_laag"] = GAP_LAYER
    choice_id = st.selectbox(
        "Kaartlaag", list(choices), format_func=lambda i: choices[i].picker_label, key="k_laag"
    )
    st.selectbox(
        "Klassenindeling", list(SCHEME_LABELS), format_func=SCHEME_LABELS.get, key="k_indeling"
    )
    show_points = st.toggle("Initiatieven tonen", key="k_initiatieven")
    with st.expander("Initiatieven filteren"):
        st.multiselect(
            "Doelgroep",
            [t.id for t in TARGET_GROUPS],
            format_func=labels(TARGET_GROUPS).get,
            key="k_doelgroep",
        )
        st.multiselect(
            "Soort actie",
            [t.id for t in ACTION_TYPES],
            format_func=labels(ACTION_TYPES).get,
            key="k_actie",
        )
        st.multiselect(
            "Effectief element",
            [t.id for t in EFFECTIVE_ELEMENTS],
            format_func=labels(EFFECTIVE_ELEMENTS).get,
            key="k_element",
        )

choice = choices[choice_id]
if level == "wijk" and scope.startswith("g:"):
    in_scope = table["gemeente_code"] == scope[2:]
elif level == "wijk" and scope.startswith("p:"):
    prov_of = gemeenten.set_index("code")["provincie_code"]
    in_scope = table["gemeente_code"].map(prov_of) == scope[2:]
else:
    in_scope = pd.Series(True, index=table.index)
scoped = table[in_scope]
units = loaders.display_layer(level)
scope_units = units[units["code"].isin(set(scoped["code"]))]
bounds = lonlat_bounds(scope_units) if len(scope_units) else mapping.FLANDERS_BOUNDS

names = dict(zip(scoped["code"].astype(str), scoped["naam"], strict=True))
clicked = mapping.clicked_code(level)
if clicked and clicked != st.session_state.get("_k_last_click"):
    st.session_state["_k_last_click"] = clicked
    if clicked in names:
        st.session_state["k_eenheid"] = clicked
selected = st.session_state.get("k_eenheid") or None
if selected not in names:
    selected = None

points = None
if show_points:
    points = initiatives_for_map(
        loaders.inventory_points(session.inventory()),
        target_groups=st.session_state["k_doelgroep"],
        action_types=st.session_state["k_actie"],
        elements=st.session_state["k_element"],
    )

overlay = map_overlay(
    table,
    choice=choice,
    scope_codes=list(names),
    bounds=bounds,
    fit_key=f"{level}:{scope}",
    selected=selected,
    scheme=st.session_state["k_indeling"],
    initiatives=points,
)

mapping.show_map(level, overlay.feature_group, height=520)
st.caption(
    f"Bron: {choice.source}. Kaartgrenzen: Provincies in Cijfers / Statbel (2025, open data). "
    + (
        f"{len(points)} initiatieven getoond; bron: VVSG, 'Verbonden met (n)iemand' of eigen "
        "overzicht. Open cirkels = benaderde locatie."
        if points is not None
        else ""
    )
)
legend_col, points_col, panel_col = st.columns([1, 1, 2], gap="medium")
legend_col.html(overlay.legend_html)
if overlay.points_legend_html:
    points_col.html(overlay.points_legend_html)

with panel_col:
    options = ["", *sorted(names, key=lambda c: names[c])]
    if st.session_state.get("k_eenheid") not in options:
        st.session_state["k_eenheid"] = ""
    st.selectbox(
        "Gebied bekijken", options,
        format_func=lambda c: names.get(c, "— klik op de kaart of kies hier —"), key="k_eenheid",
    )  # fmt: skip
    code = st.session_state["k_eenheid"]
    if code:
        row = table[table["code"] == code].iloc[0]
        st.subheader(md(row["naam"]))
        summary = need_summary(table, code)
        st.markdown(
            f"**Nood-index:** {summary['nood']} (rang {summary['rang']})  \n"
            f"**Robuustheid:** {summary['robuustheid']}  \n"
            f"**Actiekloof:** {summary['kloof']}"
        )
        if summary["vlag"]:
            st.caption(summary["vlag"])
        if summary["redenen"]:
            st.info(summary["redenen"])
        province_code = gemeenten.set_index("code").at[
            code if level == "gemeente" else row["gemeente_code"], "provincie_code"
        ]
        figures = unit_figures(
            table,
            code,
            specs=specs,
            flanders={
                i: loaders.flanders_value(i) for i in specs if i in loaders.specs_for_ids(level)
            },
            province={
                i: loaders.province_values(i).get(province_code, float("nan"))
                for i in specs
                if i in loaders.specs_for_ids(level)
            },
        )
        st.dataframe(figures, hide_index=True, width="stretch")
        if points is not None:
            gem_code = code if level == "gemeente" else row["gemeente_code"]
            here = points[
                (points["gemeente_code"] == gem_code)
                | points["gemeenten"].map(lambda codes: gem_code in (codes or ()))
            ]
            place = row["naam"] if level == "gemeente" else row["gemeente"]
            st.markdown(f"**Initiatieven in {md(place)}:** {len(here)}")
            if len(here):
                st.dataframe(
                    here[["naam", "organisator"]].rename(
                        columns={"naam": "Initiatief", "organisator": "Organisator"}
                    ),
                    hide_index=True,
                    width="stretch",
                )
    else:
        st.caption("Klik op een gemeente of wijk op de kaart om haar cijfers te zien.")

st.header("Grootste actiekloof")
st.caption(
    GAP_DISCLAIMER if session.inventory() is None else "Aanbod volgens uw opgeladen overzicht."
)
ranking = gap_ranking(scoped, top=None)
shown = ranking[["kloof_rang", "code", "naam", "nood", "robuustheid", "aanbod_aantal", "kloof_label", "kloof_redenen"]].rename(  # noqa: E501
    columns={
        "kloof_rang": "Rang", "code": "Code", "naam": "Naam", "nood": "Nood-index",
        "robuustheid": "Robuustheid", "aanbod_aantal": "Initiatieven", "kloof_label": "Kloof",
        "kloof_redenen": "Waarom",
    }
)  # fmt: skip
st.dataframe(
    shown.head(25),
    hide_index=True,
    width="stretch",
    column_config={
        "Nood-index": st.column_config.NumberColumn(format="%.0f"),
        "Robuustheid": st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent"),
    },
)
st.caption(
    "Nood-index uit: "
    + "; ".join(
        f"{specs[i].label} — {specs[i].source} ({specs[i].year}; {specs[i].licence})"
        for i, w in weights.items()
        if w > 0 and i in specs
    )
    + ". Aanbod: VVSG, 'Verbonden met (n)iemand' (2024) of uw eigen overzicht."
)
c1, c2 = st.columns(2)
# Downloads are built only when clicked (a callable), not on every rerun of the page.
c1.download_button(
    "Rangschikking als CSV",
    partial(to_csv_bytes, shown),
    f"actiekloof-{level}.csv",
    "text/csv",
    on_click="ignore",
)
c2.download_button(
    "Rangschikking voor Excel",
    partial(to_excel_bytes, shown, sheet_name="actiekloof"),
    f"actiekloof-{level}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)

with st.expander("Alle cijfers van de kaart in een tabel"):
    columns = ["code", "naam", *[i for i in specs if i in scoped], "nood", "kloof_label"]
    st.dataframe(
        scoped[columns].rename(
            columns={i: specs[i].label for i in specs} | {"kloof_label": "kloof"}
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption("Bronnen: " + "; ".join(sorted({f"{s.source} ({s.year})" for s in specs.values()})))

publish(BASE + WEIGHTS)
