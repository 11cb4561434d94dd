"""The columns a table, markdown or CSV report can show, defined once.

`--columns` names them; each knows its heading, how a row reads in a table and in CSV,
its footer (the total, for a sum) and what a block's row shows. JSON always carries every
field and does not use this list.
"""

from functools import lru_cache, partial
from operator import attrgetter
from typing import Callable

from ..core.messages import say
from ..core.record import Record
from ..core.text import THOUSANDS, count_text, metric_text, percent_text, shape_text, size_text
from . import inputs_text


class Column(Record):
    header: str  # the message code of its heading (`column.params`), worded when shown
    cell: Callable  # row -> table text
    footer: Callable = lambda report: ""  # report -> table text
    right: bool = False  # a number: right-aligned, its footer a sum (bold in markdown)
    block: Callable = lambda block, opened: ""  # (BlockSummary, its layers listed) -> str
    indented: bool = False  # shows the nesting of blocks
    name: str = ""  # as `--columns` writes it
    key: str = ""  # the JSON field, used as the CSV heading
    value: Callable | None = None  # row -> CSV value
    # value -> table text, for a column whose `cell` is text(value(row)): the table writes
    # each distinct value once (a column of counts has few: 0 for every relu).
    text: Callable | None = None
    aliases: tuple[str, ...] = ()
    readable: Callable = lambda report: ""  # report -> the total as people say it, `11.69 M`
    # A column whose cells depend on the whole report (a share of its total): report ->
    # the column for that report. `for_report` binds it.
    of: Callable | None = None


def heading(column: Column) -> str:
    """The column's heading in the chosen language; an empty code is an empty heading."""
    return say(column.header) if column.header else ""


def total_cell(column: Column, report, strong: Callable = str) -> str:
    """A column's total (`strong` marks it: bold in Markdown) and, when large, beside it as
    people say it: `138,357,544 (138.36 M)`. Empty for a column without a total."""
    total, readable = column.footer(report), column.readable(report)
    if not total:
        return ""
    return f"{strong(total)} ({readable})" if readable else strong(total)


def for_report(columns: tuple[Column, ...], report) -> tuple[Column, ...]:
    """The columns as they read one report's rows."""
    return tuple(c.of(c, report) if c.of else c for c in columns)


def _sizes(shape) -> str:
    return "" if shape is None else "x".join(map(str, shape))


@lru_cache(maxsize=4096)  # the instances of a block have the same subtotals
def _subtotal(number: int, opened: bool, show: Callable = THOUSANDS) -> str:
    """An open block's subtotal in parentheses, so the plain numbers add up to the total."""
    return f"({show(number)})" if opened else show(number)


def _short(value) -> str:
    """A fraction as a table shows it: `7/3` → `2.33`."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".") if value.denominator > 1 else str(value)


def _exact(value) -> str:
    return str(value.numerator if value.denominator == 1 else float(value))


def _field(part: str, sep: str, missing: str, show: Callable = _short) -> Callable:
    """A row's receptive field `size`, `jump` or `start`, one entry per spatial axis."""
    def read(row) -> str:
        if row.receptive_field is None:
            return missing
        return sep.join(show(getattr(f, part)) for f in row.receptive_field)
    return read


def _count(key: str, header: str, name: str | None = None, total: bool = True,
           show: Callable = THOUSANDS) -> Column:
    """A number read from the row field `key` (`?` where unknown), summed from `Totals`
    (and a block's totals) when `total`; its JSON name works on the command line too."""
    def summed(totals) -> str:
        return show(getattr(totals, key)) if total else ""

    def readable(report) -> str:
        return metric_text(getattr(report.totals, key)) if total and show is THOUSANDS else ""
    return Column(header, lambda row: count_text(getattr(row, key), show),
                  lambda report: summed(report.totals), right=True, readable=readable,
                  block=lambda block, opened: _subtotal(getattr(block.totals, key), opened,
                                                        show) if total else "",
                  name=name or key, key=key, value=attrgetter(key),
                  text=partial(count_text, show=show), aliases=(key,) if name else ())


def _share(column: Column, report) -> Column:
    """Each layer's (and block's) parameters as a percentage of the report's total."""
    whole = report.totals.params
    share = partial(percent_text, whole=whole)  # one per report: _subtotal's cache key
    return column._replace(cell=lambda row: share(row.params),
                           block=lambda block, opened: _subtotal(block.totals.params, opened,
                                                                 share),
                           value=lambda row: None if row.params is None or not whole
                           else round(row.params / whole, 6))


def _receptive(name: str, header: str, part: str, sep: str) -> Column:
    return Column(header, _field(part, sep, "—"), name=name,
                  key="receptive_field" if part == "size" else f"rf_{part}",
                  value=_field(part, "x", "", _exact),
                  aliases=("receptive_field",) if part == "size" else ())


COLUMNS: tuple[Column, ...] = (
    Column("column.input", inputs_text, block=lambda block, opened: shape_text(block.input_shape),
           name="input", key="input_shape", value=lambda r: ";".join(map(_sizes, r.input_shapes)),
           aliases=("input_shape",)),
    Column("column.output", lambda r: shape_text(r.output_shape),
           lambda report: shape_text(report.output_shape),
           block=lambda block, opened: shape_text(block.output_shape), name="output",
           key="output_shape", value=lambda r: _sizes(r.output_shape),
           aliases=("shape", "output_shape")),
    _count("params_without_bias", "column.nobias", "nobias"),
    _count("params", "column.params"),
    Column("column.share", lambda row: "", lambda report: "100%" if report.totals.params else "",
           right=True, name="share", key="params_share", aliases=("percent",), of=_share),
    _count("trainable", "column.trainable"),
    _count("non_trainable", "column.non_trainable"),
    _count("macs", "column.macs"),
    _count("flops", "column.flops"),
    _count("activation_elements", "column.activations", "activations", total=False),
    _count("activation_bytes", "column.memory", "memory", show=size_text),
    _count("param_bytes", "column.param_memory", "param_memory", show=size_text),
    _receptive("rf", "column.rf", "size", "×"),
    _receptive("jump", "column.jump", "jump", "×"),
    _receptive("start", "column.start", "start", ", "),
)

DEFAULT = ("input", "output", "nobias", "params")
CSV_DEFAULT = DEFAULT + ("trainable", "non_trainable")
_BY_NAME = {name: c for c in COLUMNS for name in (c.name, *c.aliases)}


def names() -> tuple[str, ...]:
    return tuple(c.name for c in COLUMNS)


def parse(text: str) -> tuple[str, ...]:
    """`shape,params,macs,rf` → canonical names; ValueError names an unknown one."""
    picked = []
    for name in filter(None, (part.strip() for part in text.split(","))):
        if name not in _BY_NAME:
            raise ValueError(say("unknown-column", name=repr(name), names=", ".join(names())))
        picked.append(_BY_NAME[name].name)
    if not picked:
        raise ValueError(say("no-columns", names=", ".join(names())))
    return tuple(picked)


def chosen(selected: tuple[str, ...] | None, default: tuple[str, ...]) -> tuple[Column, ...]:
    return tuple(_BY_NAME[name] for name in (selected or default))
