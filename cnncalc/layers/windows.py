"""The sliding-window arithmetic every conv and pooling layer shares, in integers only.

One axis of a convolution or pooling is a `Window`; `slide(windows, rounding)` applies the
tutorials' formula `(X + 2P − D·(K − 1) − 1)/S + 1` to each and says whether the division
was exact, how many input rows a floor drops and whether a ceil added a partial window.
Free functions over plain records, as Keras writes `conv_output_length`: layers never
repeat this formula, they build windows (`windows`, `transposed_windows`) and report what
an inexact result means (sliding.py). Receptive fields are in fields.py.
"""

from functools import lru_cache

from ..core.errors import LayerError
from ..core.messages import axis_name, say
from ..core.record import Record
from ..core.records import PaddingMode, Rounding

AXIS_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def axis_names(rank: int) -> tuple[str, ...]:
    return AXIS_NAMES.get(rank, tuple(f"axis {i + 1}" for i in range(rank)))


def every_axis(value: int | tuple[int, ...], rank: int, key: str) -> tuple[int, ...]:
    """A scalar means the same on every axis; a list must name every axis (Keras's
    `standardize_tuple`, with the key's name in the message)."""
    if isinstance(value, int):
        return (value,) * rank
    if len(value) != rank:
        raise LayerError(
            say("axes.count" if rank == 1 else "axes.counts", key=key,
                value=[list(v) if isinstance(v, tuple) else v for v in value],
                entries=len(value), rank=rank),
            key=key, fixes=(say("fix.axes.count", rank=rank),))
    return tuple(value)


def span(kernel: int, dilation: int = 1) -> int:
    """A kernel's extent once dilated: D·(K − 1) + 1."""
    return dilation * (kernel - 1) + 1


