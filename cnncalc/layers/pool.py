"""Max, average and min pooling: a window with no weights, channels kept."""

from __future__ import annotations

from ..shapes import windows
from .base import LayerKind, Shape, register
from .params import Axes, Padding, Param


class Pool(LayerKind):
    """Pooling over every spatial axis; `stride` defaults to `size` (non-overlapping)."""

    spatial = True
    params = (
        Param("size", Axes(), required=True, doc="window size"),
        Param("stride", Axes(), None, doc="defaults to size"),
        Param("padding", Padding(), 0),
    )

    def output_shape(self, layer, shape, ctx) -> Shape:
        p = layer.params
        stride = p["size"] if p["stride"] is None else p["stride"]
        axes = windows(shape[:-1], p["size"], stride, p["padding"])
        return ctx.slide(axes, pooling=True) + (shape[-1],)


class MaxPool(Pool):
    name = "maxpool"
    doc = "largest value of each window"


class AvgPool(Pool):
    name = "avgpool"
    doc = "mean of each window"


class MinPool(Pool):
    name = "minpool"
    doc = "smallest value of each window"


for _kind in (MaxPool, AvgPool, MinPool):
    register(_kind())
