"""What every sliding-window kind shares: its windows, their rounding, their receptive
field and the places where Keras and PyTorch read the same padding differently.

Conv, depthwise, separable and pooling kinds differ only in which parameters make the
window and in what they count; the shape rule, the field rule and the framework checks
are written once here, on top of cnncalc/shapes.py.
"""

from __future__ import annotations

from typing import ClassVar

from ..errors import LayerError
from ..shapes import Window, same_padding, slide, symmetric, windows
from .base import LayerKind, Shape


class WindowKind(LayerKind):
    """A kind whose output positions each read one window of the input."""

    spatial = True
    pooling: ClassVar[bool] = False

    def window_params(self, params) -> tuple:
        """(kernel, stride, padding, dilation) as written, scalars or per-axis lists."""
        return (params["kernel"], params["stride"], params["padding"],
                params.get("dilation", 1))

    def windows(self, layer, shape: Shape) -> tuple[Window, ...]:
        return windows(shape[:-1], *self.window_params(layer.params))

    def slide(self, layer, shape: Shape, ctx) -> Shape:
        """The spatial output sizes, after the framework checks."""
        axes = self.windows(layer, shape)
        self.check_framework(layer, axes, ctx)
        return ctx.slide(axes, pooling=self.pooling)

    def unwritable(self, params, framework):
        """PyTorch convolutions have `padding='same'` only with stride 1."""
        if framework == "pytorch" and params.get("padding") == "same" and any(
                s > 1 for s in numbers(params.get("stride", 1))):
            return "PyTorch refuses padding='same' when stride > 1"
        return None

    def along_axis(self, layer, shape: Shape, axis: int, ctx):
        """Each axis has its own window; only `same` padding depends on the size. The
        framework checks depend on the parameters alone, so `output_shape` made them."""
        template = self.windows(layer, shape)[axis]

        def output(size: int) -> int:
            before, after = (same_padding(size, template.kernel, template.stride,
                                          template.dilation) if template.same
                             else (template.pad_before, template.pad_after))
            window = Window(template.axis, size, template.kernel, template.stride, before,
                            after, template.dilation, template.same)
            return ctx.slide((window,), pooling=self.pooling)[0]

        return output

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        return tuple(f.window(w) for f, w in zip(fields[0], self.windows(layer, inputs[0])))

    def check_framework(self, layer, axes: tuple[Window, ...], ctx) -> None:
        """Convolutions: PyTorch refuses `padding='same'` with a stride above 1, where
        Keras pads the odd pixel after."""
        if layer.params["padding"] != "same" or all(w.stride == 1 for w in axes):
            return
        pads = pairs(axes)
        ctx.differs(f"padding same with stride {per_axis([w.stride for w in axes])}: Keras "
                    f"pads {pads}; PyTorch refuses padding='same' when stride > 1",
                    key="padding")
        if ctx.framework == "pytorch":
            even = symmetric_fix(axes)
            raise LayerError(
                "padding: PyTorch refuses padding='same' with stride > 1; write the padding",
                key="padding", code="framework",
                fixes=(even, f"a pad layer with padding {pads} before it and padding 0 "
                             f"(exactly Keras)"))


def symmetric_fix(axes: tuple[Window, ...]) -> str:
    """`padding: 1` (or a per-axis list) that gives Keras's `same` output size with
    symmetric padding, saying when it needs floor rounding to get there."""
    even = tuple(symmetric(w) for w in axes)
    inexact = any(not slide(w).exact for w in even)
    return (f"padding: {per_axis([w.pad_before for w in even])} (same size, padded "
            f"evenly{'; needs rounding: floor' if inexact else ''})")


def pairs(axes: tuple[Window, ...]) -> str:
    """Padding as (before, after) per axis, e.g. `[[0, 1], [0, 1]]`."""
    return str([[w.pad_before, w.pad_after] for w in axes])


def per_axis(values: list[int]) -> str:
    return str(values[0]) if len(set(values)) == 1 else str(values)


def numbers(value) -> tuple[int, ...]:
    """A scalar or per-axis parameter as a tuple."""
    return value if isinstance(value, tuple) else (value,)
