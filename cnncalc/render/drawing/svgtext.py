"""Text in SVG: escaped for XML, and measured before any browser has seen it.

A layout needs each label's width, and cnncalc draws without a browser or a font library,
so widths are estimated from character classes with the widths of DejaVu Sans (Debian's
and many browsers' default sans-serif, wider than Arial or Helvetica), rounded up: a box
may be a little wide, never too narrow for its text (tests measure the real text in
Chromium).
"""

from __future__ import annotations

from unicodedata import combining, east_asian_width
from zlib import crc32

from ...core.printable import printable
from .picture import INPUT

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SIZE = 12.0  # px
LINE = 15.0  # px from one line's baseline to the next

# Pale fills, one per kind (picked by a hash of its name, so every kind, present or
# future, gets the same one in every picture and every format).
FILLS = ("#dbe9f6", "#e2f0d9", "#fdebd3", "#ece2f4", "#f9dede", "#d9f0ee", "#f3f0d0")

_NARROW = set("iIjl.,:;|!'`()[]{}/\\ ")
_HALF = set("frt-\"*")
_WIDE = set("mwMW@%")
_XML = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;",
        ord("'"): "&#39;"}


def fill(kind: str) -> str:
    """A box's colour: one per kind; the input is white."""
    return "#ffffff" if kind == INPUT else FILLS[crc32(kind.encode()) % len(FILLS)]


def xml(text: str) -> str:
    """The user's text as XML character data or an attribute value: control characters
    written out (`printable`: XML 1.0 cannot hold most of them), markup characters as
    entities."""
    return printable(text).translate(_XML)


def width(text: str, size: float = SIZE, bold: bool = False) -> float:
    """An upper estimate of the text's width in px, as `printable` shows it."""
    em = 0.0
    for char in printable(text):
        if combining(char):
            continue
        if char in _NARROW:
            em += 0.36
        elif char in _HALF:
            em += 0.46
        elif char in _WIDE:
            em += 1.0
        elif char.isascii():
            em += 0.74 if char.isupper() else 0.64
        else:
            em += 1.05 if east_asian_width(char) in "WF" else 0.85
    return em * size * (1.12 if bold else 1.0) + 2.0


def number(value: float) -> str:
    """A coordinate with at most one decimal: `12`, `12.5`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def header(title: str, w: float, h: float) -> str:
    """The <svg> start tag and the picture's title, shared by both styles."""
    w, h = number(w), number(h)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" font-family="{FONT}" font-size="{number(SIZE)}" '
            f'role="img">\n<title>{xml(title)}</title>')
