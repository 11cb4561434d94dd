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

from .errors import LayerError

AXIS_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}
_UNITS = {"height": "row", "width": "column", "depth": "slice", "length": "step"}


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
            f"{key}: {list(value)} has {len(value)} entries but the input has "
            f"{rank} spatial {'axis' if rank == 1 else 'axes'}",
            key=key, fixes=(f"give {rank} entries or a single number",))
    return tuple(value)


def same_padding(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """Keras/TensorFlow `same`: output ceil(X/S), the odd pixel of padding goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
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
        """The kernel's extent once dilated: D·(K − 1) + 1."""
        return self.dilation * (self.kernel - 1) + 1

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
    remainder: int  # input positions the last window cannot reach; dropped by a floor
    ceil_added: bool

    @property
    def exact(self) -> bool:
        return self.remainder == 0 or self.window.same


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
    if ceil and remainder and whole * window.stride + window.stride < window.size + window.pad_before:
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
