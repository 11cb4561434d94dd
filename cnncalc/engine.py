"""The walk: each layer's kind turns its input shapes into an output shape and counts.

Layers name their inputs (by default the layer before), so the walk reads each input's
shape by name; a plain chain is the special case. Pure: a `Spec` in, a `Report` out.
"""

from __future__ import annotations

from dataclasses import replace

from .errors import Diagnostic, LayerError
from .layers import REGISTRY, Counts, LayerContext
from .report import Report, Row, Totals
from .spec import NETWORK_INPUT, Layer, Spec


def analyze(spec: Spec, rounding: str | None = None) -> Report:
    """Propagate shapes and count parameters; `rounding` overrides the spec's own."""
    rounding = rounding or spec.rounding
    shapes = {NETWORK_INPUT: spec.input_shape}
    rows: list[Row] = []
    diagnostics: list[Diagnostic] = []
    for layer in spec.layers:
        ctx = LayerContext(layer, rounding)
        output, counts = _compute(layer, shapes, ctx)
        diagnostics.extend(_place(d, layer, spec.source) for d in ctx.diagnostics)
        inputs = tuple(shapes.get(name, ()) for name in layer.inputs)
        if counts.formula:
            ctx.explain(f"params {counts.formula}")
        rows.append(Row(
            layer.index, layer.name, layer.kind,
            _shown(inputs[0], spec.layout), None if output is None else _shown(output, spec.layout),
            counts.total, counts.total - counts.bias, counts.weights + counts.bias,
            counts.non_trainable, layer.inputs, tuple(ctx.explanation)))
        if output is None:
            break  # nothing after a layer without a shape can be computed
        shapes[layer.name] = output
    rows_t = tuple(rows)
    return Report(
        spec.name, spec.source, _shown(spec.input_shape, spec.layout), spec.layout, rounding,
        rows_t, Totals.of(rows_t),
        tuple(d for d in diagnostics if d.severity == "error"),
        tuple(d for d in diagnostics if d.severity == "warning"))


def _compute(layer: Layer, shapes: dict, ctx: LayerContext):
    """The layer's output shape and counts, or (None, no counts) after reporting why."""
    kind = REGISTRY[layer.kind]
    try:
        missing = [name for name in layer.inputs if name not in shapes]
        if missing:
            raise LayerError(f"inputs: no earlier layer is named {missing[0]!r}", key="inputs",
                             code="unknown-input")
        inputs = tuple(shapes[name] for name in layer.inputs)
        output = kind.infer(layer, inputs, ctx)
        return output, kind.counts(layer, inputs, output)
    except LayerError as exc:
        ctx.report(exc.message, key=exc.key, axis=exc.axis, fixes=exc.fixes, code=exc.code)
        return None, Counts()


def _place(diagnostic: Diagnostic, layer: Layer, source: str | None) -> Diagnostic:
    """Point a diagnostic at the key it is about, else at the layer."""
    line, column = layer.key_positions.get(diagnostic.key, (layer.line, layer.column))
    return replace(diagnostic, file=source, line=line, column=column)


def _shown(shape: tuple[int, ...], layout: str) -> tuple[int, ...]:
    """Channels-last as stored, channels-first when the spec is written that way."""
    if layout == "channels_first" and len(shape) > 1:
        return shape[-1:] + shape[:-1]
    return shape
