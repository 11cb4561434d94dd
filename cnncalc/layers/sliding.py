"""What every sliding-window kind shares: its windows, what their rounding means, their
receptive field and where Keras and PyTorch read the same padding differently.

Conv, depthwise, separable and pooling kinds differ only in which parameters make the
window and in what they count; the shape rule, the rounding rules (the errors, warnings
and fixes of an inexact division), the field rule and the framework checks are written
once here, on top of the arithmetic in windows.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..core.errors import LayerError
from ..core.messages import axis_name, say
from ..core.records import Framework, PaddingMode, Rounding
from ..core.text import compact, listed, units
from .base import REGISTRY, LayerContext, LayerKind, Shape, refuse_under
from .fields import Field
from .windows import (AxisResult, Window, axis_result, exact_padding, exact_size,
                      same_padding, slide, symmetric, windows)


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

    def unwritable(self, params, framework):
        """PyTorch convolutions have `padding='same'` only with stride 1."""
        if framework == Framework.PYTORCH and params.get("padding") == PaddingMode.SAME and any(
                s > 1 for s in numbers(params.get("stride", 1))):
            return "PyTorch refuses padding='same' when stride > 1"
        return None

    def along_axis(self, layer, shape: Shape, axis: int, ctx: LayerContext):
        """Each axis has its own window; only `same` padding depends on the size. The
        framework checks depend on the parameters alone, so `output_shape` made them."""
        template = self.windows(layer, shape)[axis]

        def output(size: int) -> int:
            before, after = (same_padding(size, template.kernel, template.stride,
                                          template.dilation) if template.same
                             else (template.pad_before, template.pad_after))
            window = Window(template.axis, size, template.kernel, template.stride, before,
                            after, template.dilation, template.same)
            return output_sizes(ctx, (window,), pooling=self.pooling,
                                padding=layer.params["padding"])[0]

        return output

    def field_rule(self, layer, inputs, output):
        windows = self.windows(layer, inputs[0])

        def rule(fields):
            return None if fields[0] is None else tuple(map(Field.window, fields[0], windows))

        return rule

    def receptive_field(self, layer, inputs, fields, output):
        return self.field_rule(layer, inputs, output)(fields)

    def check_framework(self, layer, axes: tuple[Window, ...], ctx: LayerContext) -> None:
        """Convolutions: PyTorch refuses `padding='same'` with a stride above 1, where
        Keras pads the odd pixel after."""
        if layer.params["padding"] != PaddingMode.SAME or all(w.stride == 1 for w in axes):
            return
        pads = pairs(axes)
        refuse_under(
            ctx, Framework.PYTORCH,
            say("same-stride.differs", stride=compact([w.stride for w in axes]), pads=pads),
            say("same-stride.refused"),
            key="padding", fixes=(symmetric_fix(axes), say("fix.pad-layer", pads=pads)))


def output_sizes(ctx: LayerContext, axes: tuple[Window, ...], *, pooling: bool,
                 padding: Any = None) -> Shape:
    """The output size of every axis under the walk's rounding mode, with the arithmetic
    explained and an inexact division reported: strict makes it an error with fixes (the
    walk goes on with the floored size so later layers are still checked); floor warns
    about what is dropped; ceil rounds pooling up the PyTorch way. `padding` is the
    layer's own, as written (None for a kind without one), which the fixes build on."""
    try:
        results = slide(axes, ctx.rounding, pooling=pooling)
    except LayerError as exc:
        if exc.code != "kernel-too-large":
            raise
        raise LayerError(exc.message, key=exc.key, axis=exc.axis, code=exc.code,
                         fixes=_room(ctx, next(w for w in axes if w.numerator < 0), padding)
                         ) from None
    if not ctx.details:  # the errors alone: no explanation, warnings or fixes
        for result in results:
            if not result.exact and ctx.rounding == Rounding.STRICT:
                ctx.report(say("inexact.short"), axis=result.window.axis, code="inexact")
        return tuple(r.out for r in results)
    floored = []
    for result in results:
        w = result.window
        axis = axis_name(w.axis)
        if w.same:
            ctx.explain(say("explain.same", axis=axis, size=w.size, stride=w.stride,
                            out=result.out, before=w.pad_before, after=w.pad_after))
        elif result.exact:
            ctx.explain(say("explain.axis", axis=axis, formula=w.formula(full=True),
                            value=w.exact_value()))
        else:
            ctx.explain(say("explain.rounded", axis=axis, formula=w.formula(full=True),
                            value=w.exact_value(), out=result.out))
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
    axis = axis_name(w.axis)
    if ctx.rounding == Rounding.STRICT:
        ctx.report(say("inexact", axis=axis, formula=w.formula(), value=w.exact_value()),
                   axis=w.axis, code="inexact",
                   fixes=_fixes(ctx, result, results, pooling, padding))
    else:
        ctx.report(say("ceil", axis=axis, formula=w.formula(), value=w.exact_value(),
                       out=result.out), severity="warning", axis=w.axis, code="ceil")
        ctx.differs(say("ceil.differs", axis=axis, out=result.out, floor=result.out - 1))


