"""The sliding-window arithmetic every conv and pooling layer shares, in integers only.

One axis of a convolution or pooling is a `Window`; `slide` applies the tutorials' formula
`(X + 2P − D·(K − 1) − 1)/S + 1` to it and says whether the division was exact, how many
input rows a floor drops and whether a ceil added a partial window. Layers never repeat
this formula: they build windows and decide, through the walk's rounding mode, what an
inexact result means.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd

from .errors import LayerError

AXIS_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}
_UNITS = {"height": "row", "width": "column", "depth": "slice", "length": "step",
          "channel count": "channel"}


def axis_names(rank: int) -> tuple[str, ...]:
    return AXIS_NAMES.get(rank, tuple(f"axis {i + 1}" for i in range(rank)))


def units(axis: str, count: int) -> str:
    """`1 row`, `2 columns`: how a number of dropped input positions reads."""
    unit = _UNITS.get(axis, "position")
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def thousands(n: int) -> str:
    return f"{n:,}"


def expand(value: int | tuple[int, ...], rank: int, key: str) -> tuple[int, ...]:
    """A scalar means the same on every axis; a list must name every axis (Keras's
    `standardize_tuple`, with the key's name in the message)."""
    if isinstance(value, int):
        return (value,) * rank
    if len(value) != rank:
        raise LayerError(
            f"{key}: {[list(v) if isinstance(v, tuple) else v for v in value]} has "
            f"{len(value)} entries but the input has "
            f"{rank} spatial {'axis' if rank == 1 else 'axes'}",
            key=key, fixes=(f"give {rank} entries or a single number",))
    return tuple(value)


def span(kernel: int, dilation: int = 1) -> int:
    """A kernel's extent once dilated: D·(K − 1) + 1."""
    return dilation * (kernel - 1) + 1


def same_padding(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """Keras/TensorFlow `same`: output ceil(X/S), the odd pixel of padding goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + span(kernel, dilation) - size, 0)
    return total // 2, total - total // 2


@dataclass(frozen=True, slots=True)
class Window:
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
        value = Fraction(self.numerator, self.stride) + 1
        if value.denominator == 1:
            return str(value.numerator)
        return f"{float(value):.2f}".rstrip("0")


@dataclass(frozen=True, slots=True)
class AxisResult:
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


def slide(window: Window, ceil: bool = False) -> AxisResult:
    """Apply the output formula to one axis.

    `ceil` is PyTorch's `ceil_mode`: an inexact division rounds up, except that the last
    window must start inside the input or its left padding."""
    if window.numerator < 0:
        padded = window.size + window.pad_before + window.pad_after
        raise LayerError(
            f"{window.axis}: the kernel spans {window.span} but the padded input is only "
            f"{padded}", axis=window.axis, code="kernel-too-large",
            fixes=("a smaller kernel", "more padding", "fewer downsampling layers before it"))
    whole, remainder = divmod(window.numerator, window.stride)
    out = whole + 1
    ceil_added = False
    last_start = (whole + 1) * window.stride  # where an extra, partial window would start
    if ceil and remainder and last_start < window.size + window.pad_before:
        out += 1
        ceil_added = True
    return AxisResult(window, out, remainder, ceil_added)


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


def windows(sizes: tuple[int, ...], kernel, stride, padding, dilation=1) -> tuple[Window, ...]:
    """One `Window` per spatial axis from a layer's raw parameters (scalars or per-axis
    lists; padding may be `valid` or `same`)."""
    rank = len(sizes)
    kernel = expand(kernel, rank, "kernel")
    stride = expand(stride, rank, "stride")
    dilation = expand(dilation, rank, "dilation")
    if padding == "same":
        pads = tuple(same_padding(*a) for a in zip(sizes, kernel, stride, dilation))
    else:
        pads = tuple((p, p) for p in expand(0 if padding == "valid" else padding, rank,
                                            "padding"))
    return tuple(Window(axis, x, k, s, before, after, d, padding == "same")
                 for axis, x, k, s, (before, after), d
                 in zip(axis_names(rank), sizes, kernel, stride, pads, dilation))


def sides(value: int | tuple, rank: int, key: str) -> tuple[tuple[int, int], ...]:
    """Padding or cropping as (before, after) per axis: one number for every side, one per
    axis (both sides), or a [before, after] pair per axis (Keras ZeroPadding2D's forms)."""
    if isinstance(value, int):
        return ((value, value),) * rank
    pairs = expand(value, rank, key)
    return tuple(p if isinstance(p, tuple) else (p, p) for p in pairs)


def symmetric(window: Window) -> Window:
    """The window with its padding made symmetric, rounding an odd total up: what an
    explicit padding must be where a framework refuses an asymmetric one."""
    pad = -(-(window.pad_before + window.pad_after) // 2)
    return Window(window.axis, window.size, window.kernel, window.stride, pad, pad,
                  window.dilation)


@dataclass(frozen=True, slots=True)
class TransposedWindow:
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
            raise LayerError(f"{self.axis} {self.formula()} = {self.out} leaves no output",
                             axis=self.axis, code="no-output", fixes=("less padding",))
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
    if padding == "same":
        total = extent - stride if output_padding is None else 2 * (extent // 2) - output_padding
        before = max(total, 0) // 2  # a negative total extends the output at the end
        return before, total - before
    if padding == "valid" and output_padding is None:
        return 0, min(extent - stride, 0)
    pad = 0 if padding == "valid" else padding
    return pad, pad - (output_padding or 0)


def transposed_windows(sizes: tuple[int, ...], kernel, stride, padding, output_padding,
                       dilation=1) -> tuple[TransposedWindow, ...]:
    """One `TransposedWindow` per spatial axis from a layer's raw parameters."""
    rank = len(sizes)
    kernel, stride, dilation = (expand(v, rank, k) for v, k in
                                ((kernel, "kernel"), (stride, "stride"), (dilation, "dilation")))
    pads = (padding,) * rank if isinstance(padding, str) else expand(padding, rank, "padding")
    extra = (None,) * rank if output_padding is None else expand(output_padding, rank,
                                                                  "output_padding")
    return tuple(TransposedWindow(axis, x, k, s, *transposed_crop(x, k, s, d, p, op), d)
                 for axis, x, k, s, p, op, d
                 in zip(axis_names(rank), sizes, kernel, stride, pads, extra, dilation))


@dataclass(frozen=True, slots=True)
class Field:
    """The receptive field of one spatial axis, in the convention of "A guide to receptive
    field arithmetic" (Dang Ha The Hien): input pixel i spans [i, i + 1), so the input's
    own field is size 1, jump 1, start 0.5.

    `size` is how many input pixels one output element can see, `jump` the distance in
    input pixels between neighbouring outputs (the effective stride), `start` the centre
    of the first output's field (negative when padding puts it outside the input).
    Stored as `low`, the first output's first pixel, so that the usual layers keep every
    number an int; transposed convolutions, upsampling and adaptive pooling make
    fractions (jumps below 1)."""

    size: int | Fraction = 1
    jump: int | Fraction = 1
    low: int | Fraction = 0

    @property
    def start(self) -> int | Fraction:
        return self.low + Fraction(self.size, 2)

    def through(self, span, stride, offset) -> Field:
        """The field after a layer whose output o reads input positions
        offset + o·stride … offset + o·stride + span − 1 (all may be fractions)."""
        return Field(self.size + (span - 1) * self.jump, self.jump * stride,
                     self.low + offset * self.jump)

    def window(self, window: Window) -> Field:
        return self.through(window.span, window.stride, -window.pad_before)

    def transposed(self, window: TransposedWindow) -> Field:
        """Output o of a transposed convolution reads the inputs i with i·S + D·k = o + P:
        the band (o + P − span + 1)/S … (o + P)/S, a fraction of a position wide when the
        stride is larger than the kernel. The field is that band's hull."""
        s = Fraction(window.stride)
        return self.through((window.span - 1) / s + 1, 1 / s,
                            (window.crop_before - window.span + 1) / s)

    def adaptive(self, size: int, out: int) -> Field:
        """Adaptive pooling (PyTorch): output i reads floor(i·X/O) … ceil((i+1)·X/O) − 1.
        Those ends fall up to (O − g)/O from i·X/O, g = gcd(X, O), so the field is the
        band at the mean stride X/O that holds every window; exact when O divides X, and
        the whole input for a global pooling (O = 1)."""
        if size % out == 0:  # windows of one size: a plain pooling
            return self.through(size // out, size // out, 0)
        stride = Fraction(size, out)
        slack = Fraction(out - gcd(size, out), out)
        return self.through(stride + 2 * slack, stride, -slack)

    def upsampled(self, scale: int, linear: bool) -> Field:
        """Nearest: output o copies input floor(o/s), a transposed convolution with
        kernel s and stride s. Linear (align_corners=False, Keras and PyTorch alike):
        output o mixes inputs floor(x) and floor(x) + 1 at x = (o + ½)/s − ½, the second
        with weight frac(x). For an even s, frac(x) runs over odd multiples of 1/(2s); for
        an odd s over multiples of 1/s, and at 0 the second input has no weight. Either
        way the inputs lie within h of x, h = 1 − 1/(2s) or 1 − 1/s, and the field is that
        band (a copy, the same field, when s = 1)."""
        s = Fraction(scale)
        if not linear:
            return self.through(2 - 1 / s, 1 / s, (1 - s) / s)
        half = 1 - 1 / (2 * s) if scale % 2 == 0 else 1 - 1 / s
        return self.through(2 * half + 1, 1 / s, (1 - s) / (2 * s) - half)

    def still(self) -> Field:
        """The field as read from an axis of size 1: every output of the reading layer
        reads that one position, so its band does not move between outputs (jump 0)."""
        return Field(self.size, 0, self.low)

    def to_json(self) -> dict:
        return {"size": _number(self.size), "jump": _number(self.jump),
                "start": _number(self.start)}


def hull(fields: tuple[Field, ...], out: int) -> Field | None:
    """The band that holds every one of several fields, for the `out` outputs of a merge
    of branches (add, multiply, concat on channels).

    Fields with one jump give the band at that jump. A field of jump 0 does not move (a
    branch broadcast from size 1, such as a squeeze-and-excitation gate, whose global
    pooling reads the whole input for every output): joined with a moving one, every
    output reads the still band and its own moving one, and the band that holds them all
    is still too, from the first output's to the last's. None when two moving jumps
    differ, as the band would then not move by a constant step."""
    jumps = {f.jump for f in fields}
    if len(jumps - {0}) > 1 and out > 1:
        return None
    low = min(f.low for f in fields)
    if len(jumps) == 1:
        return Field(max(f.low + f.size for f in fields) - low, fields[0].jump, low)
    high = max(f.low + f.size + (out - 1) * f.jump for f in fields)
    return Field(high - low, 0, low)


def _number(value: int | Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)
