"""Convolution: the layer the tutorials spend most of their arithmetic on."""

from __future__ import annotations

from ..errors import LayerError
from ..shapes import windows
from .base import Counts, LayerKind, Shape, bias_counts, register
from .params import Axes, Int, Padding, Param
from .activation import ACTIVATION_PARAM, BIAS_PARAM


class Conv(LayerKind):
    """N-d convolution (Keras ConvND / PyTorch nn.ConvNd); the rank comes from the input."""

    name = "conv"
    spatial = True
    doc = "convolution over 1, 2 or 3 spatial axes"
    params = (
        Param("filters", Int(), required=True, doc="output channels"),
        Param("kernel", Axes(), required=True, doc="kernel size"),
        Param("stride", Axes(), 1),
        Param("padding", Padding(), 0, doc="zeros added on each side, valid (0) or same"),
        Param("dilation", Axes(), 1, doc="spacing between kernel taps"),
        Param("groups", Int(), 1, doc="channel groups; filters and input channels must divide"),
        BIAS_PARAM,
        ACTIVATION_PARAM,
    )

    def validate(self, params):
        if params["filters"] % params["groups"]:
            raise LayerError(f"groups: {params['groups']} does not divide filters "
                             f"{params['filters']}", key="groups")

    def output_shape(self, layer, shape, ctx) -> Shape:
        p = layer.params
        if shape[-1] % p["groups"]:
            raise LayerError(f"groups: {p['groups']} does not divide the {shape[-1]} input "
                             f"channels", key="groups")
        axes = windows(shape[:-1], p["kernel"], p["stride"], p["padding"], p["dilation"])
        return ctx.slide(axes, pooling=False) + (p["filters"],)

    def counts(self, layer, inputs, output) -> Counts:
        p = layer.params
        kernel = windows(inputs[0][:-1], p["kernel"], 1, 0)
        return bias_counts((inputs[0][-1] // p["groups"], *(w.kernel for w in kernel),
                            p["filters"]), p["filters"], p["bias"])


register(Conv())
