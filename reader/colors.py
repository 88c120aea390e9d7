"""The five highlight colours as printable RGB, and the nearest of them for a foreign colour."""

from __future__ import annotations

import colorsys
import re

from reader.domain import COLORS

# Light enough to read black text through, distinct enough to tell apart on paper.
HEX: dict[str, str] = {
    "yellow": "#ffe066",
    "red": "#ff8a80",
    "green": "#8fdf8f",
    "blue": "#8ec5ff",
    "purple": "#d3a8ff",
}
# Hue (degrees) each colour stands for when matching colours made in other tools.
_HUES: dict[str, float] = {"red": 0.0, "yellow": 50.0, "green": 120.0, "blue": 210.0, "purple": 275.0}
_HEX_RE = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")

assert set(HEX) == set(COLORS)


def rgb(color: str) -> tuple[float, float, float]:
    """A colour name or ``#rrggbb`` as (r, g, b) floats in 0..1 (what PyMuPDF wants)."""
    value = HEX.get(color, color)
    match = _HEX_RE.match(value)
    if not match:
        raise ValueError(f"not a colour: {color!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def nearest_color(value: str | tuple[float, float, float] | None) -> str:
    """The highlight colour closest in hue to a colour from another tool; greys and unknowns are yellow."""
    if value is None:
        return "yellow"
    if isinstance(value, str):
        name = value.strip().lower()
        if name in HEX:
            return name
        try:
            value = rgb(name)
        except ValueError:
            return "yellow"
    r, g, b = value
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.15 or lightness < 0.08 or lightness > 0.97:
        return "yellow"
    degrees = hue * 360

    def distance(name: str) -> float:
        d = abs(degrees - _HUES[name]) % 360
        return min(d, 360 - d)

    return min(COLORS, key=distance)
