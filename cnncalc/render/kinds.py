"""`cnncalc kinds`: the layer registry as a list, as the README's Markdown table, or one
kind in full (its parameters, and its rules in words)."""

from __future__ import annotations


def render(kinds: list, fmt: str, full: bool) -> str:
    """Every kind given: `full` spells each out, else one line (or table row) per kind."""
    if full:
        return "\n\n".join(_details(kind) for kind in kinds)
    if fmt == "markdown":
        rows = [f"| `{kind.name}` | {_params(kind, '`{}`')} | {kind.doc} |" for kind in kinds]
        return "\n".join(["| kind | parameters (default) | what it does |", "|---|---|---|",
                          *rows])
    width = max(len(kind.name) for kind in kinds)
    return "\n".join(f"{kind.name:<{width}}  {_params(kind)}" for kind in kinds)


def _params(kind, form: str = "{}") -> str:
    return ", ".join(form.format(p.describe()) for p in kind.params) or "—"


def _details(kind) -> str:
    width = max((len(p.describe()) for p in kind.params), default=0)
    params = [f"  {p.describe():<{width}}  {p.doc}".rstrip() for p in kind.params]
    return "\n".join([f"{kind.name}: {kind.doc}",
                      *(params or ["  no parameters"]),
                      f"output size per spatial axis: {kind.output_rule}",
                      f"learnable parameters: {kind.count_rule}"])
