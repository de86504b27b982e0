"""What the dashboard map's JavaScript reads from the data it is sent, mirrored in Python for the
tests: the shapes file (``vbDecodeUnits`` in :mod:`layers.maps.remote`) and the restyle payload
(the script of :class:`layers.maps.Restyle`)."""

from __future__ import annotations

import json
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

    return {code: [[ring(r) for r in rings] for rings in polys] for code, polys in parsed["units"]}


def restyle_entries(payload: dict[str, Any]) -> dict[str, tuple[str | None, list[str]]]:
    """``{code: (fill or None for no data, tooltip cells)}`` of a restyle payload."""

    def cell(column: Any, k: int) -> str:
        return column[k] if isinstance(column, list) else column["v"][column["i"][k]]

    codes, code = [], ""
    for entry in payload["codes"]:
        code = code[: int(entry[0])] + entry[1:]
        codes.append(code)
    return {
        code: (
            None if payload["fill"][k] < 0 else payload["fills"][payload["fill"][k]],
            [cell(column, k) for column in payload["cells"]],
        )
        for k, code in enumerate(codes)
    }
