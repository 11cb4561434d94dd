"""`cnncalc kinds`: the layer registry as a list, as the README's Markdown table, or one
kind in full (its parameters, and its rules in words)."""

from __future__ import annotations

from ..core.messages import help_text, say


def _doc(text: str) -> str:
    return help_text(text, "DOCS")


def render(kinds: list, fmt: str, full: bool) -> str:
    """Every kind given: `full` spells each out, else one line (or table row) per kind."""
    if full:
        return "\n\n".join(_details(kind) for kind in kinds)
    if fmt == "markdown":
        rows = [f"| `{kind.name}` | {_params(kind, '`{}`')} | {_doc(kind.doc)} |"
                for kind in kinds]
        return "\n".join([say("kinds.header"), "|---|---|---|", *rows])
    width = max(len(kind.name) for kind in kinds)
    return "\n".join(f"{kind.name:<{width}}  {_params(kind)}" for kind in kinds)


def _params(kind, form: str = "{}") -> str:
    return ", ".join(form.format(p.describe()) for p in kind.params) or "—"


def _details(kind) -> str:
    width = max((len(p.describe()) for p in kind.params), default=0)
    params = [f"  {p.describe():<{width}}  {_doc(p.doc)}".rstrip() for p in kind.params]
    return "\n".join([f"{kind.name}: {_doc(kind.doc)}",
                      *(params or [say("kinds.no-params")]),
                      say("kinds.output", rule=_doc(kind.output_rule)),
                      say("kinds.count", rule=_doc(kind.count_rule))])
