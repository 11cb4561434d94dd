"""Pictures of a network (`cnncalc draw`): Mermaid, DOT, an SVG laid out and drawn by
cnncalc itself, and a self-contained HTML page.

Each format is a module with `render(report, depth, style) -> str`, imported on demand.
`picture.py` says what is drawn (nodes, wires, blocks), `layout.py` where it goes
(geometry only), `svg.py` and `maps.py` write it as SVG. Only valid reports are drawn:
a picture of shapes that could not be computed would show what the user did not mean.
"""

from __future__ import annotations

import importlib

FORMATS = ("svg", "mermaid", "dot", "html")
STYLES = ("graph", "maps")  # the SVG's: wiring top to bottom, or the tutorials' cuboids


def draw(fmt: str, report, depth: int | None = None, style: str = "graph") -> str:
    return importlib.import_module(f".{fmt}", __name__).render(report, depth, style)
