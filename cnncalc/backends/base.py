"""What every backend shares: the op table, the per-run state, and the little padding
arithmetic a backend needs to lay out its arrays.

An op is one function per layer kind, `op(backend, layer, inputs) -> Output`, registered
with `@OPS.op("kind")`; adding a kind to cnncalc is adding one such function per backend.
The padding helpers here start from an array's own sizes and say how many zeros (or
-inf) to put on each side. They deliberately do not come from cnncalc.shapes: a backend
whose shapes followed from the engine's formulas could not catch the engine's mistakes.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Mapping

import numpy as np

from ..core.messages import say
from ..core.records import (FRAMEWORK, LAYOUT, ROUNDING, Framework, Layer, Layout, PaddingMode,
                            Rounding)

Shape = tuple[int, ...]


class Unsupported(Exception):
    """A layer this backend cannot run. Verify reports it as such; it is never skipped."""


@dataclass(frozen=True, slots=True)
class Output:
    """What an op computed: its output array, the parameter arrays it created and the
    arrays it stores that are not trained (batch norm's running mean and variance: Keras
    counts them as non-trainable parameters, PyTorch keeps them as buffers)."""

    array: Any
    params: tuple[Any, ...] = ()
    buffers: tuple[Any, ...] = ()


Op = Callable[["Backend", "Layer", tuple], Output]
# Elements (per batch item) of the temporaries an op makes, for the memory estimate.
Scratch = Callable[["Layer", tuple[Shape, ...], Shape], int]


class OpTable:
    """Layer kind name → op, plus how much scratch memory each op needs."""

    def __init__(self) -> None:
        self.ops: dict[str, Op] = {}
        self.scratch: dict[str, Scratch] = {}

    def op(self, *kinds: str, scratch: Scratch | None = None) -> Callable[[Op], Op]:
        def register(function: Op) -> Op:
            for kind in kinds:
                if kind in self.ops:
                    raise RuntimeError(f"op for {kind!r} registered twice")
                self.ops[kind] = function
                if scratch is not None:
                    self.scratch[kind] = scratch
            return function
        return register

    def __contains__(self, kind: str) -> bool:
        return kind in self.ops


def identity(backend: Backend, layer: Layer, inputs: tuple) -> Output:
    """The identity, and dropout at inference time, in every backend."""
    return Output(inputs[0])


def merge(function: Callable[[Any, Any], Any]) -> Op:
    """The op of an element-wise merge (`add`, `multiply`): `function` folded over the
    inputs, broadcasting size-1 axes as numpy and torch both do."""
    def op(backend: Backend, layer: Layer, inputs: tuple) -> Output:
        return Output(functools.reduce(function, inputs))
    return op


def activation(backend: Backend, layer: Layer, inputs: tuple) -> Output:
    """An activation written as a layer of its own (`- relu`, `- leaky_relu: {...}`)."""
    return Output(backend.activate(layer.kind, inputs[0], layer.params))


def border(key: str, sign: int) -> Op:
    """The op of `pad` (sign 1: zeros added) or `crop` (sign −1: positions removed), from
    the layer's (before, after) per spatial axis."""
    def op(backend: Backend, layer: Layer, inputs: tuple) -> Output:
        (x,) = inputs
        amounts = sides(layer.params[key], x.ndim - 2, key)
        return Output(backend.pad(x, tuple((sign * b, sign * a) for b, a in amounts)))
    return op


def in_spec_order(function: Callable[[Backend, Any, Layer], Any]) -> Op:
    """An op that reads its input's axes as the spec writes them (its layout): the array
    is laid out so, `function` applied, and the result laid out as the backend keeps it."""
    def op(backend: Backend, layer: Layer, inputs: tuple) -> Output:
        (x,) = inputs
        own, spec = backend.channel_axis, 1 if backend.layout == Layout.CHANNELS_FIRST else -1
        if x.ndim > 2:
            x = backend.moveaxis(x, own, spec)
        out = function(backend, x, layer)
        return Output(backend.moveaxis(out, spec, own) if out.ndim > 2 else out)
    return op


