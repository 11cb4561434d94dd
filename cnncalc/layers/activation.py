"""Element-wise layers: activations and dropout keep the shape and learn nothing."""

from __future__ import annotations

from .base import LayerKind, register
from ..core.params import Bool, Choice, Float, Param

# Every activation a layer kind or an `activation:` key may name. Backends implement each.
ACTIVATIONS = (
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "sigmoid",
    "hard_sigmoid", "tanh", "softmax", "log_softmax", "softplus", "softsign", "silu",
    "swish", "hard_swish", "mish",
)

BIAS_PARAM = Param("bias", Bool(), None, doc="learn a bias; defaults to the spec's bias")
ACTIVATION_PARAM = Param("activation", Choice(ACTIVATIONS), "linear",
                         doc="applied to the output; shape and counts unchanged")


class Activation(LayerKind):
    """One activation function as a layer of its own (`- relu`)."""

    def __init__(self, name: str, params=()):
        self.name = name
        self.params = params
        self.doc = f"{name} activation"


class Dropout(LayerKind):
    name = "dropout"
    doc = "zeroes a fraction of elements while training"
    params = (Param("rate", Float(0.0, 1.0), 0.5, doc="fraction dropped"),)


for _name in ACTIVATIONS:
    if _name == "leaky_relu":
        register(Activation(_name, (Param("negative_slope", Float(0.0, 1.0), 0.01),)))
    elif _name == "elu":
        register(Activation(_name, (Param("alpha", Float(0.0, 100.0), 1.0),)))
    else:
        register(Activation(_name))
register(Dropout())
