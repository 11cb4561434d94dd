"""The numpy backend (built in): every layer as whole-array operations, channels-last.

Convolution is im2col: a sliding-window view of the padded input (no copy), reshaped
once into a matrix with a row per output position, times the weight matrix — one BLAS
product per group. Pooling reduces the same kind of view. There are no Python loops over
pixels or batch items; the only loop is over conv groups.
"""

from __future__ import annotations

import math
from functools import reduce

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import BackendUnavailable
from .base import Backend, OpTable, Output, ceil_extra, identity, merge, pads, per_axis

OPS = OpTable()


def _pad(x: np.ndarray, sides, fill: float) -> np.ndarray:
    """Pad the spatial axes of a (N, *spatial, C) batch; no copy when there is nothing to add."""
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


def _finish(backend: NumpyBackend, layer, out: np.ndarray, weight: np.ndarray) -> Output:
    """Add the bias (drawn after the weight, as torch creates them) and the activation."""
    params = (weight,)
    if layer.params["bias"]:
        bias = backend.draw((out.shape[-1],))
        out += bias
        params += (bias,)
    return Output(backend.activate(layer.params["activation"], out), params)


def _im2col(layer, inputs, output) -> int:
    """The column matrix of one group: a row per output position, a column per tap."""
    kernel = per_axis(layer.params["kernel"], len(output) - 1, "kernel")
    return math.prod(output[:-1]) * math.prod(kernel) * (inputs[0][-1] // layer.params["groups"])


@OPS.op("conv", scratch=_im2col)
def conv(backend, layer, inputs):
    (x,) = inputs
    p = layer.params
    rank, channels, groups = x.ndim - 2, x.shape[-1], p["groups"]
    kernel, stride, dilation = (per_axis(p[key], rank, key)
                                for key in ("kernel", "stride", "dilation"))
    weight = backend.draw((p["filters"], channels // groups, *kernel))  # torch's layout
    x = _pad(x, pads(x.shape[1:-1], kernel, stride, dilation, p["padding"]), 0.0)
    taps = np.moveaxis(_windows(x, kernel, stride, dilation), rank + 1, -1)  # (N,*out,*k,C)
    taps = taps.reshape(*taps.shape[:-1], groups, channels // groups)
    positions = taps.shape[:rank + 1]
    per_group = p["filters"] // groups
    outs = []
    for g in range(groups):
        columns = taps[..., g, :].reshape(math.prod(positions), -1)
        w = np.moveaxis(weight[g * per_group:(g + 1) * per_group], 1, -1)  # (F/g, *k, C/g)
        outs.append(columns @ w.reshape(per_group, -1).T)
    out = outs[0] if groups == 1 else np.concatenate(outs, axis=-1)
    return _finish(backend, layer, out.reshape(*positions, p["filters"]), weight)


@OPS.op("dense")
def dense(backend, layer, inputs):
    (x,) = inputs
    weight = backend.draw((layer.params["units"], x.shape[-1]))  # torch's (out, in)
    return _finish(backend, layer, x @ weight.T, weight)


def _pool_windows(backend, layer, x: np.ndarray, fill: float):
    """The pooling windows as a view (N, *out, C, *size) of the input padded with `fill`,
    the view's window axes, and for each output position how many of its elements lie
    inside the padded input (PyTorch's divisor for an average with count_include_pad: a
    ceil window is cut off at the padding's end)."""
    p = layer.params
    rank, sizes = x.ndim - 2, x.shape[1:-1]
    size = per_axis(p["size"], rank, "size")
    stride = size if p["stride"] is None else per_axis(p["stride"], rank, "stride")
    sides = pads(sizes, size, stride, (1,) * rank, p["padding"])
    extra = tuple(ceil_extra(n, k, s, b, a) if backend.ceil else 0
                  for n, k, s, (b, a) in zip(sizes, size, stride, sides))
    view = _windows(_pad(x, tuple((b, a + e) for (b, a), e in zip(sides, extra)), fill),
                    size, stride)
    counts = []
    for out, k, s, n, (b, a) in zip(view.shape[1:rank + 1], size, stride, sizes, sides):
        starts = np.arange(out) * s
        counts.append(np.minimum(starts + k, b + n + a) - starts)
    divisor = reduce(np.multiply.outer, counts)[..., None].astype(np.float32)
    return view, tuple(range(-rank, 0)), divisor


def _reduce_windows(fill: float, reducer):
    """A pooling op: pad with `fill` (so padding never wins), reduce every window."""
    def pool(backend, layer, inputs):
        view, axes, _ = _pool_windows(backend, layer, inputs[0], fill)
        return Output(reducer(view, axis=axes))
    return pool


OPS.op("maxpool")(_reduce_windows(-np.inf, np.max))
OPS.op("minpool")(_reduce_windows(np.inf, np.min))


@OPS.op("avgpool")
def avgpool(backend, layer, inputs):
    """Padding zeros count in the mean (PyTorch's default count_include_pad=True)."""
    view, axes, divisor = _pool_windows(backend, layer, inputs[0], 0.0)
    return Output(view.sum(axis=axes) / divisor)


@OPS.op("flatten")
def flatten(backend, layer, inputs):
    (x,) = inputs
    return Output(x.reshape(x.shape[0], -1))


OPS.op("dropout")(identity)
OPS.op("add")(merge(np.add))
OPS.op("multiply")(merge(np.multiply))


@OPS.op("concat")
def concat(backend, layer, inputs):
    """Arrays are (N, *spatial, C): the item's channels-last axis, after the batch."""
    axis = backend.axis(layer.params["axis"], inputs[0].ndim - 1)
    return Output(np.concatenate(inputs, axis=1 + axis))


def _sigmoid(x):
    e = np.exp(-np.abs(x))  # never overflows
    return np.where(x >= 0, 1, e) / (1 + e)


def _softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def _log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _erf(x):
    """Abramowitz & Stegun 7.1.26 (error below 1.5e-7): numpy has no erf of its own."""
    z = np.abs(x.astype(np.float64))
    t = 1 / (1 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                          + t * 1.061405429))))
    return (np.sign(x) * (1 - poly * np.exp(-z * z))).astype(np.float32)


def _elu(x, alpha):
    return np.where(x > 0, x, np.float32(alpha) * np.expm1(np.minimum(x, 0)))


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

# Channels are the last axis, so softmax runs over axis -1 (Keras's default axis).
ACTIVATIONS = {
    "linear": lambda x, p: x,
    "relu": lambda x, p: np.maximum(x, 0),
    "relu6": lambda x, p: np.clip(x, 0, 6),
    "leaky_relu": lambda x, p: np.where(x >= 0, x, x * np.float32(p["negative_slope"])),
    "elu": lambda x, p: _elu(x, p["alpha"]),
    "selu": lambda x, p: np.float32(SELU_SCALE) * _elu(x, SELU_ALPHA),
    "gelu": lambda x, p: 0.5 * x * (1 + _erf(x / np.float32(math.sqrt(2)))),
    "sigmoid": lambda x, p: _sigmoid(x),
    "hard_sigmoid": lambda x, p: np.clip(x / 6 + 0.5, 0, 1),
    "tanh": lambda x, p: np.tanh(x),
    "softmax": lambda x, p: np.exp(_log_softmax(x)),
    "log_softmax": lambda x, p: _log_softmax(x),
    "softplus": lambda x, p: _softplus(x),
    "softsign": lambda x, p: x / (1 + np.abs(x)),
    "silu": lambda x, p: x * _sigmoid(x),
    "swish": lambda x, p: x * _sigmoid(x),
    "hard_swish": lambda x, p: x * np.clip(x / 6 + 0.5, 0, 1),
    "mish": lambda x, p: x * np.tanh(_softplus(x)),
}


class NumpyBackend(Backend):
    name = "numpy"
    ops = OPS
    activations = ACTIVATIONS

    def check_device(self, device):
        if device != "cpu":
            raise BackendUnavailable(f"the numpy backend runs on the CPU only; "
                                     f"--device {device} needs --backend torch")

    def adopt(self, array):
        return array

    def shape(self, array):
        return tuple(array.shape[1:])

    def numpy(self, array):
        return array


BACKEND = NumpyBackend
