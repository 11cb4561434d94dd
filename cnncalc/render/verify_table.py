"""The terminal table of `cnncalc verify`: the engine's numbers beside the arrays' numbers,
✓ or ✗ per layer, then a verdict line and why any layer did not run. Laid out like the
summary table (`table.grid`)."""

from __future__ import annotations

from ..core.messages import say
from ..core.printable import printable
from ..core.text import count_text, shape_text
from .table import Column, bold, grid


def _actual_shape(check) -> str:
    if check.actual_output_shape:
        return shape_text(check.actual_output_shape)
    return _status(check)


def _status(check) -> str:
    """How a layer's check ended (`not run` in JSON), in the chosen language."""
    return say("status." + check.status.replace(" ", "-"))


def _actual_params(check) -> str:
    return "—" if check.actual_params is None else f"{check.actual_params:,}"


COLUMNS = (
    Column("", lambda check: "✓" if check.agrees else "✗"),
    Column("column.index", lambda check: str(check.row.index), right=True),
    Column("column.layer", lambda check: check.row.name),
    Column("column.kind", lambda check: check.row.kind),
    Column("column.engine_shape", lambda check: shape_text(check.row.output_shape)),
    Column("column.actual_shape", _actual_shape),
    Column("column.engine_params", lambda check: count_text(check.row.params), right=True),
    Column("column.actual_params", _actual_params, right=True),
)


def render(verifications, options) -> str:
    style = bold if options.color else str
    return "\n\n".join(_verification(verification, style) for verification in verifications)


def _verification(verification, bold) -> str:
    lines = []
    if verification.checks:
        lines += [bold(say("verify.title", title=printable(verification.title),
                           backend=verification.backend, device=verification.device,
                           batch=verification.batch, seed=verification.seed)), "",
                  *grid(COLUMNS, verification.checks, bold), ""]
    lines.append(bold(_verdict(verification)))
    lines += [printable(f"  {check.row.name}: {_status(check)}: {check.note}")
              for check in verification.checks if check.note]
    return "\n".join(lines)


def _verdict(verification) -> str:
    total = len(verification.checks)
    if verification.error:
        return say("verify.not_run", error=printable(verification.error))
    if verification.agrees:
        return say("verify.agree", total=total, backend=verification.backend)
    if not verification.report.valid:
        return say("verify.invalid")
    wrong = sum(not check.agrees for check in verification.checks)
    return say("verify.disagree", wrong=wrong, total=total, backend=verification.backend)
