"""The walk: each layer's kind turns its input shapes into an output shape and counts.

Layers name their inputs (by default the layer before), so the walk reads each input's
shape by name; a plain chain is the special case. A layer reads only layers written above
it, so the written order is a topological order and one pass suffices (graph.py explains
the wirings that break that rule). Pure: a `Spec` in, a `Report` out.
"""

from __future__ import annotations

from itertools import chain

from ..core.errors import Diagnostic, LayerError
from ..core.messages import say
from ..core.records import (DTYPE_BYTES, FRAMEWORK, NETWORK_INPUT, Framework, Layer,
                            PaddingMode, Rounding, Spec, in_layout)
from ..core.report import BlockSummary, Report, Row, Totals
from ..layers import REGISTRY, Counts, LayerContext
from ..layers.base import NoField, elements
from ..layers.fields import Field
from . import graph

# The largest tensor and receptive field a walk follows: int64, what numpy and torch index
# with. Bounding them keeps every number cnncalc prints or converts a few dozen digits long
# (no float overflow, no 4,300-digit conversion limit), whatever a long spec compounds.
MAX_ELEMENTS = 2**63 - 1
MAX_FIELD = 2**63 - 1
_new = tuple.__new__
_INPUT_FIELD = Field()  # each spatial axis of the network input sees itself


def analyze(spec: Spec, rounding: Rounding | None = None, *, framework: Framework | None = None,
            dtype: str = "float32", computed: dict | None = None) -> Report:
    """Propagate shapes, count parameters, MACs, memory and receptive fields.

    `rounding` and `framework` override the spec's own; `dtype` sets the bytes. `computed`
    keeps the layers computed (see `_same`) for the next walk given it: a run over many
    specs (`check`) passes one dict to them all, as their layers repeat each other's."""
    rounding = rounding or spec.rounding
    chosen = framework or spec.framework
    framework = chosen or FRAMEWORK
    shapes = {NETWORK_INPUT: spec.input_shape}
    fields = {NETWORK_INPUT: (_INPUT_FIELD,) * (len(spec.input_shape) - 1)
              if len(spec.input_shape) > 1 else None}
    diagnostics = [d.located(spec.source) for d in spec.notes]
    diagnostics.extend(_place(d, layer, spec.source) for layer, d in graph.wiring(spec.layers))
    rows: list[Row] = []
    # Identical layers on identical inputs are computed once (_same), under these choices.
    computed = ({} if computed is None else computed).setdefault(
        (rounding, spec.layout, framework, dtype), {})
    context = LayerContext(None, rounding, spec.layout, framework=framework)
    for layer in spec.layers:
        ctx = context.moved_to(layer)
        kind = REGISTRY[layer.kind]
        layer = ctx.layer = kind.under(layer, ctx)
        inputs = tuple(map(shapes.get, layer.inputs))
        if None in inputs:  # miswired: graph.wiring says why, _compute leaves it unknown
            inputs = tuple(shape for shape in inputs if shape is not None)
        key = _same(layer, inputs)
        output, head, explain, cost, rule = computed.get(key) or _computed(
            layer, shapes, inputs, ctx, spec.layout, framework, DTYPE_BYTES[dtype])
        if output is not None and not ctx.diagnostics:
            computed[key] = output, head, explain, cost, rule
        field = None if output is None else _field(rule, layer, inputs, fields, ctx)
        if ctx.diagnostics:
            diagnostics.extend(_place(d, layer, spec.source) for d in ctx.diagnostics)
        # tuple.__new__ itself: a NamedTuple's own __new__ is a Python function, which
        # costs as much again per layer.
        rows.append(_new(Row, (layer.index, layer.name, layer.kind, *head, layer.inputs,
                               explain, layer.block, *cost, field)))
        if output is None:
            break  # nothing after a layer without a shape can be computed
        shapes[layer.name] = output
        fields[layer.name] = field
    diagnostics.extend(_place(d, layer, spec.source) for layer, d in graph.unread(spec.layers))
    rows_t = tuple(rows)
    return Report(
        name=spec.name, source=spec.source,
        input_shape=in_layout(spec.input_shape, spec.layout), layout=spec.layout,
        rounding=rounding, rows=rows_t, totals=Totals.of(rows_t),
        blocks=_blocks(spec, shapes, rows_t), framework=framework, dtype=dtype,
        framework_chosen=chosen is not None, **_sorted(diagnostics))


