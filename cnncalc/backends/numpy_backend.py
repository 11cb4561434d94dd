"""The numpy backend (built in): every layer as whole-array operations, channels-last.

Convolution is im2col: a sliding-window view of the padded input (no copy), reshaped
once into a matrix with a row per output position, times the weight matrix — one batched
BLAS product over the groups (depthwise and separable convolutions are groups of one
channel; a transposed convolution is the convolution of its input spread out by the
stride). Pooling reduces the same kind of view; adaptive pooling and linear upsampling
gather along one axis at a time. There are no Python loops over pixels or batch items;
the only loops are over the spatial axes.
"""

from __future__ import annotations

import math
from functools import reduce

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..core.messages import say
from ..core.records import PaddingMode
from . import BackendUnavailable
from .base import (Backend, OpTable, Output, ceil_extra, conv_axes, merge, pads, every_axis,
                   pool_window, slope_shape, transposed_crops)
from .numpy_activations import ACTIVATIONS
from .numpy_resample import pixel_shuffle, space_to_depth, upsample, upsample_scratch

OPS = OpTable()


def _pad(x: np.ndarray, sides, fill: float = 0.0) -> np.ndarray:
    """Pad the spatial axes of a (N, *spatial, C) batch with `fill`, (before, after) per
    axis; a negative amount crops. No copy when there is nothing to add."""
    if any(before < 0 or after < 0 for before, after in sides):
        x = x[(slice(None), *(slice(max(-b, 0), n - max(-a, 0))
                              for (b, a), n in zip(sides, x.shape[1:-1])))]
        sides = tuple((max(b, 0), max(a, 0)) for b, a in sides)
    if not any(before or after for before, after in sides):
        return x
    return np.pad(x, ((0, 0), *sides, (0, 0)), constant_values=fill)


def _windows(x: np.ndarray, kernel, stride, dilation=None) -> np.ndarray:
    """Every window of a padded batch as a strided view, shape (N, *out, C, *kernel)."""
    rank = x.ndim - 2
    dilation = dilation or (1,) * rank
    spans = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    view = sliding_window_view(x, spans, axis=tuple(range(1, rank + 1)))
    every = slice(None)
    return view[(every, *(slice(None, None, s) for s in stride), every,
                  *(slice(None, None, d) for d in dilation))]


