"""Which network input sizes make a spec valid, one spatial axis at a time (SPEC.md §7).

A size is valid on an axis when the walk, with only that axis of the input changed, reports
no error other than one about another spatial axis (an error about no axis, such as a
reshape whose element counts differ, counts against every axis).

The answer is the walk itself, taken for every size of the range at once. Along one axis a
layer's output depends only on its inputs' shapes, and those take few distinct values after
a strided layer (4,096 input heights become 2,048 after a stride of 2), so each layer takes
its step (`engine.walk.output_of`, the kinds' own rules) once per distinct tuple of input shapes,
and a kind with the same parameters on the same shapes (the repeated blocks of a ResNet
stage) once in all. A size stops being followed at its first error, or where the walk would
stop (a layer without an output): no later layer could make it valid again.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from ..engine import graph
from ..engine.walk import output_of
from ..core.errors import LayerError
from ..core.messages import say
from ..layers import REGISTRY, LayerContext
from ..layers.windows import axis_names
from ..core.records import NETWORK_INPUT, Spec, in_layout
from .patterns import Affine, Pattern, affine, describe

GONE = -1  # the class of a size no longer followed: rejected, or the walk stopped
DEFAULT_RANGE = (1, 4096)
MAX_SIZES = 65_536  # sizes tried per axis at most: the walk keeps a class per size and layer
# Layers × sizes walked per axis at most (about 0.4 µs each: a few seconds); more is refused
# with the largest range that fits, rather than left running.
MAX_WORK = 8_000_000
PAIRS_SIDE = 64  # sizes per axis tried together for two coupled axes (4,096 combinations)


@dataclass(frozen=True, slots=True)
class Where:
    """A layer, as SPEC.md §7 names it in `limited_by`, and the size it rejects."""

    layer: str
    index: int
    size: int


@dataclass(frozen=True, slots=True)
class AxisSizes:
    """The valid sizes of one spatial axis, and what a user asks about them."""

    axis: int  # counted as the spec writes shapes
    label: str
    own: int  # the spec's own size on this axis
    valid: tuple[int, ...]
    pattern: Pattern
    output: Affine | None  # the network's output size on this axis, where it is affine
    below: int | None
    above: int | None
    limited_by: Where | None  # the first layer that rejects the nearest invalid size


@dataclass(frozen=True, slots=True)
class SpecSizes:
    name: str | None
    source: str | None
    rounding: str
    input_shape: tuple[int, ...]  # as the spec writes it
    range: tuple[int, int]
    coupled: bool
    axes: tuple[AxisSizes, ...]
    # For coupled axes, the combinations of their sizes (in the range, up to PAIRS_SIDE
    # per axis for two) with which the whole spec is valid; None when not coupled.
    pairs: tuple[tuple[int, ...], ...] | None = None
    pairs_range: tuple[int, int] | None = None

    @property
    def valid(self) -> bool:
        """Every spatial axis has a valid size in the range (the exit code of §7); true
        of a spec without spatial axes, which has no size to choose."""
        return all(axis.valid for axis in self.axes)


def sizes(spec: Spec, low: int = DEFAULT_RANGE[0], high: int = DEFAULT_RANGE[1], *,
          rounding: str | None = None, framework: str | None = None) -> SpecSizes:
    """The valid input sizes of every spatial axis of `spec` within [low, high]; ValueError
    when that is more work than MAX_WORK."""
    if len(spec.layers) * (high - low + 1) > MAX_WORK:
        raise ValueError(say("sizes.too-much", layers=f"{len(spec.layers):,}",
                             sizes=f"{high - low + 1:,}",
                             most=f"{MAX_WORK // len(spec.layers):,}"))
    walk = AxisWalk(spec, rounding or spec.rounding, framework or spec.framework or "keras")
    rank = len(spec.input_shape) - 1
    axes = tuple(_axis(walk, axis, low, high) for axis in range(rank))
    coupled = any(REGISTRY[layer.kind].couples_axes for layer in spec.layers) and rank > 1
    return SpecSizes(spec.name, spec.source, walk.rounding,
                     in_layout(spec.input_shape, spec.layout), (low, high), coupled, axes,
                     *(_pairs(spec, walk, low, high) if coupled else (None, None)))


def _pairs(spec: Spec, walk: AxisWalk, low: int, high: int) -> tuple[tuple, tuple[int, int]]:
    """For axes that depend on each other: every combination of their sizes, each from
    `low` up to a bound (PAIRS_SIDE for two axes, fewer for more), with which the whole
    spec is valid; and those bounds."""
    from .free import Walk  # only for a coupled spec

    rank = len(spec.input_shape) - 1
    top = min(high, low + round(PAIRS_SIDE ** (2 / rank)) - 1)
    if any(d.severity == "error" for _, d in graph.wiring(spec.layers)):
        return (), (low, top)
    whole = Walk(spec, walk.rounding, walk.framework)
    channels = spec.input_shape[-1:]
    return tuple(combination for combination in product(range(low, top + 1), repeat=rank)
                 if whole.output(spec.layers, combination + channels) is not None), (low, top)


def _axis(walk: AxisWalk, axis: int, low: int, high: int) -> AxisSizes:
    candidates = list(range(low, high + 1))
    own = walk.spec.input_shape[axis]
    outcome = walk.follow(axis, candidates)
    valid = [n for n, ok in zip(candidates, outcome.valid) if ok]
    outputs = [(n, out) for n, out, ok in zip(candidates, outcome.outputs, outcome.valid)
               if ok and out is not None]
    below = next((n for n in reversed(valid) if n < own), None)
    above = next((n for n in valid if n > own), None)
    return AxisSizes(axis, walk.labels[axis], own, tuple(valid), describe(valid, low, high),
                     affine(outputs), below, above, _limit(walk, outcome, own, low, high))


def _limit(walk: AxisWalk, outcome: Outcome, own: int, low: int, high: int) -> Where | None:
    """The first layer rejecting the invalid size nearest the spec's own (itself when it is
    invalid; above it on a tie, the size a user tries next)."""
    for distance in range(high - low + 1):
        for n in (own + distance, own - distance):
            if low <= n <= high and not outcome.valid[n - low]:
                layer = walk.spec.layers[outcome.rejected_at[n - low]]
                return Where(layer.name, layer.index, n)
    return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Per candidate size: valid or not, where it was rejected, and the network's output
    size on the axis (None when the output has no such axis)."""

    valid: list[bool]
    rejected_at: list[int | None]  # position in spec.layers
    outputs: list[int | None]


