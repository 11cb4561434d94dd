"""The columns a table, markdown or CSV report can show, defined once.

`--columns` names them; each knows its heading, how a row's value reads in a table and in
CSV, and its total. JSON always carries every field and does not use this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import shape_text


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    header: str
    key: str  # the JSON field, used as the CSV heading
    text: Callable  # row -> table text
    value: Callable  # row -> CSV value
    total: Callable = lambda report: ""  # report -> table footer
    numeric: bool = False  # right-aligned; its footer is a sum (bold in markdown)
    aliases: tuple[str, ...] = ()


def _sizes(shape) -> str:
    return "" if shape is None else "x".join(map(str, shape))


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


_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def _bytes(n: int) -> str:
    """1,536 → `1.5 KiB`: memory in binary units, one decimal."""
    power = 0
    while power < len(_UNITS) - 1 and n >= 1024 ** (power + 1):
        power += 1
    return f"{n} B" if power == 0 else f"{n / 1024 ** power:.1f} {_UNITS[power]}"


def _count(key: str, header: str, name: str | None = None, total: bool = True,
           text=None) -> Column:
    """A numeric column read from the row field `key` (and from Totals when summed); its
    JSON name works on the command line too."""
    show = text or (lambda n: f"{n:,}")
    return Column(name or key, header, key, lambda row: show(getattr(row, key)),
                  lambda row: getattr(row, key),
                  (lambda report: show(getattr(report.totals, key))) if total else
                  (lambda report: ""), numeric=True, aliases=(key,) if name else ())


COLUMNS: tuple[Column, ...] = (
    Column("input", "input", "input_shape", lambda r: shape_text(r.input_shape),
           lambda r: _sizes(r.input_shape), aliases=("input_shape",)),
    Column("output", "output", "output_shape", lambda r: shape_text(r.output_shape),
           lambda r: _sizes(r.output_shape), lambda report: shape_text(report.output_shape),
           aliases=("shape", "output_shape")),
    _count("params_without_bias", "params (no bias)", "nobias"),
    _count("params", "params"),
    _count("trainable", "trainable"),
    _count("non_trainable", "non-trainable"),
    _count("macs", "MACs"),
    _count("flops", "FLOPs"),
    _count("activation_elements", "activations", "activations", total=False),
    _count("activation_bytes", "activation memory", "memory", text=_bytes),
    _count("param_bytes", "param memory", "param_memory", text=_bytes),
    Column("rf", "RF", "receptive_field", _field("size", "×", "—"),
           _field("size", "x", "", _exact), aliases=("receptive_field",)),
    Column("jump", "jump", "rf_jump", _field("jump", "×", "—"), _field("jump", "x", "", _exact)),
    Column("start", "start", "rf_start", _field("start", ", ", "—"),
           _field("start", "x", "", _exact)),
)

DEFAULT = ("input", "output", "nobias", "params")
CSV_DEFAULT = DEFAULT + ("trainable", "non_trainable")
_BY_NAME = {name: c for c in COLUMNS for name in (c.name, *c.aliases)}


def names() -> tuple[str, ...]:
    return tuple(c.name for c in COLUMNS)


def parse(text: str) -> tuple[str, ...]:
    """`shape,params,macs,rf` → canonical names; ValueError names an unknown one."""
    chosen = []
    for name in filter(None, (part.strip() for part in text.split(","))):
        if name not in _BY_NAME:
            raise ValueError(f"unknown column {name!r}; choose from {', '.join(names())}")
        chosen.append(_BY_NAME[name].name)
    if not chosen:
        raise ValueError(f"no columns given; choose from {', '.join(names())}")
    return tuple(chosen)


def chosen(selected: tuple[str, ...] | None, default: tuple[str, ...]) -> tuple[Column, ...]:
    return tuple(_BY_NAME[name] for name in (selected or default))
