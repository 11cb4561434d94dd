"""The terminal table (rich): one row per layer, totals in the footer."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from . import shape_text


def render(reports, options) -> str:
    console = Console(file=io.StringIO(), width=options.width, force_terminal=options.color,
                      color_system="auto" if options.color else None, highlight=False)
    for report in reports:
        if report.rows:
            console.print(_table(report))
        if options.explain:
            _explain(console, report)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()).strip("\n")


def _table(report) -> Table:
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
    for row in report.rows:
        table.add_row(str(row.index), row.name, row.kind, shape_text(row.input_shape),
                      shape_text(row.output_shape), f"{row.params_without_bias:,}",
                      f"{row.params:,}")
    return table


def _explain(console: Console, report) -> None:
    width = max((len(row.name) for row in report.rows), default=0)
    console.print(f"\nHow each number is computed ({report.title}):")
    for row in report.rows:
        for i, line in enumerate(row.explain):
            console.print(f"  {row.name if i == 0 else '':<{width}}  {line}", markup=False)
