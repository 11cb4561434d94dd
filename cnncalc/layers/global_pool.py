"""Pooling whose windows follow from the output size: global, adaptive and channel-wise."""

from __future__ import annotations

from ..core.messages import axis_name, say
from ..core.params import Axes, Bool, Choice, Int, Param
from .base import LayerKind, Shape
from .code import Code, Inexpressible, keras_nd, nd, one
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

    def pytorch(self, layer, inputs, output, target) -> Code:
        """nn.Adaptive{Avg,Max}PoolNd(1), flattened unless `keepdims`."""
        ctor = f"{nd(f'Adaptive{self.mode}Pool', len(inputs[0]) - 1)}(1)"
        if layer.params["keepdims"]:
            return Code("{m}({x})", (("", ctor),))
        return Code("torch.flatten({m}({x}), 1)", (("", ctor),))

    def keras(self, layer, inputs, output, target) -> Code:
        cls = keras_nd(f"Global{self.keras_mode}Pooling", len(inputs[0]) - 1)
        keep = ", keepdims=True" if layer.params["keepdims"] else ""
        return Code(f'{cls}(name="{{id}}"{keep})({{x}})')


class GlobalAvgPool(GlobalPool):
    name = "global_avgpool"
    mode, keras_mode = "Avg", "Average"
    doc = "mean of each channel"


class GlobalMaxPool(GlobalPool):
    name = "global_maxpool"
    mode, keras_mode = "Max", "Max"
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
            ctx.explain(say("explain.adaptive", axis=axis_name(axis), x=x, out=out))
        return sizes + shape[-1:]

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        return tuple(f.adaptive(x, out)
                     for f, x, out in zip(fields[0], inputs[0][:-1], output[:-1]))

    def pytorch(self, layer, inputs, output, target) -> Code:
        ctor = f"{nd(f'Adaptive{self.mode}Pool', len(inputs[0]) - 1)}({one(output[:-1])!r})"
        return Code("{m}({x})", (("", ctor),))

    def keras(self, layer, inputs, output, target) -> Code:
        """Keras has no adaptive pooling: where every output size divides its input's,
        the windows are equal and a plain pooling is the same layer; otherwise refused."""
        if any(x % out for x, out in zip(inputs[0][:-1], output[:-1])):
            raise Inexpressible(say("export.adaptive", output=list(output[:-1]),
                                    input=list(inputs[0][:-1])))
        window = one(tuple(x // out for x, out in zip(inputs[0][:-1], output[:-1])))
        cls = keras_nd("AveragePooling" if self.mode == "Avg" else "MaxPooling",
                       len(inputs[0]) - 1)
        return Code(f'{cls}({window!r}, name="{{id}}")({{x}})',
                    comment="adaptive pooling with equal windows: a plain pooling")


class AdaptiveAvgPool(AdaptivePool):
    name = "adaptive_avgpool"
    mode = "Avg"
    doc = "mean of each adaptive window"


class AdaptiveMaxPool(AdaptivePool):
    name = "adaptive_maxpool"
    mode = "Max"
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

    def pytorch(self, layer, inputs, output, target) -> Code:
        """F.max_pool1d or F.avg_pool1d over the channels of every position, each position
        a row of its own, window and stride `size`, ceil_mode for `rounding: ceil`."""
        p = layer.params
        size, channels = p["size"], inputs[0][-1]
        function = "F.max_pool1d" if p["mode"] == "max" else "F.avg_pool1d"
        ceil = ", ceil_mode=True" if target.ceil else ""
        if len(inputs[0]) == 1:
            return Code(f"{function}({{x}}.reshape(-1, 1, {channels}), {size}{ceil}).flatten(1)")
        spatial = ", ".join(map(str, output))
        return Code(f"{function}({{x}}.movedim(1, -1).reshape(-1, 1, {channels}), {size}{ceil})"
                    f".reshape(-1, {spatial}).movedim(-1, 1)",
                    comment="channels of every position pooled as a row of their own")

    def keras(self, layer, inputs, output, target) -> Code:
        """Keras has no channel pooling: the channels regrouped as (C / size, size) and
        reduced over the last axis with keras.ops (the channels a floor drops sliced off)."""
        p = layer.params
        size, channels, out = p["size"], inputs[0][-1], output[-1]
        if out * size > channels:
            raise Inexpressible(say("export.channel-pool-ceil"))
        x = "{x}" if out * size == channels else f"{{x}}[..., :{out * size}]"
        reduce = "keras.ops.max" if p["mode"] == "max" else "keras.ops.mean"
        groups = ", ".join(map(str, (*output[:-1], out, size)))
        return Code(f'{reduce}(layers.Reshape(({groups}), name="{{id}}")({x}), axis=-1)',
                    comment=f"Keras has no channel pooling: channels as ({out}, {size}), "
                            f"reduced over the last axis")
