"""The sliding windows of one layer, for `cnncalc explain`: a spec's layer by name, or a
network of one layer built from the command line's numbers.

The windows come from the layer's own rules (`WindowKind.windows`, `layers/windows.py`),
fed the input shape the walk found for that layer: nothing here repeats the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.errors import CnnCalcError, LayerError
from ..core.messages import say
from ..core.records import Framework, Rounding, Spec, from_layout
from ..core.report import Report
from ..engine.walk import analyze
from ..layers import REGISTRY
from ..layers.sliding import WindowKind
from ..layers.windows import AxisResult, slide



class ExplainError(CnnCalcError):
    def __init__(self, code: str, **values: Any):
        super().__init__(say(f"explain.{code}", **values))
        self.code = code


@dataclass(frozen=True, slots=True)
class LayerWindows:
    """One layer's axes, each with the window arithmetic's result."""

    name: str
    index: int
    kind: str
    axes: tuple[AxisResult, ...]
    rounding: Rounding


def window_kinds() -> list[str]:
    return [name for name, kind in REGISTRY.items() if isinstance(kind, WindowKind)]


def one_layer_tree(kind: str, sizes: list[int], params: dict[str, Any]) -> dict:
    """The spec tree of a network of one window layer on a one-channel input of `sizes`:
    the kernel is `size` for a pooling kind, and a convolution gets one filter."""
    if kind not in window_kinds():
        raise ExplainError("not-a-window-kind", kind=kind, names=", ".join(window_kinds()))
    names = {param.name for param in REGISTRY[kind].params}
    given = {k: v for k, v in params.items() if v is not None}
    if "kernel" in given and "kernel" not in names:
        given["size"] = given.pop("kernel")
    if "filters" in names:
        given["filters"] = 1
    return {"input": [*sizes, 1], "layers": [{kind: given}]}


def layer_windows(spec: Spec, name: str, rounding: Rounding | None = None,
                  framework: Framework | None = None) -> tuple[LayerWindows | None, Report]:
    """The named layer's windows, and the whole spec's report (whose errors the caller
    shows): the layer is drawn under the rounding the walk used. None when no window fits
    (a kernel larger than the padded input: the report's error says so)."""
    report = analyze(spec, rounding, framework=framework)
    layers = {layer.name: layer for layer in spec.layers}
    windowed = ", ".join(n for n, layer in layers.items()
                         if isinstance(REGISTRY.get(layer.kind), WindowKind)) or "none"
    if name not in layers:
        raise ExplainError("no-such-layer", name=name, names=windowed)
    layer = layers[name]
    kind = REGISTRY[layer.kind]
    if not isinstance(kind, WindowKind):
        raise ExplainError("no-window", name=name, kind=layer.kind, names=windowed)
    row = next((row for row in report.rows if row.name == name), None)
    if row is None or not row.input_shapes:
        raise ExplainError("not-reached", name=name)
    shape = from_layout(row.input_shape, spec.layout)
    used = report.rounding
    try:
        axes = slide(kind.windows(layer, shape), used, pooling=kind.pooling)
    except LayerError:
        return None, report
    return LayerWindows(name, layer.index, layer.kind, axes, used), report
