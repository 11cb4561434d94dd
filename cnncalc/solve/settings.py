"""Which kernel, stride, padding and dilation give one layer a wanted output size.

Every setting in bounded ranges (`SEARCH`) is put into a one-layer spec and taken through
the engine's step under each framework; those that give exactly the target, with no error
and written as that framework can write them (`LayerKind.unwritable`), are kept. So the
answer is what `cnncalc summary` would say of each setting: no formula is solved here.
Each axis is its own problem (a layer's windows are per axis), solved on a 1-D input.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

from ..engine.walk import output_of
from ..core.errors import LayerError
from ..core.messages import say
from ..layers import REGISTRY, LayerContext
from ..core.records import Framework, Layer

# The values tried for each parameter a kind has among these, in the order they are shown.
SEARCH: dict[str, tuple] = {
    "kernel": tuple(range(1, 12)),
    "size": tuple(range(1, 12)),  # a pooling window
    "stride": tuple(range(1, 9)),
    "padding": ("same", *range(0, 11)),  # `valid` is padding 0
    "dilation": tuple(range(1, 4)),
    "output_padding": (None, 1, 2, 3),  # None: PyTorch's 0, Keras's own default
}


def solvable(kind: str) -> bool:
    """Kinds with a stride: their output size is what these parameters choose."""
    return kind in REGISTRY and any(p.name == "stride" for p in REGISTRY[kind].params)


def searched(kind: str, fixed: dict[str, Any], search: dict[str, tuple] = SEARCH
             ) -> dict[str, tuple]:
    """The values tried for each of the kind's searched parameters; `fixed` ones alone.
    A fixed value the parameter's type refuses raises ParamError (a ValueError)."""
    types = {p.name: p.type for p in REGISTRY[kind].params}
    for name, value in fixed.items():
        types[name].parse(value)
    return {name: (fixed[name],) if name in fixed else search[name] for name in types
            if name in search}


@dataclass(frozen=True, slots=True)
class Setting:
    """Values of the searched parameters that give the target, and the frameworks that
    can write them; `floors` when the size is reached only by rounding down."""

    values: tuple[tuple[str, Any], ...]
    frameworks: tuple[str, ...]
    floors: bool = False
    asked: tuple[str, ...] = tuple(Framework)  # the frameworks searched for

    @property
    def some(self) -> bool:
        """Only some of the frameworks asked about can write it."""
        return len(self.frameworks) != len(self.asked)

    def text(self) -> str:
        shown = [f"{name} {value}" for name, value in self.values
                 if not _default(name, value)]
        note = [say("solve.only", framework=_framework(self.frameworks[0]))] if self.some else []
        note += [say("solve.rounds-down")] if self.floors else []
        return ", ".join(shown) + (f"  ({'; '.join(note)})" if note else "")

    def rank(self) -> tuple:
        """As a person chooses: no dilation, the smallest stride, odd kernels from 3 up
        (then even ones, then 1; a pooling window as wide as its stride), `same` where it
        applies, what both frameworks can write, then the least padding."""
        v = dict(self.values)
        kernel = v.get("kernel", v.get("size", 1))
        padding, stride = v.get("padding", 0), v.get("stride", 1)
        # a pooling window is chosen as wide as its stride, a convolution's odd
        window = (kernel != stride, kernel == 1) if "size" in v else (kernel == 1, kernel % 2 == 0)
        return (v.get("dilation", 1), stride, *window,
                kernel, padding != "same", self.some,
                0 if padding == "same" else padding,
                -1 if v.get("output_padding") is None else v["output_padding"])


def _default(name: str, value) -> bool:
    return (name, value) in (("dilation", 1), ("output_padding", None), ("padding", 0))


def _framework(name: str) -> str:
    return {"keras": "Keras", "pytorch": "PyTorch"}[name]


def solve(kind: str, size: int, target: int, *, rounding: str = "floor",
          frameworks: tuple[str, ...] = tuple(Framework),
          fixed: dict[str, Any] | None = None,
          search: dict[str, tuple] = SEARCH) -> list[Setting]:
    """Every setting in the searched ranges that takes `size` to exactly `target` on one
    axis, best first. Under floor (the frameworks' own rounding) a setting that gets there
    only by rounding down is marked; strict keeps the exact ones alone."""
    ranges = searched(kind, fixed or {}, search)
    base = _layer(kind)
    found = []
    for values in product(*ranges.values()):
        chosen = dict(zip(ranges, values))
        try:
            layer = base._replace(params=_parsed(kind, base.params, chosen))
        except ValueError:
            continue  # a combination the kind refuses at read time
        writes = tuple(f for f in frameworks if _gives(layer, size, target, rounding, f))
        if writes:
            floors = rounding != "strict" and not _gives(layer, size, target, "strict",
                                                          writes[0])
            found.append(Setting(tuple(chosen.items()), writes, floors, frameworks))
    return sorted(found, key=Setting.rank)


def _gives(layer: Layer, size: int, target: int, rounding: str, framework: str) -> bool:
    if REGISTRY[layer.kind].unwritable(layer.params, framework):
        return False
    ctx = LayerContext(layer, rounding, framework=framework, details=False)
    output = output_of(layer, ((size, 1),), ctx)
    return output is not None and output[0] == target and not ctx.diagnostics


def _layer(kind: str) -> Layer:
    """A layer of `kind` with its defaults, and 1 for each required parameter."""
    params = {p.name: 1 if p.required else p.default for p in REGISTRY[kind].params}
    if "bias" in params:
        params["bias"] = True
    return Layer(1, f"{kind}1", kind, params, ("input",))


def _parsed(kind: str, base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`base` with `values` as the spec reader stores them, checked by the kind; ValueError
    (ParamError is one) for what it refuses."""
    types = {p.name: p.type for p in REGISTRY[kind].params}
    params = {**base, **{name: value if value is None else types[name].parse(value)
                         for name, value in values.items()}}
    try:
        REGISTRY[kind].validate(params)
    except LayerError as exc:
        raise ValueError(exc.message) from None
    return params


def ranges_text(kind: str, fixed: dict[str, Any], alternative: str = " or ") -> str:
    """`kernel 1–11, stride 1–8, padding 0–10 or same`: what was searched (JSON's
    English; the text output gives the chosen language's `alternative`)."""
    parts = []
    for name, values in searched(kind, fixed).items():
        numbers = [v for v in values if isinstance(v, int)]
        words = [v for v in values if isinstance(v, str)]
        if len(values) == 1:
            parts.append(f"{name} {values[0]}")
        else:
            parts.append(f"{name} {min(numbers)}–{max(numbers)}"
                         + "".join(f"{alternative}{w}" for w in words))
    return ", ".join(parts)
