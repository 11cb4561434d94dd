"""Element-wise layers: activations and dropout keep the shape.

Each activation is a kind of its own (`- relu`, `- leaky_relu: {negative_slope: 0.2}`);
those without weights may also be named by the `activation:` key of a conv or dense
layer. An activation with weights (PReLU) is one more class here that sets
`weights = True` and counts them, plus its op in each backend.
"""

from __future__ import annotations

from typing import Any, ClassVar


from ..core.errors import LayerError
from ..core.messages import say
from ..core.params import Bool, Choice, Float, Param
from ..core.records import Framework
from .base import REGISTRY, Counts, LayerKind, elements
from .code import Code, Inexpressible


class Activation(LayerKind):
    """One activation function as a layer of its own."""

    weights: ClassVar[bool] = False  # learnable: not nameable by the `activation:` key
    torch_function: ClassVar[str] = ""  # its torch function, called with the parameters
    torch_options: ClassVar[str] = ""  # what else the call takes
    keras_layer: ClassVar[str] = ""  # a keras.layers class of its own, else Activation(name)
    keras_comment: ClassVar[str] = ""  # why its Keras code is not a layer of that name

    def torch_call(self, x: str, params) -> str:
        """The activation applied to the expression `x`: also how a conv's or dense's
        `activation:` key is written."""
        args = "".join(f", {name}={value!r}" for name, value in params.items())
        return f"{self.torch_function}({x}{args}{self.torch_options})"

    def keras_call(self, params, name: str) -> str:
        """The Keras layer (not yet called) named `name`."""
        if self.keras_layer:
            args = "".join(f"{key}={value!r}, " for key, value in params.items())
            return f'layers.{self.keras_layer}({args}name="{name}")'
        return f'layers.Activation("{self.name}", name="{name}")'

    def pytorch(self, layer, inputs, output, target):
        return Code(self.torch_call("{x}", layer.params))

    def keras(self, layer, inputs, output, target):
        return Code(self.keras_call(layer.params, "{id}") + "({x})", comment=self.keras_comment)

    def __init_subclass__(cls, **kwargs):
        if "name" in cls.__dict__ and "doc" not in cls.__dict__:
            cls.doc = f"{cls.name} activation"
        super().__init_subclass__(**kwargs)


class Linear(Activation):
    name = "linear"

    def torch_call(self, x, params):
        return x  # the identity


class Relu(Activation):
    name = "relu"
    torch_function = "F.relu"


class Relu6(Activation):
    name = "relu6"
    torch_function = "F.relu6"


class LeakyRelu(Activation):
    name = "leaky_relu"
    torch_function = "F.leaky_relu"
    keras_layer = "LeakyReLU"
    params = (Param("negative_slope", Float(0.0, 1.0), 0.01),)


class Elu(Activation):
    name = "elu"
    torch_function = "F.elu"
    keras_layer = "ELU"
    params = (Param("alpha", Float(0.0, 100.0), 1.0),)


class Selu(Activation):
    name = "selu"
    torch_function = "F.selu"


class Gelu(Activation):
    name = "gelu"
    torch_function = "F.gelu"


class Sigmoid(Activation):
    name = "sigmoid"
    torch_function = "torch.sigmoid"


class HardSigmoid(Activation):
    name = "hard_sigmoid"
    torch_function = "F.hardsigmoid"


class Tanh(Activation):
    name = "tanh"
    torch_function = "torch.tanh"


class Softmax(Activation):
    name = "softmax"
    torch_function = "F.softmax"
    torch_options = ", dim=1"  # channels: torch keeps them second


class LogSoftmax(Activation):
    name = "log_softmax"
    torch_function = "F.log_softmax"
    torch_options = ", dim=1"  # channels: torch keeps them second


class Softplus(Activation):
    name = "softplus"
    torch_function = "F.softplus"


class Softsign(Activation):
    name = "softsign"
    torch_function = "F.softsign"


class Silu(Activation):
    name = "silu"
    torch_function = "F.silu"


class Swish(Activation):
    name = "swish"
    torch_function = "F.silu"


class HardSwish(Activation):
    name = "hard_swish"
    torch_function = "F.hardswish"


class Mish(Activation):
    name = "mish"
    torch_function = "F.mish"


class Clip(Activation):
    """Every value held to [min, max]: torch's Hardtanh and clamp, ONNX Clip, Keras ReLU
    with a `max_value` (relu6 is clip 0..6)."""

    name = "clip"
    doc = "holds each value within [min, max]"
    torch_function = "torch.clamp"

    keras_comment = "Keras has no clip layer: keras.ops.clip in a Lambda"

    def keras_call(self, params, name: str) -> str:
        """Keras has no clip layer: keras.ops.clip in a Lambda."""
        return (f"layers.Lambda(lambda t: keras.ops.clip(t, {params['min']!r}, "
                f'{params["max"]!r}), name="{name}")')
    params = (Param("min", Float(-1e9, 1e9), -1.0, doc="lowest value kept"),
              Param("max", Float(-1e9, 1e9), 1.0, doc="highest value kept"))

    def validate(self, params):
        if params["min"] > params["max"]:
            raise LayerError(say("clip.order", min=f"{params['min']:g}", max=f"{params['max']:g}"),
                             key="min", fixes=(f"min: {params['max']:g}, max: "
                                               f"{params['min']:g}",))