def _correlate(x: np.ndarray, weight: np.ndarray, stride, dilation, groups: int) -> np.ndarray:
    """A convolution (cross-correlation, as every framework computes it) of a padded
    batch with a weight in torch's layout (F, C/groups, *K): im2col, then one batched
    matrix product over the groups, (G, positions, taps·C/G) @ (G, taps·C/G, F/G)."""
    rank, channels = x.ndim - 2, x.shape[-1]
    filters, kernel = weight.shape[0], weight.shape[2:]
    taps = np.moveaxis(_windows(x, kernel, stride, dilation), rank + 1, -1)  # (N,*out,*k,C)
    positions = taps.shape[:rank + 1]
    taps = taps.reshape(*taps.shape[:-1], groups, channels // groups)  # still a view
    columns = np.moveaxis(taps, -2, 0).reshape(groups, math.prod(positions), -1)  # one copy
    w = np.moveaxis(weight, 1, -1).reshape(groups, filters // groups, -1)  # (G, F/G, *k·C/G)
    out = columns @ w.transpose(0, 2, 1)
    return np.moveaxis(out, 0, 1).reshape(*positions, filters)


def _finish(backend: NumpyBackend, layer, out: np.ndarray, *weights: np.ndarray) -> Output:
    """Add the bias (drawn after the weights, as torch creates them) and the activation."""
    params = weights
    if layer.params["bias"]:
        bias = backend.draw((out.shape[-1],))
        out += bias
        params += (bias,)
    return Output(backend.activate(layer.params["activation"], out), params)


def _im2col(layer, inputs, output) -> int:
    """The column matrix (a row per output position, a column per tap and input channel)
    and, with groups, the product in group order before it is copied to channel order."""
    kernel = every_axis(layer.params["kernel"], len(output) - 1, "kernel")
    groups = layer.params.get("groups", inputs[0][-1])  # depthwise: a group per channel
    columns = math.prod(output[:-1]) * math.prod(kernel) * inputs[0][-1]
    return columns + (math.prod(output) if groups > 1 else 0)


def _convolve(backend, layer, x: np.ndarray, filters: int, groups: int):
    """Draw the weight of a conv, depthwise or separable layer (torch's layout), pad the
    input as the layer says and convolve: the output without bias, and the weight."""
    rank, channels = x.ndim - 2, x.shape[-1]
    kernel, stride, dilation = conv_axes(layer.params, rank)
    weight = backend.draw((filters, channels // groups, *kernel))
    x = _pad(x, pads(x.shape[1:-1], kernel, stride, dilation, layer.params["padding"]))
    return _correlate(x, weight, stride, dilation, groups), weight


@OPS.op("conv", scratch=_im2col)
def conv(backend, layer, inputs):
    p = layer.params
    return _finish(backend, layer, *_convolve(backend, layer, inputs[0], p["filters"],
                                              p["groups"]))


@OPS.op("depthwise_conv", scratch=_im2col)
def depthwise_conv(backend, layer, inputs):
    """A conv with one group per input channel, `multiplier` filters each."""
    (x,) = inputs
    channels = x.shape[-1]
    return _finish(backend, layer, *_convolve(backend, layer, x,
                                              channels * layer.params["multiplier"], channels))


def _separable_scratch(layer, inputs, output) -> int:
    """The depthwise im2col and the depthwise result (C·multiplier per position) in group
    order, then in channel order."""
    middle = output[:-1] + (inputs[0][-1] * layer.params["multiplier"],)
    return _im2col(layer, inputs, middle) + math.prod(middle)


@OPS.op("separable_conv", scratch=_separable_scratch)
def separable_conv(backend, layer, inputs):
    """Keras SeparableConv: the depthwise convolution without bias, then a 1×1
    convolution (a product over the channels) with the bias and the activation."""
    (x,) = inputs
    rank, channels = x.ndim - 2, x.shape[-1]
    middle, depthwise = _convolve(backend, layer, x, channels * layer.params["multiplier"],
                                  channels)
    pointwise = backend.draw((layer.params["filters"], middle.shape[-1], *(1,) * rank))
    out = middle @ pointwise.reshape(pointwise.shape[0], -1).T
    return _finish(backend, layer, out, depthwise, pointwise)


def _transposed_scratch(layer, inputs, output) -> int:
    """The input spread out by the stride and padded, and its im2col: the output before
    cropping is at most (X − 1)·S + span per axis."""
    p = layer.params
    rank, channels = len(inputs[0]) - 1, inputs[0][-1]
    kernel, stride, dilation = conv_axes(layer.params, rank)
    full = [(x - 1) * s + d * (k - 1) + 1
            for x, k, s, d in zip(inputs[0], kernel, stride, dilation)]
    spread = [n + d * (k - 1) for n, k, d in zip(full, kernel, dilation)]
    return channels * (math.prod(spread) + math.prod(full) * math.prod(kernel)) + (
        math.prod(full) * p["filters"])


@OPS.op("conv_transpose", scratch=_transposed_scratch)
def conv_transpose(backend, layer, inputs):
    """The convolution whose gradient a transposed convolution is: the input spread out
    by the stride (S − 1 zeros between positions), padded by the dilated kernel's span
    − 1, convolved with the kernel flipped and its in/out channels swapped per group.
    That gives the full result; `transposed_crops` cuts it to the layer's padding."""
    (x,) = inputs
    p = layer.params
    rank, channels, groups = x.ndim - 2, x.shape[-1], p["groups"]
    kernel, stride, dilation = conv_axes(layer.params, rank)
    weight = backend.draw((channels, p["filters"] // groups, *kernel))  # torch's layout
    spread = np.zeros((x.shape[0], *((n - 1) * s + 1 for n, s in zip(x.shape[1:-1], stride)),
                       channels), dtype=x.dtype)
    spread[(slice(None), *(slice(None, None, s) for s in stride))] = x
    spread = _pad(spread, tuple((d * (k - 1),) * 2 for k, d in zip(kernel, dilation)))
    flipped = weight.reshape(groups, channels // groups, -1, *kernel).swapaxes(1, 2)
    flipped = flipped.reshape(p["filters"], channels // groups, *kernel)[
        (slice(None), slice(None), *(slice(None, None, -1),) * rank)]
    full = _correlate(spread, flipped, (1,) * rank, dilation, groups)
    crops = transposed_crops(kernel, stride, dilation, p["padding"], p["output_padding"],
                             backend.framework)
    out = _pad(full, tuple((-before, -after) for before, after in crops))
    return _finish(backend, layer, out, weight)


@OPS.op("dense")
def dense(backend, layer, inputs):
    (x,) = inputs
    weight = backend.draw((layer.params["units"], x.shape[-1]))  # torch's (out, in)
    return _finish(backend, layer, x @ weight.T, weight)


def _pool_windows(backend, x: np.ndarray, size, stride, padding, fill: float, dilation=None):
    """The pooling windows as a view (N, *out, C, *size) of the input padded with `fill`,
    the view's window axes, and for each output position how many of its elements lie
    inside the padded input (PyTorch's divisor for an average with count_include_pad: a
    ceil window is cut off at the padding's end), or, for `same`, inside the input itself
    (Keras's: its `same` average leaves the padding out). Average pooling has no dilation."""
    rank, sizes = x.ndim - 2, x.shape[1:-1]
    dilation = dilation or (1,) * rank
    sides = pads(sizes, size, stride, dilation, padding)
    extra = tuple(ceil_extra(n, d * (k - 1) + 1, s, b, a) if backend.ceil else 0
                  for n, k, s, d, (b, a) in zip(sizes, size, stride, dilation, sides))
    view = _windows(_pad(x, tuple((b, a + e) for (b, a), e in zip(sides, extra)), fill),
                    size, stride, dilation)
    counts = []
    for out, k, s, n, (b, a) in zip(view.shape[1:rank + 1], size, stride, sizes, sides):
        starts = np.arange(out) * s
        if padding == PaddingMode.SAME:
            counts.append(np.minimum(starts + k, b + n) - np.maximum(starts, b))
        else:
            counts.append(np.minimum(starts + k, b + n + a) - starts)
    divisor = reduce(np.multiply.outer, counts)[..., None].astype(np.float32)
    return view, tuple(range(-rank, 0)), divisor


def _pool(backend, x: np.ndarray, mode: str, size, stride, padding=0,
          dilation=None) -> np.ndarray:
    """Max and min pad with ∓∞, so that padding never wins; an average counts explicit
    padding zeros in the mean (PyTorch's default count_include_pad=True), and leaves
    `same` padding out (Keras's AveragePooling; PyTorch has no `same` pooling)."""
    fill = {"max": -np.inf, "min": np.inf, "avg": 0.0}[mode]
    view, axes, divisor = _pool_windows(backend, x, size, stride, padding, fill, dilation)
    if mode == "avg":
        return view.sum(axis=axes) / divisor
    return (np.max if mode == "max" else np.min)(view, axis=axes)


def _pooling(mode: str):
    def pool(backend, layer, inputs):
        (x,) = inputs
        size, stride = pool_window(layer.params, x.ndim - 2)
        dilation = every_axis(layer.params.get("dilation", 1), x.ndim - 2, "dilation")
        return Output(_pool(backend, x, mode, size, stride, layer.params["padding"], dilation))
    return pool


for _mode in ("max", "min", "avg"):
    OPS.op(f"{_mode}pool")(_pooling(_mode))


@OPS.op("channel_pool")
def channel_pool(backend, layer, inputs):
    """Every position's channels as a 1-D input of a pooling with window and stride
    `size` (rounded as the spec says)."""
    (x,) = inputs
    size = (layer.params["size"],)
    rows = x.reshape(-1, x.shape[-1], 1)
    return Output(_pool(backend, rows, layer.params["mode"], size, size).reshape(
        *x.shape[:-1], -1))


def _global(reducer):
    def pool(backend, layer, inputs):
        (x,) = inputs
        return Output(reducer(x, axis=tuple(range(1, x.ndim - 1)),
                              keepdims=layer.params["keepdims"]))
    return pool


OPS.op("global_avgpool")(_global(np.mean))
OPS.op("global_maxpool")(_global(np.max))


def _adaptive(mode: str):
    """PyTorch's adaptive pooling, one spatial axis at a time (a mean or a max over a box
    is one over each of its axes in turn): output i reads inputs floor(i·X/O) …
    ceil((i+1)·X/O) − 1. The windows of an axis, padded to the widest by repeating their
    last index, are gathered with one `take`; the mean weighs the repeats 0."""
    def pool(backend, layer, inputs):
        (x,) = inputs
        for axis, out in enumerate(every_axis(layer.params["output"], x.ndim - 2, "output"), 1):
            size = x.shape[axis]
            starts = np.arange(out) * size // out
            widths = -(-(np.arange(out) + 1) * size // out) - starts
            offsets = np.arange(widths.max())
            index = starts[:, None] + np.minimum(offsets, widths[:, None] - 1)
            windows = np.take(x, index, axis=axis)  # the axis becomes (out, widest)
            if mode == "max":
                x = windows.max(axis=axis + 1)
            else:
                weights = (offsets < widths[:, None]) / widths[:, None].astype(np.float32)
                shape = weights.shape + (1,) * (x.ndim - 1 - axis)
                x = (windows * weights.reshape(shape).astype(x.dtype)).sum(axis=axis + 1)
        return Output(x)
    return pool


def _gathered(copies: int):
    """The windows of an axis gathered (each at most ceil(X/O) + 1 wide: at most X + 2·O
    positions where the input has X), and for a mean the weighted copy of them."""
    def scratch(layer, inputs, output) -> int:
        shape = inputs[0]
        return copies * max(math.prod(shape) // x * (x + 2 * o)
                            for x, o in zip(shape, output[:-1]))
    return scratch


OPS.op("adaptive_avgpool", scratch=_gathered(2))(_adaptive("avg"))
OPS.op("adaptive_maxpool", scratch=_gathered(1))(_adaptive("max"))


def _normalise(x, mean, variance, epsilon: float, gamma, beta):
    return (x - mean) / np.sqrt(variance + np.float32(epsilon)) * gamma + beta


@OPS.op("batchnorm")
def batchnorm(backend, layer, inputs):
    """Inference: the running statistics, not the batch's. γ and β are drawn before the
    statistics, as torch declares its parameters before its buffers."""
    (x,) = inputs
    channels = x.shape[-1]
    gamma, beta = backend.draw((channels,)), backend.draw((channels,))
    mean, variance = backend.statistics(channels)
    return Output(_normalise(x, mean, variance, layer.params["epsilon"], gamma, beta),
                  (gamma, beta), (mean, variance))


@OPS.op("layernorm")
def layernorm(backend, layer, inputs):
    """The channels of each position, normalised with their own mean and (biased)
    variance."""
    (x,) = inputs
    channels = x.shape[-1]
    gamma, beta = backend.draw((channels,)), backend.draw((channels,))
    return Output(_normalise(x, x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True),
                             layer.params["epsilon"], gamma, beta), (gamma, beta))


def _group_statistics(x: np.ndarray, groups: int, epsilon: float) -> np.ndarray:
    """x normalised by the mean and (biased) variance of each sample's channel groups, each
    over its channels and every position; float64 sums, as the values may be large."""
    grouped = x.reshape(*x.shape[:-1], groups, x.shape[-1] // groups)
    axes = (*range(1, x.ndim - 1), x.ndim)  # the positions and the channels of a group
    mean = grouped.mean(axis=axes, keepdims=True, dtype=np.float64)
    variance = grouped.var(axis=axes, keepdims=True, dtype=np.float64)
    return ((grouped - mean) / np.sqrt(variance + epsilon)).astype(x.dtype).reshape(x.shape)


def _group_norm(groups):
    """groupnorm and instancenorm (a group per channel), then γ and β when affine."""
    def op(backend, layer, inputs):
        (x,) = inputs
        channels = x.shape[-1]
        out = _group_statistics(x, groups(layer, channels), layer.params["epsilon"])
        if not layer.params["affine"]:
            return Output(out)
        gamma, beta = backend.draw((channels,)), backend.draw((channels,))
        return Output(out * gamma + beta, (gamma, beta))
    return op


OPS.op("groupnorm")(_group_norm(lambda layer, channels: layer.params["groups"]))
OPS.op("instancenorm")(_group_norm(lambda layer, channels: channels))


@OPS.op("prelu")
def prelu(backend, layer, inputs):
    """max(x, 0) + slope · min(x, 0): the slopes drawn in the shape `slopes` gives them
    on the channels-last input, broadcast over the batch."""
    (x,) = inputs
    slopes = backend.draw(slope_shape(backend, layer, x.shape[1:]))
    return Output(np.where(x >= 0, x, x * slopes), (slopes,))


@OPS.op("layer_scale")
def layer_scale(backend, layer, inputs):
    gamma = backend.draw((inputs[0].shape[-1],))
    return Output(inputs[0] * gamma, (gamma,))


@OPS.op("rescale")
def rescale(backend, layer, inputs):
    p = layer.params
    return Output(inputs[0] * np.float32(p["scale"]) + np.float32(p["offset"]))


@OPS.op("normalize")
def normalize(backend, layer, inputs):
    """(x − mean)/max(√variance, 1e-7) per channel, as Keras computes it. Stored statistics
    are drawn buffers (with the count of samples, Keras's third weight); fixed ones are
    constants the spec does not hold: mean 0 and variance 1, as the exports write them."""
    (x,) = inputs
    if layer.params["stats"] == "fixed":
        return Output(x)
    mean, variance = backend.statistics(x.shape[-1])
    out = (x - mean) / np.maximum(np.sqrt(variance), np.float32(1e-7))
    return Output(out, (), (mean, variance, np.zeros((), np.int64)))


OPS.op("upsample", scratch=upsample_scratch)(upsample)
OPS.op("pixel_shuffle")(pixel_shuffle)
OPS.op("space_to_depth")(space_to_depth)


OPS.op("add")(merge(np.add))
OPS.op("multiply")(merge(np.multiply))
OPS.op("subtract")(merge(np.subtract))


@OPS.op("concat")
def concat(backend, layer, inputs):
    """Arrays are (N, *spatial, C): the item's channels-last axis, after the batch."""
    axis = backend.axis(layer.params["axis"], inputs[0].ndim - 1)
    return Output(np.concatenate(inputs, axis=1 + axis))


class NumpyBackend(Backend):
    name = "numpy"
    ops = OPS
    activations = ACTIVATIONS
    channel_axis = -1
    moveaxis = staticmethod(np.moveaxis)
    permute = staticmethod(np.transpose)
    pad = staticmethod(_pad)

    def check_device(self, device):
        if device != "cpu":
            raise BackendUnavailable(say("backend.cpu-only", device=device))

    def run(self, layer, inputs):
        # A pooling window wholly in padding gives ±inf, which an activation may turn into
        # nan: values verify does not judge, so numpy need not print warnings about them.
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            return super().run(layer, inputs)

    def adopt(self, array):
        return array

    def shape(self, array):
        return tuple(array.shape[1:])

    def numpy(self, array):
        return array


BACKEND = NumpyBackend
