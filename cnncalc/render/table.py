"""The terminal table (rich): one row per layer, totals in the footer.

Block instances get a row of their own above their layers, which are indented beneath it.
`depth` (as in torchinfo) is how many levels are listed, the top being level 1: a block at
the last level listed stands for all its layers, with their totals. In the params columns
an open block's subtotal is in parentheses, so the plain numbers always add up to the
total.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from ..report import BlockSummary
from . import inputs_text, shape_text


def render(reports, options) -> str:
    console = Console(file=io.StringIO(), width=options.width, force_terminal=options.color,
                      color_system="auto" if options.color else None, highlight=False)
    for report in reports:
        if report.rows:
            console.print(_table(report, options.depth))
        if options.explain:
            _explain(console, report)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()).strip("\n")


def _table(report, depth: int | None) -> Table:
    totals = report.totals
    table = Table(title=report.title, box=box.SIMPLE_HEAD, show_footer=True,
                  title_justify="left", footer_style="bold")
    table.add_column("#", justify="right")
    table.add_column("layer", footer="total")
    table.add_column("kind")
    table.add_column("input")
    table.add_column("output", footer=shape_text(report.output_shape))
    table.add_column("params (no bias)", justify="right",
                     footer=f"{totals.params_without_bias:,}")
    table.add_column("params", justify="right", footer=f"{totals.params:,}")
    for entry, level in _entries(report, depth):
        indent = "  " * (level - 1)
        if isinstance(entry, BlockSummary):
            opened = depth is None or level < depth
            table.add_row(f"{entry.first}-{entry.last}", indent + entry.path[-1], entry.kind,
                          shape_text(entry.input_shape), shape_text(entry.output_shape),
                          *(f"({n:,})" if opened else f"{n:,}" for n in
                            (entry.totals.params_without_bias, entry.totals.params)),
                          style="bold")
        else:
            table.add_row(str(entry.index), indent + entry.name.rsplit("/", 1)[-1],
                          entry.kind, inputs_text(entry), shape_text(entry.output_shape),
                          f"{entry.params_without_bias:,}", f"{entry.params:,}")
    return table


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


def _explain(console: Console, report) -> None:
    width = max((len(row.name) for row in report.rows), default=0)
    console.print(f"\nHow each number is computed ({report.title}):")
    for row in report.rows:
        for i, line in enumerate(row.explain):
            console.print(f"  {row.name if i == 0 else '':<{width}}  {line}", markup=False)
