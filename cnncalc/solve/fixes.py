"""Fixes that think about the whole network: the nearest network inputs that make it valid.

A layer's error can only say what its own input should be ("an input height of 12 instead
of 11"); the user changes the network's input. This finds, with `sizes`, the nearest sizes
below and above the spec's own on every failing axis, checks that the spec is valid with
them, and adds that input to each error about a spatial axis. The CLI attaches it to the
report (run.pipeline.report_of); the engine stays as it is.
"""

from __future__ import annotations


from ..engine.walk import analyze
from ..core.messages import say
from ..core.report import Report
from ..layers.windows import axis_names
from ..core.records import Spec, in_layout
from .sizes import sizes

MIN_TOP = 64  # sizes tried reach at least this far, and twice the spec's own
NEAR = 1024  # beyond WIDEST, sizes tried reach this far on either side of the spec's own
WIDEST = 4096  # the most sizes tried for a fix (a few hundredths of a second on ResNet-50)
WORK = 500_000  # layers × sizes walked for a fix at most (about 0.2 s); beyond, none is offered


def network_inputs(spec: Spec, rounding: str | None = None,
                   framework: str | None = None) -> list[tuple[int, ...]]:
    """The network inputs (stored channels-last) nearest the spec's own, below then above,
    with which the whole spec is valid: each failing axis moved to its nearest valid size,
    the others kept."""
    own = spec.input_shape
    low, top = 1, max(MIN_TOP, 2 * max(own[:-1]))
    if top > WIDEST:  # large inputs: look near the spec's own sizes only
        low, top = max(1, min(own[:-1]) - NEAR), max(own[:-1]) + NEAR
        if top - low + 1 > 2 * WIDEST:
            return []  # axes of very different sizes: too wide a range for a fix
    if len(spec.layers) * (top - low + 1) > WORK:
        return []  # a spec this long is not worth seconds of every check of it
    axes = sizes(spec, low, top, rounding=rounding, framework=framework).axes
    found = []
    for side in ("below", "above"):
        shape = tuple(axis.own if axis.own in axis.valid else getattr(axis, side)
                      for axis in axes)
        if None not in shape and shape != own[:-1]:
            candidate = shape + own[-1:]
            if analyze(spec._replace(input_shape=candidate), rounding,
                       framework=framework).valid and candidate not in found:
                found.append(candidate)
    return found


def with_network_fixes(spec: Spec, report: Report, rounding: str | None = None,
                       framework: str | None = None) -> Report:
    """The report with the nearest valid network inputs added to the fixes of every error
    about a spatial axis (none when no input makes the spec valid)."""
    labels = set(axis_names(len(spec.input_shape) - 1))
    if len(spec.input_shape) < 2 or not any(e.axis in labels for e in report.errors):
        return report
    inputs = network_inputs(spec, rounding, framework)
    if not inputs:
        return report
    shown = say("fix.or-sizes").join("×".join(map(str, in_layout(shape, spec.layout)))
                                     for shape in inputs)
    fix = say("fix.network-input", shown=shown)
    errors = tuple(e._replace(fixes=_before_rounding(e.fixes, fix)) if e.axis in labels else e
                   for e in report.errors)
    return report._replace(errors=errors)


def _before_rounding(fixes: tuple[str, ...], fix: str) -> tuple[str, ...]:
    """`fix` after the layer's own fixes, before a change of rounding mode (which changes
    what every layer computes)."""
    at = next((i for i, f in enumerate(fixes) if f.startswith("rounding:")), len(fixes))
    return fixes[:at] + (fix,) + fixes[at:]