def _sorted(diagnostics: list[Diagnostic]) -> dict[str, tuple[Diagnostic, ...]]:
    """The report's errors, warnings, portability notes and other notes (none, for most
    specs: `check` makes a report per file)."""
    if not diagnostics:
        return _NONE_SAID
    return {"errors": tuple(d for d in diagnostics if d.severity == "error"),
            "warnings": tuple(d for d in diagnostics if d.severity == "warning"),
            "portability": tuple(d for d in diagnostics if d.code == "portability"),
            "notes": tuple(d for d in diagnostics
                           if d.severity == "note" and d.code != "portability")}


_NONE_SAID = dict.fromkeys(("errors", "warnings", "portability", "notes"), ())


def portability(spec: Spec, rounding: Rounding | None = None) -> tuple[Diagnostic, ...]:
    """Every layer whose result or validity differs between Keras and PyTorch.

    One walk per framework, because a walk stops at an invalid layer: PyTorch's refusal
    of a layer would otherwise hide the differences after it."""
    notes: dict[tuple, Diagnostic] = {}
    for framework in Framework:
        for note in analyze(spec, rounding, framework=framework).portability:
            notes.setdefault((note.index, note.key, note.text), note)
    return tuple(sorted(notes.values(), key=lambda d: d.index or 0))


# A layer without an output has no cost or memory to count: unknown, never zero.
_UNKNOWN_COST = (None, None, None, None)
# Errors about the size of a layer's output alone: its weights exist all the same (PyTorch
# builds the module; only its forward fails), so its counts are still shown.
_OUTPUT_SIZE_CODES = frozenset({"kernel-too-large", "no-output"})


def _same(layer: Layer, inputs: tuple) -> tuple:
    """What a layer's output, counts, cost and explanation depend on: its kind, its
    parameters and its inputs' shapes, and the inputs' names where a merge's words name
    them. Networks repeat layers (a chain, every instance of a block), and each repeat on
    the same shapes is then computed once; only a layer computed without a word to say is
    reused (a diagnostic names its layer). The receptive field, which depends on what came
    before, is followed for every layer.

    The parameters are told apart by their values and their exact types (1, 1.0 and True
    are equal in Python, not here) where values of one type are equal only when they are
    the same (`_EXACT`); any other value (a float: -0.0 == 0.0, a list) by their repr."""
    params = layer.params
    types = tuple(map(type, params.values()))
    values = tuple(params.items()) if _EXACT.issuperset(types) else repr(params)
    return (layer.kind, values, types, inputs,
            layer.inputs if len(layer.inputs) > 1 else None)


_EXACT = frozenset((int, str, bool, type(None), PaddingMode))


def _computed(layer: Layer, shapes: dict, inputs: tuple, ctx: LayerContext, layout,
              framework: Framework, nbytes: int) -> tuple:
    """The layer's output shape (None when it has none) and its row's numbers but the
    receptive field, in `Row`'s order: the shapes in `layout` and the counts, the
    explanation, the cost and memory (tuples, as a row is built from them for every
    layer, the reused ones too); and its kind's `field_rule`."""
    output, counts = _compute(layer, shapes, ctx)
    if counts is not None and counts.formula:
        ctx.explain(say("explain.params", formula=counts.formula))
    cost = _UNKNOWN_COST if output is None else _cost(layer, inputs, output, nbytes)
    shown = (tuple(in_layout(shape, layout) for shape in inputs),
             None if output is None else in_layout(output, layout))
    rule = None if output is None else REGISTRY[layer.kind].field_rule(layer, inputs, output)
    return (output, shown + _numbers(counts, framework, nbytes), tuple(ctx.explanation), cost,
            rule)


def _numbers(counts, framework: Framework, nbytes: int) -> tuple:
    """A row's params, params without bias, trainable, non-trainable and parameter bytes;
    all None when the counts are unknown."""
    if counts is None:
        return (None,) * 5
    params = counts.params(framework)
    return (params, params - counts.bias, counts.weights + counts.bias, counts.non_trainable,
            counts.total * nbytes)


def _cost(layer: Layer, inputs: tuple, output: tuple, nbytes: int) -> tuple:
    """MACs, FLOPs, output elements and output bytes of one computed layer."""
    kind = REGISTRY[layer.kind]
    count = elements(output)
    macs = kind.macs(layer, inputs, output)
    return macs, kind.flops(layer, inputs, output, macs), count, count * nbytes


