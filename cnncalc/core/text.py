"""Text helpers any stage may use: shapes, byte sizes and counts as people read them."""

from __future__ import annotations

from fractions import Fraction

UNKNOWN = "?"  # what could not be computed: a shape, a count; never shown as zero
THOUSANDS = "{:,}".format  # 64620 → 64,620
_UNITS = {"height": "row", "width": "column", "depth": "slice", "length": "step",
          "channel count": "channel"}


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
            tenths = round(Fraction(10 * n, 1024**power))
            text = f"{tenths // 10}.{tenths % 10} {unit}"
            return text.replace(".0 ", " ") if trim else text
    return f"{n} B"


def thousands(n: int) -> str:
    return f"{n:,}"


def units(axis: str, count: int) -> str:
    """`1 row`, `2 columns`: how a number of dropped input positions reads."""
    unit = _UNITS.get(axis, "position")
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def compact(values) -> str:
    """One value when every axis has it (`2`), else the list (`[2, 3]`)."""
    values = list(values)
    return str(values[0]) if len(set(values)) == 1 else str(values)


def listed(items) -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