class AxisWalk:
    """The walk of one spec, taken for many sizes of one axis at once."""

    def __init__(self, spec: Spec, rounding: str, framework: str):
        self.spec, self.rounding, self.framework = spec, rounding, framework
        self.labels = axis_names(len(spec.input_shape) - 1)
        self._steps: dict = {}
        self._rules: dict = {}

    def stepper(self, layer, axis: int):
        """A function from the layer's input shapes to its output and the axes its errors
        are about (None: no axis).

        A step depends on the kind, the parameters and the input shapes only, not on the
        layer's name, so identical layers share their steps (the blocks of a ResNet stage).
        Where the kind has a rule for one axis (`along_axis`), a whole step is taken once
        per shape of the other axes and the rule, cheaper, for every size of this one."""
        ctx = LayerContext(layer, self.rounding, self.spec.layout, framework=self.framework,
                           details=False)
        kind, label = REGISTRY[layer.kind], self.labels[axis]
        same = (layer.kind, tuple(layer.params.items()))
        try:
            hash(same)
        except TypeError:  # a parameter value that is not hashable: no sharing
            same = id(layer)
        steps = self._steps.setdefault(same, {})
        rules = self._rules.setdefault((same, axis), {})

        def whole(inputs: tuple) -> tuple:
            ctx.diagnostics.clear()
            output = output_of(layer, inputs, ctx)
            return output, frozenset(d.axis for d in ctx.diagnostics)

        def step(inputs: tuple) -> tuple:
            if inputs in steps:
                return steps[inputs]
            shape = inputs[0]
            if len(inputs) > 1 or len(shape) != len(self.spec.input_shape):
                result = whole(inputs)  # a merge, or no such axis any more
            elif (rest := shape[:axis] + shape[axis + 1:]) in rules:
                result = rules[rest](shape[axis])
            else:
                result = whole(inputs)
                output, errors = result
                along = None if output is None or label in errors else kind.along_axis(
                    layer, shape, axis, ctx)
                if along is not None:
                    rules[rest] = _sized(along, output, errors, axis, ctx)
            steps[inputs] = result
            return result

        return step

    def follow(self, axis: int, candidates: list[int]) -> Outcome:
        """Every candidate size of `axis` through every layer, the other axes as written.

        Each layer's outputs are kept as a list of distinct shapes and, per candidate, the
        index of its shape in that list (its class), GONE once it is no longer followed."""
        spec, count = self.spec, len(candidates)
        other_axes = frozenset(self.labels) - {self.labels[axis]}
        rejected_at: list[int | None] = [None] * count
        stopped_at: list[int | None] = [None] * count
        # A layer reading a name no layer above it has is an error tied to no axis, reported
        # whatever the sizes: every size is invalid, and the walk stops there.
        miswired = next((spec.layers.index(layer) for layer, d in graph.wiring(spec.layers)
                         if d.severity == "error"), len(spec.layers))
        own = spec.input_shape
        shapes = {NETWORK_INPUT: [own[:axis] + (n,) + own[axis + 1:] for n in candidates]}
        classes = {NETWORK_INPUT: list(range(count))}
        released = _last_reads(spec.layers[:miswired])
        moved = False  # past a layer that reorders the axes: every error counts
        for position, layer in enumerate(spec.layers[:miswired]):
            moved = moved or REGISTRY[layer.kind].moves_axes(layer)
            ignored = frozenset() if moved else other_axes
            keys, inputs = _inputs(layer, shapes, classes)
            before = shapes[layer.inputs[0]]
            for name in released.get(position, ()):  # no later layer reads them
                del shapes[name], classes[name]
            step = self.stepper(layer, axis)
            table: dict = {GONE: GONE}
            distinct: dict = {}
            ends: dict = {}  # key → rejected (True) or stopped (False) here
            for key, shapes_in in inputs.items():
                output, errors = step(shapes_in)
                if errors - ignored or output is None:
                    table[key] = GONE
                    ends[key] = bool(errors - ignored)
                else:
                    table[key] = distinct.setdefault(output, len(distinct))
            shapes[layer.name] = list(distinct)
            if not ends and len(layer.inputs) == 1 and shapes[layer.name] == before:
                classes[layer.name] = keys  # the shapes kept (an activation): same classes
                continue
            classes[layer.name] = [table.get(k, GONE) for k in keys]
            if ends:
                for i, key in enumerate(keys):
                    if key in ends:
                        record = rejected_at if ends[key] else stopped_at
                        if record[i] is None:
                            record[i] = position
        if miswired < len(spec.layers):
            rejected_at = [r if r is not None and (s is None or r < s) else miswired
                           for r, s in zip(rejected_at, stopped_at)]
            return Outcome([False] * count, rejected_at, [None] * count)
        last = spec.layers[-1].name
        outputs = [None if c == GONE or len(shapes[last][c]) != len(own) or moved
                   else shapes[last][c][axis] for c in classes[last]]
        valid = [r is None or (s is not None and s < r) for r, s in zip(rejected_at, stopped_at)]
        return Outcome(valid, rejected_at, outputs)


