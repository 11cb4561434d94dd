"""Convolution: the layer the tutorials spend most of their arithmetic on."""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.messages import say
from ..core.params import Axes, Choice, Int, Padding, Param
from ..core.records import PaddingMode
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import Counts, Shape, bias_counts, elements
from .code import Code, Inexpressible, keras_nd, nd, one, pad_arg
from .sliding import WindowKind
from .windows import every_axis, same_padding

# The parameters convolution kinds share (conv, conv_transpose, depthwise, separable).
FILTERS_PARAM = Param("filters", Int(), required=True, doc="output channels")
GROUPS_PARAM = Param("groups", Int(), 1,
                     doc="channel groups; filters and input channels must divide")
KERNEL_PARAM = Param("kernel", Axes(), required=True, doc="kernel size")
STRIDE_PARAM = Param("stride", Axes(), 1)
PADDING_PARAM = Param("padding", Padding(), 0, doc="zeros added on each side, valid (0) or same")
# A convolution also takes Keras Conv1D's `causal`: every zero before, so output t reads
# inputs up to t only.
CONV_PADDING_PARAM = Param("padding", Padding(Choice((*Padding().modes.values,
                                                          PaddingMode.CAUSAL))), 0,
                           doc="zeros added on each side, valid (0), same, or `causal` (1-D: "
                               "D·(K − 1) before)")
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
        raise LayerError(say("groups.channels", groups=groups, channels=shape[-1]), key="groups")


def arguments(*positional, **keywords) -> str:
    """A call's arguments as a person writes them: keywords left out at their default
    (given as `name=(value, default)`)."""
    words = [literal(v) for v in positional]
    words += [f"{k}={literal(v[0])}" for k, v in keywords.items() if v[0] != v[1]]
    return ", ".join(words)


def literal(value) -> str:
    """A value as Python source, strings in double quotes as formatters write them."""
    return f'"{value}"' if isinstance(value, str) else repr(value)


def torch_conv(layer, shape: Shape, filters: int, groups: int, bias: bool,
               name: str = "Conv", kernel=None) -> tuple[str, str, str]:
    """A convolution's nn.ConvNd (constructor), the input it reads (an expression of
    `{x}`) and a comment. torch's padding='same' takes stride 1 only: with a stride,
    Keras's `same` (the odd pixel after) is an explicit F.pad and the conv pads nothing."""
    p = layer.params
    rank = len(shape) - 1
    kernel = kernel or kernel_sizes(layer, shape)
    stride, dilation = (every_axis(p[key], rank, key) for key in ("stride", "dilation"))
    x, comment, padding = "{x}", "", p["padding"]
    if padding == PaddingMode.CAUSAL:
        padding = 0
        sides = tuple((d * (k - 1), 0) for k, d in zip(kernel, dilation))
        if any(map(any, sides)):
            x = f"F.pad({{x}}, {pad_arg(sides)})"
            comment = "Keras 'causal': D·(K − 1) zeros before, none after (F.pad)"
    elif padding == PaddingMode.SAME and any(s > 1 for s in stride):
        sides = tuple(same_padding(*axis) for axis in zip(shape[:-1], kernel, stride, dilation))
        padding = 0
        if any(map(any, sides)):
            x = f"F.pad({{x}}, {pad_arg(sides)})"
            comment = "Keras 'same' with a stride: the odd padding pixel after (F.pad)"
    elif padding == PaddingMode.VALID:
        padding = 0
    elif padding == PaddingMode.SAME:
        padding = "same"
    else:
        padding = one(every_axis(padding, rank, "padding"))
    ctor = f"{nd(name, rank)}(" + arguments(
        shape[-1], filters, one(kernel), stride=(one(stride), 1), padding=(padding, 0),
        dilation=(one(dilation), 1), groups=(groups, 1), bias=(bias, True)) + ")"
    return ctor, x, comment


def keras_padding(layer, rank: int, layers: str = "ZeroPadding") -> tuple[str, str]:
    """Keras's `padding` argument, and the input expression: explicit amounts are a
    ZeroPaddingND layer (`{id}_pad`) before a `valid` layer, as Keras has no numbers."""
    padding = layer.params["padding"]
    if isinstance(padding, str):
        return padding, "{x}"
    amounts = one(every_axis(padding, rank, "padding"))
    if amounts == 0:
        return "valid", "{x}"
    return "valid", f'{keras_nd(layers, rank)}({amounts!r}, name="{{id}}_pad")({{x}})'


def keras_strides(params) -> None:
    """Keras convolutions refuse a stride above 1 together with a dilation above 1."""
    def axes(value):
        return (value,) if isinstance(value, int) else tuple(value)

    if max(axes(params["stride"])) > 1 and max(axes(params["dilation"])) > 1:
        raise Inexpressible(say("export.stride-dilation"))


def keras_conv(layer, shape: Shape, cls: str, *args, **keywords) -> Code:
    """A Keras ConvND-like layer: `cls`'s arguments (after the padding's own) with
    strides, dilation_rate and use_bias from the layer's parameters."""
    p = layer.params
    rank = len(shape) - 1
    keras_strides(p)
    padding, x = keras_padding(layer, rank)
    call = arguments(*args, strides=(one(every_axis(p["stride"], rank, "stride")), 1),
                     padding=(padding, "valid"),
                     dilation_rate=(one(every_axis(p["dilation"], rank, "dilation")), 1),
                     use_bias=(p["bias"], True), **keywords)
    return Code(f'{keras_nd(cls, rank)}({call}, name="{{id}}")({x})')


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
        CONV_PADDING_PARAM,
        DILATION_PARAM,
        GROUPS_PARAM,
        BIAS_PARAM,
        ACTIVATION_PARAM,
    )

    def validate(self, params):
        if params["filters"] % params["groups"]:
            raise LayerError(say("groups.filters", groups=params["groups"],
                                 filters=params["filters"]), key="groups")

    def output_shape(self, layer, shape, ctx) -> Shape:
        check_groups(layer, shape)
        if layer.params["padding"] == PaddingMode.CAUSAL and len(shape) != 2:
            raise LayerError(say("causal.rank", rank=len(shape) - 1), key="padding",
                             fixes=(say("fix.causal-same"), say("fix.causal-pad")))
        return self.slide(layer, shape, ctx) + (layer.params["filters"],)

    def counts(self, layer, inputs, output) -> Counts:
        p = layer.params
        return bias_counts((inputs[0][-1] // p["groups"], *kernel_sizes(layer, inputs[0]),
                            p["filters"]), p["filters"], p["bias"])

    def macs(self, layer, inputs, output) -> int:
        """Every output element is one kernel (Π K taps) over C_in/groups channels."""
        return elements(output) * kernel_taps(layer, inputs[0]) * (
            inputs[0][-1] // layer.params["groups"])

    def pytorch(self, layer, inputs, output, target) -> Code:
        p = layer.params
        ctor, x, comment = torch_conv(layer, inputs[0], p["filters"], p["groups"], p["bias"])
        return Code(f"{{m}}({x})", (("", ctor),), comment)

    def keras(self, layer, inputs, output, target) -> Code:
        p = layer.params
        return keras_conv(layer, inputs[0], "Conv", p["filters"],
                          one(kernel_sizes(layer, inputs[0])), groups=(p["groups"], 1))
