"""The terminal table: one row per layer, totals in the footer.

Columns are laid out here rather than by rich's `Table`, which measures every cell through
its layout engine (about 1 ms a row: 10 s for a 10,000-layer spec). rich still styles the
header and footer when colour is on, so NO_COLOR and pipes behave as with any rich output.

Block instances get a row of their own above their layers, which are indented beneath it.
`depth` (as in torchinfo) is how many levels are listed, the top being level 1: a block at
the last level listed stands for all its layers, with their totals. In the params columns
an open block's subtotal is in parentheses, so the plain numbers always add up to the
total.
"""

from functools import cache
from itertools import groupby, repeat
from operator import add, attrgetter

from ..core.printable import printable
from . import CELL_WIDTH, FAILED, clipped, total_label
from ..core.messages import say
from ..core.record import Record
from .columns import DEFAULT, Column, chosen, for_report, heading

# verify_table lays out with these
__all__ = ["Column", "bold", "explanation", "grid", "lay_out", "render"]

# Always first; the columns after them are chosen with --columns (render/columns.py).
FIXED = (
    Column("column.index", lambda row: str(row.index), right=True,
           block=lambda block, opened: f"{block.first}-{block.last}"),
    Column("column.layer", lambda row: row.name.rsplit("/", 1)[-1], total_label,
           block=lambda block, opened: block.path[-1], indented=True),
    Column("column.kind", lambda row: row.kind, block=lambda block, opened: block.kind),
)


def render(reports, options) -> str:
    style = bold if options.color else str
    columns = FIXED + chosen(options.columns, DEFAULT)
    parts = []
    for report in reports:
        if report.rows:
            marked = (_marker(report.failing),) if report.failing else ()
            parts.append(_table(report, marked + columns, options.depth, style))
        if options.portability:
            parts.append(_portability(report))
        if options.explain:
            parts.append(explanation(report))
    return "\n\n".join(parts)


def _marker(failing: frozenset[int]) -> Column:
    """A first column, only in a table with errors, that marks each layer (and each block
    holding one) an error is about."""
    return Column("", lambda row: FAILED if row.index in failing else "",
                  block=lambda block, opened: FAILED if any(
                      block.first <= index <= block.last for index in failing) else "")


def bold(text: str) -> str:
    return _bold().render(text)


@cache
def _bold():
    """rich's bold style, made once: a table in colour bolds every block's line."""
    from rich.style import Style

    return Style(bold=True)


class _Listing(Record):
    """What a table lists: its layers and its blocks apart, and how they interleave. A
    column's cells are made for rows + blocks, and the laid-out lines put in `order` once,
    rather than a call per cell deciding which kind of line it is on."""

    rows: list  # the layers listed, in order
    blocks: list  # (BlockSummary, whether its layers are listed), in order
    order: list[int]  # each line's index in rows + blocks
    indents: list[str] | None  # the indentation of rows + blocks; None when nothing nests

    def strong(self) -> range:
        """The blocks' lines, numbered in rows + blocks."""
        return range(len(self.rows), len(self.rows) + len(self.blocks))


def _listing(report, depth: int | None) -> _Listing:
    """What the table lists, in order, a block's row before its first layer; nothing
    deeper than `depth` is listed. The layers of one block instance share a path, so
    they are taken as one run (`groupby`): the paths are compared once per instance and
    a run's lines are added whole, not a layer at a time."""
    instances = {block.path: block for block in report.blocks}
    runs = [(path, list(run)) for path, run in groupby(report.rows, attrgetter("block"))]
    limit = depth or 1 + max((len(path) for path, run in runs), default=0)  # every level
    listed = sum(len(run) for path, run in runs if len(path) < limit)
    rows, blocks, order, indents, block_indents = [], [], [], [], []
    previous: tuple[str, ...] = ()
    for path, run in runs:
        shared = 0
        while shared < min(len(path), len(previous)) and path[shared] == previous[shared]:
            shared += 1
        for level in range(shared + 1, min(len(path), limit) + 1):
            order.append(listed + len(blocks))
            block_indents.append("  " * (level - 1))
            blocks.append((instances[path[:level]], depth is None or level < depth))
        if len(path) < limit:
            order.extend(range(len(rows), len(rows) + len(run)))
            indents.extend(["  " * len(path)] * len(run))
            rows.extend(run)
        previous = path
    return _Listing(rows, blocks, order, indents + block_indents if blocks else None)


def _table(report, columns, depth: int | None, bold) -> str:
    columns = for_report(columns, report)
    listing = _listing(report, depth)
    body = [_cells(column, listing) for column in columns]
    footer = [column.footer(report) for column in columns]
    readable = [column.readable(report) for column in columns]
    title = bold(printable(report.title))
    return "\n".join([title, "", *lay_out(columns, body, bold, footer, listing.strong(),
                                            readable if any(readable) else None,
                                            listing.order if listing.blocks else None)])


def _cells(column: Column, listing: _Listing) -> list[str]:
    """A column's cells for rows + blocks: the layers' read in one pass and the blocks'
    in another."""
    cells = _layer_cells(column, listing.rows)
    cells += [column.block(block, opened) for block, opened in listing.blocks]
    if column.indented and listing.indents:
        cells = list(map(add, listing.indents, cells))
    return cells


def _layer_cells(column: Column, rows) -> list[str]:
    """A column's cells of these layers; a column of values (`Column.text`) writes each
    distinct value once."""
    if column.text is None:
        return list(map(column.cell, rows))
    values = list(map(column.value, rows))
    texts = {value: column.text(value) for value in set(values)}
    return list(map(texts.__getitem__, values))


