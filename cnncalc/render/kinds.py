"""`cnncalc kinds`: every layer kind with its parameters, as text or as the README's table.

Both forms are read off the registry, so a new kind appears in them (and, through the
test that regenerates the README's table, in the README) without touching this module.
"""

from __future__ import annotations

from ..layers import REGISTRY


def render(fmt: str) -> str:
    if fmt == "markdown":
        return markdown()
    width = max(len(name) for name in REGISTRY)
    return "\n".join(f"{name:<{width}}  {', '.join(p.describe() for p in kind.params) or '—'}"
                     for name, kind in REGISTRY.items())


def markdown() -> str:
    """The table of kinds the README shows."""
    lines = ["| kind | parameters (default) | what it does |", "|---|---|---|"]
    for name, kind in REGISTRY.items():
        params = ", ".join(f"`{p.describe()}`" for p in kind.params) or "—"
        lines.append(f"| `{name}` | {params} | {kind.doc} |")
    return "\n".join(lines)