def _last_reads(layers) -> dict[int, list[str]]:
    """Per position, the names whose last reader is the layer there (the last layer, the
    network's output, is kept): what the walk may forget after that layer, so that a long
    chain holds two layers' classes rather than all of them."""
    last = {name: position for position, layer in enumerate(layers) for name in layer.inputs}
    released: dict[int, list[str]] = {}
    for name, position in last.items():
        if name != layers[-1].name:
            released.setdefault(position, []).append(name)
    return released


def _inputs(layer, shapes: dict, classes: dict) -> tuple[list, dict]:
    """Per candidate, the key of the layer's input shapes (a class, or a tuple of classes
    for a merge); and per key still followed, those shapes."""
    if len(layer.inputs) == 1:
        name, = layer.inputs
        return classes[name], {k: (shape,) for k, shape in enumerate(shapes[name])}
    keys = list(zip(*(classes[name] for name in layer.inputs)))
    sources = [shapes[name] for name in layer.inputs]
    return keys, {key: tuple(source[k] for source, k in zip(sources, key))
                  for key in set(keys) if GONE not in key}


def _sized(along, template: tuple, errors: frozenset, axis: int, ctx):
    """A step from the size on `axis` alone: the output `template` with that axis's size
    from the kind's rule, and the errors about the other axes with the rule's own."""
    def step(size: int) -> tuple:
        ctx.diagnostics.clear()
        try:
            out = along(size)
        except LayerError as exc:
            return None, errors | {exc.axis}
        return (template[:axis] + (out,) + template[axis + 1:],
                errors | {d.axis for d in ctx.diagnostics})

    return step
