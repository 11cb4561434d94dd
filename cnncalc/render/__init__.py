"""Renderers: each turns reports into text. Imported on demand, so that only the chosen
format's dependencies (rich for the table) are loaded."""

import importlib

from ..core.record import Record
from ..core.text import shape_text

FORMATS = ("table", "json", "markdown", "csv", "html")
PICTURES = ("svg", "mermaid", "dot", "html")  # `cnncalc draw`'s formats
STYLES = ("graph", "maps")  # the SVG's: wiring top to bottom, or the tutorials' cuboids
# The widest a table or markdown cell gets. Longer text is summarised, so that one wide cell
# (a 10,000-way concat's inputs, a long name) does not pad every row to its width: a table
# stays proportional to its spec. JSON and CSV carry every value whole.
CELL_WIDTH = 72


class Options(Record):
    explain: bool = False
    color: bool = False
    width: int = 120
    depth: int | None = None  # table: levels of blocks shown; deeper ones fold into their block
    columns: tuple[str, ...] | None = None  # names from render/columns.py; None: default
    portability: bool = False  # list the layers that differ between Keras and PyTorch
    style: str = "graph"  # pictures: one of STYLES


def render(fmt: str, reports: list, options: Options = Options()) -> str:
    return importlib.import_module(f".{fmt}", __name__).render(reports, options)


def render_chunks(fmt: str, reports: list, options: Options = Options()):
    """`render`'s text in pieces, for a format that writes a long output as it goes
    (JSON); one piece for the others."""
    module = importlib.import_module(f".{fmt}", __name__)
    chunks = getattr(module, "chunks", None)
    return chunks(reports, options) if chunks else (module.render(reports, options),)


FAILED = "!"  # marks the row of a layer an error is about


def inputs_text(row) -> str:
    """The shape a layer reads, or each of a merge's: `(8, 8, 64), (8, 8, 64)`."""
    if len(row.input_shapes) == 1:  # most layers: no list to cut short
        return shape_text(row.input_shapes[0])
    return listed(map(shape_text, row.input_shapes), len(row.input_shapes)) or shape_text(None)


def listed(items, count: int, width: int = CELL_WIDTH) -> str:
    """`count` items joined by commas, as many as fit in `width`, the rest counted:
    `(4, 4, 1), (4, 4, 1), … (+9,998 more)`. Only the items shown are read."""
    from ..core.messages import say

    shown: list[str] = []
    length = 0
    for item in items:
        rest = count - len(shown) - 1
        more = len(say("listed.more", rest=f"{rest:,}")) if rest else 0
        if shown and length + 2 + len(item) + more > width:
            return ", ".join(shown) + say("listed.more", rest=f"{count - len(shown):,}")
        shown.append(item)
        length += len(item) + 2 * (len(shown) > 1)
    return ", ".join(shown)


def clipped(text: str, width: int = CELL_WIDTH) -> str:
    """Text cut to `width` characters, the cut shown by `…`."""
    return text if len(text) <= width else text[:width - 1] + "…"


def total_label(report) -> str:
    """`total`, or `total (partial)` when some layer's numbers are unknown: the sums are
    then of the known ones."""
    from ..core.messages import say

    return say("total.partial" if report.totals.partial else "total")
