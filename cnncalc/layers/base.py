"""The layer registry and what every layer kind provides.

A kind is one class: it declares its parameters, turns an input shape into an output
shape, and counts its learnable parameters. The registry maps the spec's kind names to
one instance of each, and is the only place the rest of cnncalc learns what kinds exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Mapping

from ..errors import Diagnostic, LayerError
from ..shapes import (AxisResult, Field, Window, exact_padding, exact_size, slide, thousands,
                      units)
from .params import Param

if TYPE_CHECKING:
    from ..spec import Layer

Shape = tuple[int, ...]  # channels-last: spatial axes, then channels; a vector is (n,)
Fields = tuple[Field, ...]  # one receptive field per spatial axis of the network input

REGISTRY: dict[str, LayerKind] = {}


def register(kind: LayerKind) -> LayerKind:
    if kind.name in REGISTRY:
        raise RuntimeError(f"layer kind {kind.name!r} registered twice")
    REGISTRY[kind.name] = kind
    return kind


@dataclass(frozen=True, slots=True)
class Counts:
    """Learnable (and stored) numbers of one layer, with the arithmetic behind them."""

    weights: int = 0
    bias: int = 0
    non_trainable: int = 0
    formula: str = ""

    @property
    def total(self) -> int:
        return self.weights + self.bias + self.non_trainable

    def params(self, framework: str) -> int:
        """The parameter count as `framework` shows it: Keras counts every stored number
        (trainable or not); PyTorch's `parameters()` leaves out the non-trainable ones,
        which it keeps as buffers."""
        return self.total if framework == "keras" else self.total - self.non_trainable


@dataclass
class LayerContext:
    """What a kind's rules may consult and report while computing one layer.

    It applies the walk's rounding mode to every window, so that strict, floor and ceil
    are decided in one place, and collects the diagnostics and the `--explain` lines."""

    layer: Layer
    rounding: str
    layout: str = "channels_last"  # how shapes are shown in messages
    diagnostics: list[Diagnostic] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    framework: str = "keras"  # whose rules decide where Keras and PyTorch differ

    def report(self, message: str, *, severity: str = "error", key: str | None = None,
               axis: str | None = None, fixes: tuple[str, ...] = (),
               code: str = "invalid") -> None:
        self.diagnostics.append(Diagnostic(
            message, severity=severity, code=code, axis=axis,
            key=key, layer=self.layer.name, index=self.layer.index, fixes=fixes))

    def explain(self, text: str) -> None:
        self.explanation.append(text)

    def shown(self, shape: Shape) -> Shape:
        return in_layout(shape, self.layout)

    def differs(self, text: str, key: str | None = None) -> None:
        """Record that Keras and PyTorch give this layer different results or validity.

        The text names both frameworks' behaviour, so that it reads the same whichever
        one the walk follows (`--portability` merges the notes of both walks)."""
        self.report(text, severity="note", key=key, code="portability")

    def slide(self, windows: tuple[Window, ...], *, pooling: bool) -> Shape:
        """Output size of every axis under the rounding mode.

        Strict makes an inexact division an error (the walk goes on with the floored size
        so later layers are still checked); floor warns about what is dropped; ceil rounds
        pooling up the PyTorch way and floors convolutions, as every framework does."""
        results = tuple(slide(w, ceil=pooling and self.rounding == "ceil") for w in windows)
        floored = []
        for result in results:
            w = result.window
            if w.same:
                self.explain(f"{w.axis} same: ceil({w.size}/{w.stride}) = {result.out}, "
                             f"padding {w.pad_before} + {w.pad_after}")
            elif result.exact:
                self.explain(f"{w.axis} {w.formula(full=True)} = {w.exact_value()}")
            else:
                self.explain(f"{w.axis} {w.formula(full=True)} = {w.exact_value()} → "
                             f"{result.out}")
                if self.rounding != "strict" and not result.ceil_added:
                    floored.append(result)
                else:
                    self._inexact(result, results, pooling)
        if floored:
            self._floored(floored)
        return tuple(r.out for r in results)

    def _inexact(self, result: AxisResult, results: tuple[AxisResult, ...],
                 pooling: bool) -> None:
        w = result.window
        arithmetic = f"{w.axis} {w.formula()} = {w.exact_value()}"
        if self.rounding == "strict":
            self.report(f"{arithmetic} is not an integer", axis=w.axis, code="inexact",
                        fixes=self._fixes(result, results, pooling))
        else:
            self.report(f"{arithmetic} rounded up to {result.out}: the last window is "
                        f"partial", severity="warning", axis=w.axis, code="ceil")
            self.differs(f"{w.axis} rounded up to {result.out} as PyTorch's ceil_mode=True; "
                         f"Keras pooling has no ceil mode (floor gives {result.out - 1})")

    def _floored(self, results: list[AxisResult]) -> None:
        """One warning for every axis a floor shortens, so a square layer says it once:
        `height and width (224 + 2·3 − 7)/2 + 1 = 112.5 rounded down to 112; …`."""
        sums = {(r.window.formula(), r.window.exact_value(), r.out) for r in results}
        if len(sums) == 1:
            (formula, value, out), = sums
            arithmetic = f"{_listed(r.window.axis for r in results)} {formula} = {value} " \
                         f"rounded down to {out}"
        else:
            arithmetic = ", ".join(f"{r.window.axis} {r.window.formula()} = "
                                   f"{r.window.exact_value()} rounded down to {r.out}"
                                   for r in results)
        lost = [units(r.window.axis, r.lost) for r in results if r.lost]
        unused = [units(r.window.axis, r.remainder) for r in results if not r.lost]
        leftover = ([f"the last {_listed(lost)} of the input not covered"] if lost else []) \
            + ([f"only {_listed(unused)} of right padding unused"] if unused else [])
        self.report(f"{arithmetic}; {'; '.join(leftover)}", severity="warning",
                    axis=results[0].window.axis if len(results) == 1 else None, code="floor")

    def _fixes(self, result: AxisResult, results: tuple[AxisResult, ...],
               pooling: bool) -> tuple[str, ...]:
        w = result.window
        fixes = []
        if self.layer.params.get("padding") not in ("same", None):
            # PyTorch allows pooling padding up to half the kernel.
            pad = exact_padding(w, w.kernel // 2 if pooling else w.span - 1)
            if pad is not None:
                pads = [pad if r is result else r.window.pad_before for r in results]
                shown = pads[0] if len(set(pads)) == 1 else pads
                fixes.append(f"padding: {shown} on {self.layer.name}")
        if not fixes:
            fixes.append(f"an input {w.axis} of {exact_size(w)} instead of {w.size}")
            if "padding" in self.layer.params and self.layer.params["padding"] != "same":
                fixes.append(f"padding: same on {self.layer.name} (output ceil(X/S))")
        dropped = units(w.axis, result.lost) if result.lost else "only padding"
        fixes.append(f"rounding: floor drops {dropped}")
        if pooling and slide(w, ceil=True).ceil_added:
            fixes.append("rounding: ceil keeps a partial window")
        return tuple(fixes)


def _listed(items) -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def in_layout(shape: Shape, layout: str) -> Shape:
    """Channels-last as stored, channels-first when the spec is written that way."""
    if layout == "channels_first" and len(shape) > 1:
        return shape[-1:] + shape[:-1]
    return shape


def from_layout(shape: Shape, layout: str) -> Shape:
    """A shape written in the spec's layout, as stored (channels-last): `in_layout` undone."""
    if layout == "channels_first" and len(shape) > 1:
        return shape[1:] + shape[:1]
    return shape


