"""Text helpers any stage may use: shapes, byte sizes and counts as people read them."""

from __future__ import annotations

from functools import lru_cache

from .messages import say

UNKNOWN = "?"  # what could not be computed: a shape, a count; never shown as zero
THOUSANDS = "{:,}".format  # 64620 → 64,620
_UNITS = {"height": "row", "width": "column", "depth": "slice", "length": "step",
          "channel count": "channel"}  # the unit of an axis: `unit.one.row`, `unit.many.row`


@lru_cache(maxsize=4096)  # a network's shapes repeat: each layer's output is the next's input
def shape_text(shape: tuple[int, ...] | None, sep: str = ", ") -> str:
    """`(36, 28, 20)` as the tutorials write shapes; `?` where none could be computed."""
    if shape is None:
        return UNKNOWN
    return "(" + sep.join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def count_text(value: int | None, show=THOUSANDS) -> str:
    """A count as tables show it (`64,620`); `?` when it could not be computed."""
    return UNKNOWN if value is None else show(value)


def size_text(n: int, trim: bool = False) -> str:
    """Bytes in binary units with one decimal, `1.5 KiB`; `trim` drops a `.0` (`2 GiB`).
    Rounded in exact arithmetic, as `:.1f` would, but with no float to overflow."""
    for unit, power in (("TiB", 4), ("GiB", 3), ("MiB", 2), ("KiB", 1)):
        if n >= 1024**power:
            tenths = _rounded(10 * n, 1024**power)
            text = f"{tenths // 10}.{tenths % 10} {unit}"
            return text.replace(".0 ", " ") if trim else text
    return f"{n} B"


_METRIC = (("T", 12), ("G", 9), ("M", 6))


def metric_text(n: int) -> str:
    """A large count as people say it, two decimals: `11.69 M`, `1.81 G`; empty below a
    million (0.995 M), where the exact number reads as easily. Rounded in exact
    arithmetic, so no float can overflow or misround."""
    for unit, power in _METRIC:
        hundredths = _rounded(100 * n, 10**power)
        if abs(hundredths) >= 100:  # at least 1.00 once rounded: 999,995,000 is 1.00 G
            whole, part = divmod(abs(hundredths), 100)
            return f"{'-' if n < 0 else ''}{whole:,}.{part:02d} {unit}"
    return ""


def percent_text(part: int | None, whole: int) -> str:
    """`part` as a share of `whole`, one decimal: `12.5%`; `<0.1%` for a small non-zero
    share, `?` for an unknown part, `—` when the whole is zero."""
    if part is None:
        return UNKNOWN
    if whole == 0:
        return "—"
    if part == 0:
        return "0%"
    tenths = _rounded(1000 * part, whole)
    return "<0.1%" if tenths == 0 else f"{tenths // 10}.{tenths % 10}%"


def _rounded(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest int, a half to the even one, as round() does
    a Fraction: exact, in ints (fractions imports decimal, 2 ms at every start-up)."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    whole, rest = divmod(numerator, denominator)
    return whole + (2 * rest > denominator or (2 * rest == denominator and whole % 2 == 1))


def thousands(n: int) -> str:
    return f"{n:,}"


def units(axis: str, count: int) -> str:
    """`1 row`, `2 columns`: how a number of dropped input positions reads."""
    unit = _UNITS.get(axis, "position")
    return say(f"unit.{'one' if count == 1 else 'many'}.{unit}", count=count)


def compact(values) -> str:
    """One value when every axis has it (`2`), else the list (`[2, 3]`)."""
    values = list(values)
    return str(values[0]) if len(set(values)) == 1 else str(values)


def listed(items) -> str:
    """`a`, `a and b`, `a, b and c` (in the chosen language)."""
    items = list(items)
    return items[0] if len(items) == 1 else say("list.and", items=", ".join(items[:-1]),
                                                 last=items[-1])
