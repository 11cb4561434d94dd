"""Receptive fields: which band of the network input each output of a layer can see.

A layer moves a field the way its windows move positions; the arithmetic is written once
here, per kind of window (sliding, transposed, adaptive, upsampled), and each kind's
`receptive_field` picks the one it is.

The usual layers keep every number an int; `Fraction` is imported by the methods that make
one (and by `start`), so that a summary's start-up does not import fractions and decimal.
"""

from math import gcd
from typing import TYPE_CHECKING

from ..core.record import Record
from .windows import TransposedWindow, Window

if TYPE_CHECKING:
    from fractions import Fraction


class Field(Record):
    """The receptive field of one spatial axis, in the convention of "A guide to receptive
    field arithmetic" (Dang Ha The Hien): input pixel i spans [i, i + 1), so the input's
    own field is size 1, jump 1, start 0.5.

    `size` is how many input pixels one output element can see, `jump` the distance in
    input pixels between neighbouring outputs (the effective stride), `start` the centre
    of the first output's field (negative when padding puts it outside the input).
    Stored as `low`, the first output's first pixel, so that the usual layers keep every
    number an int; transposed convolutions, upsampling and adaptive pooling make
    fractions (jumps below 1)."""

    size: "int | Fraction" = 1
    jump: "int | Fraction" = 1
    low: "int | Fraction" = 0

    @property
    def start(self) -> "int | Fraction":
        from fractions import Fraction

        return self.low + Fraction(self.size, 2)

    def through(self, span, stride, offset) -> "Field":
        """The field after a layer whose output o reads input positions
        offset + o·stride … offset + o·stride + span − 1 (all may be fractions)."""
        return Field(self.size + (span - 1) * self.jump, self.jump * stride,
                     self.low + offset * self.jump)

    def window(self, window: Window) -> "Field":
        """`through` a sliding window, written out: every convolution and pooling of a
        network takes this step, once per spatial axis."""
        jump = self.jump
        return Field(self.size + (window.span - 1) * jump, jump * window.stride,
                     self.low - window.pad_before * jump)

    def transposed(self, window: TransposedWindow) -> "Field":
        """Output o of a transposed convolution reads the inputs i with i·S + D·k = o + P:
        the band (o + P − span + 1)/S … (o + P)/S, a fraction of a position wide when the
        stride is larger than the kernel. The field is that band's hull."""
        from fractions import Fraction

        s = Fraction(window.stride)
        return self.through((window.span - 1) / s + 1, 1 / s,
                            (window.crop_before - window.span + 1) / s)

    def adaptive(self, size: int, out: int) -> "Field":
        """Adaptive pooling (PyTorch): output i reads floor(i·X/O) … ceil((i+1)·X/O) − 1.
        Those ends fall up to (O − g)/O from i·X/O, g = gcd(X, O), so the field is the
        band at the mean stride X/O that holds every window; exact when O divides X, and
        the whole input for a global pooling (O = 1)."""
        if size % out == 0:  # windows of one size: a plain pooling
            return self.through(size // out, size // out, 0)
        from fractions import Fraction

        stride = Fraction(size, out)
        slack = Fraction(out - gcd(size, out), out)
        return self.through(stride + 2 * slack, stride, -slack)

    def upsampled(self, scale: int, linear: bool) -> "Field":
        """Nearest: output o copies input floor(o/s), a transposed convolution with
        kernel s and stride s. Linear (align_corners=False, Keras and PyTorch alike):
        output o mixes inputs floor(x) and floor(x) + 1 at x = (o + ½)/s − ½, the second
        with weight frac(x). For an even s, frac(x) runs over odd multiples of 1/(2s); for
        an odd s over multiples of 1/s, and at 0 the second input has no weight. Either
        way the inputs lie within h of x, h = 1 − 1/(2s) or 1 − 1/s, and the field is that
        band (a copy, the same field, when s = 1)."""
        from fractions import Fraction

        s = Fraction(scale)
        if not linear:
            return self.through(2 - 1 / s, 1 / s, (1 - s) / s)
        half = 1 - 1 / (2 * s) if scale % 2 == 0 else 1 - 1 / s
        return self.through(2 * half + 1, 1 / s, (1 - s) / (2 * s) - half)

    def resized(self, size: int, out: int, mode: str, align_corners: bool) -> "Field":
        """Resizing X positions to O at any ratio (the integer ones are `upsampled`).
        Each output o has a centre c = a + o·r and reads inputs from c − below to
        c + above: the band from c − below to c + above + 1, at the jump r.

        nearest: c = o·X/O and the input read is floor(c), which lies at most (O − g)/O
        below c (g = gcd(X, O)). nearest_exact: c = (o + ½)·X/O, floor(c) at most
        (2O − gcd(X, 2O))/2O below. bilinear: floor(c) and the next input (clamped to the
        axis), c = (o + ½)·X/O − ½ (at most 1 − 1/2O above floor(c)), or with aligned
        corners c = o·(X − 1)/(O − 1) (at most (O − 2)/(O − 1) above)."""
        from fractions import Fraction

        if mode == "bilinear" and align_corners:
            step = Fraction(size - 1, out - 1) if out > 1 else Fraction(0)
            start, below = Fraction(0), Fraction(max(out - 2, 0), max(out - 1, 1))
        elif mode == "bilinear":
            step = Fraction(size, out)
            start, below = step / 2 - Fraction(1, 2), 1 - Fraction(1, 2 * out)
        elif mode == "nearest_exact":
            step = Fraction(size, out)
            start, below = step / 2, 1 - Fraction(gcd(size, 2 * out), 2 * out)
        else:
            step, start = Fraction(size, out), Fraction(0)
            below = 1 - Fraction(gcd(size, out), out)
        above = 1 if mode == "bilinear" else 0
        return self.through(below + above + 1, step, start - below)

    def still(self) -> "Field":
        """The field as read from an axis of size 1: every output of the reading layer
        reads that one position, so its band does not move between outputs (jump 0)."""
        return Field(self.size, 0, self.low)

    def to_json(self) -> dict:
        if type(self.size) is int and type(self.low) is int:  # the usual layers: no Fraction
            twice = 2 * self.low + self.size  # int / int rounds as float(Fraction) does
            start = twice // 2 if twice % 2 == 0 else twice / 2
        else:
            start = _number(self.start)
        return {"size": _number(self.size), "jump": _number(self.jump), "start": start}


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


def _number(value: "int | Fraction") -> int | float:
    return value.numerator if value.denominator == 1 else float(value)
