"""Dense (fully connected): where, as the tutorials point out, most parameters live."""

from __future__ import annotations

from ..core.params import Int, Param
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import Counts, LayerKind, Shape, bias_counts, elements


class Dense(LayerKind):
    """Keras Dense: acts on the last (channel) axis, so it is usually placed after flatten."""

    name = "dense"
    doc = "fully connected layer on the last axis"
    params = (Param("units", Int(), required=True, doc="output features"),
              BIAS_PARAM, ACTIVATION_PARAM)

    def output_shape(self, layer, shape, ctx) -> Shape:
        return shape[:-1] + (layer.params["units"],)

    def counts(self, layer, inputs, output) -> Counts:
        units = layer.params["units"]
        return bias_counts((inputs[0][-1], units), units, layer.params["bias"])

    def macs(self, layer, inputs, output) -> int:
        """Every output element is a dot product over the input's last axis."""
        return elements(output) * inputs[0][-1]