# Ops that every backend runs alike, through the Backend methods they call. Reshape and
# flatten take the elements in the spec's order (Keras Reshape on a channels-first model
# reads them channels first, as torch.flatten does; a channels-last spec flattens channels
# last, as Keras does); permute reorders the axes as the spec numbers them (from 1, after
# the batch).
SHARED: dict[str, Op] = {
    "dropout": identity, "identity": identity, "pad": border("padding", 1),
    "crop": border("cropping", -1),
    "reshape": in_spec_order(lambda backend, x, layer: x.reshape(x.shape[0],
                                                                 *layer.params["shape"])),
    "flatten": in_spec_order(lambda backend, x, layer: x.reshape(x.shape[0], -1)),
    "permute": in_spec_order(lambda backend, x, layer: backend.permute(
        x, (0, *layer.params["axes"]))),
}


class Backend:
    """One run of one spec: a seeded random stream, the rounding mode, the device.

    Arrays are batch first. What layout the rest of an array has is the backend's own
    business; `shape` and `numpy` always answer channels-last, as the spec is written.
    Parameters are drawn from numpy's generator in the order an op creates them, so two
    backends given the same seed hold identical weights and must compute equal outputs."""

    name: ClassVar[str]
    ops: ClassVar[OpTable]
    activations: ClassVar[Mapping[str, Callable[[Any, Mapping[str, Any]], Any]]]
    channel_axis: ClassVar[int]  # where a batch of this backend keeps its channels

    def __init_subclass__(cls, **kwargs):
        """Every activation function is also the op of the activation's own layer kind,
        and the ops in SHARED are every backend's (registered once, by the class that
        brings the op table: a subclass of a backend, such as a test's, shares it)."""
        super().__init_subclass__(**kwargs)
        if "ops" in cls.__dict__:
            cls.ops.op(*cls.activations)(activation)
            for kind, op in SHARED.items():
                cls.ops.op(kind)(op)

    def __init__(self, seed: int = 0, rounding: Rounding = ROUNDING, device: str = "cpu",
                 layout: Layout = LAYOUT, framework: Framework = FRAMEWORK,
                 activation_defaults: Mapping[str, Mapping[str, Any]] | None = None):
        self.check_device(device)
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.ceil = rounding == Rounding.CEIL  # strict and floor specs both floor here
        self.device = device
        self.layout = layout  # how the spec numbers axes (concat's `axis`) and orders them
        self.framework = framework  # whose `valid` a transposed convolution follows
        # What an activation named by a conv's `activation:` key takes: its kind's declared
        # defaults, handed in by the caller so that a backend never imports the layer rules.
        self.activation_defaults = activation_defaults or {}

    def axis(self, axis: int | None, rank: int) -> int:
        """An `axis` as the spec numbers it (in its layout, batch excluded; None for
        channels) as an index into a channels-last item of `rank` axes. Worked out here
        rather than taken from the engine, whose concat it checks."""
        if axis is None:
            return rank - 1
        axis %= rank
        if self.layout == Layout.CHANNELS_FIRST and rank > 1:
            return rank - 1 if axis == 0 else axis - 1
        return axis

    def draw(self, shape: Shape, out: np.ndarray | None = None) -> np.ndarray:
        """Random float32 values, uniform in ±1/√fan-in as PyTorch initialises conv and
        linear weights, so that deep networks stay finite. (Uniform draws are several
        times faster than normal ones, which matters at VGG's 138 million.) Drawn into
        `out` when given (a parameter's own memory), the same values without a second
        copy of them: VGG-16's fc6 alone is 392 MiB."""
        values = self.rng.random(shape, dtype=np.float32, out=out)
        bound = np.float32(1 / math.sqrt(math.prod(shape[1:])))
        values *= 2 * bound
        values -= bound
        return values

    def statistics(self, channels: int) -> tuple[np.ndarray, np.ndarray]:
        """Running mean (in ±1) and variance (in [1/e, e]) for a batch norm at inference:
        far enough from 0 and 1 that a backend ignoring either would be caught."""
        mean = self.draw((channels,))
        return mean, np.exp(self.draw((channels,)))

    def input(self, shape: Shape, batch: int) -> Any:
        """A random batch for a channels-last input shape."""
        return self.adopt(self.rng.standard_normal((batch, *shape), dtype=np.float32))

    def run(self, layer: Layer, inputs: tuple) -> Output:
        op = self.ops.ops.get(layer.kind)
        if op is None:
            raise Unsupported(say("backend.no-op", name=self.name, kind=repr(layer.kind)))
        return op(self, layer, inputs)

    def activate(self, name: str, x: Any, params: Mapping[str, Any] | None = None) -> Any:
        """Apply a named activation; `params` default to what the activation kind declares."""
        if params is None:
            params = self.activation_defaults.get(name, {})
        return self.activations[name](x, params)

    def scratch(self, layer: Layer, inputs: tuple[Shape, ...], output: Shape) -> int:
        """Temporary elements per batch item: a padded copy of the input and an
        intermediate the size of the output, plus what the op declares (conv's im2col)."""
        default = sum(math.prod(shape) for shape in inputs) + math.prod(output)
        extra = self.ops.scratch.get(layer.kind)
        return default + (extra(layer, inputs, output) if extra else 0)

    @staticmethod
    def count(params: tuple[Any, ...]) -> int:
        """Elements of the parameter arrays an op created (numpy arrays or tensors)."""
        return sum(math.prod(p.shape) for p in params)

    # What each backend defines for its device and its own arrays.
    def check_device(self, device: str) -> None:
        """Raise BackendUnavailable, saying why, when the backend cannot run on `device`."""
        raise NotImplementedError

    def adopt(self, array: np.ndarray) -> Any:
        """A channels-last numpy batch as this backend's array."""
        raise NotImplementedError

    def shape(self, array: Any) -> Shape:
        """The channels-last shape of one item of a batch."""
        raise NotImplementedError

    def numpy(self, array: Any) -> np.ndarray:
        """A batch as a channels-last numpy array."""
        raise NotImplementedError

    @staticmethod
    def moveaxis(array: Any, source: int, destination: int) -> Any:
        """np.moveaxis / Tensor.movedim for this backend's arrays."""
        raise NotImplementedError

    @staticmethod
    def permute(array: Any, axes: tuple[int, ...]) -> Any:
        """np.transpose / torch.permute: the array's axes in the order `axes` lists them."""
        raise NotImplementedError

    def pad(self, x: Any, amounts: tuple[tuple[int, int], ...]) -> Any:
        """Zeros added to each end of every spatial axis, (before, after) per axis; a
        negative amount removes positions instead."""
        raise NotImplementedError


