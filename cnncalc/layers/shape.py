"""Layers that only rearrange elements: flatten, reshape, padding, cropping, upsampling."""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.params import Axes, Choice, Dims, Param, Sides
from ..core.records import from_layout
from .base import LayerKind, NoField, Shape, elements
from .windows import axis_names, every_axis, sides


class Flatten(LayerKind):
    name = "flatten"
    doc = "all axes into one vector"
    output_rule = "one axis of `Π shape`"

    def output_shape(self, layer, shape, ctx) -> Shape:
        size = elements(shape)
        ctx.explain("·".join(map(str, shape)) + f" = {size:,}")
        return (size,)


class Reshape(LayerKind):
    """Keras Reshape / torch.reshape without the batch axis; `shape` is written in the
    spec's layout and one size may be -1, inferred from the element count."""

    name = "reshape"
    doc = "the same elements in a new shape"
    output_rule = "`shape` (one `-1` allowed; the element count must match)"
    couples_axes = True  # the element count is the product of every axis
    params = (Param("shape", Dims(), required=True, doc="target shape; one size may be -1"),)

    def output_shape(self, layer, shape, ctx) -> Shape:
        written = layer.params["shape"]
        count = elements(shape)
        known = abs(elements(written))  # the product of the sizes given, -1 left out
        if -1 in written and count % known == 0:
            target = tuple(count // known if n == -1 else n for n in written)
        elif count == known:
            target = written
        else:
            holds = (f"a multiple of {known:,}" if -1 in written else f"{known:,}")
            raise LayerError(f"shape: {list(written)} holds {holds} elements but the input "
                             f"{list(shape)} holds {count:,}", key="shape",
                             fixes=("sizes whose product is the input's element count",
                                    "-1 for one size to infer it"))
        ctx.explain(f"{'·'.join(map(str, shape))} = {count:,} = {'·'.join(map(str, target))}")
        return from_layout(target, ctx.layout)

    def receptive_field(self, layer, inputs, fields, output):
        if len(output) < 2:
            return None  # flattened: the positions are gone
        raise NoField("reshape lays the elements out anew: its positions are not the "
                      "input's, so it has no receptive field, nor do the layers after it")


class Border(LayerKind):
    """Zeros added to (pad) or positions removed from (crop) each end of every spatial
    axis; `sign` says which."""

    spatial = True
    sign: int
    key: str

    def _sides(self, layer, shape: Shape) -> tuple[tuple[int, int], ...]:
        return sides(layer.params[self.key], len(shape) - 1, self.key)

    def output_shape(self, layer, shape, ctx) -> Shape:
        sizes = []
        op = "+" if self.sign > 0 else "−"
        for axis, x, (before, after) in zip(axis_names(len(shape) - 1), shape,
                                            self._sides(layer, shape)):
            out = x + self.sign * (before + after)
            ctx.explain(f"{axis} {x} {op} {before} {op} {after} = {out}")
            if out < 1:
                raise LayerError(f"{self.key}: {axis} {x} {op} {before} {op} {after} = {out} "
                                 f"leaves nothing", key=self.key, axis=axis,
                                 fixes=(f"crop less than {x} in total",))
            sizes.append(out)
        return tuple(sizes) + shape[-1:]

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        return tuple(f.through(1, 1, -self.sign * before)
                     for f, (before, _) in zip(fields[0], self._sides(layer, inputs[0])))


class Pad(Border):
    """Keras ZeroPadding / PyTorch ZeroPad (per axis here, not PyTorch's last-axis-first)."""

    name = "pad"
    doc = "zeros around every spatial axis"
    output_rule = "`X + before + after`"
    sign, key = 1, "padding"
    params = (Param("padding", Sides(), required=True,
                    doc="int, per-axis, or [before, after] per axis"),)


class Crop(Border):
    name = "crop"
    doc = "removes positions from the ends of every spatial axis"
    output_rule = "`X − before − after`"
    sign, key = -1, "cropping"
    params = (Param("cropping", Sides(), required=True,
                    doc="int, per-axis, or [before, after] per axis"),)


class Upsample(LayerKind):
    """Keras UpSamplingND / PyTorch nn.Upsample(scale_factor): every spatial size times
    `scale`; `bilinear` means linear interpolation on each axis (align_corners=False)."""

    name = "upsample"
    spatial = True
    doc = "repeats or interpolates positions"
    output_rule = "`X · scale` (`nearest` or `bilinear`)"
    params = (Param("scale", Axes(), 2, doc="integer factor per axis"),
              Param("mode", Choice(("nearest", "bilinear")), "nearest"))

    def output_shape(self, layer, shape, ctx) -> Shape:
        scale = every_axis(layer.params["scale"], len(shape) - 1, "scale")
        for axis, x, s in zip(axis_names(len(scale)), shape, scale):
            ctx.explain(f"{axis} {x}·{s} = {x * s}")
        return tuple(x * s for x, s in zip(shape, scale)) + shape[-1:]

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        scale = every_axis(layer.params["scale"], len(inputs[0]) - 1, "scale")
        linear = layer.params["mode"] == "bilinear"
        return tuple(f.upsampled(s, linear) for f, s in zip(fields[0], scale))
