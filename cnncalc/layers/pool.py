"""Max, average and min pooling: a window with no weights, channels kept."""

from __future__ import annotations

from typing import ClassVar

from ..core.messages import axis_name, say
from ..core.params import Axes, Padding, Param
from ..core.records import Framework, PaddingMode
from .base import Shape, explicitly_padded, refuse_under
from .code import Code, Inexpressible, keras_nd, nd, one, pad_arg
from .conv import arguments
from .sliding import WindowKind, numbers, pairs, symmetric_fix
from .windows import every_axis, same_padding


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
                "padding": params["padding"], "dilation": params.get("dilation", 1)}

    def output_shape(self, layer, shape, ctx) -> Shape:
        return self.slide(layer, shape, ctx) + (shape[-1],)

    def unwritable(self, params, framework):
        """Keras pools with `valid` or `same` padding only; PyTorch with explicit padding
        of at most half the window."""
        padding = params.get("padding", 0)
        if framework == Framework.KERAS and max(numbers(params.get("dilation", 1))) > 1:
            return "Keras pooling has no dilation"
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
        """PyTorch pooling has no `same` and pads at most half the window; Keras pooling
        has no dilation."""
        dilated = [w for w in axes if w.dilation > 1]
        if dilated:
            w = dilated[0]
            refuse_under(ctx, Framework.KERAS,
                         say("pool.dilation.differs", axis=axis_name(w.axis), dilation=w.dilation),
                         say("pool.dilation.refused"), key="dilation", axis=w.axis,
                         fixes=(say("fix.pool-dilation-framework"), say("fix.pool-dilation")))
        if layer.params["padding"] == PaddingMode.SAME:
            refuse_under(ctx, Framework.PYTORCH,
                         say("pool.same.differs", pads=pairs(axes)), say("pool.same.refused"),
                         key="padding", fixes=(symmetric_fix(axes),))
            return
        wide = [w for w in axes if w.pad_before > w.kernel // 2]
        if wide:
            w = wide[0]
            refuse_under(ctx, Framework.PYTORCH,
                         say("pool.half.differs", axis=axis_name(w.axis), pad=w.pad_before,
                             kernel=w.kernel),
                         say("pool.half.refused", axis=axis_name(w.axis), half=w.kernel // 2,
                             pad=w.pad_before),
                         key="padding", axis=w.axis, fixes=(say("fix.pool-half", half=w.kernel // 2),))


    # torch's module and the value F.pad fills with; what the input and output are
    # wrapped in (min pooling is −maxpool(−x)); Keras's layer
    torch_module: ClassVar[str] = "MaxPool"
    fill: ClassVar[str] = ", value=float(\"-inf\")"
    sign: ClassVar[str] = ""
    keras_layer: ClassVar[str] = "MaxPooling"
    substitute: ClassVar[str] = ""  # the comment of a pooling neither framework has

    def _window(self, layer, shape: Shape) -> tuple[tuple[int, ...], tuple[int, ...]]:
        size = every_axis(layer.params["size"], len(shape) - 1, "size")
        stride = layer.params["stride"]
        return size, size if stride is None else every_axis(stride, len(size), "stride")

    @staticmethod
    def _dilation(layer, shape: Shape) -> tuple[int, ...]:
        return every_axis(layer.params.get("dilation", 1), len(shape) - 1, "dilation")

    def pytorch(self, layer, inputs, output, target) -> Code:
        """nn.{MaxPool,AvgPool}Nd with ceil_mode for `rounding: ceil`; `same` is an
        explicit F.pad first (torch pooling has no `same`), as the torch backend runs it."""
        shape = inputs[0]
        size, stride = self._window(layer, shape)
        padding, x, comment = layer.params["padding"], f"{self.sign}{{x}}", ""
        sizes, dilation = shape[:-1], self._dilation(layer, shape)
        included, expression = True, "{m}(%s)"
        if padding == PaddingMode.SAME:
            sides = tuple(same_padding(*axis) for axis in zip(sizes, size, stride, dilation))
            padding = (0,)
            if self.torch_module == "AvgPool" and any(map(any, sides)):
                padding, included, expression, comment = self._same_mean(sides)
            elif any(map(any, sides)):
                x = f"F.pad({x}, {pad_arg(sides)}{self.fill})"
                comment = "Keras 'same': the padding written out (torch pooling has no 'same')"
            if included:
                sizes = tuple(n + a + b for n, (a, b) in zip(sizes, sides))
        else:
            padding = every_axis(0 if padding == PaddingMode.VALID else padding, len(size),
                                 "padding")
        if any(2 * q > k for q, k in zip(padding, size)):
            raise Inexpressible(say("torch.pool-half", padding=list(padding), size=list(size)))
        if self.torch_module == "AvgPool" and len(sizes) == 3 and any(
                n < k for n, k in zip(sizes, size)):
            raise Inexpressible(say("torch.pool-window", module="AvgPool3d", size=list(size),
                                    sizes=list(sizes)))
        ctor = f"{nd(self.torch_module, len(size))}(" + arguments(
            one(size), stride=(one(stride), one(size)), padding=(one(padding), 0),
            dilation=(one(dilation), 1), ceil_mode=(target.ceil, False),
            count_include_pad=(included, True)) + ")"
        return Code(self.sign + expression.replace("%s", x), (("", ctor),),
                    "; ".join(filter(None, (self.substitute, comment))))

    @staticmethod
    def _same_mean(sides):
        """Keras's `same` average divides by the window's part inside the input: even
        padding is the module's own with count_include_pad=False; uneven padding, which
        torch's modules cannot take, is written out and the mean divided by that of ones.
        Returns the module's padding, count_include_pad, the expression and its comment."""
        if all(before == after for before, after in sides):
            return (tuple(before for before, _ in sides), False, "{m}(%s)",
                    "Keras 'same': the padding left out of every mean")
        pad = pad_arg(sides)
        return ((0,), True, f"{{m}}(F.pad(%s, {pad})) / "
                f"{{m}}(F.pad(torch.ones_like({{x}}[:, :1]), {pad}))",
                "Keras 'same' averages the input only: padded, then divided by the mean of ones")

    def keras(self, layer, inputs, output, target) -> Code:
        """MaxPoolingND/AveragePoolingND. Keras has no ceil mode (a spec that needs it is
        refused) and no explicit padding: zeros before an average pool (counted in the
        mean, as the torch backend counts them), −inf before a max or min pool."""
        shape = inputs[0]
        size, stride = self._window(layer, shape)
        if max(self._dilation(layer, shape)) > 1:
            raise Inexpressible(say("export.pool-dilation"))
        padding, x, comment = layer.params["padding"], f"{self.sign}{{x}}", ""
        if not isinstance(padding, str):
            amounts = every_axis(padding, len(size), "padding")
            if self.torch_module == "AvgPool" and any(amounts):
                x = (f'{keras_nd("ZeroPadding", len(size))}({one(amounts)!r}, '
                     f'name="{{id}}_pad")({x})')
                comment = ("Keras pooling has no explicit padding: zeros before it, in the "
                           "mean as PyTorch counts them")
            elif any(amounts):
                pads = [[0, 0], *([p, p] for p in amounts), [0, 0]]
                x = f'keras.ops.pad({x}, {pads}, constant_values=float("-inf"))'
                comment = "Keras pooling has no explicit padding: −inf around, as PyTorch pads"
            padding = "valid"
        if target.ceil and padding == PaddingMode.VALID and any(
                (n - k) % s for n, k, s in zip(self._padded(layer, shape), size, stride)):
            raise Inexpressible(say("export.pool-ceil"))
        call = arguments(one(size), strides=(one(stride), one(size)),
                         padding=(str(padding), "valid"))
        return Code(f'{self.sign}{keras_nd(self.keras_layer, len(size))}({call}, '
                    f'name="{{id}}")({x})', comment="; ".join(filter(None, (self.substitute,
                                                                          comment))))

    @staticmethod
    def _padded(layer, shape: Shape) -> tuple[int, ...]:
        padding = layer.params["padding"]
        pads = every_axis(0 if isinstance(padding, str) else padding, len(shape) - 1,
                          "padding")
        return tuple(n + 2 * p for n, p in zip(shape[:-1], pads))


# PyTorch's MaxPool (and ONNX MaxPool) spread the window's taps; neither framework's
# average pooling does.
POOL_DILATION = Param("dilation", Axes(), 1, doc="spacing between window taps (PyTorch MaxPool)")


DILATED_RULE = ("`(X + 2P − D·(K − 1) − 1)/S + 1` (with stride = size, no padding or "
                "dilation: `X / K`); channels kept")


class MaxPool(Pool):
    name = "maxpool"
    doc = "largest value of each window"
    params = (*Pool.params, POOL_DILATION)
    output_rule = DILATED_RULE


class AvgPool(Pool):
    name = "avgpool"
    doc = "mean of each window"
    torch_module, fill, keras_layer = "AvgPool", "", "AveragePooling"


class MinPool(Pool):
    """Neither framework has min pooling: −maxpool(−x)."""

    name = "minpool"
    doc = "smallest value of each window"
    sign = "-"
    params = (*Pool.params, POOL_DILATION)
    output_rule = DILATED_RULE
    substitute = "neither framework has min pooling: −maxpool(−x)"