def slope_shape(backend: Backend, layer: Layer, shape: Shape) -> Shape:
    """The shape of a PReLU's slopes on a channels-last item `shape`: one, one per channel,
    or one per element; left out, what the backend's framework's PReLU makes by default
    (torch's nn.PReLU() one slope, Keras's PReLU() one per element)."""
    slopes = layer.params["slopes"] or (
        "one" if backend.framework == Framework.PYTORCH else "element")
    return {"one": (1,), "channel": shape[-1:], "element": shape}[slopes]


def every_axis(value: int | tuple[int, ...], rank: int, key: str) -> tuple[int, ...]:
    """A scalar parameter repeated on every axis, or a per-axis list checked for length."""
    if isinstance(value, int):
        return (value,) * rank
    if len(value) != rank:
        raise ValueError(f"{key} {list(value)} has {len(value)} entries for {rank} axes")
    return tuple(value)


def sides(value: int | tuple, rank: int, key: str) -> tuple[tuple[int, int], ...]:
    """`pad`/`crop` amounts as (before, after) per axis: one number for every side, one
    per axis, or a [before, after] pair per axis."""
    return tuple(p if isinstance(p, tuple) else (p, p) for p in every_axis(value, rank, key))


def conv_axes(params: Mapping[str, Any], rank: int) -> tuple[Shape, Shape, Shape]:
    """A convolution's kernel, stride and dilation per axis."""
    return tuple(every_axis(params[key], rank, key) for key in ("kernel", "stride", "dilation"))


