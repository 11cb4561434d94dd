"""Max, average and min pooling: a window with no weights, channels kept."""

from __future__ import annotations

from ..core.params import Axes, Padding, Param
from ..core.records import Framework, PaddingMode
from .base import Shape, explicitly_padded, refuse_under
from .sliding import WindowKind, numbers, pairs, symmetric_fix


class Pool(WindowKind):
    """Pooling over every spatial axis; `stride` defaults to `size` (non-overlapping)."""

    output_rule = ("`(X + 2P − K)/S + 1` (with stride = size and no padding: `X / K`); "
                   "channels kept")

    pooling = True
    params = (
        Param("size", Axes(), required=True, doc="window size"),
        Param("stride", Axes(), None, doc="defaults to size"),
        Param("padding", Padding(), 0),
    )

    def window_params(self, params):
        size = params["size"]
        return {"kernel": size, "stride": size if params["stride"] is None else params["stride"],
                "padding": params["padding"]}

    def output_shape(self, layer, shape, ctx) -> Shape:
        return self.slide(layer, shape, ctx) + (shape[-1],)

    def unwritable(self, params, framework):
        """Keras pools with `valid` or `same` padding only; PyTorch with explicit padding
        of at most half the window."""
        padding = params.get("padding", 0)
        if framework == Framework.KERAS and explicitly_padded(params):
            return ("Keras pooling takes only padding valid or same (explicit padding needs a "
                    "pad layer before it)")
        if framework == Framework.PYTORCH and padding == PaddingMode.SAME:
            return "PyTorch pooling has no padding='same'"
        if framework == Framework.PYTORCH and padding != PaddingMode.VALID:
            sizes, pads = numbers(params["size"]), numbers(padding)
            rank = max(len(sizes), len(pads))  # a scalar stands for every axis
            if any(p > k // 2 for p, k in zip(pads * (rank // len(pads)),
                                              sizes * (rank // len(sizes)))):
                return "PyTorch pads a pooling window by at most half its size"
        return None

    def check_framework(self, layer, axes, ctx) -> None:
        """PyTorch pooling has no `same` and pads at most half the window."""
        if layer.params["padding"] == PaddingMode.SAME:
            refuse_under(ctx, Framework.PYTORCH,
                         f"padding same: Keras pads {pairs(axes)} and leaves the padding out of "
                         f"every window; PyTorch pooling takes only explicit padding",
                         "padding: PyTorch pooling has no padding='same'; write the padding",
                         key="padding", fixes=(symmetric_fix(axes),))
            return
        wide = [w for w in axes if w.pad_before > w.kernel // 2]
        if wide:
            w = wide[0]
            refuse_under(ctx, Framework.PYTORCH,
                         f"{w.axis} padding {w.pad_before} is more than half the window "
                         f"{w.kernel}: PyTorch refuses it; Keras pooling has no explicit padding",
                         f"padding: PyTorch pads a pooling window by at most half its size "
                         f"({w.axis}: {w.kernel // 2}), got {w.pad_before}",
                         key="padding", axis=w.axis, fixes=(f"padding: {w.kernel // 2} or less",))


class MaxPool(Pool):
    name = "maxpool"
    doc = "largest value of each window"


class AvgPool(Pool):
    name = "avgpool"
    doc = "mean of each window"


class MinPool(Pool):
    name = "minpool"
    doc = "smallest value of each window"
