"""The network as a Mermaid flowchart (renders on GitHub, GitLab and many docs tools).

Labels are quoted (`["…"]`) and every character outside letters, digits and a few safe
marks is written as Mermaid's entity `#<code>;`, so no name can end a label, start
markup, or meet the rewriting Mermaid does to lines holding `style …:…#…;`. Ids are
`n0`, `b0`, … (drawing/picture.py), never a reserved word such as `end`.
"""

from __future__ import annotations

from ..core.printable import printable
from .drawing.picture import picture

_SAFE = set(" ._-/·×,()+=")


def render(reports, options) -> str:
    """The picture of the one report (`draw` takes one spec)."""
    report, = reports
    drawn = picture(report, options.depth)
    # a comment; `%` is written as an entity so no title can start a `%%{…}%%` directive
    lines = [f"%% cnncalc draw: {printable(drawn.title).replace('%', '#37;')}",
             "flowchart TB"]
    for event, item, level in drawn.outline():
        indent = "  " * (level + 1)
        if event == "node":
            lines.append(f'{indent}{item.id}["{"<br/>".join(map(label, item.lines()))}"]')
        else:
            lines.append(f'{indent}subgraph {item.id}["{label(item.label)}"]'
                         if event == "open" else f"{indent}end")
    nodes = drawn.nodes
    lines.extend(f"  {nodes[a].id} --> {nodes[b].id}" for a, b in drawn.edges)
    return "\n".join(lines)


def label(text: str) -> str:
    """The text as Mermaid shows it exactly. Mermaid turns a backslash followed by `n` into
    a line break however it is written, so a zero-width space keeps the two apart."""
    return "".join(char if char.isalnum() or char in _SAFE else f"#{ord(char)};"
                   for char in printable(text).replace("\\n", "\\\u200bn"))
