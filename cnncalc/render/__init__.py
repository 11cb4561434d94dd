"""Renderers: each turns reports into text. Imported on demand, so that only the chosen
format's dependencies (rich for the table) are loaded."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..core.text import shape_text

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


FAILED = "!"  # marks the row of a layer an error is about


def inputs_text(row) -> str:
    """The shape a layer reads, or each of a merge's: `(8, 8, 64), (8, 8, 64)`."""
    return ", ".join(shape_text(shape) for shape in row.input_shapes) or shape_text(None)


def total_label(report) -> str:
    """`total`, or `total (partial)` when some layer's numbers are unknown: the sums are
    then of the known ones."""
    return "total (partial)" if report.totals.partial else "total"
