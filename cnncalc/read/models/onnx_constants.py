"""The shape arithmetic that exporters write on constants: torch's exporter gives a
Resize to a size as `Concat(Slice(Shape(x), 0, 2), [H, W])`. A node whose inputs are all
known is computed here, for the few ops such arithmetic uses, as plain Python lists; any
other op on constants gives an unknown value (an error only if a layer needs it)."""

from __future__ import annotations

from typing import Any, Callable


def _list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _slice(node, values: list) -> list:
    data, starts, ends = _list(values[0]), _list(values[1]), _list(values[2])
    axes = _list(values[3]) if len(values) > 3 and values[3] is not None else [0]
    steps = _list(values[4]) if len(values) > 4 and values[4] is not None else [1]
    if axes != [0] or len(starts) != 1:
        raise ValueError("a slice of more than one axis")
    return data[slice(starts[0], ends[0], steps[0])]


def _gather(node, values: list) -> Any:
    if node.attrs.get("axis", 0) != 0:
        raise ValueError("a gather along another axis")
    data, index = _list(values[0]), values[1]
    return [data[i] for i in index] if isinstance(index, list) else data[index]


def _concat(node, values: list) -> list:
    if node.attrs.get("axis", 0) not in (0, -1):
        raise ValueError("a concatenation along another axis")
    return [v for value in values for v in _list(value)]


FOLDS: dict[str, Callable[[Any, list], Any]] = {
    "Identity": lambda node, values: values[0],
    "Cast": lambda node, values: values[0],
    "Slice": _slice,
    "Gather": _gather,
    "Concat": _concat,
    "Unsqueeze": lambda node, values: _list(values[0]),
}


def folded(node, values: list) -> Any:
    """The value of `node` on known input values, None where it is not computed here
    (another op, an input of unknown value, a form of the op not handled)."""
    fold = FOLDS.get(node.op)
    if fold is None or any(v is None for name, v in zip(node.inputs, values) if name):
        return None
    try:
        return fold(node, values)
    except (IndexError, TypeError, ValueError):
        return None


def shape(node, sizes: tuple[int, ...]) -> list[int]:
    """A Shape node's value: the batch (1) and the tensor's sizes, from `start` to `end`."""
    full = [1, *sizes]
    return full[node.attrs.get("start", 0):node.attrs.get("end", len(full))]
