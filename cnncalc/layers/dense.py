"""Dense (fully connected): where, as the tutorials point out, most parameters live."""

from __future__ import annotations

from ..core.messages import axis_name, say
from ..core.params import Int, Param
from .windows import axis_names
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import Counts, LayerKind, Shape, bias_counts, elements
from .code import Code, on_channels


class Dense(LayerKind):
    """Keras Dense: acts on the last (channel) axis, so it is usually placed after flatten."""

    name = "dense"
    doc = "fully connected layer on the last axis"
    output_rule = ("the last axis becomes `units` (as Keras's `Dense`; put `flatten` before "
                   "it for a vector)")
    count_rule = "`in · units` weights, `units` bias"
    params = (Param("units", Int(), required=True, doc="output features"),
              BIAS_PARAM, ACTIVATION_PARAM)

    def output_shape(self, layer, shape, ctx) -> Shape:
        output = shape[:-1] + (layer.params["units"],)
        if len(shape) > 1:
            self._per_position(shape, output, ctx)
        return output

    @staticmethod
    def _per_position(shape: Shape, output: Shape, ctx) -> None:
        """A dense layer on a tensor that still has spatial axes is most often a forgotten
        flatten, and the frameworks read it differently: say both."""
        channels, spatial = shape[-1], shape[:-1]
        positions = "×".join(map(str, spatial))
        ctx.report(say("dense.per-position", channels=channels, positions=positions,
                       output=ctx.shown(output)), severity="note", code="dense-per-position")
        last = axis_names(len(spatial))[-1]
        ctx.differs(say("dense.differs", shape=ctx.shown(shape), channels=channels,
                        first=(channels, *spatial), last=axis_name(last), size=spatial[-1]))

    def counts(self, layer, inputs, output) -> Counts:
        units = layer.params["units"]
        return bias_counts((inputs[0][-1], units), units, layer.params["bias"])

    def macs(self, layer, inputs, output) -> int:
        """Every output element is a dot product over the input's last axis."""
        return elements(output) * inputs[0][-1]

    def pytorch(self, layer, inputs, output, target) -> Code:
        """nn.Linear acts on the last axis: the channels, moved there and back."""
        p = layer.params
        ctor = f"nn.Linear({inputs[0][-1]}, {p['units']}" + (")" if p["bias"] else ", bias=False)")
        return Code(on_channels("{{m}}({x})", len(inputs[0]) - 1), (("", ctor),))

    def keras(self, layer, inputs, output, target) -> Code:
        use_bias = "" if layer.params["bias"] else ", use_bias=False"
        return Code(f'layers.Dense({layer.params["units"]}{use_bias}, name="{{id}}")({{x}})')
