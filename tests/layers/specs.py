"""A minimal valid indicator spec for tests that check the spec's own validation."""

from __future__ import annotations

from typing import Any

from layers.indicators import IndicatorSpec


def make_spec(**changes: Any) -> IndicatorSpec:
    """An ``IndicatorSpec`` with harmless defaults, ``changes`` applied on top."""
    fields: dict[str, Any] = {
        "id": "x",
        "label": "X",
        "explanation": "X.",
        "unit": "%",
        "direction": 1,
        "levels": ("gemeente",),
        "theme": "leeftijd",
        "source": "bron",
        "year": "2024",
        "licence": "open",
        "caveats": (),
        "is_proxy": False,
        "builder": lambda inputs, level: None,
    }
    return IndicatorSpec(**(fields | changes))
