"""A GitHub-flavoured table per spec, for pasting into a README or a pull request."""

from __future__ import annotations

from .columns import DEFAULT, chosen


def render(reports, options) -> str:
    return "\n\n".join(_one(report, options) for report in reports)


def _one(report, options) -> str:
    explain = options.explain
    columns = chosen(options.columns, DEFAULT)
    header = ["#", "layer", "kind", *(c.header for c in columns)]
    align = ["--:", "---", "---", *("--:" if c.right else "---" for c in columns)]
    if explain:
        header.append("arithmetic")
        align.append("---")
    lines = [f"### {report.title}", "", _line(header), _line(align)]
    for row in report.rows:
        cells = [str(row.index), row.name, row.kind, *(c.cell(row) for c in columns)]
        if explain:
            cells.append("<br>".join(row.explain))
        lines.append(_line(cells))
    sums = [c.footer(report) if c.right else "" for c in columns]
    totals = ["", "**total**", "", *(f"**{s}**" if s else "" for s in sums)]
    lines.append(_line(totals + ([""] if explain else [])))
    for diagnostic in report.errors + report.warnings:
        lines.append(f"\n- **{diagnostic.severity}**: {diagnostic.one_line()}")
    if options.portability:
        lines.append(f"\n**Portability** (shown as {report.framework}): "
                     + ("no layer differs between Keras and PyTorch." if not report.portability
                        else "these layers differ between Keras and PyTorch."))
        lines.extend(f"- {note.layer}: {note.text}" for note in report.portability)
    return "\n".join(lines)


def _line(cells) -> str:
    """A table row; a `|` inside a cell (a layer's name may hold one) is escaped so it does
    not end the cell."""
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