def pool_window(params: Mapping[str, Any], rank: int) -> tuple[Shape, Shape]:
    """A pooling layer's window size and stride per axis (the stride defaults to the size)."""
    size = every_axis(params["size"], rank, "size")
    return size, size if params["stride"] is None else every_axis(params["stride"], rank, "stride")


def same_pads(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """Keras/TensorFlow `same` padding of one axis of this size: as much as the last of
    ceil(size/stride) windows needs, the odd one after."""
    windows = -(-size // stride)
    total = max((windows - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def pads(sizes: Shape, kernel: Shape, stride: Shape, dilation: Shape,
         padding: int | tuple[int, ...] | str) -> tuple[tuple[int, int], ...]:
    """(before, after) for every spatial axis: explicit, `valid` or `same` padding."""
    if padding == PaddingMode.SAME:
        return tuple(same_pads(*axis) for axis in zip(sizes, kernel, stride, dilation))
    if padding == PaddingMode.CAUSAL:  # Keras Conv1D: the whole span before, nothing after
        return tuple((d * (k - 1), 0) for k, d in zip(kernel, dilation))
    explicit = every_axis(0 if padding == PaddingMode.VALID else padding, len(sizes), "padding")
    return tuple((p, p) for p in explicit)


def ceil_extra(size: int, kernel: int, stride: int, before: int, after: int) -> int:
    """Positions to add after the padding so that a floor over the padded axis yields
    PyTorch's `ceil_mode` windows: one more, partial window, if it would start inside
    the input or its left padding."""
    reach = size + before + after - kernel
    if reach < 0 or reach % stride == 0:
        return 0
    last_start = (reach // stride + 1) * stride
    return stride - reach % stride if last_start < size + before else 0


def transposed_crops(kernel: Shape, stride: Shape, dilation: Shape,
                     padding: int | tuple[int, ...] | str, output_padding,
                     framework: Framework) -> tuple[tuple[int, int], ...]:
    """Outputs to remove from each end of every axis of a transposed convolution's full
    result, which spreads input i over outputs i·S … i·S + D·(K − 1) and so is
    (X − 1)·S + D·(K − 1) + 1 long; a negative count extends the axis (with the bias only).

    Explicit padding is PyTorch's: P from each end, output_padding given back at the end
    (as is `valid` under --framework pytorch). `valid` and `same` are Keras's
    (`deconv_output_length`, TensorFlow's placement): without output_padding, `valid`
    gives X·S + max(span − S, 0) outputs and `same` X·S; with it, `valid` keeps everything
    and `same` removes 2·(span // 2) − output_padding. `same` removes the odd one at the
    end, as Keras 3 does on every backend."""
    rank = len(kernel)
    extra = every_axis(output_padding or 0, rank, "output_padding")
    pytorch_valid = padding == PaddingMode.VALID and framework == Framework.PYTORCH
    if not isinstance(padding, str) or pytorch_valid:
        explicit = every_axis(0 if padding == PaddingMode.VALID else padding, rank, "padding")
        return tuple((p, p - op) for p, op in zip(explicit, extra))
    crops = []
    for k, s, d, op in zip(kernel, stride, dilation, extra):
        span = d * (k - 1) + 1
        if padding == PaddingMode.VALID:
            crops.append((0, -op if output_padding is not None else min(span - s, 0)))
            continue
        total = span - s if output_padding is None else 2 * (span // 2) - op
        before = max(total, 0) // 2
        crops.append((before, total - before))
    return tuple(crops)
