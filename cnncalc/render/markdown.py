"""A GitHub-flavoured table per spec, for pasting into a README or a pull request."""

from __future__ import annotations

from ..core.printable import printable
from ..core.messages import say
from . import FAILED, clipped, total_label
from .columns import DEFAULT, chosen, for_report, heading, total_cell


def render(reports, options) -> str:
    return "\n\n".join(_table(report, options) for report in reports)


def _table(report, options) -> str:
    explain = options.explain
    columns = for_report(chosen(options.columns, DEFAULT), report)
    header = [say("column.index"), say("column.layer"), say("column.kind"),
              *(heading(c) for c in columns)]
    align = ["--:", "---", "---", *("--:" if c.right else "---" for c in columns)]
    if explain:
        header.append(say("column.arithmetic"))
        align.append("---")
    failing = report.failing
    marked = [""] if failing else []  # a marker column only where a layer failed
    lines = [f"### {printable(report.title)}", "", _line(marked + header),
             _line(marked + align)]
    for row in report.rows:
        cells = [clipped(cell) for cell in (str(row.index), row.name, row.kind,
                                             *(c.cell(row) for c in columns))]
        if explain:
            cells.append("<br>".join(row.explain))
        mark = [FAILED if row.index in failing else ""] if failing else []
        lines.append(_line(mark + cells))
    sums = [total_cell(c, report, lambda text: f"**{text}**") if c.right else "" for c in columns]
    totals = ["", f"**{total_label(report)}**", "", *sums]
    lines.append(_line(marked + totals + ([""] if explain else [])))
    for diagnostic in report.errors + report.warnings + report.notes:
        lines.append(f"\n- **{say(diagnostic.severity)}**: {diagnostic.one_line()}")
    if options.portability:
        lines.append("\n" + say("portability.markdown.differ" if report.portability
                                else "portability.markdown.none", framework=report.framework))
        lines.extend(printable(f"- {note.layer}: {note.text}") for note in report.portability)
    return "\n".join(lines)


def _line(cells) -> str:
    """A table row, the cells escaped (`printable`); a `|` inside a cell (a layer's name may
    hold one) is escaped too, so it does not end the cell."""
    return "| " + " | ".join(printable(cell).replace("|", "\\|") for cell in cells) + " |"
