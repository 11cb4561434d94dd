"""Renderers: each turns reports into text. Imported on demand, so that only the chosen
format's dependencies (rich for the table) are loaded."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

FORMATS = ("table", "json", "markdown", "csv")


@dataclass(frozen=True, slots=True)
class Options:
    explain: bool = False
    color: bool = False
    width: int = 120
    depth: int | None = None  # table: levels of blocks shown; deeper ones fold into their block
    columns: tuple[str, ...] | None = None  # names from render/columns.py; None: default
    portability: bool = False  # list the layers that differ between Keras and PyTorch


def render(fmt: str, reports: list, options: Options = Options()) -> str:
    return importlib.import_module(f".{fmt}", __name__).render(reports, options)


UNKNOWN = "?"  # what could not be computed: a shape, a count; never shown as zero
FAILED = "!"  # marks the row of a layer an error is about
THOUSANDS = "{:,}".format  # 64620 → 64,620


def shape_text(shape: tuple[int, ...] | None, sep: str = ", ") -> str:
    """`(36, 28, 20)` as the tutorials write shapes; `?` where none could be computed."""
    if shape is None:
        return UNKNOWN
    return "(" + sep.join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def count_text(value: int | None, show=THOUSANDS) -> str:
    """A count as tables show it (`64,620`); `?` when it could not be computed."""
    return UNKNOWN if value is None else show(value)


def size_text(n: int, trim: bool = False) -> str:
    """Bytes in binary units with one decimal, `1.5 KiB`; `trim` drops a `.0` (`2 GiB`)."""
    for unit, power in (("TiB", 4), ("GiB", 3), ("MiB", 2), ("KiB", 1)):
        if n >= 1024**power:
            text = f"{n / 1024**power:.1f} {unit}"
            return text.replace(".0 ", " ") if trim else text
    return f"{n} B"


def inputs_text(row) -> str:
    """The shape a layer reads, or each of a merge's: `(8, 8, 64), (8, 8, 64)`."""
    return ", ".join(shape_text(shape) for shape in row.input_shapes) or shape_text(None)


def total_label(report) -> str:
    """`total`, or `total (partial)` when some layer's numbers are unknown: the sums are
    then of the known ones."""
    return "total (partial)" if report.totals.partial else "total"
