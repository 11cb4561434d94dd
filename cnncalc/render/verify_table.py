"""The terminal table of `cnncalc verify`: the engine's numbers beside the arrays' numbers,
✓ or ✗ per layer, then a verdict line and why any layer did not run."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import shape_text


def render(verifications, options) -> str:
    console = Console(file=io.StringIO(), width=options.width, force_terminal=options.color,
                      color_system="auto" if options.color else None, highlight=False)
    for i, verification in enumerate(verifications):
        if i:
            console.print()
        if verification.checks:
            console.print(_table(verification))
        console.print(_verdict(verification))
        for check in verification.checks:
            if check.note:
                console.print(f"  {check.row.name}: {check.status}: {check.note}", markup=False)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()).strip("\n")


def _mark(agrees: bool) -> Text:
    return Text("✓", style="green") if agrees else Text("✗", style="bold red")


def _table(verification) -> Table:
    title = (f"{verification.title} · {verification.backend} on {verification.device}, "
             f"batch {verification.batch}, seed {verification.seed}")
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("")
    table.add_column("#", justify="right")
    table.add_column("layer")
    table.add_column("kind")
    table.add_column("engine shape")
    table.add_column("actual shape")
    table.add_column("engine params", justify="right")
    table.add_column("actual params", justify="right")
    for check in verification.checks:
        row = check.row
        actual = (shape_text(check.actual_output_shape) if check.actual_output_shape
                  else check.status)
        params = "—" if check.actual_params is None else f"{check.actual_params:,}"
        style = None if check.agrees else "red"
        table.add_row(_mark(check.agrees), str(row.index), row.name, row.kind,
                      shape_text(row.output_shape), Text(actual, style=style),
                      f"{row.params:,}", Text(params, style=style))
    return table


def _verdict(verification) -> Text:
    total = len(verification.checks)
    if verification.agrees:
        return Text.assemble(_mark(True), f" all {total} layers agree with the "
                                          f"{verification.backend} backend")
    if not verification.report.valid:
        return Text.assemble(_mark(False), " not verified: the spec is invalid (see the "
                                           "errors)")
    wrong = sum(not check.agrees for check in verification.checks)
    return Text.assemble(_mark(False), f" {wrong} of {total} layers do not agree with the "
                                       f"{verification.backend} backend")
