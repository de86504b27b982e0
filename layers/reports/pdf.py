"""The one-click A4 municipality report (PDF, fpdf2): map, figures with sources, initiatives,
checklist and hints, with the sources and licences in the footer of every page.

Text is set in DejaVu Sans (Debian's fonts-dejavu) when present, so Dutch characters come out
right; otherwise fpdf2's core Helvetica is used with the text transliterated to Latin-1. Every
string passes :meth:`_Report.clean`, so uploaded initiative names cannot break the document.
The wijk map is drawn as vectors by :mod:`layers.reports.pdf_map`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from layers.initiatives import EFFECTIVE_ELEMENTS, TARGET_GROUPS, labels, split_list
from layers.maps import format_value
from layers.reports.pdf_map import draw_wijk_map

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
INVENTORY_SOURCE = "Initiatieven en tips: VVSG, 'Verbonden met (n)iemand' (of eigen overzicht)"
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
LATIN1_SUBSTITUTES = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "≤": "<=",
     "≥": ">=", "•": "-", "€": "EUR", "→": "->", "\u00a0": " "}
)  # fmt: skip
NB_ALIAS = "{vb-nb}"
MARGIN = 15.0
TEXT_WIDTH = 210.0 - 2 * MARGIN


def dutch_date(day: date) -> str:
    """``date(2025, 3, 5)`` -> ``"5 maart 2025"``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class _Report(FPDF):
    """FPDF with a footer on every page and a text cleaner for the active font."""

    def __init__(self, *, footer_text: str, font_dir: Path | None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.family = "helvetica"
        files = {s: (font_dir / f) for s, f in FONT_FILES.items()} if font_dir else {}
        if files and all(p.is_file() for p in files.values()):
            for style, path in files.items():
                self.add_font("dejavu", style, str(path))
            self.family = "dejavu"
        self.unicode_ok = self.family == "dejavu"
        self.footer_text = self.clean(footer_text)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.alias_nb_pages(NB_ALIAS)
        self.footer_height = 20.0

    def start(self) -> None:
        """Add the first page and reserve room for the footer on every page."""
        self.add_page()
        self.set_font(self.family, "", 7)
        lines = self.multi_cell(TEXT_WIDTH, 3.2, self.footer_text, dry_run=True, output="LINES")
        assert isinstance(lines, list)  # output="LINES" returns the list of lines
        self.footer_height = 3.2 * (len(lines) + 1) + 4
        self.set_auto_page_break(True, margin=self.footer_height + 4)

    def clean(self, value: object) -> str:
        """Printable text for the active font: no control characters, no missing glyphs."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        text = unicodedata.normalize("NFC", str(value)).replace("\t", " ").replace("\r", "")
        text = text.replace(NB_ALIAS, "")
        text = "".join(c for c in text if c == "\n" or unicodedata.category(c)[0] != "C")
        if self.unicode_ok:
            font = self.fonts.get("dejavu")
            cmap = getattr(font, "cmap", None)  # TrueType fonts only
            if cmap:
                text = "".join(c if ord(c) in cmap or c == "\n" else "?" for c in text)
            return text
        out = []
        for char in text.translate(LATIN1_SUBSTITUTES):
            if ord(char) < 256:
                out.append(char)
                continue
            plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(plain or "?")
        return "".join(out)

    def footer(self) -> None:
        self.set_y(-self.footer_height)
        self.set_draw_color(160, 160, 160)
        self.line(MARGIN, self.get_y(), 210 - MARGIN, self.get_y())
        self.set_font(self.family, "", 7)
        self.set_text_color(80, 80, 80)
        self.multi_cell(TEXT_WIDTH, 3.2, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(TEXT_WIDTH, 3.2, f"pagina {self.page_no()} van {NB_ALIAS}", align="R")
        self.set_text_color(0, 0, 0)

    def write_text(
        self, text: object, *, size: float = 9, style: str = "", height: float = 4.2
    ) -> None:
        self.set_font(self.family, style, size)
        self.set_x(self.l_margin)
        self.multi_cell(TEXT_WIDTH, height, self.clean(text), align="L")

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - self.footer_height - 30:
            self.add_page()
        self.ln(3)
        self.write_text(text, size=12.5, style="B", height=6)
        self.ln(1)


def _source(row: pd.Series) -> str:
    """ "Bron (jaar)", without repeating a year the source text already names."""
    source, year = str(row["bron"]), str(row["jaar"])
    return source if year and year in source else f"{source} ({year})"


def _footer_text(summary: pd.DataFrame, map_source: str) -> str:
    """Sources with their year, then the licences once each: short enough for a footer."""
    sources: list[str] = []
    licences: list[str] = []
    if not summary.empty:
        for _, row in summary[["bron", "jaar"]].drop_duplicates().iterrows():
            sources.append(_source(row))
        for text in summary["licentie"].astype(str):
            licences.extend(part.strip() for part in text.split(";") if part.strip())
    if map_source:
        sources.append(f"kaart: {map_source}")
    sources.append(INVENTORY_SOURCE)
    return f"Bronnen: {'; '.join(dict.fromkeys(sources))}." + (
        f" Licenties: {'; '.join(dict.fromkeys(licences))}." if licences else ""
    )


def _value(row: pd.Series, column: str) -> str:
    text = str(row.get(f"{column}_tekst", ""))
    if not text:
        value = None if pd.isna(row[column]) else float(row[column])
        text = format_value(value, decimals=int(row["decimalen"]), unit=str(row["eenheid"]))
    return text.replace(" (mediaan)", " *")


def _short(text: object, limit: int = 300) -> str:
    """At most ``limit`` characters, so one uploaded value cannot fill a page."""
    value = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    text = str(text).strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def _rank(row: pd.Series) -> str:
    if pd.isna(row["rang"]):
        return "–"
    return f"{int(row['rang'])} / {int(row['rang_van'])}"


def _figures(pdf: _Report, summary: pd.DataFrame, province: str, comparison: str) -> None:
    pdf.heading("Cijfers")
    if summary.empty:
        pdf.write_text("Geen indicatoren beschikbaar voor deze gemeente.")
        return
    where = f"Provincie: {province}. " if province else ""
    group = f" ({comparison})" if comparison else ""
    pdf.write_text(
        f"{where}Vergelijkbare gemeenten: dezelfde klasse van uitrustingsgraad{group}. "
        "Vlaams Gewest, provincie en vergelijkbare gemeenten zijn herberekend uit opgetelde "
        "tellers en noemers, geen gemiddelde van percentages. * = mediaan van de gemeenten "
        "(indicator is geen verhouding). "
        "Rang: 1 = hoogste risico onder de gemeenten met een cijfer.",
        size=7.5,
        style="I",
        height=3.4,
    )
    pdf.ln(1)
    pdf.set_font(pdf.family, "", 7)
    head = ["Indicator", "Gemeente", "Vlaams Gewest", "Provincie"]
    head += ["Vergelijk-\nbare\ngemeenten", "Rang", "Bron"]
    with pdf.table(
        col_widths=(38, 20, 20, 20, 20, 15, 47),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
        line_height=3.3,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        padding=0.8,
    ) as table:
        table.row([pdf.clean(h) for h in head])
        for _, row in summary.iterrows():
            source = _source(row)
            cells = [row["label"], *(_value(row, c) for c in _COLUMNS), _rank(row), source]
            table.row([pdf.clean(c) for c in cells])
    pdf.ln(2)
    pdf.write_text("Toelichting", size=8, style="B")
    for _, row in summary.iterrows():
        notes = " ".join(_sentence(t) for t in (row["reden"], row["kanttekening"]) if t)
        if notes:
            pdf.write_text(f"{row['label']}: {notes}", size=6.5, height=3)


_COLUMNS = ("gemeente", "vlaanderen", "provincie", "vergelijkbaar")


def _headline(pdf: _Report, lines: Sequence[tuple[str, str]], suggestion: object | None) -> None:
    """The summary at the top: how the municipality stands and what the publication suggests."""
    if not lines and suggestion is None:
        return
    pdf.heading("In het kort")
    entries = [(f"{label}: ", text) for label, text in lines]
    if suggestion is not None:
        title = getattr(suggestion, "title", "")
        entries.append((f"Wat de publicatie aanraadt: {title}. ", getattr(suggestion, "text", "")))
    for bold, plain in entries:
        pdf.set_x(pdf.l_margin)
        pdf.set_font(pdf.family, "B", 8.5)
        pdf.write(4, pdf.clean(bold))
        pdf.set_font(pdf.family, "", 8.5)
        pdf.write(4, pdf.clean(plain))
        pdf.ln(5)
    pdf.ln(1)


def _initiatives(pdf: _Report, initiatives: pd.DataFrame) -> None:
    pdf.heading(f"Initiatieven ({len(initiatives)})")
    if initiatives.empty:
        pdf.write_text("Geen initiatieven bekend voor deze gemeente in het gebruikte overzicht.")
        return
    groups, elements = labels(TARGET_GROUPS), labels(EFFECTIVE_ELEMENTS)
    for _, row in initiatives.iterrows():
        pdf.write_text(_short(row.get("naam", "") or row.get("id", "")), size=9, style="B")
        parts = [
            ("Organisator", _short(row.get("organisator", "") or "")),
            (
                "Doelgroepen",
                ", ".join(groups.get(g, g) for g in split_list(row.get("doelgroepen"))),
            ),
            (
                "Werkzame elementen",
                ", ".join(elements.get(e, e) for e in split_list(row.get("effectieve_elementen"))),
            ),
            ("Meer info", _short(row.get("bron_url", "") or "")),
        ]
        pdf.write_text("\n".join(f"{k}: {v}" for k, v in parts if v), size=7.5, height=3.4)
        pdf.ln(1)


def _checklist(pdf: _Report, checklist: pd.DataFrame, groups: pd.DataFrame | None) -> None:
    pdf.heading("Zeven werkzame elementen")
    pdf.set_font(pdf.family, "", 8)
    with pdf.table(
        col_widths=(8, 62, 20, 90),
        text_align=("RIGHT", "LEFT", "CENTER", "LEFT"),
        line_height=3.8,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        padding=0.8,
    ) as table:
        table.row(["#", "Element", "Gedekt", "Door"])
        for _, row in checklist.iterrows():
            mark = "ja" if bool(row["gedekt"]) else "nee"
            cells = [str(row["nummer"]), row["label"], mark, _short(row["initiatieven"]) or "–"]
            table.row([pdf.clean(c) for c in cells])
    if groups is not None and not groups.empty:
        pdf.ln(2)
        reached = groups.loc[groups["bereikt"].astype(bool), "label"]
        missing = groups.loc[~groups["bereikt"].astype(bool), "label"]
        pdf.write_text(f"Doelgroepen bereikt: {', '.join(reached) or 'geen'}.", size=8)
        pdf.write_text(f"Niet bereikt: {', '.join(missing) or 'geen'}.", size=8)


def _hints(pdf: _Report, hints: Sequence[object]) -> None:
    pdf.heading("Tips uit 'Verbonden met (n)iemand'")
    if not hints:
        pdf.write_text("Geen tips: alle elementen en doelgroepen zijn gedekt.")
    for hint in hints:
        pdf.write_text(getattr(hint, "title", ""), size=9, style="B")
        pdf.write_text(getattr(hint, "text", ""), size=8, height=3.7)
        pdf.write_text(f"Bron: {getattr(hint, 'source', '')}", size=6.5, style="I", height=3)
        pdf.ln(1.5)


def _scenario(pdf: _Report, lines: Sequence[str]) -> None:
    """The planner's scenario (Plannen page): a heading, the headline in bold, then the lines."""
    if not lines:
        return
    pdf.heading("Scenario")
    pdf.write_text(lines[0], size=9.5, style="B")
    for line in lines[1:]:
        pdf.write_text(line, size=8.5, height=3.9)


def municipality_report_pdf(
    *,
    naam: str,
    code: str,
    summary: pd.DataFrame,
    wijken: gpd.GeoDataFrame,
    wijk_values: pd.Series | None,
    initiatives: pd.DataFrame,
    checklist: pd.DataFrame,
    hints: Sequence[object],
    generated_on: date,
    notes: Sequence[str] = (),
    headline: Sequence[tuple[str, str]] = (),
    suggestion: object | None = None,
    groups: pd.DataFrame | None = None,
    province: str = "",
    comparison: str = "",
    map_label: str = "",
    map_unit: str = "",
    map_source: str = "",
    palette: str = "YlOrRd",
    font_dir: Path | None = FONT_DIR,
    scenario: Sequence[str] = (),
) -> bytes:
    """The A4 report as PDF bytes.

    ``wijken`` are the municipality's wijken (WGS84, e.g. ``read_layer(..., display=True)``;
    rows of other municipalities are left out when a ``gemeente_code`` column is present);
    ``wijk_values`` colours them (indexed by wijk code; ``map_label``/``map_unit`` name it, else
    the Series name). ``province`` and ``comparison`` (e.g. "grote en regionale steden, 13
    gemeenten") name the reference groups. ``hints`` are ``layers.initiatives.Hint``; ``groups``
    the target-group table. ``headline`` are (label, text) lines and ``suggestion`` a hint for
    the summary at the top ("In het kort", see ``layers.views.Headline``). ``scenario`` (lines
    from the Plannen page, the first one the headline) adds a "Scenario" section after the
    figures.
    ``font_dir=None`` forces the Latin-1 core font.
    """
    province = province.replace(" (Prov.)", "")
    pdf = _Report(footer_text=_footer_text(summary, map_source), font_dir=font_dir)
    title = f"Eenzaamheid en verbondenheid in {naam}"
    pdf.set_title(pdf.clean(f"Gemeenterapport {naam} ({code})"))
    pdf.set_subject(pdf.clean(title))
    pdf.set_author("Verbonden")
    pdf.set_creator("Verbonden (fpdf2)")
    pdf.set_lang("nl-BE")
    pdf.start()
    pdf.write_text(title, size=17, style="B", height=8)
    sub = f"NIS-code {code}" + (f" · provincie {province}" if province else "")
    pdf.write_text(f"{sub} · rapport van {dutch_date(generated_on)}", size=9)
    for note in notes:
        pdf.write_text(note, size=8, style="I", height=3.6)
    pdf.ln(2)
    _headline(pdf, headline, suggestion)
    label = map_label
    if not label and wijk_values is not None and wijk_values.name is not None:
        label = str(wijk_values.name)
    draw_wijk_map(
        pdf,
        wijken,
        wijk_values,
        code=code,
        box=(MARGIN, pdf.get_y(), TEXT_WIDTH, 95.0),
        label=pdf.clean(label),
        unit=pdf.clean(map_unit),
        palette=palette,
        note=pdf.clean(f"Bron: {map_source}" if map_source else ""),
        clean=pdf.clean,
    )
    _figures(pdf, summary, province, comparison)
    _scenario(pdf, scenario)
    _initiatives(pdf, initiatives)
    _checklist(pdf, checklist, groups)
    _hints(pdf, hints)
    return bytes(pdf.output())
