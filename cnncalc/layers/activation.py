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


class Activation(LayerKind):
    """One activation function as a layer of its own."""

    weights: ClassVar[bool] = False  # learnable: not nameable by the `activation:` key

    def __init_subclass__(cls, **kwargs):
        if "name" in cls.__dict__ and "doc" not in cls.__dict__:
            cls.doc = f"{cls.name} activation"
        super().__init_subclass__(**kwargs)


class Linear(Activation):
    name = "linear"


class Relu(Activation):
    name = "relu"


class Relu6(Activation):
    name = "relu6"


class LeakyRelu(Activation):
    name = "leaky_relu"
    params = (Param("negative_slope", Float(0.0, 1.0), 0.01),)


class Elu(Activation):
    name = "elu"
    params = (Param("alpha", Float(0.0, 100.0), 1.0),)


class Selu(Activation):
    name = "selu"


class Gelu(Activation):
    name = "gelu"


class Sigmoid(Activation):
    name = "sigmoid"


class HardSigmoid(Activation):
    name = "hard_sigmoid"


class Tanh(Activation):
    name = "tanh"


class Softmax(Activation):
    name = "softmax"


class LogSoftmax(Activation):
    name = "log_softmax"


class Softplus(Activation):
    name = "softplus"


class Softsign(Activation):
    name = "softsign"


class Silu(Activation):
    name = "silu"


class Swish(Activation):
    name = "swish"


class HardSwish(Activation):
    name = "hard_swish"


class Mish(Activation):
    name = "mish"


class Clip(Activation):
    """Every value held to [min, max]: torch's Hardtanh and clamp, ONNX Clip, Keras ReLU
    with a `max_value` (relu6 is clip 0..6)."""

    name = "clip"
    doc = "holds each value within [min, max]"
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
