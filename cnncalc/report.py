"""What the engine finds, as frozen records that every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Diagnostic


@dataclass(frozen=True, slots=True)
class Row:
    """One layer of the report; shapes are in the spec's layout."""

    index: int
    name: str
    kind: str
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...] | None  # None when the layer could not be computed
    params: int
    params_without_bias: int
    trainable: int
    non_trainable: int
    inputs: tuple[str, ...] = ()
    explain: tuple[str, ...] = ()

    def to_json(self, explain: bool = False) -> dict:
        data = {
            "index": self.index, "name": self.name, "kind": self.kind,
            "input_shape": list(self.input_shape),
            "output_shape": None if self.output_shape is None else list(self.output_shape),
            "params": self.params, "params_without_bias": self.params_without_bias,
            "trainable": self.trainable, "non_trainable": self.non_trainable,
            "inputs": list(self.inputs),
        }
        if explain:
            data["explain"] = list(self.explain)
        return data


@dataclass(frozen=True, slots=True)
class Totals:
    params: int = 0
    params_without_bias: int = 0
    trainable: int = 0
    non_trainable: int = 0

    @classmethod
    def of(cls, rows: tuple[Row, ...]) -> Totals:
        return cls(*(sum(getattr(r, f) for r in rows) for f in
                     ("params", "params_without_bias", "trainable", "non_trainable")))

    def to_json(self) -> dict:
        return {"params": self.params, "params_without_bias": self.params_without_bias,
                "trainable": self.trainable, "non_trainable": self.non_trainable}


@dataclass(frozen=True, slots=True)
class Report:
    """A whole spec's result: rows, totals and every error and warning."""

    name: str | None
    source: str | None
    input_shape: tuple[int, ...]
    layout: str
    rounding: str
    rows: tuple[Row, ...]
    totals: Totals
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()

    @classmethod
    def unreadable(cls, source: str | None, errors: list[Diagnostic]) -> Report:
        """The report of a spec that could not be read at all."""
        return cls(None, source, (), "channels_last", "strict", (), Totals(), tuple(errors))

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def title(self) -> str:
        return self.name or self.source or "network"

    @property
    def output_shape(self) -> tuple[int, ...] | None:
        return self.rows[-1].output_shape if self.rows else None

    def to_json(self, explain: bool = False) -> dict:
        """The document of SPEC.md §5."""
        return {
            "name": self.name,
            "file": self.source,
            "input_shape": list(self.input_shape),
            "layout": self.layout,
            "rounding": self.rounding,
            "valid": self.valid,
            "layers": [row.to_json(explain) for row in self.rows],
            "totals": self.totals.to_json(),
            "errors": [d.to_json() for d in self.errors],
            "warnings": [d.to_json() for d in self.warnings],
        }
