"""What the engine finds, as frozen records that every renderer reads."""

import importlib
from operator import attrgetter
from typing import Any

from .errors import Diagnostic
from .record import Record
from .records import FRAMEWORK, LAYOUT, ROUNDING, Framework, Layout, Rounding


class Row(Record):
    """One layer of the report; shapes are in the spec's layout."""

    index: int
    name: str
    kind: str
    input_shapes: tuple[tuple[int, ...], ...]  # one per input; several for a merge
    output_shape: tuple[int, ...] | None  # None when the layer could not be computed
    # Every number is None where it could not be computed: unknown, never shown as zero.
    params: int | None
    params_without_bias: int | None
    trainable: int | None
    non_trainable: int | None
    param_bytes: int | None = 0  # every stored number: weights, bias, running statistics
    inputs: tuple[str, ...] = ()
    explain: tuple[str, ...] = ()
    block: tuple[str, ...] = ()  # instance names of the blocks it sits in, outermost first
    # Cost and memory for one sample (batch 1); bytes at the report's dtype.
    macs: int | None = 0
    flops: int | None = 0  # 2·MACs + one add per output element for a bias
    activation_elements: int | None = 0
    activation_bytes: int | None = 0
    # A layers.fields.Field per spatial axis; None when unknown.
    receptive_field: tuple[Any, ...] | None = None

    @property
    def input_shape(self) -> tuple[int, ...]:
        """The shape it reads (its first input's, for a merge)."""
        return self.input_shapes[0] if self.input_shapes else ()

    def to_json(self, explain: bool = False, valid: bool = True) -> dict:
        """`valid` is false for a layer an error is about."""
        data = {
            "index": self.index, "name": self.name, "kind": self.kind, "valid": valid,
            "input_shape": list(self.input_shape),
            "output_shape": _listed(self.output_shape),
            "params": self.params, "params_without_bias": self.params_without_bias,
            "trainable": self.trainable, "non_trainable": self.non_trainable,
            "inputs": list(self.inputs),
            "macs": self.macs, "flops": self.flops,
            "activation_elements": self.activation_elements,
            "activation_bytes": self.activation_bytes, "param_bytes": self.param_bytes,
            "receptive_field": None if self.receptive_field is None else
            [f.to_json() for f in self.receptive_field],
        }
        if self.block:
            data["block"] = list(self.block)
        if len(self.input_shapes) > 1:
            data["input_shapes"] = [list(shape) for shape in self.input_shapes]
        if explain:
            data["explain"] = list(self.explain)
        return data


class Totals(Record):
    """Sums over the rows; every field but `partial` is a `Row` field of the same name."""

    params: int = 0
    params_without_bias: int = 0
    trainable: int = 0
    non_trainable: int = 0
    macs: int = 0
    flops: int = 0
    activation_bytes: int = 0  # every layer's output, as if all were kept at once
    param_bytes: int = 0
    # A layer's number is unknown (or the walk stopped at it): the sums are of known ones.
    partial: bool = False

    @classmethod
    def of(cls, rows: tuple[Row, ...]) -> "Totals":
        """The sums of each column (every report sums its rows, and each block instance its own)."""
        columns = tuple(zip(*map(_summed, rows))) if rows else ((),) * len(_SUMMED)
        if not any(None in column for column in columns):
            return cls(*map(sum, columns))
        return cls(*(sum(value for value in column if value is not None)
                     for column in columns), partial=True)

    def to_json(self) -> dict:
        return self._asdict()


_SUMMED = tuple(name for name in Totals._fields if name != "partial")
_summed = attrgetter(*_SUMMED)  # a row's numbers, in the order of Totals' fields


class BlockSummary(Record):
    """One block instance: the rows `first`..`last`, what it reads and makes, its totals."""

    path: tuple[str, ...]
    kind: str  # the block's name under `blocks:`
    first: int
    last: int
    input_shape: tuple[int, ...] | None
    output_shape: tuple[int, ...] | None
    totals: Totals

    @property
    def name(self) -> str:
        return "/".join(self.path)

    def to_json(self) -> dict:
        return {"name": self.name, "path": list(self.path), "kind": self.kind,
                "depth": len(self.path), "first_index": self.first, "last_index": self.last,
                "input_shape": _listed(self.input_shape),
                "output_shape": _listed(self.output_shape), "totals": self.totals.to_json()}


