"""Normalisation: a learned scale γ and shift β per channel, and for batch norm the
running statistics that Keras counts as parameters and PyTorch keeps as buffers."""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.messages import say
from ..core.params import Bool, Float, Int, Param
from .base import Counts, LayerKind, elements
from .code import Code, Inexpressible, keras_nd, nd, on_channels

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


AFFINE_DOC = "learn γ and β per channel"


class SampleNorm(LayerKind):
    """A normalisation by each sample's own statistics (group and instance norm), never
    stored: no buffers in either framework, then γ and β per channel when `affine`.

    Every output reads the whole input through those statistics: its receptive field is
    the whole input, the same for every output (a global pooling's, broadcast)."""

    def counts(self, layer, inputs, output) -> Counts:
        channels = inputs[0][-1]
        if not layer.params["affine"]:
            return Counts(formula=say("norm.no-affine"))
        return Counts(weights=channels, bias=channels,
                      formula=f"γ {channels:,} (+{channels:,} β)")

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        return tuple(f.adaptive(x, 1).still() for f, x in zip(fields[0], inputs[0][:-1]))

    def keras_groups(self, layer) -> int:
        raise NotImplementedError

    def keras(self, layer, inputs, output, target) -> Code:
        """Keras's GroupNormalization, for both (groups=-1: one per channel)."""
        p = layer.params
        plain = "" if p["affine"] else ", center=False, scale=False"
        return Code(f'layers.GroupNormalization({self.keras_groups(layer)}, '
                    f'epsilon={p["epsilon"]!r}{plain}, name="{{id}}")({{x}})')


class GroupNorm(SampleNorm):
    """PyTorch nn.GroupNorm(groups, C) / Keras GroupNormalization(groups): the channels
    of each sample in `groups` groups, each normalised over its channels and every
    position; γ and β per channel (2·C, PyTorch and Keras alike)."""

    name = "groupnorm"
    doc = "normalises groups of channels of each sample, then scales and shifts"
    count_rule = "`2·C` (none without `affine`)"
    params = (Param("groups", Int(1), 32, doc="groups the channels fall in (Keras default 32)"),
              EPSILON_PARAM,
              Param("affine", Bool(), True, doc=AFFINE_DOC))

    def output_shape(self, layer, shape, ctx):
        groups, channels = layer.params["groups"], shape[-1]
        if channels % groups:
            divisors = [g for g in range(1, channels + 1) if channels % g == 0]
            near = sorted(divisors, key=lambda g: (abs(g - groups), g))[:2]
            raise LayerError(say("groupnorm.groups", channels=channels, groups=groups),
                             key="groups", fixes=tuple(f"groups: {g}" for g in sorted(near)))
        if elements(shape[:-1]) * channels // groups == 1:
            ctx.report(say("groupnorm.single"), severity="warning", key="groups",
                       fixes=(say("fix.groupnorm-single"),))
        return shape

    def keras_groups(self, layer) -> int:
        return layer.params["groups"]

    def pytorch(self, layer, inputs, output, target) -> Code:
        p = layer.params
        ctor = (f"nn.GroupNorm({p['groups']}, {inputs[0][-1]}, eps={p['epsilon']!r}"
                f"{'' if p['affine'] else ', affine=False'})")
        return Code("{m}({x})", (("", ctor),))


class InstanceNorm(SampleNorm):
    """PyTorch nn.InstanceNormNd(C) / Keras GroupNormalization(groups=-1): each channel of
    each sample normalised over its positions. PyTorch's default is affine=False (no
    parameters); Keras's layer, and PyTorch's with affine=True, learn γ and β (2·C).
    cnncalc takes PyTorch's default, the one framework with a class of that name."""

    name = "instancenorm"
    spatial = True
    doc = "normalises each channel of each sample over its positions"
    count_rule = "0; `2·C` with `affine`"
    params = (EPSILON_PARAM, Param("affine", Bool(), False, doc=AFFINE_DOC + " (PyTorch's "
                                                               "default: false)"))

    def output_shape(self, layer, shape, ctx):
        if elements(shape[:-1]) == 1:
            raise LayerError(say("instancenorm.single"), fixes=(say("fix.instancenorm-single"),))
        return shape

    def keras_groups(self, layer) -> int:
        return -1

    def pytorch(self, layer, inputs, output, target) -> Code:
        p = layer.params
        ctor = (f"{nd('InstanceNorm', len(inputs[0]) - 1)}({inputs[0][-1]}, "
                f"eps={p['epsilon']!r}{', affine=True' if p['affine'] else ''})")
        return Code("{m}({x})", (("", ctor),))


class LayerScale(LayerKind):
    """ConvNeXt's LayerScale (keras.applications, torchvision): each channel times a
    learned factor, γ of C entries (Keras starts it at 1e-6; the value is no shape's
    business). Neither framework has a layer of its own for it: the export is the same
    function and count as a 1×1 depthwise convolution without bias."""

    name = "layer_scale"
    doc = "multiplies each channel by a learned factor (the `LayerScale` of `ConvNeXt`)"
    count_rule = "`C`"

    def counts(self, layer, inputs, output) -> Counts:
        return Counts(weights=inputs[0][-1],
                      formula=say("layer-scale.formula", channels=f"{inputs[0][-1]:,}"))

    def pytorch(self, layer, inputs, output, target) -> Code:
        rank, channels = len(inputs[0]) - 1, inputs[0][-1]
        ctor = f"{nd('Conv', rank)}({channels}, {channels}, 1, groups={channels}, bias=False)"
        call = "{m}({x})" if rank else "{m}({x}.unsqueeze(-1)).squeeze(-1)"  # a vector: 1 position
        return Code(call, (("", ctor),),
                    "LayerScale: a learned factor per channel, as a 1×1 depthwise conv")

    def keras(self, layer, inputs, output, target) -> Code:
        rank = len(inputs[0]) - 1
        if rank not in (1, 2):
            raise Inexpressible(say("export.depthwise-rank"))
        return Code(f'{keras_nd("DepthwiseConv", rank)}(1, use_bias=False, name="{{id}}")({{x}})',
                    comment="LayerScale: a learned factor per channel, as a 1×1 depthwise conv")
