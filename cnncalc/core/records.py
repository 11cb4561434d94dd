"""The records every stage passes on, and the fixed choices a spec makes.

This module is the bottom of the house (it imports only the diagnostics), so the reader, the
layer rules, the engine, the backends and the renderers can all name a `Layer` or a
`Rounding` without importing one another. The choices are `StrEnum`s: they compare equal
to the strings a user writes and print as them, and the defaults of each live here once.
"""

from enum import StrEnum
from types import MappingProxyType
from typing import Any, Mapping

from .errors import Diagnostic
from .record import Record

NETWORK_INPUT = "input"  # the name by which layers refer to the network's input
SEPARATOR = "/"  # between the instance names of a path: `stage1/basic2/conv1`


class Rounding(StrEnum):
    """What an inexact sliding-window division means."""

    STRICT = "strict"  # an error, with fixes
    FLOOR = "floor"  # drop the partial window (every framework's default), with a warning
    CEIL = "ceil"  # keep it for pooling (PyTorch's ceil_mode), with a warning


class Layout(StrEnum):
    """The order the input and every shown shape are written in; stored channels-last."""

    CHANNELS_LAST = "channels_last"
    CHANNELS_FIRST = "channels_first"


class Framework(StrEnum):
    """Whose rules decide where Keras and PyTorch differ; Keras first."""

    KERAS = "keras"
    PYTORCH = "pytorch"


class PaddingMode(StrEnum):
    """The named paddings; any other padding is written as numbers."""

    VALID = "valid"
    SAME = "same"
    CAUSAL = "causal"  # Keras Conv1D: D·(K − 1) zeros before, none after


def in_layout(shape: tuple[int, ...], layout: Layout) -> tuple[int, ...]:
    """Channels-last as stored, channels-first when the spec is written that way."""
    if layout == Layout.CHANNELS_FIRST and len(shape) > 1:
        return shape[-1:] + shape[:-1]
    return shape


def from_layout(shape: tuple[int, ...], layout: Layout) -> tuple[int, ...]:
    """A shape written in the spec's layout, as stored (channels-last): `in_layout` undone."""
    if layout == Layout.CHANNELS_FIRST and len(shape) > 1:
        return shape[1:] + shape[:1]
    return shape


# Bytes per stored number for `--dtype`: activations and parameters alike.
DTYPE_BYTES = {"float32": 4, "float16": 2, "bfloat16": 2, "int8": 1, "float64": 8}

# The defaults of a spec that does not say, in one place.
ROUNDING = Rounding.STRICT
LAYOUT = Layout.CHANNELS_LAST
FRAMEWORK = Framework.KERAS


class Layer(Record):
    """One layer as written: its kind, normalised parameters and where it came from."""

    index: int
    name: str
    kind: str
    params: Mapping[str, Any]
    inputs: tuple[str, ...]
    line: int | None = None
    column: int | None = None
    key_positions: Mapping[str, tuple[int, int]] = MappingProxyType({})
    block: tuple[str, ...] = ()  # instance names of the blocks it sits in, outermost first


class BlockInstance(Record):
    """One expanded use of a block: its path, which block it is, and the layers it became."""

    path: tuple[str, ...]
    kind: str
    input: str  # the layer it reads (or the network input)
    output: str  # its last layer
    first: int  # index of its first layer
    last: int


class Limit(Record):
    """A constraint's value for one run and where it was set: `--max-params` on the command
    line, or the `max_params` key (with its line) under the spec's `constraints:`."""

    name: str
    value: Any
    origin: str
    line: int | None = None
    column: int | None = None


class Spec(Record):
    """A whole network: the input shape (always stored channels-last) and its layers."""

    input_shape: tuple[int, ...]
    layers: tuple[Layer, ...]
    name: str | None = None
    rounding: Rounding = ROUNDING
    layout: Layout = LAYOUT
    bias: bool = True
    source: str | None = None
    constraints: tuple[Limit, ...] = ()
    instances: tuple[BlockInstance, ...] = ()  # every block use, outer before inner
    framework: Framework | None = None  # None: the spec does not say (FRAMEWORK applies)
    # What reading found that is no error: how an input without `layout:` was read.
    notes: tuple[Diagnostic, ...] = ()