def _renderer(name: str):
    """A module of `cnncalc.render` (the package itself for ""), imported when a report
    is shown, never when this module is."""
    return importlib.import_module("cnncalc.render" + (f".{name}" if name else ""))


def _listed(shape: tuple[int, ...] | None) -> list[int] | None:
    return None if shape is None else list(shape)


class Report(Record):
    """A whole spec's result: rows, totals and every error and warning."""

    name: str | None
    source: str | None
    input_shape: tuple[int, ...]
    layout: Layout
    rounding: Rounding
    rows: tuple[Row, ...]
    totals: Totals
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    blocks: tuple[BlockSummary, ...] = ()  # every block instance, outer before inner
    framework: Framework = FRAMEWORK
    dtype: str = "float32"
    # Layers whose result or validity differs between Keras and PyTorch (notes).
    portability: tuple[Diagnostic, ...] = ()
    framework_chosen: bool = False  # by the spec's `framework:` or --framework, not by default
    # What the user should know though nothing is wrong: how the input was read, what a
    # dense layer on a spatial tensor acts on, why a layer has no receptive field.
    notes: tuple[Diagnostic, ...] = ()

    @classmethod
    def unreadable(cls, source: str | None, errors: list[Diagnostic]) -> "Report":
        """The report of a spec that could not be read at all."""
        return cls(name=None, source=source, input_shape=(), layout=LAYOUT, rounding=ROUNDING,
                   rows=(), totals=Totals(), errors=tuple(errors))

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def failing(self) -> frozenset[int]:
        """The indices of the layers an error is about: their rows are marked."""
        return frozenset(d.index for d in self.errors if d.index is not None)

    @property
    def title(self) -> str:
        from .messages import say, source_name

        return self.name or source_name(self.source) or say("source.network")

    @property
    def output_shape(self) -> tuple[int, ...] | None:
        return self.rows[-1].output_shape if self.rows else None

    # How a report shows itself: in a notebook (IPython calls `_repr_html_` and
    # `_repr_markdown_`), to `print` and in a library's code. Each is a renderer's text;
    # the renderers sit above this record in the flow, so they are found by name when
    # called (docs/architecture.md: the one place `core` reaches up, at run time only).

    def table(self, columns: str | tuple[str, ...] | None = None, explain: bool = False,
              depth: int | None = None) -> str:
        """The terminal table, as `cnncalc summary` prints it (no colour). `columns` as
        `--columns` takes them: `"output,params,share"` or a tuple of names."""
        return self._render("table", columns=columns, explain=explain, depth=depth)

    def explain(self) -> str:
        """The arithmetic behind every number (`--explain`), a line per axis and count."""
        return _renderer("table").explanation(self)

    def markdown(self, columns: str | tuple[str, ...] | None = None) -> str:
        return self._render("markdown", columns=columns)

    def _render(self, fmt: str, columns=None, **options) -> str:
        render = _renderer("")
        if isinstance(columns, str):
            columns = _renderer("columns").parse(columns)
        return render.render(fmt, [self], render.Options(columns=columns, **options))

    def _repr_html_(self) -> str:
        render = _renderer("")
        return _renderer("html").fragment(self, render.Options())

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        """Short: `print(report)` and notebooks show the table."""
        state = "valid" if self.valid else f"invalid, {len(self.errors)} errors"
        return (f"<Report {self.title!r}: {len(self.rows)} layers, "
                f"{self.totals.params:,} params, output "
                f"{'?' if self.output_shape is None else self.output_shape}, {state}>")

    def to_json(self, explain: bool = False, *, lazy: bool = False) -> dict:
        """The document of SPEC.md §5. `lazy`: its layers are a generator, each layer's
        entry made when it is written (render/json.py streams them), not a list."""
        failing = self.failing
        layers = (row.to_json(explain, row.index not in failing) for row in self.rows)
        document = {
            "name": self.name,
            "file": self.source,
            "input_shape": list(self.input_shape),
            "layout": self.layout,
            "rounding": self.rounding,
            "framework": self.framework,
            "dtype": self.dtype,
            "valid": self.valid,
            "layers": layers if lazy else list(layers),
            "totals": self.totals.to_json(),
            "errors": [d.to_json() for d in self.errors],
            "warnings": [d.to_json() for d in self.warnings],
            "portability": [d.to_json() for d in self.portability],
            "notes": [d.to_json() for d in self.notes],
        }
        if self.blocks:  # like a layer's `block`, only where blocks are used
            document["blocks"] = [block.to_json() for block in self.blocks]
        return document
