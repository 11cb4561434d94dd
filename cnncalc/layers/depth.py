"""Moving positions between the channels and a 2-D map: pixel shuffle (depth to space)
and its inverse, space to depth.

Each r×r block of the map is the r² channels of one position, in one of two orders:
`crd` (PyTorch's PixelShuffle and PixelUnshuffle, ONNX DepthToSpace mode CRD), where
channel c·r² + i·r + j holds block offset (i, j) of output channel c, and `dcr`
(ONNX DepthToSpace's default and SpaceToDepth, TensorFlow and keras.ops), where channel
(i·r + j)·C + c does. Shapes and counts are the same either way; the values are not.
"""

from __future__ import annotations

from typing import ClassVar

from ..core.errors import LayerError
from ..core.messages import axis_name, say
from ..core.params import Choice, Int, Param
from .base import LayerKind, Shape
from .code import Code

FACTOR_PARAM = Param("factor", Int(), 2, doc="block size r: each r×r block is r² channels")
ORDER_PARAM = Param("order", Choice(("crd", "dcr")), "crd",
                    doc="crd: channel c·r² + i·r + j (PyTorch); dcr: (i·r + j)·C + c "
                        "(ONNX default, TensorFlow)")


class Rearrange(LayerKind):
    """What pixel shuffle and space to depth share: 2-D maps, a factor and an order."""

    spatial = True
    params = (FACTOR_PARAM, ORDER_PARAM)
    torch_module: ClassVar[str]  # torch.nn's module, which takes the crd order
    keras_function: ClassVar[str]  # the keras.ops function, which takes the dcr order

    def infer(self, layer, inputs, ctx) -> Shape:
        if len(inputs) == 1 and len(inputs[0]) != 3:
            raise LayerError(say("depth.rank", shape=list(ctx.shown(inputs[0]))), code="rank")
        return super().infer(layer, inputs, ctx)

    def pytorch(self, layer, inputs, output, target) -> Code:
        """torch's module takes the crd order; dcr regroups the channels around it."""
        r = layer.params["factor"]
        if layer.params["order"] == "crd":
            return Code("{m}({x})", (("", f"nn.{self.torch_module}({r})"),))
        return Code(self.dcr_torch(r, inputs[0][-1], output[-1]),
                    comment="dcr order: the channels regrouped from and to PyTorch's (crd)")

    def dcr_torch(self, r: int, channels: int, out_channels: int) -> str:
        """The dcr expression of `{x}`, around torch's crd function."""
        raise NotImplementedError

    def keras(self, layer, inputs, output, target) -> Code:
        """keras.ops's function takes the dcr order (a factor of 2 or more: 1, where both
        orders move nothing, it refuses); crd is written as its reshapes."""
        r = layer.params["factor"]
        if r == 1:
            return Code('layers.Identity(name="{id}")({x})', comment="a factor of 1 moves nothing")
        if layer.params["order"] == "dcr":
            return Code(f"keras.ops.{self.keras_function}({{x}}, {r})",
                        comment="Keras has no layer for it: keras.ops (the dcr order)")
        (h, w, c), (oh, ow, oc) = inputs[0], output
        blocks, axes = self.crd_blocks(h, w, c, r)
        return Code(f"keras.ops.reshape(keras.ops.transpose(keras.ops.reshape({{x}}, "
                    f"{blocks}), {axes}), (-1, {oh}, {ow}, {oc}))",
                    comment="Keras has no layer for it: reshapes to PyTorch's (crd) order")

    def crd_blocks(self, h: int, w: int, c: int, r: int) -> tuple[tuple, tuple]:
        """The input as blocks, and the transpose to the output's order (channels last)."""
        raise NotImplementedError


class PixelShuffle(Rearrange):
    """PyTorch PixelShuffle / ONNX DepthToSpace: (H, W, C·r²) → (H·r, W·r, C)."""

    name = "pixel_shuffle"
    doc = "moves r² channels into each r×r block of a map (`DepthToSpace`)"
    output_rule = "`X · r`; channels `C / r²`"
    torch_module, keras_function = "PixelShuffle", "depth_to_space"

    def output_shape(self, layer, shape, ctx) -> Shape:
        r = layer.params["factor"]
        if shape[-1] % (r * r):
            fits = [n for n in (shape[-1] // (r * r) * r * r, -(-shape[-1] // (r * r)) * r * r)
                    if n]
            raise LayerError(say("depth.channels", channels=shape[-1], blocks=r * r),
                             key="factor", fixes=tuple(say("fix.depth-channels", count=n)
                                                       for n in fits))
        ctx.explain(say("explain.depth", height=f"{shape[0]}·{r} = {shape[0] * r}",
                        width=f"{shape[1]}·{r} = {shape[1] * r}",
                        channels=f"{shape[2]}/{r * r} = {shape[2] // (r * r)}"))
        return shape[0] * r, shape[1] * r, shape[2] // (r * r)

    def receptive_field(self, layer, inputs, fields, output):
        """Output o reads input floor(o/r) alone, as a nearest upsampling by r does."""
        if fields[0] is None:
            return None
        return tuple(f.upsampled(layer.params["factor"], False) for f in fields[0])

    def dcr_torch(self, r, channels, out_channels):
        return (f"F.pixel_shuffle({{x}}.unflatten(1, ({r * r}, {out_channels}))"
                f".transpose(1, 2).flatten(1, 2), {r})")

    def crd_blocks(self, h, w, c, r):
        return (-1, h, w, c // (r * r), r, r), (0, 1, 4, 2, 5, 3)


class SpaceToDepth(Rearrange):
    """PyTorch PixelUnshuffle / ONNX SpaceToDepth: (H·r, W·r, C) → (H, W, C·r²)."""

    name = "space_to_depth"
    doc = "moves each r×r block of a map into r² channels (`PixelUnshuffle`)"
    output_rule = "`X / r` (strict: r must divide X); channels `C · r²`"
    torch_module, keras_function = "PixelUnshuffle", "space_to_depth"

    def output_shape(self, layer, shape, ctx) -> Shape:
        r = layer.params["factor"]
        for axis, size in zip(("height", "width"), shape[:2]):
            if size % r:
                raise LayerError(say("depth.axis", axis=axis_name(axis), size=size, factor=r),
                                 key="factor", axis=axis,
                                 fixes=(say("fix.depth-axis", axis=axis_name(axis),
                                            size=size + (-size) % r),))
        ctx.explain(say("explain.depth", height=f"{shape[0]}/{r} = {shape[0] // r}",
                        width=f"{shape[1]}/{r} = {shape[1] // r}",
                        channels=f"{shape[2]}·{r * r} = {shape[2] * r * r}"))
        return shape[0] // r, shape[1] // r, shape[2] * r * r

    def receptive_field(self, layer, inputs, fields, output):
        """Output o reads inputs o·r … o·r + r − 1: a window of r at stride r."""
        if fields[0] is None:
            return None
        r = layer.params["factor"]
        return tuple(f.through(r, r, 0) for f in fields[0])

    def dcr_torch(self, r, channels, out_channels):
        return (f"F.pixel_unshuffle({{x}}, {r}).unflatten(1, ({channels}, {r * r}))"
                f".transpose(1, 2).flatten(1, 2)")

    def crd_blocks(self, h, w, c, r):
        return (-1, h // r, r, w // r, r, c), (0, 1, 3, 5, 2, 4)
