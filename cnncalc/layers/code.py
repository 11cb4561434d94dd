"""What a layer kind says about its own code in PyTorch and Keras, for `cnncalc export`.

Each kind knows its constructor as it knows its shape: `LayerKind.pytorch` and
`LayerKind.keras` return a `Code` (the modules the layer builds and one expression for
its output), and the exporter only lays these out as a file. Expressions are templates:
`{x}` is the layer's (first) input, `{inputs}` all its inputs joined by commas, `{m}` the
layer's own module and `{m_NAME}` a second module it builds (`Code.modules` suffix
`_NAME`). PyTorch tensors are channels first (N, C, *spatial); the shapes a kind is given
are the engine's, channels last.
"""

from ..core.record import Record
from ..core.records import Framework, Layout


class Inexpressible(Exception):
    """A layer the target framework cannot express; the message says why."""


class Code(Record):
    """One layer's code: modules built in `__init__` (suffix, constructor; suffix "" is
    the layer's own name) and the expression of its output. A comment explains a choice
    a reader would otherwise wonder about (Keras's `same` as F.pad, momentum)."""

    expression: str
    modules: tuple[tuple[str, str], ...] = ()
    comment: str = ""


class Target(Record):
    """The spec's readings an exporter keeps: whose rules, its layout, its rounding."""

    framework: Framework
    layout: Layout
    ceil: bool


def nd(name: str, rank: int) -> str:
    """torch.nn's module for `rank` spatial axes: `nd("Conv", 2)` is "nn.Conv2d" (a flat
    input, rank 0, takes the 1d module)."""
    return f"nn.{name}{max(rank, 1)}d"


def keras_nd(name: str, rank: int) -> str:
    """keras.layers' class for `rank` spatial axes: `keras_nd("Conv", 2)` is
    "layers.Conv2D"."""
    return f"layers.{name}{max(rank, 1)}D"


def keras_sides(pairs: tuple[tuple[int, int], ...]):
    """(before, after) per axis as Keras's ZeroPaddingND/CroppingND take them: the 1-D
    layers take one pair, not a tuple of one."""
    return pairs[0] if len(pairs) == 1 else tuple(pairs)


def one(values: tuple[int, ...]) -> int | tuple[int, ...]:
    """A per-axis value written as one number when every axis has it, as people write."""
    return values[0] if len(set(values)) == 1 else tuple(values)


def pad_arg(amounts) -> tuple[int, ...]:
    """F.pad's (before, after) pairs, last axis first."""
    return tuple(n for pair in reversed(amounts) for n in pair)


def on_channels(expression: str, rank: int) -> str:
    """A call on the last axis (nn.Linear, nn.LayerNorm) applied to channels, which torch
    keeps second: moved last and back unless the input is a flat vector."""
    if rank == 0:
        return expression.format(x="{x}")
    return expression.format(x="{x}.movedim(1, -1)") + ".movedim(-1, 1)"


def torch_axis(axis: int, rank: int) -> int:
    """The dim of a torch tensor (N, C, *spatial) holding the channels-last item axis
    `axis` of an item with `rank` axes."""
    return 1 if axis == rank - 1 else axis + 2
