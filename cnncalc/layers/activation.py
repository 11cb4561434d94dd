"""Element-wise layers: activations and dropout keep the shape.

Each activation is a kind of its own (`- relu`, `- leaky_relu: {negative_slope: 0.2}`);
those without weights may also be named by the `activation:` key of a conv or dense
layer. An activation with weights (PReLU) is one more class here that sets
`weights = True` and counts them, plus its op in each backend.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..core.errors import LayerError
from ..core.params import Bool, Choice, Float, Param
from .base import REGISTRY, LayerKind
from .code import Code


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
            raise LayerError(f"min {params['min']:g} is above max {params['max']:g}",
                             key="min", fixes=(f"min: {params['max']:g}, max: "
                                               f"{params['min']:g}",))


# Every activation the `activation:` key may name (the functions defined above: classes
# register as they are defined), and what each takes when the key names it.
_FUNCTIONS = {name: kind for name, kind in REGISTRY.items()
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
