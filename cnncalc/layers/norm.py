"""Normalisation: a learned scale γ and shift β per channel, and for batch norm the
running statistics that Keras counts as parameters and PyTorch keeps as buffers."""

from __future__ import annotations

from ..core.messages import say
from ..core.params import Float, Param
from .base import Counts, LayerKind
from .code import Code, nd, on_channels

EPSILON_PARAM = Param("epsilon", Float(0.0, 1.0), 1e-3,
                      doc="added to the variance (Keras default; PyTorch uses 1e-5)")


class BatchNorm(LayerKind):
    """Keras BatchNormalization / PyTorch BatchNormNd over the channel axis.

    γ and β (2·C) are trainable; the running mean and variance (2·C) are not. Keras adds
    all 4·C to its total ("Non-trainable params: 2·C"); PyTorch's `parameters()` holds
    only 2·C, the statistics being buffers. `--framework` picks which total is shown."""

    name = "batchnorm"
    doc = "normalises each channel with batch statistics, then scales and shifts"
    count_rule = ("γ, β: `2·C` trainable; running mean and variance: `2·C` non-trainable "
                  "(buffers in PyTorch, outside `parameters()`)")
    params = (
        Param("momentum", Float(0.0, 1.0), 0.99,
              doc="weight of the old running value (Keras; PyTorch's momentum is 1 − this)"),
        EPSILON_PARAM,
    )

    def output_shape(self, layer, shape, ctx):
        channels = shape[-1]
        ctx.differs(say("batchnorm.differs", channels=channels, keras=f"{4 * channels:,}",
                        pytorch=f"{2 * channels:,}"))
        return shape

    def counts(self, layer, inputs, output) -> Counts:
        channels = inputs[0][-1]
        return Counts(weights=channels, bias=channels, non_trainable=2 * channels,
                      formula=say("batchnorm.formula", channels=f"{channels:,}",
                                  statistics=f"{2 * channels:,}"))

    def pytorch(self, layer, inputs, output, target) -> Code:
        """nn.BatchNormNd; PyTorch's momentum weighs the new batch, Keras's the old
        statistics: Keras 0.99 is PyTorch 0.01."""
        p = layer.params
        momentum = round(1 - p["momentum"], 12)
        ctor = (f"{nd('BatchNorm', len(inputs[0]) - 1)}({inputs[0][-1]}, eps={p['epsilon']!r}, "
                f"momentum={momentum!r})")
        return Code("{m}({x})", (("", ctor),),
                    f"momentum {momentum!r} = 1 − Keras's {p['momentum']!r}")

    def keras(self, layer, inputs, output, target) -> Code:
        p = layer.params
        return Code(f'layers.BatchNormalization(momentum={p["momentum"]!r}, '
                    f'epsilon={p["epsilon"]!r}, name="{{id}}")({{x}})')


class LayerNorm(LayerKind):
    """Keras LayerNormalization (axis −1) / PyTorch nn.LayerNorm(C): normalises the
    channels of each position; γ and β have one entry per channel."""

    name = "layernorm"
    doc = "normalises the channels of each position, then scales and shifts"
    count_rule = "`2·C`"
    params = (EPSILON_PARAM,)

    def counts(self, layer, inputs, output) -> Counts:
        channels = inputs[0][-1]
        return Counts(weights=channels, bias=channels,
                      formula=f"γ {channels:,} (+{channels:,} β)")

    def pytorch(self, layer, inputs, output, target) -> Code:
        """nn.LayerNorm(C) acts on the last axis: the channels, moved there and back."""
        ctor = f"nn.LayerNorm({inputs[0][-1]}, eps={layer.params['epsilon']!r})"
        return Code(on_channels("{{m}}({x})", len(inputs[0]) - 1), (("", ctor),))

    def keras(self, layer, inputs, output, target) -> Code:
        return Code(f'layers.LayerNormalization(epsilon={layer.params["epsilon"]!r}, '
                    f'name="{{id}}")({{x}})')
