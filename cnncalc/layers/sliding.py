"""What every sliding-window kind shares: its windows, what their rounding means, their
receptive field and where Keras and PyTorch read the same padding differently.

Conv, depthwise, separable and pooling kinds differ only in which parameters make the
window and in what they count; the shape rule, the rounding rules (the errors, warnings
and fixes of an inexact division), the field rule and the framework checks are written
once here, on top of the arithmetic in windows.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..core.records import Framework, PaddingMode, Rounding
from ..core.text import compact, listed, units
from .base import LayerContext, LayerKind, Shape, refuse_under
from .windows import (AxisResult, Window, axis_result, exact_padding, exact_size, slide,
                      symmetric, windows)


class WindowKind(LayerKind):
    """A kind whose output positions each read one window of the input."""

    spatial = True
    pooling: ClassVar[bool] = False

    def window_params(self, params) -> dict[str, Any]:
        """The keywords of `windows()`: kernel, stride, padding and dilation as written
        (scalars or per-axis lists)."""
        return {"kernel": params["kernel"], "stride": params["stride"],
                "padding": params["padding"], "dilation": params.get("dilation", 1)}

    def windows(self, layer, shape: Shape) -> tuple[Window, ...]:
        return windows(shape[:-1], **self.window_params(layer.params))

    def slide(self, layer, shape: Shape, ctx: LayerContext) -> Shape:
        """The spatial output sizes, after the framework checks."""
        axes = self.windows(layer, shape)
        self.check_framework(layer, axes, ctx)
        return output_sizes(ctx, axes, pooling=self.pooling, padding=layer.params["padding"])

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        return tuple(f.window(w) for f, w in zip(fields[0], self.windows(layer, inputs[0])))

    def check_framework(self, layer, axes: tuple[Window, ...], ctx: LayerContext) -> None:
        """Convolutions: PyTorch refuses `padding='same'` with a stride above 1, where
        Keras pads the odd pixel after."""
        if layer.params["padding"] != PaddingMode.SAME or all(w.stride == 1 for w in axes):
            return
        pads = pairs(axes)
        refuse_under(
            ctx, Framework.PYTORCH,
            f"padding same with stride {compact([w.stride for w in axes])}: Keras pads {pads}; "
            f"PyTorch refuses padding='same' when stride > 1",
            "padding: PyTorch refuses padding='same' with stride > 1; write the padding",
            key="padding", fixes=(symmetric_fix(axes), f"a pad layer with padding {pads} "
                                                       f"before it and padding 0 (exactly Keras)"))


def output_sizes(ctx: LayerContext, axes: tuple[Window, ...], *, pooling: bool,
                 padding: Any = None) -> Shape:
    """The output size of every axis under the walk's rounding mode, with the arithmetic
    explained and an inexact division reported: strict makes it an error with fixes (the
    walk goes on with the floored size so later layers are still checked); floor warns
    about what is dropped; ceil rounds pooling up the PyTorch way. `padding` is the
    layer's own, as written (None for a kind without one), which the fixes build on."""
    results = slide(axes, ctx.rounding, pooling=pooling)
    floored = []
    for result in results:
        w = result.window
        if w.same:
            ctx.explain(f"{w.axis} same: ceil({w.size}/{w.stride}) = {result.out}, "
                        f"padding {w.pad_before} + {w.pad_after}")
        elif result.exact:
            ctx.explain(f"{w.axis} {w.formula(full=True)} = {w.exact_value()}")
        else:
            ctx.explain(f"{w.axis} {w.formula(full=True)} = {w.exact_value()} → {result.out}")
            if ctx.rounding != Rounding.STRICT and not result.ceil_added:
                floored.append(result)
            else:
                _inexact(ctx, result, results, pooling, padding)
    if floored:
        _floored(ctx, floored)
    return tuple(r.out for r in results)


def _inexact(ctx: LayerContext, result: AxisResult, results: tuple[AxisResult, ...],
             pooling: bool, padding: Any) -> None:
    w = result.window
    arithmetic = f"{w.axis} {w.formula()} = {w.exact_value()}"
    if ctx.rounding == Rounding.STRICT:
        ctx.report(f"{arithmetic} is not an integer", axis=w.axis, code="inexact",
                   fixes=_fixes(ctx.layer.name, result, results, pooling, padding))
    else:
        ctx.report(f"{arithmetic} rounded up to {result.out}: the last window is partial",
                   severity="warning", axis=w.axis, code="ceil")
        ctx.differs(f"{w.axis} rounded up to {result.out} as PyTorch's ceil_mode=True; "
                    f"Keras pooling has no ceil mode (floor gives {result.out - 1})")


def _floored(ctx: LayerContext, results: list[AxisResult]) -> None:
    """One warning for every axis a floor shortens, so a square layer says it once:
    `height and width (224 + 2·3 − 7)/2 + 1 = 112.5 rounded down to 112; …`."""
    sums = {(r.window.formula(), r.window.exact_value(), r.out) for r in results}
    if len(sums) == 1:
        (formula, value, out), = sums
        arithmetic = f"{listed(r.window.axis for r in results)} {formula} = {value} " \
                     f"rounded down to {out}"
    else:
        arithmetic = ", ".join(f"{r.window.axis} {r.window.formula()} = "
                               f"{r.window.exact_value()} rounded down to {r.out}"
                               for r in results)
    lost = [units(r.window.axis, r.lost) for r in results if r.lost]
    unused = [units(r.window.axis, r.remainder) for r in results if not r.lost]
    leftover = ([f"the last {listed(lost)} of the input not covered"] if lost else []) \
        + ([f"only {listed(unused)} of right padding unused"] if unused else [])
    ctx.report(f"{arithmetic}; {'; '.join(leftover)}", severity="warning",
               axis=results[0].window.axis if len(results) == 1 else None, code="floor")


def _fixes(name: str, result: AxisResult, results: tuple[AxisResult, ...], pooling: bool,
           padding: Any) -> tuple[str, ...]:
    w = result.window
    fixes = []
    explicit = padding is not None and padding != PaddingMode.SAME
    if explicit:
        # PyTorch allows pooling padding up to half the kernel.
        pad = exact_padding(w, w.kernel // 2 if pooling else w.span - 1)
        if pad is not None:
            pads = [pad if r is result else r.window.pad_before for r in results]
            fixes.append(f"padding: {compact(pads)} on {name}")
    if not fixes:
        fixes.append(f"an input {w.axis} of {exact_size(w)} instead of {w.size}")
        if explicit:
            fixes.append(f"padding: same on {name} (output ceil(X/S))")
    dropped = units(w.axis, result.lost) if result.lost else "only padding"
    fixes.append(f"rounding: floor drops {dropped}")
    if pooling and axis_result(w, ceil=True).ceil_added:
        fixes.append("rounding: ceil keeps a partial window")
    return tuple(fixes)


def symmetric_fix(axes: tuple[Window, ...]) -> str:
    """`padding: 1` (or a per-axis list) that gives Keras's `same` output size with
    symmetric padding, saying when it needs floor rounding to get there."""
    even = tuple(symmetric(w) for w in axes)
    inexact = any(not axis_result(w).exact for w in even)
    return (f"padding: {compact([w.pad_before for w in even])} (same size, padded "
            f"evenly{'; needs rounding: floor' if inexact else ''})")


def pairs(axes: tuple[Window, ...]) -> str:
    """Padding as (before, after) per axis, e.g. `[[0, 1], [0, 1]]`."""
    return str([[w.pad_before, w.pad_after] for w in axes])
