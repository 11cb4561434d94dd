"""The terminal table: one row per layer, totals in the footer.

Columns are laid out here rather than by rich's `Table`, which measures every cell through
its layout engine (about 1 ms a row: 10 s for a 10,000-layer spec). rich still styles the
header and footer when colour is on, so NO_COLOR and pipes behave as with any rich output.

Block instances get a row of their own above their layers, which are indented beneath it.
`depth` (as in torchinfo) is how many levels are listed, the top being level 1: a block at
the last level listed stands for all its layers, with their totals. In the params columns
an open block's subtotal is in parentheses, so the plain numbers always add up to the
total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..report import BlockSummary
from . import inputs_text, shape_text


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    cell: Callable  # Row -> str
    footer: Callable = lambda report: ""  # Report -> str
    right: bool = False
    block: Callable = lambda block, opened: ""  # (BlockSummary, its layers listed) -> str
    indented: bool = False  # shows the nesting of blocks


def _subtotal(number: int, opened: bool) -> str:
    return f"({number:,})" if opened else f"{number:,}"


COLUMNS = (
    Column("#", lambda row: str(row.index), right=True,
           block=lambda block, opened: f"{block.first}-{block.last}"),
    Column("layer", lambda row: row.name.rsplit("/", 1)[-1], lambda report: "total",
           block=lambda block, opened: block.path[-1], indented=True),
    Column("kind", lambda row: row.kind, block=lambda block, opened: block.kind),
    Column("input", inputs_text, block=lambda block, opened: shape_text(block.input_shape)),
    Column("output", lambda row: shape_text(row.output_shape),
           lambda report: shape_text(report.output_shape),
           block=lambda block, opened: shape_text(block.output_shape)),
    Column("params (no bias)", lambda row: f"{row.params_without_bias:,}",
           lambda report: f"{report.totals.params_without_bias:,}", right=True,
           block=lambda block, opened: _subtotal(block.totals.params_without_bias, opened)),
    Column("params", lambda row: f"{row.params:,}", lambda report: f"{report.totals.params:,}",
           right=True, block=lambda block, opened: _subtotal(block.totals.params, opened)),
)


def render(reports, options) -> str:
    style = bold if options.color else str
    parts = []
    for report in reports:
        if report.rows:
            parts.append(_table(report, options.depth, style))
        if options.explain:
            parts.append(_explain(report))
    return "\n\n".join(parts)


def bold(text: str) -> str:
    from rich.style import Style

    return Style(bold=True).render(text)


def _table(report, depth: int | None, bold) -> str:
    body, blocks = [], set()
    for entry, level in _entries(report, depth):
        if isinstance(entry, BlockSummary):
            opened = depth is None or level < depth
            cells = [column.block(entry, opened) for column in COLUMNS]
            blocks.add(len(body))
        else:
            cells = [column.cell(entry) for column in COLUMNS]
        body.append(["  " * (level - 1) + cell if column.indented else cell
                     for column, cell in zip(COLUMNS, cells)])
    footer = [column.footer(report) for column in COLUMNS]
    return "\n".join([bold(report.title), "", *lay_out(COLUMNS, body, bold, footer, blocks)])


def _entries(report, depth: int | None):
    """What the table lists, in order, each with its level: a block's row comes before
    its first layer; nothing deeper than `depth` is listed."""
    blocks = {block.path: block for block in report.blocks}
    limit = depth or len(report.rows) + 1  # every level
    previous: tuple[str, ...] = ()
    for row in report.rows:
        path = row.block
        shared = 0
        while shared < min(len(path), len(previous)) and path[shared] == previous[shared]:
            shared += 1
        for level in range(shared + 1, min(len(path), limit) + 1):
            yield blocks[path[:level]], level
        if len(path) < limit:
            yield row, len(path) + 1
        previous = path


def grid(columns, rows, bold, footer=None) -> list[str]:
    """The header, a rule, a line per row and, when given, a ruled footer, every column
    as wide as its widest cell."""
    return lay_out(columns, [[column.cell(row) for column in columns] for row in rows], bold,
                   footer)


def lay_out(columns, body, bold, footer=None, strong=frozenset()) -> list[str]:
    """`grid` for cells already made; the lines numbered in `strong` are bold."""
    header = [column.header for column in columns]
    widths = [max(len(cell) for cell in cells)
              for cells in zip(header, *([footer] if footer else []), *body)]

    def line(cells) -> str:
        return "  ".join(cell.rjust(width) if column.right else cell.ljust(width)
                         for column, cell, width in zip(columns, cells, widths)).rstrip()

    rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
    lines = [bold(line(header)), rule,
             *(bold(line(cells)) if number in strong else line(cells)
               for number, cells in enumerate(body))]
    return lines + [rule, bold(line(footer))] if footer else lines


def _explain(report) -> str:
    width = max((len(row.name) for row in report.rows), default=0)
    lines = [f"How each number is computed ({report.title}):"]
    for row in report.rows:
        for i, text in enumerate(row.explain):
            lines.append(f"  {row.name if i == 0 else '':<{width}}  {text}")
    return "\n".join(lines)
