"""Docs that cannot drift: the indicator pages agree with the catalogue.

``docs/indicators.md`` has one table line per indicator of the catalogue (no more, no fewer) with
its levels and roles; the defaults table of ``docs/need-and-gap.md`` names the need-index defaults
the specs declare.
"""

from __future__ import annotations

import re
from pathlib import Path

from layers.indicators import LEVELS, REGISTRY, UNAVAILABLE_THEMES, IndicatorSpec, specs_for

DOCS = Path(__file__).resolve().parents[2] / "docs"
_ID = re.compile(r"^`([a-z0-9_]+)`")


def _table(text: str, header: str) -> list[list[str]]:
    """The cells of the Markdown table whose header line is ``header``."""
    lines = text.splitlines()
    start = lines.index(header) + 2  # header and |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows


def _roles(spec: IndicatorSpec) -> str:
    """The roles cell of an indicator, as docs/indicators.md writes it."""
    parts = []
    if spec.need_default:
        extra = ", replaces the proxy" if spec.replaces_proxy else ""
        parts.append(f"default {', '.join(spec.need_default)}{extra}")
    if spec.provision_denominator:
        parts.append(f"denominator {', '.join(spec.provision_denominator)}")
    if spec.provision_view:
        parts.append("provision view")
    if spec.report_map:
        parts.append("map")
    if spec.hint_topic:
        parts.append(f"hint {spec.hint_topic}")
    if spec.target_group:
        parts.append(f"group {spec.target_group}")
    return "; ".join(parts) or "—"


def _indicator_rows() -> dict[str, list[str]]:
    text = (DOCS / "indicators.md").read_text(encoding="utf-8")
    rows = _table(text, "| id | formula | levels | roles | source | caveats |")
    ids = [match.group(1) for row in rows if (match := _ID.match(row[0]))]
    assert len(ids) == len(rows), "every line of the indicator table starts with `id`"
    assert len(set(ids)) == len(ids), "an indicator is listed twice"
    return dict(zip(ids, rows, strict=True))


def test_every_catalogue_indicator_has_a_docs_line_and_no_other():
    documented = set(_indicator_rows())
    catalogue = set(REGISTRY)
    assert not catalogue - documented, f"missing from docs/indicators.md: {catalogue - documented}"
    assert not documented - catalogue, f"not in the catalogue: {documented - catalogue}"


def test_docs_lines_give_the_levels_and_roles_of_the_spec():
    for ident, row in _indicator_rows().items():
        spec = REGISTRY[ident]
        assert row[2] == ", ".join(spec.levels), ident
        assert row[3] == _roles(spec), ident


def test_the_need_defaults_table_matches_the_specs():
    text = (DOCS / "need-and-gap.md").read_text(encoding="utf-8")
    rows = _table(text, "| theme | gemeente | wijk |")
    seen = set()
    for row in rows:
        theme = re.findall(r"`([a-z_]+)`", row[0])[0]
        seen.add(theme)
        for level, cell in zip(LEVELS, row[1:], strict=True):
            named = set(re.findall(r"`([a-z0-9_]+)`", cell)) & set(REGISTRY)
            defaults = {
                spec.id
                for spec in specs_for(level)
                if spec.theme == theme and level in spec.need_default
            }
            assert named == defaults, (theme, level)
            assert ("not available" in cell) == (theme in UNAVAILABLE_THEMES[level])
    need_themes = {spec.theme for spec in REGISTRY.values() if spec.need_default}
    assert seen == need_themes | {t for themes in UNAVAILABLE_THEMES.values() for t in themes}