def _field(rule, layer: Layer, inputs: tuple, fields: dict, ctx: LayerContext):
    """The layer's receptive field by its kind's `rule`, or None after saying why where its
    output has positions. Each input's field is read as the layer reads it: on an axis of
    size 1 every output reads the one position, so that band does not move (`Field.still`).
    A field past MAX_FIELD is dropped too, with a warning (the first input's, passed on
    unchanged, was checked where it was made)."""
    read = tuple(map(_still, map(fields.get, layer.inputs), inputs))
    try:
        field = rule(read)
    except NoField as why:
        ctx.report(why.message, severity=why.severity, key=why.key, fixes=why.fixes,
                   code=why.code)
        return None
    if field and field is not read[0] and max(map(abs, chain.from_iterable(field))) > MAX_FIELD:
        ctx.report(say("field.too-large", most=f"{MAX_FIELD:,}"), severity="warning",
                   code="too-large")
        return None
    return field


def _still(field, shape: tuple):
    """`field` with its size-1 axes still; as it is where it spans no axes of `shape`
    (unknown, or a global pooling's field of the axes it removed)."""
    if field is None or 1 not in shape or len(field) != len(shape) - 1:
        return field
    return tuple(f.still() if size == 1 else f for f, size in zip(field, shape))


def _compute(layer: Layer, shapes: dict, ctx: LayerContext) -> tuple[tuple | None,
                                                                       Counts | None]:
    """The layer's output shape and counts; None for what could not be computed, after
    reporting why. The counts of a layer whose output alone has no size are still known."""
    if not all(name in shapes for name in layer.inputs):
        return None, None  # miswired: graph.wiring has said why
    kind = REGISTRY[layer.kind]
    inputs = tuple(shapes[name] for name in layer.inputs)
    output = output_of(layer, inputs, ctx)
    if output is not None:
        try:
            return output, kind.counts(layer, inputs, output)
        except LayerError as exc:
            _report(exc, ctx)
    if ctx.diagnostics[-1].code not in _OUTPUT_SIZE_CODES:
        return None, None
    try:
        return None, kind.counts(layer, inputs, None)
    except LayerError:
        return None, None


def output_of(layer: Layer, inputs: tuple, ctx: LayerContext) -> tuple | None:
    """The layer's output shape from its inputs' shapes, or None after reporting to `ctx`
    why there is none: the one step of the walk, also taken alone by cnncalc/solve."""
    try:
        output = REGISTRY[layer.kind].infer(layer, inputs, ctx)
        if elements(output) > MAX_ELEMENTS:
            raise LayerError(say("output.too-large", shape=ctx.shown(output),
                                 count=f"{elements(output):,}", most=f"{MAX_ELEMENTS:,}"),
                             code="too-large")
        return output
    except LayerError as exc:
        _report(exc, ctx)
        return None


def _report(exc: LayerError, ctx: LayerContext) -> None:
    ctx.report(exc.message, key=exc.key, axis=exc.axis, fixes=exc.fixes, code=exc.code)


def _blocks(spec: Spec, shapes: dict, rows: tuple[Row, ...]) -> tuple[BlockSummary, ...]:
    """Each block instance's shapes and totals (of the rows computed, after an error). An
    instance's layers, nested instances' included, are those numbered `first`..`last`:
    its rows are found by bisecting the rows' numbers, which increase."""
    if not spec.instances:
        return ()
    from bisect import bisect_left, bisect_right  # here: a summary without blocks needs none

    numbers = [row.index for row in rows]

    def shown(name: str):
        return in_layout(shapes[name], spec.layout) if name in shapes else None

    return tuple(BlockSummary(i.path, i.kind, i.first, i.last, shown(i.input), shown(i.output),
                              Totals.of(rows[bisect_left(numbers, i.first):
                                             bisect_right(numbers, i.last)]))
                 for i in spec.instances)


def _place(diagnostic: Diagnostic, layer: Layer, source: str | None) -> Diagnostic:
    """Point a diagnostic at the key it is about, else at the layer."""
    line, column = layer.key_positions.get(diagnostic.key, (layer.line, layer.column))
    return diagnostic._replace(file=source, line=line, column=column)
