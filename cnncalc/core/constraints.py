"""Limits a team holds its specs to: parameters in total and per layer, MACs, the output
shape.

A constraint is one entry of `CONSTRAINTS`: a `Param` (its name is the key under a spec's
`constraints:` and, dashed, the command-line option; its type parses and documents the
value) and a check over a finished `Report` that yields what breaks the limit.

Broken limits become errors on a new Report (`enforce`), so every command that builds
reports can hold them, and renderers need not know constraints exist.
"""

from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from .messages import say
from .errors import Diagnostic
from .params import MAX_COUNT, Int, Param, Sizes
from .record import Record
from .records import Limit
from .text import shape_text

if TYPE_CHECKING:
    from .report import Report, Row
    from .records import Spec

# What a check yields: the problem, and the row of the layer it is about (None: the spec).
Violation = tuple[str, "Row | None"]
Check = Callable[["Report", Any, str], Iterable[Violation]]


class Constraint(Record):
    param: Param
    check: Check  # (report, limit value, where the limit was set) -> violations
    metavar: str = "N"  # how the command-line option's value is shown in --help

    @property
    def name(self) -> str:
        return self.param.name

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


def _exceeds(value: int, noun: str, origin: str, limit: int) -> str:
    return say("constraint.exceeds", value=f"{value:,}", noun=say(noun), origin=origin,
               limit=f"{limit:,}", excess=f"{value - limit:,}")


def total_at_most(field: str, noun: str) -> Check:
    """A ceiling on one of the report's totals."""
    def check(report, limit, origin):
        value = getattr(report.totals, field)
        if value > limit:
            yield _exceeds(value, noun, origin, limit), None
    return check


def each_at_most(field: str, noun: str) -> Check:
    """A ceiling on one number of every row; each layer over it is its own error."""
    def check(report, limit, origin):
        for row in report.rows:
            value = getattr(row, field)
            if value > limit:
                yield _exceeds(value, noun, origin, limit), row
    return check


def _output_is(report, shape, origin):
    if report.output_shape != shape:
        yield (say("constraint.output", shape=shape_text(report.output_shape), origin=origin,
                   wanted=shape_text(shape)), report.rows[-1] if report.rows else None)


COUNT = Int(0, MAX_COUNT)  # a ceiling on a count: any number a real network reaches

CONSTRAINTS: dict[str, Constraint] = {c.name: c for c in (
    Constraint(Param("max_params", COUNT, doc="most parameters in total"),
               total_at_most("params", "column.params")),
    Constraint(Param("max_params_per_layer", COUNT, doc="most parameters in any one layer"),
               each_at_most("params", "column.params")),
    Constraint(Param("max_macs", COUNT, doc="most multiply-accumulates in total, per sample"),
               total_at_most("macs", "column.macs")),
    Constraint(Param("output_shape", Sizes(),
                     doc="the shape the last layer must produce, in the spec's layout"),
               _output_is, metavar="SHAPE"),
)}


def given(values: Mapping[str, Any]) -> tuple[Limit, ...]:
    """Limits from command-line options (name -> parsed value, None when not given)."""
    return tuple(Limit(name, value, CONSTRAINTS[name].option)
                 for name, value in values.items() if value is not None)


def enforce(report: "Report", spec: "Spec", overrides: Iterable[Limit] = ()) -> "Report":
    """The report with one error per broken limit. Limits given in `overrides` (the command
    line) replace the spec's own of the same name. A report that already has errors is
    returned unchanged: its rows stop at the first layer that failed, so its totals would
    understate the network."""
    if not report.valid or not (spec.constraints or overrides):  # most specs (`check`
        return report  # runs this per file): no limit, nothing to map or look up
    limits = {limit.name: limit for limit in spec.constraints}
    limits.update((limit.name, limit) for limit in overrides)
    positions = {layer.name: (layer.line, layer.column) for layer in spec.layers}
    errors = []
    for name, constraint in CONSTRAINTS.items():
        limit = limits.get(name)
        if limit is None:
            continue
        for text, row in constraint.check(report, limit.value, limit.origin):
            line, column = positions[row.name] if row else (limit.line, limit.column)
            errors.append(Diagnostic(
                text, code="constraint", key=name, file=report.source, line=line,
                column=column, layer=row.name if row else None,
                index=row.index if row else None))
    return report._replace(errors=report.errors + tuple(errors)) if errors else report
