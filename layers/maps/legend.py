"""HTML legends for choropleths, the bivariate action-gap map and point layers.

Every builder escapes its text with :func:`html_text` and uses inline styles only (dark text on
white, at least 12 px), so a legend reads the same in the app, in a standalone HTML file and
outside the map. :func:`legend_control` wraps the HTML as a Leaflet control.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from layers.maps.classify import Classification
from layers.maps.elements import TEXT_COLOUR, LegendControl
from layers.maps.escape import html_text
from layers.maps.palettes import BIVARIATE, DEFAULT_PALETTE, NO_DATA

LEGEND_BACKGROUND = "#ffffff"
SOURCE_COLOUR = "#4d4d4d"
_BOX = (
    f"background:{LEGEND_BACKGROUND};color:{TEXT_COLOUR};font:13px/1.35 system-ui,sans-serif;"
    "padding:8px 10px;border-radius:4px;max-width:260px;"
)
_TITLE = "font-weight:600;font-size:14px;margin-bottom:2px;"
_UNIT = f"font-size:12px;color:{SOURCE_COLOUR};margin-bottom:4px;"
_ROW = "display:flex;align-items:center;gap:6px;margin:2px 0;"
_SWATCH = "display:inline-block;width:18px;height:12px;flex:none;border:1px solid #8c8c8c;"
_SOURCE = f"font-size:12px;color:{SOURCE_COLOUR};margin-top:6px;"
_GAP_MARK = "outline:2px solid #000;outline-offset:-2px;"
_NOTE = f"font-size:12px;color:{SOURCE_COLOUR};margin-top:4px;font-style:italic;"


def source_line(source: str) -> str:
    """``"Bron: …"`` as escaped HTML (empty when there is no source)."""
    return (
        f'<div class="vb-legend-source" style="{_SOURCE}">Bron: {html_text(source)}</div>'
        if source
        else ""
    )


def _header(title: str, unit: str) -> str:
    out = f'<div class="vb-legend-title" style="{_TITLE}">{html_text(title)}</div>'
    if unit:
        out += f'<div class="vb-legend-unit" style="{_UNIT}">Eenheid: {html_text(unit)}</div>'
    return out


def _row(swatch_style: str, label: str, count: int | None = None) -> str:
    suffix = f' <span style="color:{SOURCE_COLOUR}">({count})</span>' if count is not None else ""
    return (
        f'<div class="vb-legend-row" style="{_ROW}">'
        f'<span class="vb-swatch" style="{_SWATCH}{swatch_style}"></span>'
        f"<span>{html_text(label)}{suffix}</span></div>"
    )


def no_data_row(count: int | None = None) -> str:
    """The legend row for "geen gegevens" (hatched swatch)."""
    return _row(NO_DATA.css_swatch(), NO_DATA.label, count)


def legend_html(
    *,
    title: str,
    unit: str,
    labels: Sequence[str],
    colours: Sequence[str],
    source: str,
    counts: Sequence[int] | None = None,
    no_data_count: int | None = None,
    show_no_data: bool = True,
    notes: Sequence[str] = (),
) -> str:
    """A class legend: title, unit, one swatch per class, the no-data swatch, notes and source."""
    if len(labels) != len(colours):
        raise ValueError("Elke klasse in de legende heeft precies één kleur nodig.")
    rows = [
        _row(f"background:{colour};", label, counts[i] if counts is not None else None)
        for i, (label, colour) in enumerate(zip(labels, colours, strict=True))
    ]
    if show_no_data:
        rows.append(no_data_row(no_data_count))
    note_html = "".join(f'<div style="{_NOTE}">{html_text(n)}</div>' for n in notes)
    return (
        f'<div class="vb-legend-box" style="{_BOX}">{_header(title, unit)}{"".join(rows)}'
        f"{note_html}{source_line(source)}</div>"
    )


def classification_legend(
    classification: Classification,
    *,
    title: str,
    source: str,
    palette: str = DEFAULT_PALETTE,
    reverse: bool = False,
    notes: Sequence[str] = (),
) -> str:
    """:func:`legend_html` for a :class:`Classification` with its colours and counts."""
    return legend_html(
        title=title,
        unit=classification.unit,
        labels=classification.labels,
        colours=classification.colours(palette, reverse=reverse),
        counts=classification.counts,
        no_data_count=classification.n_missing,
        source=source,
        notes=[*classification.notes, *notes],
    )


def bivariate_legend_html(
    *,
    title: str,
    source: str,
    x_label: str = "Nood",
    y_label: str = "Aanbod",
    no_data_count: int | None = None,
    notes: Sequence[str] = (),
) -> str:
    """A 3x3 legend: need increases to the right, provision upwards; the gap cell is marked."""
    cell = "width:22px;height:22px;display:block;"
    grid_rows = []
    for provision in (3, 2, 1):
        cells = "".join(
            f'<span class="vb-bivariate-cell" data-need="{need}" data-provision="{provision}" '
            f'style="{cell}background:{BIVARIATE[(need, provision)]};'
            f'{_GAP_MARK if (need, provision) == (3, 1) else ""}"'
            f' title="{html_text(x_label)} {need}/3, {html_text(y_label)} {provision}/3"></span>'
            for need in (1, 2, 3)
        )
        grid_rows.append(f'<div style="display:flex;gap:1px;">{cells}</div>')
    y_axis = (
        f'<div class="vb-axis-y" style="writing-mode:vertical-rl;transform:rotate(180deg);'
        f'font-size:12px;text-align:center;">{html_text(y_label)} →</div>'
    )
    grid = (
        f'<div style="display:flex;gap:4px;align-items:stretch;">{y_axis}'
        f'<div><div style="display:flex;flex-direction:column;gap:1px;">{"".join(grid_rows)}</div>'
        f'<div class="vb-axis-x" style="font-size:12px;">{html_text(x_label)} →</div></div>'
        f'<div style="font-size:12px;align-self:flex-start;max-width:110px;">'
        f'<span style="{_SWATCH}background:{BIVARIATE[(3, 1)]};outline:2px solid #000;'
        f'outline-offset:-2px;"></span> hoge {html_text(x_label.lower())}, '
        f"weinig {html_text(y_label.lower())}</div></div>"
    )
    note_html = "".join(f'<div style="{_NOTE}">{html_text(n)}</div>' for n in notes)
    return (
        f'<div class="vb-legend-box" style="{_BOX}">{_header(title, "")}{grid}'
        f"{no_data_row(no_data_count)}{note_html}{source_line(source)}</div>"
    )


def category_legend_html(
    *,
    title: str,
    colours: Mapping[str, str],
    source: str,
    counts: Mapping[str, int] | None = None,
    approximate: bool = False,
    notes: Sequence[str] = (),
) -> str:
    """A legend for point categories (circles), plus the hollow "benaderde locatie" symbol."""
    dot = "border-radius:50%;width:12px;height:12px;border:1.5px solid #333;"
    rows = [
        _row(f"{dot}background:{colour};", label, counts.get(label) if counts else None)
        for label, colour in colours.items()
    ]
    if approximate:
        rows.append(
            _row(f"{dot}background:transparent;border:1.5px dashed #333;", "benaderde locatie")
        )
    note_html = "".join(f'<div style="{_NOTE}">{html_text(n)}</div>' for n in notes)
    return (
        f'<div class="vb-legend-box" style="{_BOX}">{_header(title, "")}{"".join(rows)}'
        f"{note_html}{source_line(source)}</div>"
    )


def legend_control(html: str, *, position: str = "bottomright") -> LegendControl:
    """Wrap legend HTML from this module as a Leaflet control (add it to a layer or a map)."""
    return LegendControl(html, position=position)
