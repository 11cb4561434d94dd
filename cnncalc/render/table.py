"""The terminal table: one row per layer, totals in the footer.

Columns are laid out here rather than by rich's `Table`, which measures every cell through
its layout engine (about 1 ms a row: 10 s for a 10,000-layer spec). rich still styles the
header and footer when colour is on, so NO_COLOR and pipes behave as with any rich output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import shape_text


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    cell: Callable  # Row -> str
    footer: Callable = lambda report: ""  # Report -> str
    right: bool = False


COLUMNS = (
    Column("#", lambda row: str(row.index), right=True),
    Column("layer", lambda row: row.name, lambda report: "total"),
    Column("kind", lambda row: row.kind),
    Column("input", lambda row: shape_text(row.input_shape)),
    Column("output", lambda row: shape_text(row.output_shape),
           lambda report: shape_text(report.output_shape)),
    Column("params (no bias)", lambda row: f"{row.params_without_bias:,}",
           lambda report: f"{report.totals.params_without_bias:,}", right=True),
    Column("params", lambda row: f"{row.params:,}", lambda report: f"{report.totals.params:,}",
           right=True),
)


def render(reports, options) -> str:
    style = bold if options.color else str
    parts = []
    for report in reports:
        if report.rows:
            parts.append(_table(report, style))
        if options.explain:
            parts.append(_explain(report))
    return "\n\n".join(parts)


def bold(text: str) -> str:
    from rich.style import Style

    return Style(bold=True).render(text)


def _table(report, bold) -> str:
    footer = [column.footer(report) for column in COLUMNS]
    return "\n".join([bold(report.title), "", *grid(COLUMNS, report.rows, bold, footer)])


def grid(columns, rows, bold, footer=None) -> list[str]:
    """The header, a rule, a line per row and, when given, a ruled footer, every column
    as wide as its widest cell."""
    body = [[column.cell(row) for column in columns] for row in rows]
    header = [column.header for column in columns]
    widths = [max(len(cell) for cell in cells)
              for cells in zip(header, *([footer] if footer else []), *body)]

    def line(cells) -> str:
        return "  ".join(cell.rjust(width) if column.right else cell.ljust(width)
                         for column, cell, width in zip(columns, cells, widths)).rstrip()

    rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
    lines = [bold(line(header)), rule, *map(line, body)]
    return lines + [rule, bold(line(footer))] if footer else lines


def _explain(report) -> str:
    width = max((len(row.name) for row in report.rows), default=0)
    lines = [f"How each number is computed ({report.title}):"]
    for row in report.rows:
        for i, text in enumerate(row.explain):
            lines.append(f"  {row.name if i == 0 else '':<{width}}  {text}")
    return "\n".join(lines)