def _floored(ctx: LayerContext, results: list[AxisResult]) -> None:
    """One warning for every axis a floor shortens, so a square layer says it once:
    `height and width (224 + 2·3 − 7)/2 + 1 = 112.5 rounded down to 112; …`."""
    sums = {(r.window.formula(), r.window.exact_value(), r.out) for r in results}
    if len(sums) == 1:
        (formula, value, out), = sums
        arithmetic = say("floor", axis=listed(axis_name(r.window.axis) for r in results),
                         formula=formula, value=value, out=out)
    else:
        arithmetic = ", ".join(say("floor", axis=axis_name(r.window.axis),
                                   formula=r.window.formula(), value=r.window.exact_value(),
                                   out=r.out) for r in results)
    lost = [units(r.window.axis, r.lost) for r in results if r.lost]
    unused = [units(r.window.axis, r.remainder) for r in results if not r.lost]
    leftover = ([say("floor.lost", lost=listed(lost))] if lost else []) \
        + ([say("floor.unused", unused=listed(unused))] if unused else [])
    ctx.report(f"{arithmetic}; {'; '.join(leftover)}", severity="warning",
               axis=results[0].window.axis if len(results) == 1 else None, code="floor")


def _fixes(ctx: LayerContext, result: AxisResult, results: tuple[AxisResult, ...],
           pooling: bool, padding: Any) -> tuple[str, ...]:
    """What would make the division exact, as the layer's framework can write it."""
    w, name = result.window, ctx.layer.name
    fixes = []
    pads = _exact_padding(ctx, results, pooling, padding)
    if pads is not None:
        fixes.append(say("fix.padding", pads=pads, name=name))
    else:
        fixes.append(say("fix.input-size", axis=axis_name(w.axis), size=exact_size(w),
                         current=w.size))
        if padding is not None and padding != PaddingMode.SAME and _writable(
                ctx, padding=PaddingMode.SAME):
            fixes.append(say("fix.same", name=name))
    size = _exact_size(ctx, results) if pooling else None
    if size is not None:
        fixes.append(say("fix.pool-size", size=size, name=name))
    dropped = units(w.axis, result.lost) if result.lost else say("only-padding")
    fixes.append(say("fix.floor", dropped=dropped))
    if pooling and axis_result(w, ceil=True).ceil_added:
        fixes.append(say("fix.ceil"))
    return tuple(fixes)


def _writable(ctx: LayerContext, **changes) -> bool:
    """Whether the layer's framework can write it with these parameters changed."""
    return REGISTRY[ctx.layer.kind].unwritable({**ctx.layer.params, **changes},
                                               ctx.framework) is None


def _exact_padding(ctx: LayerContext, results: tuple[AxisResult, ...], pooling: bool,
                   padding: Any) -> str | None:
    """The smallest symmetric padding that makes every axis exact (one number when it is
    the same on every axis), if the framework can write it; None otherwise."""
    if padding is None or padding in (PaddingMode.SAME, PaddingMode.CAUSAL):
        return None
    # PyTorch allows pooling padding up to half the kernel.
    pads = [r.window.pad_before if r.exact else exact_padding(
        r.window, r.window.kernel // 2 if pooling else r.window.span - 1) for r in results]
    if None in pads:
        return None
    value = pads[0] if len(set(pads)) == 1 else tuple(pads)
    return compact(pads) if _writable(ctx, padding=value) else None


def _exact_size(ctx: LayerContext, results: tuple[AxisResult, ...]) -> int | None:
    """For a pooling whose stride follows its size: the size nearest the current one that
    makes every axis exact, short of pooling an axis whole."""
    params = ctx.layer.params
    if "size" not in params or params.get("stride") is not None:
        return None
    current = results[0].window.kernel
    room = min(r.window.size + r.window.pad_before + r.window.pad_after for r in results)
    widest = min(room, 2 * current + 16)  # a size near the current one
    for size in sorted(range(2, widest), key=lambda k: (abs(k - current), k)):
        if size != current and all(
                axis_result(r.window._replace(kernel=size, stride=size)).exact
                for r in results) and _writable(ctx, size=size):
            return size
    return None


def _room(ctx: LayerContext, window: Window, padding: Any) -> tuple[str, ...]:
    """Fixes for a kernel wider than its padded input: the widest kernel that fits, the
    padding that makes room for this one (where the layer has a padding the framework can
    write)."""
    padded = window.size + window.pad_before + window.pad_after
    fixes = [say("fix.kernel-at-most", kernel=(padded - 1) // window.dilation + 1)]
    pad = max(window.pad_before, window.pad_after) + -(window.numerator // 2)
    if padding is not None and padding != PaddingMode.SAME and _writable(ctx, padding=pad):
        fixes.append(say("fix.padding", pads=pad, name=ctx.layer.name))
    return (*fixes, say("fix.fewer-downsampling"))


def symmetric_fix(axes: tuple[Window, ...]) -> str:
    """`padding: 1` (or a per-axis list) that gives Keras's `same` output size with
    symmetric padding, saying when it needs floor rounding to get there."""
    even = tuple(symmetric(w) for w in axes)
    inexact = any(not axis_result(w).exact for w in even)
    return say("fix.symmetric.floor" if inexact else "fix.symmetric",
               pads=compact([w.pad_before for w in even]))


def pairs(axes: tuple[Window, ...]) -> str:
    """Padding as (before, after) per axis, e.g. `[[0, 1], [0, 1]]`."""
    return str([[w.pad_before, w.pad_after] for w in axes])


def numbers(value) -> tuple[int, ...]:
    """A scalar or per-axis parameter as a tuple."""
    return value if isinstance(value, tuple) else (value,)
