"""The network as an SVG graph, laid out by `drawing/layout.py` and written here: one labelled box
per layer (`<g class="layer" data-name="…">`), an arrow per wire, a titled frame per block.
`--style maps` draws the tutorials' figure instead (`drawing/maps.py`)."""

from __future__ import annotations

from .drawing.layout import Geometry, layered
from .drawing.picture import Node, Picture, picture
from .drawing.svgtext import LINE, SIZE, fill, header, number as n, width, xml

PAD_X, PAD_Y = 8.0, 6.0
BOLD = ' font-weight="bold"'


def render(reports, options) -> str:
    """The picture of the one report (`draw` takes one spec)."""
    report, = reports
    return figure(report, options.depth, options.style)


def figure(report, depth: int | None = None, style: str = "graph") -> str:
    if style == "maps":
        from .drawing.maps import maps

        return maps(picture(report, depth))
    return graph(picture(report, depth))


def arrange(drawn: Picture) -> Geometry:
    """Where each node's box, each wire and each block's frame go."""
    sizes = [(max(width(lines[0], bold=True), *map(width, lines[1:])) + 2 * PAD_X,
              len(lines) * LINE + 2 * PAD_Y) for lines in map(Node.lines, drawn.nodes)]
    number = {block.path: i for i, block in enumerate(drawn.blocks)}
    members: list[list[int]] = [[] for _ in drawn.blocks]
    for v, node in enumerate(drawn.nodes):
        if node.blocks:
            members[number[node.blocks]].append(v)
    groups = [(members[i], number.get(block.path[:-1])) for i, block in enumerate(drawn.blocks)]
    return layered(sizes, drawn.edges, groups)


def graph(drawn: Picture) -> str:
    labels = [node.lines() for node in drawn.nodes]
    geometry = arrange(drawn)
    out = [header(drawn.title, geometry.width, geometry.height),
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>'
           '</defs>']
    for block, frame in zip(drawn.blocks, geometry.groups):
        out.append(f'<g class="block" data-name="{xml("/".join(block.path))}">'
                   f'<rect x="{n(frame.x)}" y="{n(frame.y)}" width="{n(frame.w)}" '
                   f'height="{n(frame.h)}" rx="8" fill="#7f8fa6" fill-opacity="0.08" '
                   f'stroke="#9aa7bd"/><text x="{n(frame.x + PAD_X)}" '
                   f'y="{n(frame.y + 14)}" fill="#4a5568">{xml(block.label)}</text></g>')
    for line in geometry.edges:
        out.append(f'<path class="edge" d="{_curve(line)}" fill="none" stroke="#555" '
                   f'stroke-width="1.2" marker-end="url(#arrow)"/>')
    for node, lines, box in zip(drawn.nodes, labels, geometry.boxes):
        texts = "".join(
            f'<text x="{n(box.x + PAD_X)}" y="{n(box.y + PAD_Y + SIZE + i * LINE)}"'
            f'{BOLD if i == 0 else ""}>{xml(text)}</text>'
            for i, text in enumerate(lines))
        out.append(f'<g class="layer" data-name="{xml(node.full_name)}"><rect x="{n(box.x)}" '
                   f'y="{n(box.y)}" width="{n(box.w)}" height="{n(box.h)}" rx="4" '
                   f'fill="{fill(node.kind)}" stroke="#34495e"/>{texts}</g>')
    out.append("</svg>")
    return "\n".join(out)


def _curve(points) -> str:
    """A path through the points, each step a vertical S-curve (straight when vertical),
    so it leaves and enters boxes downwards."""
    (x, y), *rest = points
    parts = [f"M{n(x)},{n(y)}"]
    for nx, ny in rest:
        if abs(nx - x) < 0.5:
            parts.append(f"L{n(nx)},{n(ny)}")
        else:
            middle = n((y + ny) / 2)
            parts.append(f"C{n(x)},{middle} {n(nx)},{middle} {n(nx)},{n(ny)}")
        x, y = nx, ny
    return " ".join(parts)
