"""Layers that only rearrange elements: flatten, reshape, padding, cropping, upsampling."""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.messages import axis_name, say
from ..core.params import Axes, Bool, Choice, Dims, Param, Sides
from ..core.records import Layout, from_layout, in_layout
from .base import LayerKind, NoField, Shape, elements
from .code import Code, Inexpressible, keras_nd, keras_sides, one, pad_arg
from .windows import axis_names, every_axis, sides


class Flatten(LayerKind):
    name = "flatten"
    doc = "all axes into one vector"
    output_rule = "one axis of `Π shape`"

    def output_shape(self, layer, shape, ctx) -> Shape:
        size = elements(shape)
        ctx.explain(say("product.times").join(map(str, shape)) + f" = {size:,}")
        return (size,)

    def pytorch(self, layer, inputs, output, target) -> Code:
        """A channels-last spec flattens in channels-last order (as Keras does), so the
        weights of a dense layer after it mean what the spec means: channels are moved
        last (a permute) before torch.flatten."""
        if _ordered(inputs[0]) and target.layout == Layout.CHANNELS_LAST:
            return Code("torch.flatten({x}.movedim(1, -1), 1)",
                        comment="channels-last order, as the spec flattens: permute first")
        return Code("torch.flatten({x}, 1)")

    def keras(self, layer, inputs, output, target) -> Code:
        """Keras flattens channels last; a channels-first spec's order is its own."""
        if _ordered(inputs[0]) and target.layout == Layout.CHANNELS_FIRST:
            return Code(f'layers.Flatten(name="{{id}}")(layers.Permute({_first(inputs[0])}, '
                        f'name="{{id}}_order")({{x}}))')
        return Code('layers.Flatten(name="{id}")({x})')


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
            holds = say("reshape.multiple", known=f"{known:,}") if -1 in written else f"{known:,}"
            raise LayerError(say("reshape.count", written=list(written), holds=holds,
                                 shape=list(shape), count=f"{count:,}"), key="shape",
                             fixes=(say("fix.reshape-product"), say("fix.reshape-infer")))
        times = say("product.times")
        ctx.explain(f"{times.join(map(str, shape))} = {count:,} = {times.join(map(str, target))}")
        return from_layout(target, ctx.layout)

    def pytorch(self, layer, inputs, output, target) -> Code:
        """The elements in the order of the spec's layout, laid out as the new shape: a
        channels-last spec moves torch's channels last first, and back after."""
        x, shape = "{x}", in_layout(output, target.layout)
        last = target.layout == Layout.CHANNELS_LAST
        if last and len(inputs[0]) > 1:
            x = "{x}.movedim(1, -1)"
        code = f"{x}.reshape(-1, {', '.join(map(str, shape))})"
        return Code(code + ".movedim(-1, 1)" if last and len(output) > 1 else code)

    def keras(self, layer, inputs, output, target) -> Code:
        """Keras Reshape reads channels last; a channels-first spec's order is its own:
        channels permuted first before the Reshape, and last again after it."""
        shape = in_layout(output, target.layout)
        code = f'layers.Reshape({shape}, name="{{id}}")(%s)'
        if target.layout == Layout.CHANNELS_LAST or (len(inputs[0]) < 2 and len(output) < 2):
            return Code(code % "{x}")
        if len(inputs[0]) > 1:
            code %= f'layers.Permute({_first(inputs[0])}, name="{{id}}_first")(%s)'
        code %= "{x}"
        if len(output) > 1:
            code = f'layers.Permute({_last(output)}, name="{{id}}_last")({code})'
        return Code(code, comment="read and written channels first, as the spec orders them")

    def receptive_field(self, layer, inputs, fields, output):
        if len(output) < 2:
            return None  # flattened: the positions are gone
        raise NoField(say("field.reshape"))


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
            formula = f"{x} {op} {before} {op} {after}"
            ctx.explain(say("explain.axis", axis=axis_name(axis), formula=formula, value=out))
            if out < 1:
                raise LayerError(say("crop.nothing", key=self.key, axis=axis_name(axis),
                                     formula=formula, out=out), key=self.key, axis=axis,
                                 fixes=(say("fix.crop", size=x),))
            sizes.append(out)
        return tuple(sizes) + shape[-1:]

    def pytorch(self, layer, inputs, output, target) -> Code:
        amounts = self._sides(layer, inputs[0])
        if self.sign > 0:
            return Code(f"F.pad({{x}}, {pad_arg(amounts)})")
        ends = ", ".join(f"{a}:{n - b}" for n, (a, b) in zip(inputs[0], amounts))
        return Code(f"{{x}}[:, :, {ends}]")

    def keras(self, layer, inputs, output, target) -> Code:
        amounts = tuple(self._sides(layer, inputs[0]))
        cls = keras_nd("ZeroPadding" if self.sign > 0 else "Cropping", len(amounts))
        return Code(f'{cls}({keras_sides(amounts)!r}, name="{{id}}")({{x}})')

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
    """Keras UpSamplingND and Resizing / PyTorch nn.Upsample and F.interpolate: every
    spatial size times an integer `scale`, or resized to `output` sizes.

    `nearest` is PyTorch's: output o copies input floor(o·X/O). `nearest_exact` is the
    half-pixel rule of Keras's Resizing, TensorFlow and PyTorch's `nearest-exact`:
    floor((o + ½)·X/O); the two agree for an integer scale. `bilinear` is linear
    interpolation on each axis, at x = (o + ½)·X/O − ½, or with `align_corners` (PyTorch)
    at x = o·(X − 1)/(O − 1), which puts the corner pixels of input and output together."""

    name = "upsample"
    spatial = True
    doc = "repeats or interpolates positions, by a factor or to a size"
    output_rule = "`X · scale`, or `output` (`nearest`, `nearest_exact` or `bilinear`)"
    params = (Param("scale", Axes(), None, doc="integer factor per axis (2 unless output is given)"),
              Param("output", Axes(), None, doc="output size per axis, instead of scale"),
              Param("mode", Choice(("nearest", "bilinear", "nearest_exact")), "nearest"),
              Param("align_corners", Bool(), False,
                    doc="bilinear: corner pixels of input and output aligned (PyTorch)"))

    def validate(self, params):
        if params["scale"] is not None and params["output"] is not None:
            raise LayerError(say("upsample.both"), key="output",
                             fixes=(say("fix.upsample-scale"), say("fix.upsample-output")))
        if params["align_corners"] and params["mode"] != "bilinear":
            raise LayerError(say("upsample.corners", mode=params["mode"]), key="align_corners",
                             fixes=(say("fix.upsample-bilinear"), say("fix.upsample-corners")))

    def sizes(self, layer, shape: Shape) -> tuple[int, ...]:
        """The output's spatial sizes."""
        p, rank = layer.params, len(shape) - 1
        if p["output"] is not None:
            return every_axis(p["output"], rank, "output")
        scale = every_axis(2 if p["scale"] is None else p["scale"], rank, "scale")
        return tuple(x * s for x, s in zip(shape, scale))

    def output_shape(self, layer, shape, ctx) -> Shape:
        sizes = self.sizes(layer, shape)
        for axis, x, out in zip(axis_names(len(sizes)), shape, sizes):
            ctx.explain(say("explain.axis", axis=axis_name(axis), formula=f"{x}·{out // x}",
                            value=out) if layer.params["output"] is None else
                        say("explain.resize", axis=axis_name(axis), size=x, value=out))
        return sizes + shape[-1:]

    def _torch_args(self, layer, inputs) -> str:
        """nn.Upsample's arguments; `bilinear` is the linear mode of the input's rank."""
        p, rank = layer.params, len(inputs[0]) - 1
        if p["output"] is not None:
            args = f"size={one(every_axis(p['output'], rank, 'output'))!r}"
        else:
            args = f"scale_factor={one(every_axis(p['scale'] or 2, rank, 'scale'))!r}"
        if p["mode"] == "nearest":
            return args
        if p["mode"] == "nearest_exact":
            return args + ', mode="nearest-exact"'
        mode = ("linear", "bilinear", "trilinear")[rank - 1]
        return args + f', mode="{mode}", align_corners={p["align_corners"]}'

    def pytorch(self, layer, inputs, output, target) -> Code:
        return Code("{m}({x})", (("", f"nn.Upsample({self._torch_args(layer, inputs)})"),))

    def keras(self, layer, inputs, output, target) -> Code:
        """UpSamplingND by an integer factor (only the 2-D one interpolates); Resizing
        (2-D) to other sizes, whose nearest rule is the half-pixel one."""
        p, rank = layer.params, len(inputs[0]) - 1
        sizes = self.sizes(layer, inputs[0])
        whole = all(out % x == 0 for x, out in zip(inputs[0], sizes))
        if p["align_corners"]:
            raise Inexpressible(say("export.align-corners"))
        if whole and (p["mode"] != "bilinear" or rank == 2):
            scale = one(tuple(out // x for x, out in zip(inputs[0], sizes)))
            interpolation = ', interpolation="bilinear"' if p["mode"] == "bilinear" else ""
            return Code(f'{keras_nd("UpSampling", rank)}({scale!r}{interpolation}, '
                        f'name="{{id}}")({{x}})')
        if rank != 2:
            raise Inexpressible(say("export.resize-rank", rank=rank))
        if p["mode"] == "nearest":
            raise Inexpressible(say("export.nearest"))
        mode = "bilinear" if p["mode"] == "bilinear" else "nearest"
        return Code(f'layers.Resizing({sizes[0]}, {sizes[1]}, interpolation="{mode}", '
                    f'name="{{id}}")({{x}})')

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        p = layer.params
        linear = p["mode"] == "bilinear"
        return tuple(f.upsampled(out // x, linear) if out % x == 0 and not p["align_corners"]
                     else f.resized(x, out, p["mode"], p["align_corners"])
                     for f, x, out in zip(fields[0], inputs[0], self.sizes(layer, inputs[0])))


def _ordered(shape: Shape) -> bool:
    """Whether flattening this shape channels first and channels last differ: a map with
    more than one position (after a global pool, 1×1×C flattens alike either way)."""
    return len(shape) > 1 and elements(shape[:-1]) > 1


def _last(shape: Shape) -> tuple[int, ...]:
    """keras.layers.Permute's dims (from 1) that put a channels-first tensor's channels
    last."""
    return (*range(2, len(shape) + 1), 1)


def _first(shape: Shape) -> tuple[int, ...]:
    """keras.layers.Permute's dims (from 1) that put channels first."""
    rank = len(shape)
    return (rank, *range(1, rank))
