"""`cnncalc solve SPEC --free LAYER.PARAM,...`: the values of some parameters of a spec that
make the whole spec valid, and, when asked, give the network a wanted output shape.

Every combination of the free parameters' values (bounded ranges) is walked. The walk is
the engine's step (`engine.walk.output_of`) for every layer, memoised on the kind, parameters
and input shapes: the layers that no free parameter touches, and those after them while
the shapes are the same, cost one look-up per combination.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

from ..engine import graph
from ..engine.walk import output_of
from ..core.errors import LayerError
from ..core.messages import say
from ..layers import REGISTRY, LayerContext
from ..core.params import ParamError
from ..core.records import NETWORK_INPUT, Spec, in_layout
from .settings import SEARCH

OTHER_RANGE = tuple(range(0, 65))  # values tried for a parameter SEARCH does not name
MAX_COMBINATIONS = 200_000


@dataclass(frozen=True, slots=True)
class Free:
    """One free parameter: `layer.param` and the values tried for it."""

    layer: str
    param: str
    values: tuple

    @property
    def name(self) -> str:
        return f"{self.layer}.{self.param}"


def free_parameters(spec: Spec, text: str) -> list[Free]:
    """`stem.stride,dec1/crop.cropping=0:100` as free parameters; ValueError names what is
    wrong (no such layer, no such parameter, a bad range)."""
    layers = {layer.name: layer for layer in spec.layers}
    found = []
    for item in filter(None, text.split(",")):
        target, _, bounds = item.partition("=")
        name, dot, param = target.rpartition(".")
        if not dot or name not in layers:
            raise ValueError(say("free.target", target=repr(target), example=f"{spec.layers[0].name}."
                                 f"{_first_param(spec.layers[0])}"))
        kind = REGISTRY[layers[name].kind]
        if param not in {p.name for p in kind.params}:
            raise ValueError(say("free.param", target=repr(target), kind=kind.name,
                                 param=repr(param), params=", ".join(p.name for p in kind.params)
                                 or say("sizes.none")))
        found.append(Free(name, param, _values(param, bounds, item)))
    if not found:
        raise ValueError(say("free.none"))
    return found


def _first_param(layer) -> str:
    params = REGISTRY[layer.kind].params
    return params[0].name if params else "param"


def _values(param: str, bounds: str, item: str) -> tuple:
    if not bounds:
        return SEARCH.get(param, OTHER_RANGE)
    low, colon, high = bounds.partition(":")
    if not (colon and low.isdigit() and high.isdigit()) or int(low) > int(high):
        raise ValueError(say("free.range", item=repr(item)))
    return tuple(range(int(low), int(high) + 1))


@dataclass(frozen=True, slots=True)
class Solution:
    values: tuple[tuple[str, Any], ...]  # (LAYER.PARAM, value)
    output_shape: tuple[int, ...]  # as the spec writes shapes

    def text(self) -> str:
        return ", ".join(f"{name} {_shown(value)}" for name, value in self.values)


def _shown(value) -> str:
    return str(list(value)) if isinstance(value, tuple) else str(value)


def solve_free(spec: Spec, free: list[Free], output_shape: tuple[int, ...] | None = None, *,
               rounding: str | None = None, framework: str | None = None) -> list[Solution]:
    """Every combination of the free values with which the spec is valid (and gives
    `output_shape`, written in the spec's layout), nearest the spec's own values first."""
    total = 1
    for f in free:
        total *= len(f.values)
    if total > MAX_COMBINATIONS:
        raise ValueError(say("free.too-many", total=f"{total:,}", most=f"{MAX_COMBINATIONS:,}"))
    if any(d.severity == "error" for _, d in graph.wiring(spec.layers)):
        return []
    walk = Walk(spec, rounding or spec.rounding, framework or spec.framework or "keras")
    position = {layer.name: i for i, layer in enumerate(spec.layers)}
    found = []
    for values in product(*(f.values for f in free)):
        layers = list(spec.layers)
        try:
            for f, value in zip(free, values):
                layer = layers[position[f.layer]]
                layers[position[f.layer]] = layer._replace(params=_with(layer, f.param, value))
        except (ParamError, LayerError):
            continue  # a value the parameter's type or the kind refuses
        output = walk.output(layers)
        if output is not None and (output_shape is None or output == output_shape):
            found.append(Solution(tuple((f.name, v) for f, v in zip(free, values)), output))
    own = {f.name: spec.layers[position[f.layer]].params.get(f.param) for f in free}
    return sorted(found, key=lambda s: (sum(_distance(v, own[n]) for n, v in s.values),
                                        [str(v) for _, v in s.values]))


def _with(layer, param: str, value) -> dict:
    """The layer's parameters with `param` set to `value` as the spec reader stores it."""
    kind = REGISTRY[layer.kind]
    parse = next(p.type.parse for p in kind.params if p.name == param)
    params = {**layer.params, param: value if value is None else parse(value)}
    kind.validate(params)
    return params


def _distance(value, own) -> int:
    if isinstance(value, int) and isinstance(own, int):
        return abs(value - own)
    return value != own


class Walk:
    """The engine's step for each layer, memoised: only errors and shapes matter here. The
    caller checks the wiring first (`graph.wiring`): a miswired spec has no valid walk."""

    def __init__(self, spec: Spec, rounding: str, framework: str):
        self.spec, self.rounding, self.framework = spec, rounding, framework
        self.steps: dict = {}

    def output(self, layers, input_shape: tuple[int, ...] | None = None
               ) -> tuple[int, ...] | None:
        """The network's output shape in the spec's layout, or None at the first error;
        `input_shape` (stored channels-last) replaces the spec's own."""
        shapes = {NETWORK_INPUT: input_shape or self.spec.input_shape}
        for layer in layers:
            inputs = tuple(shapes[name] for name in layer.inputs)
            key = (layer.kind, tuple(layer.params.items()), inputs)
            try:
                hash(key)
            except TypeError:  # a parameter value that is not hashable: no memo
                key = (id(layer), inputs)
            if key not in self.steps:
                ctx = LayerContext(layer, self.rounding, self.spec.layout,
                                   framework=self.framework, details=False)
                output = output_of(layer, inputs, ctx)
                self.steps[key] = None if ctx.diagnostics else output
            shapes[layer.name] = self.steps[key]
            if shapes[layer.name] is None:
                return None
        return in_layout(shapes[layers[-1].name], self.spec.layout)
