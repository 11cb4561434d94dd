"""The terminal table of `cnncalc verify`: the engine's numbers beside the arrays' numbers,
✓ or ✗ per layer, then a verdict line and why any layer did not run. Laid out like the
summary table (`table.grid`)."""

from __future__ import annotations

from ..core.printable import printable
from ..core.text import count_text, shape_text
from .table import Column, bold, grid


def _actual_shape(check) -> str:
    return shape_text(check.actual_output_shape) if check.actual_output_shape else check.status


def _actual_params(check) -> str:
    return "—" if check.actual_params is None else f"{check.actual_params:,}"


COLUMNS = (
    Column("", lambda check: "✓" if check.agrees else "✗"),
    Column("#", lambda check: str(check.row.index), right=True),
    Column("layer", lambda check: check.row.name),
    Column("kind", lambda check: check.row.kind),
    Column("engine shape", lambda check: shape_text(check.row.output_shape)),
    Column("actual shape", _actual_shape),
    Column("engine params", lambda check: count_text(check.row.params), right=True),
    Column("actual params", _actual_params, right=True),
)


def render(verifications, options) -> str:
    style = bold if options.color else str
    return "\n\n".join(_verification(verification, style) for verification in verifications)


def _verification(verification, bold) -> str:
    lines = []
    if verification.checks:
        lines += [bold(f"{printable(verification.title)} · {verification.backend} on "
                       f"{verification.device}, batch {verification.batch}, "
                       f"seed {verification.seed}"), "",
                  *grid(COLUMNS, verification.checks, bold), ""]
    lines.append(bold(_verdict(verification)))
    lines += [printable(f"  {check.row.name}: {check.status}: {check.note}")
              for check in verification.checks if check.note]
    return "\n".join(lines)


def _verdict(verification) -> str:
    total = len(verification.checks)
    if verification.error:
        return f"✗ not verified: {printable(verification.error)}"
    if verification.agrees:
        return f"✓ all {total} layers agree with the {verification.backend} backend"
    if not verification.report.valid:
        return "✗ not verified: the spec is invalid (see the errors)"
    wrong = sum(not check.agrees for check in verification.checks)
    return f"✗ {wrong} of {total} layers do not agree with the {verification.backend} backend"