def same_padding(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """Keras/TensorFlow `same`: output ceil(X/S), the odd pixel of padding goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + span(kernel, dilation) - size, 0)
    return total // 2, total - total // 2


class Window(Record):
    """One spatial axis of a sliding window."""

    axis: str
    size: int
    kernel: int
    stride: int
    pad_before: int = 0
    pad_after: int = 0
    dilation: int = 1
    same: bool = False  # Keras `same`: the output is ceil(X/S) by definition, never inexact

    @property
    def span(self) -> int:
        return span(self.kernel, self.dilation)

    @property
    def numerator(self) -> int:
        return self.size + self.pad_before + self.pad_after - self.span

    def formula(self, full: bool = False) -> str:
        """`(X + 2·P − K)/S + 1`, written with this window's numbers.

        `full` keeps zero padding in, as the tutorials write it when teaching; errors
        leave it out so that the numbers that matter stand out."""
        text = f"{self.size}"
        if self.pad_before == self.pad_after:
            if self.pad_before or full:
                text += f" + 2·{self.pad_before}"
        else:
            text += f" + {self.pad_before} + {self.pad_after}"
        if self.dilation == 1:
            text += f" − {self.kernel}"
        else:
            text += f" − {self.dilation}·({self.kernel} − 1) − 1"
        return f"({text})/{self.stride} + 1"

    def exact_value(self) -> str:
        """The formula's value before rounding, e.g. `4.5`."""
        top = self.numerator + self.stride  # over the stride: (numerator)/stride + 1
        if top % self.stride == 0:
            return str(top // self.stride)
        return f"{top / self.stride:.2f}".rstrip("0")  # int / int: rounded once, exactly


class AxisResult(Record):
    window: Window
    out: int
    remainder: int  # padded positions the last window cannot reach; dropped by a floor
    ceil_added: bool

    @property
    def exact(self) -> bool:
        return self.remainder == 0 or self.window.same

    @property
    def lost(self) -> int:
        """Input positions (not right padding) among those a floor drops."""
        return max(self.remainder - self.window.pad_after, 0)


def axis_result(window: Window, ceil: bool = False) -> AxisResult:
    """Apply the output formula to one axis.

    `ceil` is PyTorch's `ceil_mode`: an inexact division rounds up, except that the last
    window must start inside the input or its left padding."""
    if window.numerator < 0:
        padded = window.size + window.pad_before + window.pad_after
        raise LayerError(
            say("kernel-too-large", axis=axis_name(window.axis), span=window.span,
                padded=padded), axis=window.axis, code="kernel-too-large",
            fixes=(say("fix.smaller-kernel"), say("fix.more-padding"),
                   say("fix.fewer-downsampling")))
    whole, remainder = divmod(window.numerator, window.stride)
    out = whole + 1
    ceil_added = False
    last_start = (whole + 1) * window.stride  # where an extra, partial window would start
    if ceil and remainder and last_start < window.size + window.pad_before:
        out += 1
        ceil_added = True
    return AxisResult(window, out, remainder, ceil_added)


def slide(windows: tuple[Window, ...], rounding: Rounding, *,
          pooling: bool = False) -> tuple[AxisResult, ...]:
    """Every axis's output under a rounding mode. Only ceil changes the arithmetic, and only
    for pooling (PyTorch's `ceil_mode`): convolutions floor in every framework. What an
    inexact axis means (strict: an error; floor, ceil: a warning) is the layer rules'
    (sliding.py), which report it."""
    ceil = pooling and rounding == Rounding.CEIL
    return tuple(axis_result(window, ceil) for window in windows)


def exact_padding(window: Window, limit: int) -> int | None:
    """The smallest symmetric padding above the current one, at most `limit`, that makes
    the division exact, or None."""
    for pad in range(window.pad_before + 1, limit + 1):
        if (window.size + 2 * pad - window.span) % window.stride == 0:
            return pad
    return None


def exact_size(window: Window) -> int:
    """The nearest input size above X for which the division is exact."""
    return window.size + (-window.numerator) % window.stride


@lru_cache(maxsize=4096)
def windows(sizes: tuple[int, ...], kernel, stride, padding, dilation=1) -> tuple[Window, ...]:
    """One `Window` per spatial axis from a layer's raw parameters (scalars or per-axis
    tuples; padding may be `valid` or `same`). Remembered: a layer's shape rule and its
    receptive field both ask, and networks repeat their layers (every block of a stage)."""
    rank = len(sizes)
    kernel = every_axis(kernel, rank, "kernel")
    stride = every_axis(stride, rank, "stride")
    dilation = every_axis(dilation, rank, "dilation")
    if padding == PaddingMode.SAME:
        pads = tuple(same_padding(*a) for a in zip(sizes, kernel, stride, dilation))
    elif padding == PaddingMode.CAUSAL:
        pads = tuple((span(k, d) - 1, 0) for k, d in zip(kernel, dilation))
    else:
        explicit = 0 if padding == PaddingMode.VALID else padding
        pads = tuple((p, p) for p in every_axis(explicit, rank, "padding"))
    return tuple(Window(axis, x, k, s, before, after, d, padding == PaddingMode.SAME)
                 for axis, x, k, s, (before, after), d
                 in zip(axis_names(rank), sizes, kernel, stride, pads, dilation))


def sides(value: int | tuple, rank: int, key: str) -> tuple[tuple[int, int], ...]:
    """Padding or cropping as (before, after) per axis: one number for every side, one per
    axis (both sides), or a [before, after] pair per axis (Keras ZeroPadding2D's forms)."""
    if isinstance(value, int):
        return ((value, value),) * rank
    pairs = every_axis(value, rank, key)
    return tuple(p if isinstance(p, tuple) else (p, p) for p in pairs)


def symmetric(window: Window) -> Window:
    """The window with its padding made symmetric, rounding an odd total up: what an
    explicit padding must be where a framework refuses an asymmetric one."""
    pad = -(-(window.pad_before + window.pad_after) // 2)
    return Window(window.axis, window.size, window.kernel, window.stride, pad, pad,
                  window.dilation)


class TransposedWindow(Record):
    """One spatial axis of a transposed convolution.

    Each input position is spread over a dilated kernel placed every `stride` outputs,
    then `crop_before`/`crop_after` outputs are removed from the ends (PyTorch's
    `padding`; `output_padding` is a negative `crop_after`). The output is
    `(X − 1)·S − 2P + D·(K − 1) + output_padding + 1`."""

    axis: str
    size: int
    kernel: int
    stride: int
    crop_before: int = 0
    crop_after: int = 0
    dilation: int = 1

    @property
    def span(self) -> int:
        return span(self.kernel, self.dilation)

    @property
    def out(self) -> int:
        return (self.size - 1) * self.stride + self.span - self.crop_before - self.crop_after

    def formula(self) -> str:
        text = f"({self.size} − 1)·{self.stride}"
        if self.crop_before == self.crop_after and self.crop_before:
            text += f" − 2·{self.crop_before}"
        elif self.crop_before != self.crop_after:  # a negative crop is output padding
            text += "".join(f" − {c}" if c > 0 else f" + {-c}"
                            for c in (self.crop_before, self.crop_after) if c)
        taps = f"({self.kernel} − 1)"
        if self.dilation > 1:
            taps = f"{self.dilation}·{taps}"
        return f"{text} + {taps} + 1"

    def check(self) -> int:
        if self.out < 1:
            raise LayerError(say("no-output", axis=axis_name(self.axis),
                                 formula=self.formula(), out=self.out),
                             axis=self.axis, code="no-output", fixes=(say("fix.less-padding"),))
        return self.out


def transposed_crop(size: int, kernel: int, stride: int, dilation: int, padding,
                    output_padding: int | None) -> tuple[int, int]:
    """(crop_before, crop_after) of one axis, for explicit padding (PyTorch) or Keras's
    `valid`/`same` (Keras `deconv_output_length`): without `output_padding`, `same` gives
    X·S outputs and `valid` X·S + max(span − S, 0), so when S exceeds the dilated kernel
    Keras keeps S − span zeros at the end where PyTorch ends at (X − 1)·S + span.

    `same` removes span − S outputs, or 2·(span // 2) − output_padding when that is given,
    the odd one at the end (TensorFlow's placement, which Keras 3 keeps on every backend):
    with output_padding 1 and a kernel of 3 the one output removed is the last."""
    extent = span(kernel, dilation)
    if padding == PaddingMode.SAME:
        total = extent - stride if output_padding is None else 2 * (extent // 2) - output_padding
        before = max(total, 0) // 2  # a negative total extends the output at the end
        return before, total - before
    if padding == PaddingMode.VALID and output_padding is None:
        return 0, min(extent - stride, 0)
    pad = 0 if padding == PaddingMode.VALID else padding
    return pad, pad - (output_padding or 0)


def transposed_windows(sizes: tuple[int, ...], kernel, stride, padding, output_padding,
                       dilation=1) -> tuple[TransposedWindow, ...]:
    """One `TransposedWindow` per spatial axis from a layer's raw parameters."""
    rank = len(sizes)
    kernel, stride, dilation = (every_axis(v, rank, k) for v, k in
                                ((kernel, "kernel"), (stride, "stride"), (dilation, "dilation")))
    pads = (padding,) * rank if isinstance(padding, str) else every_axis(padding, rank, "padding")
    extra = (None,) * rank if output_padding is None else every_axis(output_padding, rank,
                                                                  "output_padding")
    return tuple(TransposedWindow(axis, x, k, s, *transposed_crop(x, k, s, d, p, op), d)
                 for axis, x, k, s, p, op, d
                 in zip(axis_names(rank), sizes, kernel, stride, pads, extra, dilation))
