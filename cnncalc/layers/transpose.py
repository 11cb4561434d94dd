"""Transposed convolution: the shape arithmetic of a convolution run backwards."""

from __future__ import annotations

from ..errors import LayerError
from ..shapes import axis_names, expand, span, transposed_windows
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import Counts, LayerKind, Shape, bias_counts, elements, register
from .conv import (DILATION_PARAM, FILTERS_PARAM, GROUPS_PARAM, KERNEL_PARAM, PADDING_PARAM,
                   STRIDE_PARAM, Conv, check_groups, kernel_sizes,
                   kernel_taps)
from .params import Axes, Param


class ConvTranspose(LayerKind):
    """Keras ConvNDTranspose / PyTorch nn.ConvTransposeNd.

    Per axis `(X − 1)·S − 2P + D·(K − 1) + output_padding + 1`. Explicit `padding` is
    PyTorch's (outputs cropped from each end); `valid` and `same` are Keras's, and without
    `output_padding` Keras gives X·S outputs for `same` and X·S + max(D·(K−1)+1 − S, 0)
    for `valid`."""

    name = "conv_transpose"
    doc = "transposed (fractionally strided) convolution"
    output_rule = ("`(X − 1)·S − 2P + D·(K − 1) + output_padding + 1` (explicit padding "
                   "as PyTorch; `same`/`valid` as Keras)")
    count_rule = "`C_in · Π K · filters/groups` weights, `filters` bias"
    spatial = True
    params = (
        FILTERS_PARAM,
        KERNEL_PARAM,
        STRIDE_PARAM,
        PADDING_PARAM,
        Param("output_padding", Axes(minimum=0), None,
              doc="extra outputs at the end of each axis; below the stride"),
        DILATION_PARAM,
        GROUPS_PARAM,
        BIAS_PARAM,
        ACTIVATION_PARAM,
    )
    validate = Conv.validate

    def output_shape(self, layer, shape, ctx) -> Shape:
        p = layer.params
        check_groups(layer, shape)
        padding, extra = self._framework_args(layer, shape, ctx)
        outs = []
        for w in transposed_windows(shape[:-1], p["kernel"], p["stride"], padding, extra,
                                    p["dilation"]):
            ctx.explain(f"{w.axis} {w.formula()} = {w.out}")
            outs.append(w.check())
        return tuple(outs) + (p["filters"],)

    def _framework_args(self, layer, shape, ctx):
        """`padding` and `output_padding` as the chosen framework reads them, after noting
        where the other one reads them differently."""
        p = layer.params
        rank = len(shape) - 1
        names = axis_names(rank)
        stride = expand(p["stride"], rank, "stride")
        dilation = expand(p["dilation"], rank, "dilation")
        extents = [span(k, d) for k, d in zip(expand(p["kernel"], rank, "kernel"), dilation)]
        extra = p["output_padding"]
        if extra is not None:
            for axis, op, s, d in zip(names, expand(extra, rank, "output_padding"), stride,
                                      dilation):
                if op >= max(s, d):
                    raise LayerError(f"output_padding: {axis} {op} must be smaller than the "
                                     f"stride {s} (or the dilation {d})", key="output_padding",
                                     axis=axis, fixes=(f"output_padding: {max(s, d) - 1}",))
                if op >= s:
                    ctx.differs(f"output_padding {op} is not below the stride {s}: Keras "
                                f"refuses it; PyTorch allows it below the dilation {d}",
                                key="output_padding")
                    if ctx.framework == "keras":
                        raise LayerError(f"output_padding: Keras needs it below the stride "
                                         f"{s}", key="output_padding", axis=axis,
                                         code="framework")
        if p["padding"] == "same":
            fixes = [_torch_same(x, s, e) for x, s, e in zip(shape[:-1], stride, extents)]
            ctx.differs("padding same: Keras gives X·S outputs; PyTorch transposed "
                        "convolutions take only explicit padding", key="padding")
            if ctx.framework == "pytorch":
                raise LayerError(
                    "padding: PyTorch transposed convolutions have no padding='same'",
                    key="padding", code="framework",
                    fixes=(f"padding: {_one([f[0] for f in fixes])}, output_padding: "
                           f"{_one([f[1] for f in fixes])} (same size)",))
        elif p["padding"] == "valid" and extra is None and any(
                s > e for s, e in zip(stride, extents)):
            keras = [x * s for x, s in zip(shape[:-1], stride)]
            torch = [(x - 1) * s + e for x, s, e in zip(shape[:-1], stride, extents)]
            ctx.differs(f"padding valid with a stride above the dilated kernel: Keras gives "
                        f"X·S = {_one(keras)} outputs, PyTorch (X − 1)·S + D·(K − 1) + 1 = "
                        f"{_one(torch)}", key="padding")
        if ctx.framework == "pytorch":
            return (0 if p["padding"] == "valid" else p["padding"]), (extra or 0)
        return p["padding"], extra

    def receptive_field(self, layer, inputs, fields, output):
        if fields[0] is None:
            return None
        p = layer.params
        padding, extra = p["padding"], p["output_padding"]
        windows = transposed_windows(inputs[0][:-1], p["kernel"], p["stride"], padding,
                                     extra, p["dilation"])
        return tuple(f.transposed(w) for f, w in zip(fields[0], windows))

    def counts(self, layer, inputs, output) -> Counts:
        p = layer.params
        kernel = kernel_sizes(layer, inputs[0])
        return bias_counts((inputs[0][-1], *kernel, p["filters"] // p["groups"]),
                           p["filters"], p["bias"])

    def macs(self, layer, inputs, output) -> int:
        """Every input element meets Π K taps for each of filters/groups outputs."""
        return elements(inputs[0]) * kernel_taps(layer, inputs[0]) * (
            layer.params["filters"] // layer.params["groups"])


def _torch_same(size: int, stride: int, extent: int) -> tuple[int, int]:
    """PyTorch `padding`, `output_padding` that give Keras's `same` size X·S, for a
    dilated kernel of this extent."""
    total = extent - stride
    if total < 0:
        return 0, -total
    pad = -(-total // 2)
    return pad, 2 * pad - total


def _one(values: list[int]) -> str:
    return str(values[0]) if len(set(values)) == 1 else str(values)


register(ConvTranspose())
