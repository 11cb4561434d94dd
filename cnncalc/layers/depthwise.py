"""Depthwise and depthwise-separable convolutions (MobileNet, Xception): a kernel per
input channel, and for the separable kind a 1×1 convolution mixing the channels after."""

from __future__ import annotations

from ..core.params import Int, Param
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import Counts, Shape, bias_counts, elements
from .conv import (DILATION_PARAM, FILTERS_PARAM, KERNEL_PARAM, PADDING_PARAM, STRIDE_PARAM,
                   kernel_sizes, kernel_taps)
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
