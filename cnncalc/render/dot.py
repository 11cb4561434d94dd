"""The network in Graphviz's DOT language: `dot -Tsvg`, `-Tpng`, or any tool reading DOT.

Every text is a quoted string with its backslashes, quotes and ampersands escaped, so no
name can end a string, become one of DOT's label escapes (`\\N`, `\\l`) or an entity
(`&lt;`); blocks are clusters.
"""

from __future__ import annotations

from ..core.printable import printable
from .drawing.picture import picture
from .drawing.svgtext import FONT, fill

# Graphviz reads `&amp;`-style entities even in plain strings: an `&` is written as one.
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("&"): "&amp;"}


def render(reports, options) -> str:
    """The picture of the one report (`draw` takes one spec)."""
    report, = reports
    drawn = picture(report, options.depth)
    font = FONT.split(",")[0]
    lines = [f"digraph {quoted(drawn.title)} {{",
             f'  graph [rankdir=TB, label={quoted(drawn.title)}, labelloc=t, '
             f'fontname="{font}"];',
             f'  node [shape=box, style="rounded,filled", fontname="{font}", fontsize=10];',
             '  edge [color="#555555"];']
    for event, item, level in drawn.outline():
        indent = "  " * (level + 1)
        if event == "node":
            text = "\\n".join(quoted(line)[1:-1] for line in item.lines())
            lines.append(f'{indent}{item.id} [label="{text}", fillcolor="{fill(item.kind)}"];')
        elif event == "open":
            lines += [f"{indent}subgraph cluster_{item.id} {{",
                      f"{indent}  label={quoted(item.label)};"]
        else:
            lines.append(f"{indent}}}")
    nodes = drawn.nodes
    lines.extend(f"  {nodes[a].id} -> {nodes[b].id};" for a, b in drawn.edges)
    lines.append("}")
    return "\n".join(lines)


def quoted(text: str) -> str:
    return '"' + printable(text).translate(_ESCAPES) + '"'
