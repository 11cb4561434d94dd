"""Keras's preprocessing layers that models carry inside them (EfficientNet, ConvNeXt and
MobileNetV3 from keras.applications start with them): a fixed rescaling, and a
normalisation by a mean and variance that Keras stores as weights."""

from __future__ import annotations

from ..core.messages import say
from ..core.params import Choice, Float, Param
from .base import Counts, LayerKind
from .code import Code, nd


class Rescale(LayerKind):
    """Keras Rescaling: `x · scale + offset` on every element, learning nothing."""

    name = "rescale"
    doc = "multiplies every value by scale, then adds offset (Keras `Rescaling`)"
    params = (Param("scale", Float(-1e9, 1e9), 1.0, doc="factor, e.g. 1/255"),
              Param("offset", Float(-1e9, 1e9), 0.0, doc="added after scaling"))

    def pytorch(self, layer, inputs, output, target) -> Code:
        p = layer.params
        offset = f" + {p['offset']!r}" if p["offset"] else ""
        return Code(f"{{x}} * {p['scale']!r}{offset}")

    def keras(self, layer, inputs, output, target) -> Code:
        p = layer.params
        offset = f", offset={p['offset']!r}" if p["offset"] else ""
        return Code(f'layers.Rescaling({p["scale"]!r}{offset}, name="{{id}}")({{x}})')


class Normalize(LayerKind):
    """Keras Normalization over the channels: `(x − mean) / √variance` per channel.

    Built without a mean and variance (to be set by `adapt()`), Keras stores the mean
    (C), the variance (C) and the count of samples seen (1) as non-trainable weights, and
    `count_params()` counts them: 2·C + 1. Given a mean and variance when built (ConvNeXt
    passes ImageNet's), they are constants: no weights. PyTorch has no such layer; the
    export is a BatchNorm without γ and β, whose buffers are the same 2·C + 1 numbers."""

    name = "normalize"
    doc = "subtracts a mean and divides by a standard deviation per channel (Keras `Normalization`)"
    count_rule = ("`stats: stored`: mean and variance `2·C` plus the count 1, non-trainable; "
                  "`stats: fixed`: 0")
    params = (Param("stats", Choice(("stored", "fixed")), "stored",
                    doc="stored: weights Keras sets by `adapt()`; fixed: constants given to it"),)

    def counts(self, layer, inputs, output) -> Counts:
        if layer.params["stats"] == "fixed":
            return Counts(formula=say("normalize.fixed"))
        channels = inputs[0][-1]
        return Counts(non_trainable=2 * channels + 1,
                      formula=say("normalize.formula", channels=f"{channels:,}"))

    def pytorch(self, layer, inputs, output, target) -> Code:
        """nn.BatchNormNd(affine=False, eps=0) in eval mode divides by √variance as Keras
        does (Keras keeps √variance above 1e-7)."""
        ctor = f"{nd('BatchNorm', len(inputs[0]) - 1)}({inputs[0][-1]}, eps=0.0, affine=False)"
        comment = "Keras Normalization: (x − mean)/√variance; set running_mean and running_var"
        return Code("{m}({x})", (("", ctor),), comment)

    def keras(self, layer, inputs, output, target) -> Code:
        if layer.params["stats"] == "stored":
            return Code('layers.Normalization(name="{id}")({x})')
        return Code('layers.Normalization(mean=0.0, variance=1.0, name="{id}")({x})',
                    comment="the spec keeps no values: write the model's mean and variance")