class LayerKind:
    """Base of every kind. Subclasses set `name`, `params`, `doc` and the rules."""

    name: ClassVar[str]
    params: ClassVar[tuple[Param, ...]] = ()
    doc: ClassVar[str] = ""
    # The rules in words, for `cnncalc kinds KIND` and the README's table (a test keeps
    # them in step): the output size per spatial axis, and the learnable parameters.
    output_rule: ClassVar[str] = "unchanged"
    count_rule: ClassVar[str] = "0"
    spatial: ClassVar[bool] = False  # needs spatial axes (conv, pooling)

    def validate(self, params: Mapping[str, Any]) -> None:
        """Checks between parameters, at read time; raise LayerError(key=...)."""

    def infer(self, layer: Layer, inputs: tuple[Shape, ...], ctx: LayerContext) -> Shape:
        """Output shape from the shapes of the layer's inputs (one, for a chain)."""
        if len(inputs) != 1:
            raise LayerError(f"takes one input, got {len(inputs)}", key="inputs")
        shape = inputs[0]
        if self.spatial and len(shape) < 2:
            raise LayerError(
                f"needs spatial axes but its input is the flat vector {list(shape)}",
                code="after-flatten", fixes=("move flatten after the last conv or pooling",))
        return self.output_shape(layer, shape, ctx)

    def output_shape(self, layer: Layer, shape: Shape, ctx: LayerContext) -> Shape:
        return shape

    def counts(self, layer: Layer, inputs: tuple[Shape, ...],
               output: Shape | None) -> Counts:
        """The layer's weights. `output` is None when only the output's size failed (a
        kernel larger than its input): the weights exist all the same, so count them from
        the inputs and the parameters."""
        return Counts()

    def macs(self, layer: Layer, inputs: tuple[Shape, ...], output: Shape) -> int:
        """Multiply-accumulates against weights for one sample. Only the conv and dense
        families have any: pooling, normalisation and activations are counted as 0, as
        torch's FlopCounterMode does."""
        return 0

    def flops(self, layer: Layer, inputs: tuple[Shape, ...], output: Shape) -> int:
        """2 per MAC (a multiply and an add) plus one add per output element for a bias."""
        return 2 * self.macs(layer, inputs, output) + (
            elements(output) if layer.params.get("bias") else 0)

    def receptive_field(self, layer: Layer, inputs: tuple[Shape, ...],
                        fields: tuple[Fields | None, ...], output: Shape) -> Fields | None:
        """The fields of the output, from those of the inputs: None where an input's is
        unknown (the layer that lost it has said why), NoField raised where the output
        has positions but no field can be given.

        By default a layer that keeps its input's spatial sizes keeps its field
        (element-wise and channel-only layers); a kind that moves positions must say how,
        and one that says nothing reports no field rather than a wrong one."""
        if fields[0] is None:
            return None
        if len(inputs[0]) == len(output) and inputs[0][:-1] == output[:-1]:
            return fields[0]
        if len(output) < 2:
            return None  # flattened: the positions are gone (docs/layers.md says so)
        raise NoField(f"{self.name} moves positions in a way cnncalc does not follow, so "
                      f"it has no receptive field, nor do the layers after it")


class NoField(LayerError):
    """Raised by a kind's `receptive_field` when its output has positions but no field
    can be given; the engine reports why (a note, unless `severity` says more) and shows
    none for this layer and those after it."""

    def __init__(self, message: str, *, severity: str = "note", code: str = "no-field",
                 **where):
        super().__init__(message, code=code, **where)
        self.severity = severity


def elements(shape: Shape) -> int:
    total = 1
    for n in shape:
        total *= n
    return total


def bias_counts(weights: tuple[int, ...], bias: int, with_bias: bool) -> Counts:
    """Counts of a weight tensor (the product of `weights`) plus an optional bias, with the
    product written out as the tutorials do: `20·3·3·40 = 7,200 (+40 bias)`."""
    total = elements(weights)
    formula = "·".join(str(f) for f in weights) + f" = {thousands(total)}"
    if with_bias:
        formula += f" (+{thousands(bias)} bias)"
    return Counts(weights=total, bias=bias if with_bias else 0, formula=formula)
