"""Convolution: the layer the tutorials spend most of their arithmetic on."""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.params import Axes, Int, Padding, Param
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import Counts, Shape, bias_counts, elements
from .sliding import WindowKind
from .windows import every_axis

# The parameters convolution kinds share (conv, conv_transpose, depthwise, separable).
FILTERS_PARAM = Param("filters", Int(), required=True, doc="output channels")
GROUPS_PARAM = Param("groups", Int(), 1,
                     doc="channel groups; filters and input channels must divide")
KERNEL_PARAM = Param("kernel", Axes(), required=True, doc="kernel size")
STRIDE_PARAM = Param("stride", Axes(), 1)
PADDING_PARAM = Param("padding", Padding(), 0, doc="zeros added on each side, valid (0) or same")
DILATION_PARAM = Param("dilation", Axes(), 1, doc="spacing between kernel taps")


def kernel_sizes(layer, shape: Shape) -> tuple[int, ...]:
    """The layer's kernel size on every spatial axis of `shape`."""
    return every_axis(layer.params["kernel"], len(shape) - 1, "kernel")


def kernel_taps(layer, shape: Shape) -> int:
    """Π K: the taps of one kernel."""
    return elements(kernel_sizes(layer, shape))


def check_groups(layer, shape: Shape) -> None:
    groups = layer.params["groups"]
    if shape[-1] % groups:
        raise LayerError(f"groups: {groups} does not divide the {shape[-1]} input channels",
                         key="groups")


class Conv(WindowKind):
    """N-d convolution (Keras ConvND / PyTorch nn.ConvNd); the rank comes from the input."""

    name = "conv"
    doc = "convolution over 1, 2 or 3 spatial axes"
    output_rule = "`(X + 2P − D·(K − 1) − 1)/S + 1`; channels = filters"
    count_rule = "`C_in/groups · Π K · filters` weights, `filters` bias"
    params = (
        FILTERS_PARAM,
        KERNEL_PARAM,
        STRIDE_PARAM,
        PADDING_PARAM,
        DILATION_PARAM,
        GROUPS_PARAM,
        BIAS_PARAM,
        ACTIVATION_PARAM,
    )

    def validate(self, params):
        if params["filters"] % params["groups"]:
            raise LayerError(f"groups: {params['groups']} does not divide filters "
                             f"{params['filters']}", key="groups")

    def output_shape(self, layer, shape, ctx) -> Shape:
        check_groups(layer, shape)
        return self.slide(layer, shape, ctx) + (layer.params["filters"],)

    def counts(self, layer, inputs, output) -> Counts:
        p = layer.params
        return bias_counts((inputs[0][-1] // p["groups"], *kernel_sizes(layer, inputs[0]),
                            p["filters"]), p["filters"], p["bias"])

    def macs(self, layer, inputs, output) -> int:
        """Every output element is one kernel (Π K taps) over C_in/groups channels."""
        return elements(output) * kernel_taps(layer, inputs[0]) * (
            inputs[0][-1] // layer.params["groups"])
