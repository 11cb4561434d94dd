"""Transposed convolution: the shape arithmetic of a convolution run backwards."""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.messages import axis_name, say
from ..core.params import Axes, Param
from ..core.records import Framework, PaddingMode
from ..core.text import compact
from .activation import ACTIVATION_PARAM, BIAS_PARAM
from .base import (Counts, LayerKind, Shape, bias_counts, elements, explicitly_padded,
                   refuse_under)
from .code import Code, Inexpressible, keras_nd, keras_sides, nd, one
from .conv import (DILATION_PARAM, FILTERS_PARAM, GROUPS_PARAM, KERNEL_PARAM, PADDING_PARAM,
                   STRIDE_PARAM, Conv, arguments, check_groups, keras_strides, kernel_sizes,
                   kernel_taps)
from .windows import axis_names, every_axis, span, transposed_crop, transposed_windows


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
            ctx.explain(say("explain.axis", axis=axis_name(w.axis), formula=w.formula(),
                            value=w.out))
            outs.append(w.check())
        return tuple(outs) + (p["filters"],)

    def _framework_args(self, layer, shape, ctx):
        """`padding` and `output_padding` as the chosen framework reads them, after noting
        where the other one reads them differently."""
        p = layer.params
        rank = len(shape) - 1
        names = axis_names(rank)
        stride = every_axis(p["stride"], rank, "stride")
        dilation = every_axis(p["dilation"], rank, "dilation")
        extents = [span(k, d) for k, d in zip(every_axis(p["kernel"], rank, "kernel"), dilation)]
        extra = p["output_padding"]
        if extra is not None:
            for axis, op, s, d in zip(names, every_axis(extra, rank, "output_padding"), stride,
                                      dilation):
                if op >= max(s, d):
                    raise LayerError(say("output-padding.large", axis=axis_name(axis), op=op,
                                         stride=s, dilation=d), key="output_padding",
                                     axis=axis, fixes=(f"output_padding: {max(s, d) - 1}",))
                if op >= s:
                    refuse_under(ctx, Framework.KERAS,
                                 say("output-padding.differs", op=op, stride=s, dilation=d),
                                 say("output-padding.refused", stride=s),
                                 key="output_padding", axis=axis)
        if p["padding"] == PaddingMode.SAME:
            fixes = [_torch_same(x, s, e) for x, s, e in zip(shape[:-1], stride, extents)]
            refuse_under(ctx, Framework.PYTORCH,
                         say("transpose.same.differs"), say("transpose.same.refused"),
                         key="padding",
                         fixes=(say("fix.transpose-same", pads=compact([f[0] for f in fixes]),
                                    extra=compact([f[1] for f in fixes])),))
        elif p["padding"] == PaddingMode.VALID and extra is None and any(
                s > e for s, e in zip(stride, extents)):
            keras = [x * s for x, s in zip(shape[:-1], stride)]
            torch = [(x - 1) * s + e for x, s, e in zip(shape[:-1], stride, extents)]
            ctx.differs(say("transpose.valid.differs", keras=compact(keras),
                            torch=compact(torch)), key="padding")
        if ctx.framework == Framework.PYTORCH:
            return (0 if p["padding"] == PaddingMode.VALID else p["padding"]), (extra or 0)
        return p["padding"], extra

    def unwritable(self, params, framework):
        if framework == Framework.KERAS and explicitly_padded(params):
            return "Keras transposed convolutions take only padding valid or same"
        if framework == Framework.PYTORCH and params.get("padding") == PaddingMode.SAME:
            return "PyTorch transposed convolutions have no padding='same'"
        return None

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

    def _crops(self, layer, shape: Shape, target) -> tuple[bool, tuple[tuple[int, int], ...]]:
        """Whether the padding is PyTorch's own (explicit, or `valid` under its rules), and
        the outputs to remove from each end of every axis of the full result."""
        p = layer.params
        rank = len(shape) - 1
        native = not isinstance(p["padding"], str) or target.framework == Framework.PYTORCH
        padding = 0 if p["padding"] == PaddingMode.VALID and native else p["padding"]
        pads = (padding,) * rank if isinstance(padding, str) else every_axis(padding, rank,
                                                                           "padding")
        extra = (p["output_padding"] or 0) if native else p["output_padding"]
        extras = (None,) * rank if extra is None else every_axis(extra, rank, "output_padding")
        kernel, stride, dilation = (every_axis(p[k], rank, k)
                                    for k in ("kernel", "stride", "dilation"))
        return native, tuple(transposed_crop(*axis) for axis in zip(
            shape[:-1], kernel, stride, dilation, pads, extras))

    def pytorch(self, layer, inputs, output, target) -> Code:
        """nn.ConvTransposeNd. PyTorch's padding (explicit, or `valid` under its rules) is
        the module's `padding` and `output_padding`; Keras's `valid` and `same` are an
        unpadded module whose `output_padding` makes any extension Keras needs, then the
        crop Keras makes, as a slice."""
        p = layer.params
        shape = inputs[0]
        rank = len(shape) - 1
        native, crops = self._crops(layer, shape, target)
        if native:
            padding = tuple(before for before, _ in crops)
            extra = tuple(before - after for before, after in crops)
        else:
            padding, extra = (0,) * rank, tuple(max(-after, 0) for _, after in crops)
        kernel, stride, dilation = (every_axis(p[k], rank, k)
                                    for k in ("kernel", "stride", "dilation"))
        ctor = f"{nd('ConvTranspose', rank)}(" + arguments(
            shape[-1], p["filters"], one(kernel), stride=(one(stride), 1),
            padding=(one(padding), 0), output_padding=(one(extra), 0),
            groups=(p["groups"], 1), bias=(p["bias"], True), dilation=(one(dilation), 1)) + ")"
        if native or not any(before or after > 0 for before, after in crops):
            return Code("{m}({x})", (("", ctor),))
        full = [(x - 1) * s + span(k, d) + e
                for x, k, s, d, e in zip(shape, kernel, stride, dilation, extra)]
        ends = ", ".join(f"{before}:{n - max(after, 0)}"
                         for n, (before, after) in zip(full, crops))
        return Code(f"{{m}}({{x}})[:, :, {ends}]", (("", ctor),),
                    f"Keras '{p['padding']}': the full result cropped where Keras crops it")

    def keras(self, layer, inputs, output, target) -> Code:
        """ConvNDTranspose with `valid`/`same`; PyTorch's explicit padding is a `valid`
        one with its output_padding, then the padding cropped (CroppingND)."""
        p = layer.params
        shape = inputs[0]
        rank = len(shape) - 1
        if p["groups"] != 1:
            raise Inexpressible(say("export.transpose-groups"))
        keras_strides(p)
        native, crops = self._crops(layer, shape, target)
        padding = "valid" if native else p["padding"]
        extra = p["output_padding"]
        if native:
            extra = tuple(before - after for before, after in crops)
        elif extra is not None:
            extra = every_axis(extra, rank, "output_padding")
        strides = every_axis(p["stride"], rank, "stride")
        if extra is not None and any(e >= s for e, s in zip(extra, strides)):
            raise Inexpressible(say("export.output-padding", extra=list(extra),
                                    strides=list(strides)))
        call = arguments(p["filters"], one(kernel_sizes(layer, shape)),
                         strides=(one(every_axis(p["stride"], rank, "stride")), 1),
                         padding=(str(padding), "valid"),
                         output_padding=(extra if extra is None else one(extra), None),
                         dilation_rate=(one(every_axis(p["dilation"], rank, "dilation")), 1),
                         use_bias=(p["bias"], True))
        code = f'{keras_nd("Conv", rank)}Transpose({call}, name="{{id}}")({{x}})'
        if native and any(before for before, _ in crops):
            cropping = keras_sides(tuple((before, before) for before, _ in crops))
            code = f'{keras_nd("Cropping", rank)}({cropping}, name="{{id}}_crop")({code})'
            return Code(code, comment="PyTorch's padding, which Keras's transposed "
                                      "convolutions lack: cropped after a valid one")
        return Code(code)


def _torch_same(size: int, stride: int, extent: int) -> tuple[int, int]:
    """PyTorch `padding`, `output_padding` that give Keras's `same` size X·S, for a
    dilated kernel of this extent."""
    total = extent - stride
    if total < 0:
        return 0, -total
    pad = -(-total // 2)
    return pad, 2 * pad - total
