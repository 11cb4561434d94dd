"""The numpy backend's ops that move positions without weights: upsampling by a factor or
to a size (PyTorch's index rules, in float32 as its kernels compute them), pixel shuffle
and space to depth in both channel orders. Registered in numpy_backend.py's table."""

from __future__ import annotations

import math

import numpy as np

from .base import Output, every_axis


def upsample_scratch(layer, inputs, output) -> int:
    """Linear interpolation gathers two arrays the size of the output and weighs them."""
    return 3 * math.prod(output) if layer.params["mode"] == "bilinear" else 0


def _source(size: int, out: int, scale, mode: str, align_corners: bool) -> np.ndarray:
    """Where each output position reads, as PyTorch's upsample kernels compute it, in
    float32: the input/output ratio is 1/scale when a scale is given, X/O otherwise."""
    o = np.arange(out, dtype=np.float32)
    if align_corners:
        return o * np.float32((size - 1) / (out - 1) if out > 1 else 0)
    ratio = np.float32(1 / scale) if scale else np.float32(size) / np.float32(out)
    if mode == "nearest":
        return o * ratio
    if mode == "nearest_exact":
        return (o + np.float32(0.5)) * ratio
    return np.maximum((o + np.float32(0.5)) * ratio - np.float32(0.5), 0)


def upsample(backend, layer, inputs):
    """One axis at a time: nearest modes copy input floor(x) (clamped to the axis);
    bilinear mixes inputs floor(x) and the next (the last input repeated) with weight
    frac(x), at the x of `_source`."""
    (x,) = inputs
    p = layer.params
    rank = x.ndim - 2
    scales = every_axis(p["scale"] or 2, rank, "scale") if p["output"] is None else (None,) * rank
    outputs = every_axis(p["output"], rank, "output") if p["output"] is not None else tuple(
        n * s for n, s in zip(x.shape[1:-1], scales))
    for axis, (scale, out) in enumerate(zip(scales, outputs), 1):
        size = x.shape[axis]
        source = _source(size, out, scale, p["mode"], p["align_corners"])
        low = np.minimum(np.floor(source).astype(np.intp), size - 1)
        if p["mode"] != "bilinear":
            x = np.take(x, low, axis=axis)
            continue
        weight = (source - low).astype(x.dtype).reshape((-1,) + (1,) * (x.ndim - 1 - axis))
        x = (np.take(x, low, axis=axis) * (1 - weight)
             + np.take(x, np.minimum(low + 1, size - 1), axis=axis) * weight)
    return Output(x)


def pixel_shuffle(backend, layer, inputs):
    """(N, H, W, C·r²) → (N, H·r, W·r, C): the channels split as (C, r, r) in the crd order,
    (r, r, C) in the dcr one, then each block's (i, j) moved beside H and W."""
    (x,) = inputs
    n, h, w, depth = x.shape
    r = layer.params["factor"]
    if layer.params["order"] == "crd":
        blocks = x.reshape(n, h, w, depth // (r * r), r, r).transpose(0, 1, 4, 2, 5, 3)
    else:
        blocks = x.reshape(n, h, w, r, r, depth // (r * r)).transpose(0, 1, 3, 2, 4, 5)
    return Output(blocks.reshape(n, h * r, w * r, depth // (r * r)))


def space_to_depth(backend, layer, inputs):
    """pixel_shuffle undone: (N, H·r, W·r, C) → (N, H, W, C·r²)."""
    (x,) = inputs
    n, h, w, c = x.shape
    r = layer.params["factor"]
    blocks = x.reshape(n, h // r, r, w // r, r, c)  # (N, H, i, W, j, C)
    order = (0, 1, 3, 5, 2, 4) if layer.params["order"] == "crd" else (0, 1, 3, 2, 4, 5)
    return Output(blocks.transpose(order).reshape(n, h // r, w // r, c * r * r))
