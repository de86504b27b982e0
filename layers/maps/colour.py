"""Colour arithmetic for palette checks: sRGB <-> CIELAB, contrast and colour-vision simulation.

Used to verify that palettes stay distinguishable for people with a colour-vision deficiency and
that legend text is readable. Simulation uses the Machado, Oliveira & Fernandes (2009) matrices
for full-severity protanopia, deuteranopia and tritanopia, applied in linear RGB.
"""

from __future__ import annotations

import math
from typing import Literal

Rgb = tuple[float, float, float]
Deficiency = Literal["protanopia", "deuteranopia", "tritanopia"]

_MACHADO: dict[str, tuple[Rgb, Rgb, Rgb]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
_D65 = (0.95047, 1.0, 1.08883)


def hex_to_rgb(colour: str) -> Rgb:
    """``"#rrggbb"`` -> sRGB components in 0..1."""
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"Geen geldige kleurcode: {colour!r}")
    r, g, b = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)


def rgb_to_hex(rgb: Rgb) -> str:
    """sRGB components in 0..1 -> ``"#rrggbb"`` (clipped)."""
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a hex colour."""
    r, g, b = (_to_linear(c) for c in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two hex colours (1..21)."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def to_lab(colour: str) -> Rgb:
    """CIELAB (D65) coordinates of a hex colour."""
    r, g, b = (_to_linear(c) for c in hex_to_rgb(colour))
    xyz = (
        0.4124 * r + 0.3576 * g + 0.1805 * b,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        0.0193 * r + 0.1192 * g + 0.9505 * b,
    )
    delta = 6 / 29

    def f(t: float) -> float:
        return math.cbrt(t) if t > delta**3 else t / (3 * delta**2) + 4 / 29

    fx, fy, fz = (f(v / n) for v, n in zip(xyz, _D65, strict=True))
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(colour_a: str, colour_b: str) -> float:
    """CIE76 colour difference (Euclidean distance in CIELAB); ~2.3 is just noticeable."""
    return math.dist(to_lab(colour_a), to_lab(colour_b))


def simulate(colour: str, deficiency: Deficiency) -> str:
    """How ``colour`` looks to someone with the given full-severity colour-vision deficiency."""
    matrix = _MACHADO[deficiency]
    linear = [_to_linear(c) for c in hex_to_rgb(colour)]
    out = tuple(_to_srgb(sum(m * c for m, c in zip(row, linear, strict=True))) for row in matrix)
    return rgb_to_hex((out[0], out[1], out[2]))


def interpolate(anchors: list[str], position: float) -> str:
    """Colour at ``position`` (0..1) along evenly spaced hex ``anchors``, interpolated in sRGB."""
    position = min(max(position, 0.0), 1.0)
    scaled = position * (len(anchors) - 1)
    index = min(int(scaled), len(anchors) - 2)
    t = scaled - index
    a, b = hex_to_rgb(anchors[index]), hex_to_rgb(anchors[index + 1])
    mixed = tuple(x + (y - x) * t for x, y in zip(a, b, strict=True))
    return rgb_to_hex((mixed[0], mixed[1], mixed[2]))