SLOPES = ("one", "channel", "element")


class PRelu(Activation):
    """A leaky ReLU whose negative slope is learned: one slope for the whole input (PyTorch
    nn.PReLU()), one per channel (nn.PReLU(C), Keras PReLU(shared_axes=<the spatial
    axes>)) or one per element of the input (Keras PReLU()'s default). The frameworks'
    defaults differ: `slopes` left out is the walk's framework's (`under`)."""

    name = "prelu"
    doc = "leaky ReLU with a learned negative slope"
    weights = True
    count_rule = "`slopes`: 1 (one), `C` (channel) or every element of the input (element)"
    params = (Param("slopes", Choice(SLOPES), None,
                    doc="one, channel or element (default: PyTorch one, Keras element)"),)

    def under(self, layer, ctx):
        if layer.params["slopes"] is not None:
            return layer
        ctx.differs("PyTorch's PReLU learns one slope unless given num_parameters=C, Keras's "
                    "one per element of the input unless given shared_axes: `slopes` says "
                    "which", key="slopes")
        return layer._replace(params={**layer.params,
                                      "slopes": prelu_slopes(None, ctx.framework)})

    def unwritable(self, params, framework):
        if framework == Framework.PYTORCH and params["slopes"] == "element":
            return "PyTorch's PReLU learns one slope or one per channel, not one per element"
        return None

    def counts(self, layer, inputs, output) -> Counts:
        slopes = layer.params["slopes"]
        count = slope_shape(slopes, inputs[0])
        total = elements(count)
        return Counts(weights=total, formula=say("prelu.slopes.many" if total > 1 else
                                                 "prelu.slopes.one", count=f"{total:,}",
                                                 slopes=slopes))

    def pytorch(self, layer, inputs, output, target):
        """nn.PReLU(): one slope, or num_parameters=C; torch has no slope per element."""
        slopes = prelu_slopes(layer.params["slopes"], target.framework)
        if slopes == "element" and len(inputs[0]) > 1:
            raise Inexpressible(say("export.prelu-element"))
        count = "" if slopes == "one" else str(inputs[0][-1])
        return Code("{m}({x})", (("", f"nn.PReLU({count})"),))

    def keras(self, layer, inputs, output, target):
        """Keras PReLU: shared_axes (from 1, channels last) are the axes without a slope
        of their own: the spatial ones for one per channel, all for a single slope."""
        slopes = prelu_slopes(layer.params["slopes"], target.framework)
        rank = len(inputs[0])
        shared = {"one": list(range(1, rank + 1)), "channel": list(range(1, rank)),
                  "element": []}[slopes]
        axes = f"shared_axes={shared}, " if shared else ""
        return Code(f'layers.PReLU({axes}name="{{id}}")({{x}})')


def prelu_slopes(slopes: str | None, framework: Framework) -> str:
    """A PReLU's `slopes`, the framework's default where the spec leaves it out."""
    if slopes is not None:
        return slopes
    return "one" if framework == Framework.PYTORCH else "element"


def slope_shape(slopes: str, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of a PReLU's slopes on a channels-last input."""
    return {"one": (1,), "channel": shape[-1:], "element": shape}[slopes]


# Every activation the `activation:` key may name (the functions defined above: classes
# register as they are defined), and what each takes when the key names it.
_FUNCTIONS = {kind.name: kind for kind in REGISTRY.defined_in(__name__)
              if isinstance(kind, Activation) and not kind.weights}
ACTIVATIONS = tuple(_FUNCTIONS)
ACTIVATION_DEFAULTS: dict[str, dict[str, Any]] = {
    name: {param.name: param.default for param in kind.params}
    for name, kind in _FUNCTIONS.items()}

BIAS_PARAM = Param("bias", Bool(), None, doc="learn a bias; defaults to the spec's bias")
ACTIVATION_PARAM = Param("activation", Choice(ACTIVATIONS), "linear",
                         doc="applied to the output; shape and counts unchanged")


class Dropout(LayerKind):
    name = "dropout"
    doc = "zeroes a fraction of elements while training"
    params = (Param("rate", Float(0.0, 1.0), 0.5, doc="fraction dropped"),)

    def pytorch(self, layer, inputs, output, target):
        return Code("{m}({x})", (("", f"nn.Dropout(p={layer.params['rate']!r})"),))

    def keras(self, layer, inputs, output, target):
        return Code(f'layers.Dropout({layer.params["rate"]!r}, name="{{id}}")({{x}})')
