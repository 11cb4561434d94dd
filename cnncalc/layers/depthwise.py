"""Depthwise and depthwise-separable convolutions (MobileNet, Xception): a kernel per
input channel, and for the separable kind a 1×1 convolution mixing the channels after."""

from __future__ import annotations

from ..core.messages import say
from ..core.params import Int, Param
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import Counts, Shape, bias_counts, elements
from .code import Code, Inexpressible, nd, one
from .conv import (DILATION_PARAM, FILTERS_PARAM, KERNEL_PARAM, PADDING_PARAM, STRIDE_PARAM,
                   keras_conv, kernel_sizes, kernel_taps, torch_conv)
from .sliding import WindowKind

MULTIPLIER_PARAM = Param("multiplier", Int(), 1, doc="kernels (output channels) per input channel")


class DepthwiseConv(WindowKind):
    """Keras DepthwiseConv2D / PyTorch Conv2d(C, C·multiplier, groups=C)."""

    name = "depthwise_conv"
    doc = "one kernel per input channel (times multiplier)"
    output_rule = "as `conv`; channels `C · multiplier`"
    count_rule = "`C · Π K · multiplier` weights, `C · multiplier` bias"
    params = (KERNEL_PARAM, MULTIPLIER_PARAM, STRIDE_PARAM, PADDING_PARAM, DILATION_PARAM,
              BIAS_PARAM, ACTIVATION_PARAM)

    def output_shape(self, layer, shape, ctx) -> Shape:
        return self.slide(layer, shape, ctx) + (shape[-1] * layer.params["multiplier"],)

    def counts(self, layer, inputs, output) -> Counts:
        p = layer.params
        kernel = kernel_sizes(layer, inputs[0])
        return bias_counts((inputs[0][-1], *kernel, p["multiplier"]),
                           inputs[0][-1] * p["multiplier"], p["bias"])

    def macs(self, layer, inputs, output) -> int:
        return elements(output) * kernel_taps(layer, inputs[0])

    def pytorch(self, layer, inputs, output, target) -> Code:
        channels = inputs[0][-1]
        ctor, x, comment = torch_conv(layer, inputs[0], channels * layer.params["multiplier"],
                                      channels, layer.params["bias"])
        return Code(f"{{m}}({x})", (("", ctor),),
                    comment or "depthwise: a conv with groups = input channels")

    def keras(self, layer, inputs, output, target) -> Code:
        """DepthwiseConv1D/2D; Keras has no 3-D one: a Conv3D with groups = channels is
        the same layer (the same weights and outputs)."""
        kernel = one(kernel_sizes(layer, inputs[0]))
        channels, multiplier = inputs[0][-1], layer.params["multiplier"]
        if len(inputs[0]) == 4:
            code = keras_conv(layer, inputs[0], "Conv", channels * multiplier, kernel,
                              groups=(channels, 1))
            return Code(code.expression, comment="Keras has no DepthwiseConv3D: a Conv3D with "
                                                 "groups = channels is the same layer")
        return keras_conv(layer, inputs[0], "DepthwiseConv", kernel,
                          depth_multiplier=(multiplier, 1))


class SeparableConv(WindowKind):
    """Keras SeparableConv2D: a depthwise convolution without bias, then a 1×1 convolution
    to `filters` channels with one bias per filter. PyTorch writes it as two Conv2d."""

    name = "separable_conv"
    doc = "depthwise then pointwise (1×1) convolution"
    output_rule = "as `conv`; channels `filters`"
    count_rule = ("depthwise `C · Π K · multiplier` + pointwise `C · multiplier · filters` + "
                  "`filters` bias (Keras `SeparableConv2D`)")
    params = (FILTERS_PARAM, KERNEL_PARAM, MULTIPLIER_PARAM, STRIDE_PARAM, PADDING_PARAM,
              DILATION_PARAM, BIAS_PARAM, ACTIVATION_PARAM)

    def output_shape(self, layer, shape, ctx) -> Shape:
        return self.slide(layer, shape, ctx) + (layer.params["filters"],)

    def counts(self, layer, inputs, output) -> Counts:
        p = layer.params
        channels, filters = inputs[0][-1], p["filters"]
        kernel = kernel_sizes(layer, inputs[0])
        depthwise = elements((channels, *kernel, p["multiplier"]))
        pointwise = channels * p["multiplier"] * filters
        formula = (f"{'·'.join(map(str, (channels, *kernel, p['multiplier'])))} + "
                   f"{channels}·{p['multiplier']}·{filters} = {depthwise + pointwise:,}")
        if p["bias"]:
            formula += f" (+{filters:,} bias)"
        return Counts(weights=depthwise + pointwise, bias=filters if p["bias"] else 0,
                      formula=formula)

    def macs(self, layer, inputs, output) -> int:
        """The depthwise kernels over C·multiplier channels, then C·multiplier inputs for
        every output element of the pointwise convolution."""
        positions = elements(output[:-1])
        middle = inputs[0][-1] * layer.params["multiplier"]
        return positions * middle * (kernel_taps(layer, inputs[0]) + output[-1])

    def pytorch(self, layer, inputs, output, target) -> Code:
        """Two convs, as PyTorch writes Keras's SeparableConv: depthwise without bias, then
        a 1×1 one to `filters` with the bias."""
        p = layer.params
        channels = inputs[0][-1]
        middle = channels * p["multiplier"]
        depthwise, x, comment = torch_conv(layer, inputs[0], middle, channels, False)
        pointwise = f"{nd('Conv', len(inputs[0]) - 1)}({middle}, {p['filters']}, 1" + (
            ")" if p["bias"] else ", bias=False)")
        return Code(f"{{m_pointwise}}({{m_depthwise}}({x}))",
                    (("_depthwise", depthwise), ("_pointwise", pointwise)),
                    comment or "separable: a depthwise conv, then a 1×1 conv")

    def keras(self, layer, inputs, output, target) -> Code:
        """SeparableConv1D/2D; Keras has no 3-D one, so a 3-D spec is refused."""
        if len(inputs[0]) == 4:
            raise Inexpressible(say("export.separable-3d"))
        p = layer.params
        return keras_conv(layer, inputs[0], "SeparableConv", p["filters"],
                          one(kernel_sizes(layer, inputs[0])),
                          depth_multiplier=(p["multiplier"], 1))
