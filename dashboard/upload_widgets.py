"""Widgets of the upload page: reading options, the validation report and what is in use.

User text (file names, column names, cell values, messages) reaches the page only through
``st.dataframe`` (never interpreted), ``st.code`` or markdown escaped with :func:`md`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import streamlit as st

from dashboard import session
from dashboard.text import md
from geodata.messages import Message
from geodata.safe_export import to_csv_bytes
from geodata.upload import CRS_LABELS, LAMBERT72, LAMBERT2008, WGS84
from layers.uploads import (
    AGGREGATION_LABELS,
    COLUMN_MERGE_LABELS,
    DUPLICATE_LABELS,
    POINT_KINDS,
    STATUS_LABELS,
    WORKSET_TTL_DAYS,
    Processed,
    accounting_line,
    column_merge_choices,
    messages_frame,
    rejected_rows_frame,
)

OPTION_NAMES = ("blad", "laag", "kopregel", "sleutel", "waarden", "decimaal", "dubbel",
                "aggregatie", "teller", "noemer", "verhouding", "jaar", "crs",
                "crs_ok")  # fmt: skip
MAX_LISTED = 8
NO_HEADER = "(geen kopregel: elke regel is gegevens)"  # the 'Kopregel' choice '0'
DECIMAL_LABELS = {"auto": "automatisch", ",": "komma (12,5)", ".": "punt (12.5)"}


PER_COLUMN = "pk_"  # widget key of a column's merge: prefix + PER_COLUMN + column


def option_values(prefix: str) -> dict[str, Any]:
    """The current values of the option widgets (absent before they were first shown)."""
    values = {name: st.session_state.get(prefix + name) for name in OPTION_NAMES}
    start = prefix + PER_COLUMN
    values["per_kolom"] = {
        str(key)[len(start) :]: value
        for key, value in st.session_state.items()
        if str(key).startswith(start) and value != "standaard"
    }
    return values


def _auto(detected: Any) -> str:
    return f"automatisch ({detected})" if detected not in (None, "") else "automatisch"


def _needs_choice(auto: Mapping[str, Any], prefix: str) -> bool:
    """Whether the analyst must choose (shown prominently) or chose already (kept visible)."""
    chosen = st.session_state.get(prefix + "aggregatie") or st.session_state.get(prefix + "dubbel")
    return bool(auto.get("needs_aggregation") or auto.get("duplicate_keys") or chosen)


def required_choices(auto: Mapping[str, Any], prefix: str) -> None:
    """Choices without which rows stay unused: duplicates and merging several rows per unit."""
    if not _needs_choice(auto, prefix):
        return
    st.subheader("Keuze nodig")
    if auto.get("duplicate_keys"):
        st.radio(
            "Een sleutel komt meer dan eens voor: welke rij telt?",
            list(DUPLICATE_LABELS),
            format_func=DUPLICATE_LABELS.get,
            key=prefix + "dubbel",
            horizontal=True,
        )
    if auto.get("needs_aggregation") or st.session_state.get(prefix + "aggregatie"):
        merged = md(", ".join(auto.get("merged_codes") or []))
        st.radio(
            "Meerdere rijen horen bij één gemeente of wijk van 2025 (samengevoegde gemeenten of "
            f"statistische sectoren; codes {merged}). Hoe samenvoegen?",
            list(AGGREGATION_LABELS),
            format_func=AGGREGATION_LABELS.get,
            key=prefix + "aggregatie",
            help="Optellen is juist voor aantallen. Een percentage of verhouding wordt opnieuw "
            "berekend uit een teller- en een noemerkolom; gemiddelden worden nooit berekend.",
        )
        numbers = list(auto.get("value_columns") or [])
        _per_column(numbers, auto, prefix)
        per_column = option_values(prefix)["per_kolom"]
        whole_file = st.session_state.get(prefix + "aggregatie") == "rate"
        if whole_file or "rate" in per_column.values():
            c1, c2, c3 = st.columns(3)
            c1.selectbox("Teller (aantal)", numbers, key=prefix + "teller")
            c2.selectbox("Noemer (totaal)", numbers, index=min(1, len(numbers) - 1),
                         key=prefix + "noemer")  # fmt: skip
        if whole_file:
            c3.selectbox(
                "Kolom met de verhouding",
                ["", *numbers],
                format_func=lambda c: c or "nieuwe kolom 'aandeel'",
                key=prefix + "verhouding",
            )


def _per_column(numbers: list[str], auto: Mapping[str, Any], prefix: str) -> None:
    """One merge choice per value column; a share, rate, mean or percentage is never summed."""
    shares: Mapping[str, str] = auto.get("share_columns") or {}
    chosen = any(st.session_state.get(prefix + PER_COLUMN + c) not in (None, "standaard")
                 for c in numbers)  # fmt: skip
    with st.expander("Per kolom kiezen hoe ze samengevoegd wordt", expanded=bool(shares) or chosen):
        for column in numbers:
            st.selectbox(
                f"Kolom '{md(column)}'",
                column_merge_choices(column, auto),
                format_func=lambda m: COLUMN_MERGE_LABELS.get(m, m),
                key=prefix + PER_COLUMN + column,
                help=(
                    f"Nooit optellen: {md(shares[column])}." if column in shares
                    else "Optellen is juist voor aantallen."
                ),
            )  # fmt: skip


def reading_options(processed: Processed, auto: Mapping[str, Any], prefix: str) -> None:
    """Routine reading options (sheet, layer, key and value columns, year, CRS, decimals)."""
    if processed.kind == "initiatieven":
        return
    choices = processed.choices
    sheets = list(auto.get("sheets") or [])
    layers = list(auto.get("layers") or [])
    years = [str(y) for y in auto.get("years") or []]
    spatial = processed.points is not None or "crs" in auto or "crs_inferred" in auto
    attention = len(sheets) > 1 or len(layers) > 1 or len(years) > 1 or "crs_inferred" in auto
    attention |= processed.kind == "indicator" and not auto.get("key_column")
    attention |= bool(auto.get("header_weak")) or bool(st.session_state.get(prefix + "kopregel"))
    with st.expander("Leesopties", expanded=attention):
        _header_choice(auto, prefix)
        c1, c2 = st.columns(2)
        if len(sheets) > 1:
            c1.selectbox("Excel-blad", ["", *sheets], format_func=lambda s: s or _auto(
                auto.get("sheet")), key=prefix + "blad")  # fmt: skip
        if len(layers) > 1:
            c1.selectbox("Laag", ["", *layers], format_func=lambda s: s or _auto(
                auto.get("layer")), key=prefix + "laag")  # fmt: skip
        columns = list(choices.get("columns") or auto.get("columns") or [])
        if processed.kind == "indicator" and columns:
            c1.selectbox(
                "Sleutelkolom (NIS-code, gemeentenaam, sector- of wijkcode)",
                ["", *columns],
                format_func=lambda c: c or _auto(auto.get("key_column") or "niet gevonden"),
                key=prefix + "sleutel",
            )
            key = st.session_state.get(prefix + "sleutel") or auto.get("key_column")
            c2.multiselect(
                "Waardekolommen (leeg = alle kolommen met getallen)",
                [c for c in columns if c != key],
                key=prefix + "waarden",
            )
        if len(years) > 1:
            c2.selectbox("Jaar", ["", *years], format_func=lambda y: y or _auto(
                f"laatste: {auto.get('year')}"), key=prefix + "jaar")  # fmt: skip
        if spatial:
            detected: str | None = auto.get("crs_inferred") or auto.get("crs")
            detected_label = CRS_LABELS.get(detected, detected) if detected else None
            c1.selectbox(
                "Coördinatenstelsel",
                ["", WGS84, LAMBERT72, LAMBERT2008],
                format_func=lambda c: CRS_LABELS.get(c, c) if c else _auto(detected_label),
                key=prefix + "crs",
            )
            if "crs_inferred" in auto or any("bevestig" in m.message for m in
                                             processed.report.messages):  # fmt: skip
                c2.checkbox("Het afgeleide coördinatenstelsel klopt", key=prefix + "crs_ok")
        c2.radio("Decimaalteken", list(DECIMAL_LABELS), format_func=DECIMAL_LABELS.get,
                 key=prefix + "decimaal", horizontal=True)  # fmt: skip


def _header_choice(auto: Mapping[str, Any], prefix: str) -> None:
    """'Kopregel': the line read as the header (automatic = as detected), offered among the
    first lines of the file; when the detection was uncertain the page says why."""
    offered: list[tuple[int, str]] = [(int(n), str(t)) for n, t in auto.get("header_lines") or []]
    if not offered:
        return
    detected = auto.get("header_line")
    if auto.get("header_weak") and not st.session_state.get(prefix + "kopregel"):
        st.info(
            f"Regel {detected} werd als kopregel genomen, maar dat is onzeker "
            f"({md(auto['header_weak'])}). Klopt dat niet, kies dan hieronder de regel met de "
            "kolomnamen, of 'geen kopregel' als elke regel gegevens is.",
            icon=":material/help:",
        )
    shown = dict(offered)

    def label(n: str) -> str:
        if not n:
            return _auto(f"regel {detected}" if detected else None)
        return NO_HEADER if n == "0" else f"regel {n}: {shown[int(n)]}"

    st.selectbox(
        "Kopregel (de regel met de kolomnamen)",
        ["", "0", *(str(n) for n, _ in offered)],
        format_func=label,
        key=prefix + "kopregel",
        help="De regels erboven worden niet gelezen; elke regel eronder telt als een rij. "
        "Zonder kopregel telt elke regel als een rij, in kolommen 'kolom 1', 'kolom 2', ... "
        "Zoals --header-line bij 'verbonden check' (0: geen kopregel).",
    )


def _located(message: Message) -> str:
    """The message with its line and column, without the file name (shown once above)."""
    where = [f"regel {message.line}"] if message.line is not None else []
    where += [f"kolom '{message.column}'"] if message.column else []
    return f"{', '.join(where)}: {message.message}" if where else message.message


def _important(messages: list[Message]) -> str:
    """Markdown list (escaped) of the first warnings and errors, with line and column."""
    important = [m for m in messages if m.level != "info"]
    lines = [f"- {md(_located(m))}" for m in important[:MAX_LISTED]]
    if len(important) > MAX_LISTED:
        lines.append(f"- … en nog {len(important) - MAX_LISTED} (zie de tabel hieronder)")
    return "\n".join(lines)


def validation_report(processed: Processed, notes: list[str]) -> None:
    """Status, the four counts with the accounting identity, notes, messages, unused rows."""
    report = processed.report
    st.subheader("Controle van het bestand")
    errors = [m for m in report.messages if m.level == "error"]
    if report.status == "rejected":
        lines = "\n\n".join(md(str(m)) for m in errors) or md(report.filename)
        st.error(f"{STATUS_LABELS['rejected']}\n\n{lines}")
    elif processed.mismatch:
        st.warning(md(processed.mismatch))
    elif report.status == "warnings":
        st.warning(STATUS_LABELS["warnings"] + "\n\n" + _important(report.messages))
    else:
        st.success(STATUS_LABELS["ok"])
    cols = st.columns(4)
    cols[0].metric("Rijen gelezen", report.rows_in)
    cols[1].metric("Gekoppeld", report.rows_matched)
    cols[2].metric("Niet gekoppeld", report.rows_unmatched)
    cols[3].metric("Onleesbaar", report.rows_malformed)
    st.caption(
        md(accounting_line(report))
        + ". Gekoppeld = herkend en bruikbaar; niet gekoppeld = geen gemeente of wijk gevonden, "
        "buiten Vlaanderen of niet gekozen; onleesbaar = cel of rij kan niet gelezen worden."
    )
    if notes:
        st.markdown("**Zo werd het bestand gelezen**\n\n" + "\n".join(f"- {md(n)}" for n in notes))
    if report.messages:
        st.markdown(f"**Alle meldingen ({len(report.messages)})**")
        st.dataframe(
            messages_frame(report.messages),
            hide_index=True,
            width="stretch",
            column_config={
                "Regel": st.column_config.TextColumn(width="small"),
                "Kolom": st.column_config.TextColumn(width="small"),
                "Soort": st.column_config.TextColumn(width="small"),
                "Melding": st.column_config.TextColumn(width="large"),
            },
        )
    unused = rejected_rows_frame(report)
    if len(unused):
        with st.expander(f"Rijen die niet gebruikt worden ({len(unused)})"):
            st.dataframe(unused, hide_index=True, width="stretch")
        st.download_button(
            "Niet gebruikte rijen downloaden (CSV)",
            # made on click: a large file's 190,000 unused rows cost no CSV until asked for
            partial(to_csv_bytes, unused, excel_nl=True),
            file_name="niet-gebruikte-rijen.csv",
            mime="text/csv",
            key="ed_unused_download",
        )


def _remove_points(kind: str) -> None:
    session.set_points(kind, None)


def _remove_inventory() -> None:
    session.set_inventory(None)


def in_use() -> None:
    """What this session uses now, each with a button to stop using it."""
    st.subheader("Nu in gebruik in deze sessie")
    st.info(
        "Wat u hier gebruikt, ziet alleen wie de link van deze pagina heeft: het wordt op de "
        f"server bewaard onder een onraadbare werkset-code in de link (?werkset=…), blijft na "
        f"herladen staan en wordt {WORKSET_TTL_DAYS} dagen na de laatste wijziging gewist. Deel "
        "de link alleen met wie deze gegevens mag zien. Voor langer: sla het bestand op in de "
        "opslag."
    )
    rows: list[tuple[str, str, Callable[..., None], tuple[str, ...]]] = []
    for upload in session.indicators():
        text = (
            f"Indicator **{md(upload.name)}** uit {md(upload.filename)} "
            f"({upload.level}, {len(upload.values)} waarden)"
        )
        rows.append((f"ed_rm_{upload.id}", text, session.remove_indicator, (upload.id,)))
    labels = {"ontmoetingsplaatsen": "Ontmoetingsplaatsen", "haltes": "Bus- en tramhaltes"}
    for kind in POINT_KINDS:
        frame = session.meeting_places() if kind == "ontmoetingsplaatsen" else session.stops()
        if frame is not None:
            rows.append((f"ed_rm_{kind}", f"{labels[kind]}: {len(frame)} punten", _remove_points,
                         (kind,)))  # fmt: skip
    inventory = session.inventory()
    if inventory is not None:
        n = int(inventory["geldig"].sum()) if "geldig" in inventory else len(inventory)
        text = f"Eigen overzicht van initiatieven: {n} initiatieven (vervangt de publicatie)"
        rows.append(("ed_rm_initiatieven", text, _remove_inventory, ()))
    if not rows:
        st.caption(
            "Nog niets: de kaart gebruikt alleen de open data en de initiatieven uit "
            "'Verbonden met (n)iemand'."
        )
    for key, text, remove, args in rows:
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        c1.markdown(text)
        c2.button("Verwijderen", key=key, on_click=remove, args=args)


__all__ = [
    "OPTION_NAMES",
    "in_use",
    "option_values",
    "reading_options",
    "required_choices",
    "validation_report",
]
