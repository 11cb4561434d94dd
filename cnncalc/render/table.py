"""The terminal table (rich): one row per layer, totals in the footer."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from .columns import DEFAULT, chosen


def render(reports, options) -> str:
    console = Console(file=io.StringIO(), width=options.width, force_terminal=options.color,
                      color_system="auto" if options.color else None, highlight=False)
    for report in reports:
        if report.rows:
            table = _table(report, options.columns)
            # Numbers are never cut: a table wider than the terminal grows instead.
            wide = console.options.update_width(1_000_000)
            console.width = max(options.width, console.measure(table, options=wide).maximum)
            console.print(table)
            console.width = options.width
        if options.portability:
            _portability(console, report)
        if options.explain:
            _explain(console, report)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()).strip("\n")


def _table(report, selected) -> Table:
    table = Table(title=report.title, box=box.SIMPLE_HEAD, show_footer=True,
                  title_justify="left", footer_style="bold")
    table.add_column("#", justify="right")
    table.add_column("layer", footer="total")
    table.add_column("kind")
    columns = chosen(selected, DEFAULT)
    for column in columns:
        table.add_column(column.header, justify="right" if column.numeric else "left",
                         footer=column.total(report), no_wrap=True)
    for row in report.rows:
        table.add_row(str(row.index), row.name, row.kind, *(c.text(row) for c in columns))
    return table


def _portability(console: Console, report) -> None:
    """The layers whose result or validity differs between Keras and PyTorch."""
    notes = report.portability
    if not notes:
        console.print(f"\nPortability ({report.title}): no layer differs between Keras and "
                      f"PyTorch.", markup=False)
        return
    width = max(len(note.layer or "") for note in notes)
    count = len({n.layer for n in notes})
    console.print(f"\nPortability ({report.title}; shown as {report.framework}): {count} "
                  f"layer{'s differ' if count > 1 else ' differs'} between Keras and PyTorch",
                  markup=False)
    for note in notes:
        console.print(f"  {note.layer or '':<{width}}  {note.text}", markup=False,
                      soft_wrap=True)


def _explain(console: Console, report) -> None:
    width = max((len(row.name) for row in report.rows), default=0)
    console.print(f"\nHow each number is computed ({report.title}):")
    for row in report.rows:
        for i, line in enumerate(row.explain):
            console.print(f"  {row.name if i == 0 else '':<{width}}  {line}", markup=False)
