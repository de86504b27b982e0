"""What the dashboard map's JavaScript reads from the data it is sent, mirrored in Python for the
tests: the shapes file (``vbDecodeUnits`` in :mod:`layers.maps.remote`) and the restyle payload
(the script of :class:`layers.maps.Restyle`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def decode_units(data: bytes) -> dict[str, list[Any]]:
    """``{code: MultiPolygon coordinates}``, as ``vbDecodeUnits`` builds them."""
    parsed = json.loads(data)
    scale = parsed["scale"]

    def ring(flat: list[int]) -> list[list[float]]:
        x = y = 0
        out = []
        for i in range(0, len(flat), 2):
            x += flat[i]
            y += flat[i + 1]
            out.append([x / scale, y / scale])
        return [*out, out[0]]

    return {unit[0]: [[ring(r) for r in rings] for rings in unit[1]] for unit in parsed["units"]}


def unit_names(data: bytes) -> dict[str, str]:
    """``{code: escaped name}`` of a shapes file (property ``name`` of its features)."""
    return {unit[0]: unit[2] for unit in json.loads(data)["units"] if len(unit) > 2}


def restyle_entries(
    payload: dict[str, Any], names: Mapping[str, str] | None = None
) -> dict[str, tuple[str | None, list[str | None]]]:
    """``{code: (fill or None for no data, tooltip cells)}`` of a restyle payload; ``names`` are
    those of the shapes file (:func:`unit_names`; a cell the payload leaves to it is None
    without them)."""
    codes, code = [], ""
    for entry in payload["codes"]:
        code = code[: int(entry[0])] + entry[1:]
        codes.append(code)

    def cell(column: Any, k: int) -> str | None:
        if isinstance(column, list):
            return str(column[k])
        if "f" in column:
            given = column["f"].get(str(k), column["f"].get(k))
            return given if given is not None else (names or {}).get(codes[k])
        return str(column["v"][column["i"][k]])

    return {
        code: (
            None if payload["fill"][k] < 0 else payload["fills"][payload["fill"][k]],
            [cell(column, k) for column in payload["cells"]],
        )
        for k, code in enumerate(codes)
    }
