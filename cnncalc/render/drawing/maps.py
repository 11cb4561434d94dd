"""The tutorials' figure (`draw --style maps`): each layer's output as a cuboid of feature
maps, left to right in the written order, its height the map's height, its depth the map's
width and its thickness the channels, labelled `36×28×20` underneath.

Sizes are scaled to the page: linearly when the largest is at most RATIO times the
smallest, logarithmically otherwise (224 pixels and 7 pixels, or 3 channels and 2,048,
stay both visible). The geometry (`cuboids`) is kept apart from the SVG it becomes.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log

from .picture import Picture, spatial
from .svgtext import LINE, SIZE, header, number as n, width, xml

RATIO = 8.0
SPATIAL = (6.0, 150.0)  # px: a map's height (and twice its drawn depth)
CHANNELS = (3.0, 60.0)  # px: the thickness of the stack
SLANT = (0.55, 0.4)  # a unit of depth goes this far right and up
GAP = 18.0
MARGIN = 16.0


@dataclass(frozen=True, slots=True)
class Cuboid:
    x: float  # the front face's left
    y: float  # the front face's top
    w: float  # front face: channels
    h: float  # front face: height
    depth: float  # the width of the map, drawn slanting back
    column: tuple[float, float]  # left and width of everything drawn for it

    @property
    def back(self) -> tuple[float, float]:
        """How far right and up the back face is from the front one."""
        return self.depth * SLANT[0], self.depth * SLANT[1]


def scale(values, low: float, high: float):
    """A function from a size to px: proportional, or logarithmic when sizes differ by more
    than RATIO."""
    smallest, largest = max(min(values), 1), max(max(values), 1)
    if largest <= smallest * RATIO:
        return lambda v: max(low, high * v / largest)
    span = log(largest / smallest)
    return lambda v: low + (high - low) * log(max(v, smallest) / smallest) / span


def cuboids(dimensions, label_widths) -> tuple[list[Cuboid], float, float]:
    """The cuboids of (height, width, channels) sizes, each in a column wide enough for
    its labels, centred on one line; and the drawing's width and height."""
    spatial_px = scale([v for h, w, _ in dimensions for v in (h, w)], *SPATIAL)
    channel_px = scale([c for _, _, c in dimensions], *CHANNELS)
    shapes = [(channel_px(c), spatial_px(h), spatial_px(w) / 2) for h, w, c in dimensions]
    tallest = max(h + d * SLANT[1] for _, h, d in shapes)
    middle = MARGIN + LINE + tallest / 2 + 4  # the name's line above
    placed, left = [], MARGIN
    for (w, h, d), labels in zip(shapes, label_widths):
        drawn = w + d * SLANT[0]
        column = max(drawn, labels)
        x = left + (column - drawn) / 2
        placed.append(Cuboid(x, middle - (h - d * SLANT[1]) / 2, w, h, d, (left, column)))
        left += column + GAP
    return placed, left - GAP + MARGIN, middle + tallest / 2 + 2 * LINE + MARGIN + 4


def maps(drawn: Picture) -> str:
    labels = [(node.name, node.shape_text(), node.kind) for node in drawn.nodes]
    dimensions = [spatial(node.shape or (), drawn.layout) for node in drawn.nodes]
    placed, total_w, total_h = cuboids(
        dimensions, [max(width(a, bold=True), width(b), width(c)) for a, b, c in labels])
    name_y = MARGIN + SIZE
    shape_y = total_h - MARGIN - LINE - 4
    out = [header(drawn.title, total_w, total_h)]
    for node, (name, shape, kind), box in zip(drawn.nodes, labels, placed):
        bx, by = box.back
        x, y, w, h = box.x, box.y, box.w, box.h
        front = f"{n(x)},{n(y)} {n(x + w)},{n(y)} {n(x + w)},{n(y + h)} {n(x)},{n(y + h)}"
        top = f"{n(x)},{n(y)} {n(x + bx)},{n(y - by)} {n(x + w + bx)},{n(y - by)} {n(x + w)},{n(y)}"
        side = (f"{n(x + w)},{n(y)} {n(x + w + bx)},{n(y - by)} {n(x + w + bx)},{n(y + h - by)} "
                f"{n(x + w)},{n(y + h)}")
        centre = n(box.column[0] + box.column[1] / 2)
        out.append(
            f'<g class="layer" data-name="{xml(node.full_name)}" text-anchor="middle">'
            f'<polygon points="{top}" fill="#c9d9ee" stroke="#34495e"/>'
            f'<polygon points="{side}" fill="#a9c1e2" stroke="#34495e"/>'
            f'<polygon points="{front}" fill="#e3edf9" stroke="#34495e"/>'
            f'<text x="{centre}" y="{n(name_y)}" font-weight="bold">{xml(name)}</text>'
            f'<text x="{centre}" y="{n(shape_y)}">{xml(shape)}</text>'
            f'<text x="{centre}" y="{n(shape_y + LINE)}" fill="#555">{xml(kind)}</text></g>')
    out.append("</svg>")
    return "\n".join(out)