def _portability(report) -> str:
    """The layers whose result or validity differs between Keras and PyTorch."""
    notes, title = report.portability, printable(report.title)
    if not notes:
        return say("portability.none", title=title)
    count = len({note.layer for note in notes})
    layers = [printable(note.layer or "") for note in notes]
    width = min(max(map(cell_width, layers)), CELL_WIDTH)
    return "\n".join([say("portability.one" if count == 1 else "portability.many",
                          title=title, framework=report.framework, count=count),
                      *(f"  {pad(layer, width)}  {printable(note.text)}"
                        for layer, note in zip(layers, notes))])


def grid(columns, rows, bold, footer=None) -> list[str]:
    """The header, a rule, a line per row and, when given, a ruled footer, every column
    as wide as its widest cell."""
    return lay_out(columns, [_layer_cells(column, rows) for column in columns], bold, footer)


def lay_out(columns, body, bold, footer=None, strong=(), readable=None,
            order=None) -> list[str]:
    """`grid` for cells already made, a list of them per column; the lines numbered in
    `strong` are bold; `readable` is a line under the footer with its totals as people
    say them (`11.69 M`); `order`, when given, numbers the body's lines in the order
    shown. The cells are escaped (`printable`) before they are measured: a name is the
    user's text. A cell wider than CELL_WIDTH is clipped (the inputs column
    summarises itself first). The body is laid out a column at a time: one of short plain
    ASCII text, the usual one, is checked, measured and padded whole by str's own methods
    rather than cell by cell."""
    header = [heading(column) for column in columns]
    texts = [_measured(cells) for cells in body]
    footer = footer and [printable(cell) for cell in footer]
    widths = [max(cell_width(head), *([cell_width(foot)] if footer else []), width)
              for head, foot, (cells, sizes, width) in zip(header, footer or header, texts)]

    def line(cells) -> str:
        return "  ".join(pad(cell, width, column.right)
                         for column, cell, width in zip(columns, cells, widths)).rstrip()

    padded = [_padded(cells, sizes, width, column.right)
              for (cells, sizes, _), width, column in zip(texts, widths, columns)]
    rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
    rows = list(map(str.rstrip, map("  ".join, zip(*padded))))
    for number in strong:
        rows[number] = bold(rows[number])
    if order is not None:
        rows = list(map(rows.__getitem__, order))
    lines = [bold(line(header)), rule, *rows]
    if not footer:
        return lines
    return lines + [rule, bold(line(footer))] + ([_under(readable, widths)] if readable else [])


def _measured(cells: list[str]) -> tuple[list[str], list[int] | None, int]:
    """A column's cells escaped (`printable`) and clipped, each one's width in terminal
    cells (None when each character takes one cell, so a cell's width is its length), and
    the widest one's. The checks run on the column's cells joined, in C; only a column
    with a control character is escaped cell by cell, and only one with a wide or
    combining character (a Korean name) measured cell by cell: `×` and `—` are narrow."""
    joined = "".join(cells)
    if not (joined.isascii() and joined.isprintable()) and printable(joined) != joined:
        cells = [printable(cell) for cell in cells]
        joined = "".join(cells)
    if max(map(len, cells), default=0) > CELL_WIDTH:
        cells = list(map(clipped, cells))
        joined = "".join(cells)
    if joined.isascii() or all(cell_width(char) == 1 for char in set(joined.translate(_ASCII))):
        return cells, None, max(map(len, cells), default=0)
    sizes = list(map(cell_width, cells))
    return cells, sizes, max(sizes, default=0)


def _padded(cells, sizes: list[int] | None, width: int, right: bool) -> list[str]:
    """`pad` of every cell of a column, whose cells' `sizes` are measured already."""
    if sizes is None:
        return list(map(str.rjust if right else str.ljust, cells, repeat(width)))
    fills = [" " * (width - size) for size in sizes]
    return list(map(add, fills, cells) if right else map(add, cells, fills))


def _under(cells, widths) -> str:
    """A line of right-aligned cells under the columns, each ending where its column ends;
    a cell wider than its column reaches into the gap before it (`64.62 K` under
    `64,620`), so that it changes no column's width."""
    text, end = "", -2
    for cell, width in zip(cells, widths):
        end += 2 + width
        if cell:
            start = max(end - cell_width(cell), len(text) + 1 if text else 0)
            text = text.ljust(start) + cell
    return text


def explanation(report) -> str:
    """`--explain`: the arithmetic behind every layer's numbers, a line each."""
    names = [printable(row.name) for row in report.rows]
    width = min(max(map(cell_width, names), default=0), CELL_WIDTH)
    lines = [say("explain.title", title=printable(report.title))]
    for name, row in zip(names, report.rows):
        for i, text in enumerate(row.explain):
            lines.append(f"  {pad(name if i == 0 else '', width)}  {printable(text)}")
    return "\n".join(lines)


def cell_width(text: str) -> int:
    """Terminal cells the text takes: a wide character (Korean, Chinese, Japanese,
    full-width forms) takes two, a combining mark none. Only non-ASCII text is measured
    character by character, and only its non-ASCII characters (the `×` of `3×3` in a
    long column of receptive fields), so tables of plain names stay as fast as `len`."""
    if text.isascii():
        return len(text)
    from unicodedata import combining, east_asian_width

    return len(text) + sum(-1 if combining(char) else 1 if east_asian_width(char) in "WF"
                           else 0 for char in text.translate(_ASCII))


_ASCII = dict.fromkeys(range(128))  # str.translate's table that drops the ASCII characters


def pad(text: str, width: int, right: bool = False) -> str:
    """The text filled with spaces to `width` cells, on the left when `right`."""
    fill = " " * (width - cell_width(text))
    return fill + text if right else text + fill
