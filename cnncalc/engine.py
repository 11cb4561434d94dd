"""The walk: each layer's kind turns its input shapes into an output shape and counts.

Layers name their inputs (by default the layer before), so the walk reads each input's
shape by name; a plain chain is the special case. A layer reads only layers written above
it, so the written order is a topological order and one pass suffices (graph.py explains
the wirings that break that rule). Pure: a `Spec` in, a `Report` out.
"""

from __future__ import annotations

from dataclasses import replace

from . import graph
from .errors import Diagnostic, LayerError
from .layers import REGISTRY, Counts, LayerContext
from .layers.base import in_layout
from .report import BlockSummary, Report, Row, Totals
from .spec import NETWORK_INPUT, Layer, Spec


def analyze(spec: Spec, rounding: str | None = None) -> Report:
    """Propagate shapes and count parameters; `rounding` overrides the spec's own."""
    rounding = rounding or spec.rounding
    shapes = {NETWORK_INPUT: spec.input_shape}
    diagnostics = [_place(d, layer, spec.source) for layer, d in graph.wiring(spec.layers)]
    rows: list[Row] = []
    for layer in spec.layers:
        ctx = LayerContext(layer, rounding, spec.layout)
        output, counts = _compute(layer, shapes, ctx)
        diagnostics.extend(_place(d, layer, spec.source) for d in ctx.diagnostics)
        if counts.formula:
            ctx.explain(f"params {counts.formula}")
        rows.append(Row(
            layer.index, layer.name, layer.kind,
            tuple(in_layout(shapes[name], spec.layout) for name in layer.inputs
                  if name in shapes),
            None if output is None else in_layout(output, spec.layout),
            counts.total, counts.total - counts.bias, counts.weights + counts.bias,
            counts.non_trainable, layer.inputs, tuple(ctx.explanation), layer.block))
        if output is None:
            break  # nothing after a layer without a shape can be computed
        shapes[layer.name] = output
    diagnostics.extend(_place(d, layer, spec.source) for layer, d in graph.unread(spec.layers))
    rows_t = tuple(rows)
    return Report(
        spec.name, spec.source, in_layout(spec.input_shape, spec.layout), spec.layout,
        rounding, rows_t, Totals.of(rows_t),
        tuple(d for d in diagnostics if d.severity == "error"),
        tuple(d for d in diagnostics if d.severity == "warning"),
        _blocks(spec, shapes, rows_t))


def _compute(layer: Layer, shapes: dict, ctx: LayerContext):
    """The layer's output shape and counts, or (None, no counts) after reporting why."""
    if not all(name in shapes for name in layer.inputs):
        return None, Counts()  # miswired: graph.wiring has said why
    kind = REGISTRY[layer.kind]
    try:
        inputs = tuple(shapes[name] for name in layer.inputs)
        output = kind.infer(layer, inputs, ctx)
        return output, kind.counts(layer, inputs, output)
    except LayerError as exc:
        ctx.report(exc.message, key=exc.key, axis=exc.axis, fixes=exc.fixes, code=exc.code)
        return None, Counts()


def _blocks(spec: Spec, shapes: dict, rows: tuple[Row, ...]) -> tuple[BlockSummary, ...]:
    """Each block instance's shapes and totals (of the rows computed, after an error)."""
    totals = Totals.by_block(rows)

    def shown(name: str):
        return in_layout(shapes[name], spec.layout) if name in shapes else None

    return tuple(BlockSummary(i.path, i.kind, i.first, i.last, shown(i.input), shown(i.output),
                              totals.get(i.path, Totals()))
                 for i in spec.instances)


def _place(diagnostic: Diagnostic, layer: Layer, source: str | None) -> Diagnostic:
    """Point a diagnostic at the key it is about, else at the layer."""
    line, column = layer.key_positions.get(diagnostic.key, (layer.line, layer.column))
    return replace(diagnostic, file=source, line=line, column=column)
