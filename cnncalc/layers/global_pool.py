"""Pooling whose windows follow from the output size: global, adaptive and channel-wise."""

from __future__ import annotations

from ..core.params import Axes, Bool, Choice, Int, Param
from .base import LayerKind, Shape
from .sliding import output_sizes
from .windows import Window, axis_names, every_axis


class GlobalPool(LayerKind):
    """One value per channel over all spatial positions (Keras GlobalAveragePooling2D;
    PyTorch AdaptiveAvgPool2d(1) then flatten). `keepdims` keeps size-1 spatial axes."""

    output_rule = "`(C,)`, or `(1, 1, C)` with `keepdims`"

    spatial = True
    params = (Param("keepdims", Bool(), False, doc="keep the spatial axes with size 1"),)

    def output_shape(self, layer, shape, ctx) -> Shape:
        spatial = (1,) * (len(shape) - 1) if layer.params["keepdims"] else ()
        return spatial + shape[-1:]

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        return tuple(f.adaptive(x, 1) for f, x in zip(fields[0], inputs[0][:-1]))


class GlobalAvgPool(GlobalPool):
    name = "global_avgpool"
    doc = "mean of each channel"


class GlobalMaxPool(GlobalPool):
    name = "global_maxpool"
    doc = "largest value of each channel"


class AdaptivePool(LayerKind):
    """PyTorch AdaptiveAvgPool / AdaptiveMaxPool: the output size is given and output i
    reads input floor(i·X/O) … ceil((i+1)·X/O) − 1, so windows differ in size by one
    when O does not divide X."""

    output_rule = "`output`; window i reads `floor(i·X/O) … ceil((i+1)·X/O) − 1` (PyTorch)"

    spatial = True
    params = (Param("output", Axes(), required=True, doc="output size of each spatial axis"),)

    def output_shape(self, layer, shape, ctx) -> Shape:
        sizes = every_axis(layer.params["output"], len(shape) - 1, "output")
        for axis, x, out in zip(axis_names(len(sizes)), shape[:-1], sizes):
            ctx.explain(f"{axis} {x} → {out}: window i reads floor(i·{x}/{out}) … "
                        f"ceil((i + 1)·{x}/{out}) − 1")
        return sizes + shape[-1:]

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        return tuple(f.adaptive(x, out)
                     for f, x, out in zip(fields[0], inputs[0][:-1], output[:-1]))


class AdaptiveAvgPool(AdaptivePool):
    name = "adaptive_avgpool"
    doc = "mean of each adaptive window"


class AdaptiveMaxPool(AdaptivePool):
    name = "adaptive_maxpool"
    doc = "largest value of each adaptive window"


class ChannelPool(LayerKind):
    """Depth-wise pooling (seeds/004): groups of `size` neighbouring channels pooled into
    one, spatial positions kept. The channel count is divided like a pooling axis, so
    strict rounding wants C divisible by size and floor drops the last channels."""

    name = "channel_pool"
    doc = "pools groups of neighbouring channels"
    output_rule = ("channels pooled like an axis: `(C − size)/size + 1` (seed 004's "
                   "depth-wise max pooling)")
    params = (Param("size", Int(), required=True, doc="channels pooled into one"),
              Param("mode", Choice(("max", "avg")), "max"))

    def output_shape(self, layer, shape, ctx) -> Shape:
        size = layer.params["size"]
        return shape[:-1] + output_sizes(ctx, (Window("channel count", shape[-1], size, size),),
                                         pooling=True)
