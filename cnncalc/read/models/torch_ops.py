"""Tables from torch modules, functions and tensor methods to cnncalc kinds, for the fx
reader (torch_walk.py walks the graph and looks each node up here).

Each entry reads `(walk, node, label, module)` and calls `walk.add`; parameters come
from the module's attributes or the call's arguments, sizes from the recorded shapes.
"""

from __future__ import annotations

import operator
from typing import Any, Callable

import torch
import torch.nn.functional as F

from ...core.messages import say
from .network import Unsupported, one, sides

_ACTIVATIONS = {
    "ReLU": "relu", "ReLU6": "relu6", "SELU": "selu", "GELU": "gelu", "Sigmoid": "sigmoid",
    "Tanh": "tanh", "Softmax": "softmax", "LogSoftmax": "log_softmax", "Softplus": "softplus",
    "Softsign": "softsign", "SiLU": "silu", "Hardswish": "hard_swish",
    "Hardsigmoid": "hard_sigmoid", "Mish": "mish",
}
_ACTIVATION_FUNCTIONS = {
    F.relu: "relu", torch.relu: "relu", F.relu6: "relu6", F.selu: "selu", F.gelu: "gelu",
    torch.sigmoid: "sigmoid", F.sigmoid: "sigmoid", torch.tanh: "tanh", F.tanh: "tanh",
    F.softmax: "softmax", torch.softmax: "softmax", F.log_softmax: "log_softmax",
    F.softplus: "softplus", F.softsign: "softsign", F.silu: "silu", F.hardswish: "hard_swish",
    F.hardsigmoid: "hard_sigmoid", F.mish: "mish",
}
_ACTIVATION_METHODS = {"relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh",
                       "softmax": "softmax", "log_softmax": "log_softmax"}


def _tensor_pads(padding, kernel, dilation) -> tuple[list[int], list[int]]:
    """torch's `padding` (ints, 'valid', 'same') as per-axis begins and ends."""
    if padding == "valid":
        return [0] * len(kernel), [0] * len(kernel)
    if padding == "same":
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return [t // 2 for t in totals], [t - t // 2 for t in totals]
    padding = list(padding) if isinstance(padding, (tuple, list)) else [padding] * len(kernel)
    return padding, padding


def _conv(walk, node, label, m):
    begins, ends = _tensor_pads(m.padding, m.kernel_size, m.dilation)
    padding, source = walk.network.padded(label, walk.data(node).name, begins, ends)
    walk.add(node, label, "conv", {
        "filters": m.out_channels, "kernel": one(list(m.kernel_size)),
        "stride": one(list(m.stride)), "padding": padding, "dilation": one(list(m.dilation)),
        "groups": m.groups, "bias": m.bias is not None}, [source])


def _conv_transpose(walk, node, label, m):
    walk.add(node, label, "conv_transpose", {
        "filters": m.out_channels, "kernel": one(list(m.kernel_size)),
        "stride": one(list(m.stride)), "padding": one(list(m.padding)),
        "output_padding": one(list(m.output_padding)) if any(m.output_padding) else None,
        "dilation": one(list(m.dilation)), "groups": m.groups, "bias": m.bias is not None})


def _per_axis(value, rank: int) -> list[int]:
    return list(value) if isinstance(value, (tuple, list)) else [value] * rank


def _pool(kind: str):
    """nn.MaxPool2d / nn.AvgPool2d modules and F.max_pool2d / F.avg_pool2d calls."""
    def read(walk, node, label, m):
        rank = len(walk.shape(node)) - 2
        if m is not None:
            kernel, stride, padding = m.kernel_size, m.stride, m.padding
            dilation, ceil = getattr(m, "dilation", 1), m.ceil_mode
        else:
            kernel = walk.arg(node, 1, "kernel_size")
            stride = walk.arg(node, 2, "stride") or kernel
            padding = walk.arg(node, 3, "padding", 0)
            dilation = walk.arg(node, 4, "dilation", 1) if kind == "maxpool" else 1
            ceil = walk.arg(node, 5 if kind == "maxpool" else 4, "ceil_mode", False)
        kernel, stride = _per_axis(kernel, rank), _per_axis(stride or kernel, rank)
        dilation = _per_axis(dilation, rank)
        pads = _per_axis(padding, rank)
        walk.add(node, label, kind, {"size": one(kernel),
                                     "stride": None if stride == kernel else one(stride),
                                     "padding": one(pads),
                                     "dilation": one(dilation) if max(dilation) > 1 else None})
        walk.network.pools[walk.network.nodes[-1].name] = bool(ceil)
    return read


def _adaptive(kind: str):
    def read(walk, node, label, m):
        size = walk.shape(node)[2:]
        if all(s == 1 for s in size):
            walk.add(node, label, f"global_{kind}", {"keepdims": True})
        else:
            walk.add(node, label, f"adaptive_{kind}", {"output": one(list(size))})
    return read


def _batchnorm(walk, node, label, m):
    if not (m.affine and m.track_running_stats):
        raise Unsupported(f"{type(m).__name__}(affine={m.affine}, "
                          f"track_running_stats={m.track_running_stats})")
    walk.add(node, label, "batchnorm", {"epsilon": m.eps})


def _flat_only(what: str, walk, node) -> None:
    rank = len(walk.shape(walk.data(node)))
    if rank != 2:
        raise Unsupported(say("unsupported.rank", op=what, rank=rank))


def _linear(walk, node, label, m):
    _flat_only("Linear", walk, node)
    walk.add(node, label, "dense", {"units": m.out_features, "bias": m.bias is not None})


def _layernorm(walk, node, label, m):
    _flat_only("LayerNorm", walk, node)
    if not m.elementwise_affine or getattr(m, "bias", True) is None:
        raise Unsupported(say("unsupported.no-affine", op="LayerNorm"))
    walk.add(node, label, "layernorm", {"epsilon": m.eps})


def _groupnorm(walk, node, label, m):
    walk.add(node, label, "groupnorm", {"groups": m.num_groups, "epsilon": m.eps,
                                        "affine": None if m.affine else False})


def _instancenorm(walk, node, label, m):
    if m.track_running_stats:
        raise Unsupported(f"{type(m).__name__}(track_running_stats=True)")
    walk.add(node, label, "instancenorm", {"epsilon": m.eps, "affine": m.affine or None})


def _prelu(walk, node, label, m):
    """nn.PReLU(): one slope; nn.PReLU(C): one per channel (written out, so that the spec
    means the same under Keras's rules)."""
    channels = walk.shape(walk.data(node))[1]
    if m.num_parameters not in (1, channels):
        raise Unsupported(say("unsupported.prelu-channels", op=f"PReLU({m.num_parameters})",
                              channels=channels))
    walk.add(node, label, "prelu",
             {"slopes": "one" if m.num_parameters == 1 else "channel"})


def _permute(walk, node, label, m):
    """permute, movedim, transpose, swapaxes: the order they make is read off the call
    itself, applied to an empty tensor whose axes have distinct sizes; the batch must stay
    first. Torch's dims after the batch are the spec's axes (a channels-first spec)."""
    rank = len(walk.shape(walk.data(node)))
    probe = torch.empty(tuple(range(2, rank + 2)), device="meta")
    args = [walk.arg(node, i, None) for i in range(1, len(node.args))]
    kwargs = {name: walk.arg(node, len(node.args), name) for name in node.kwargs}
    call = getattr(probe, node.target) if isinstance(node.target, str) else (
        lambda *a, **k: node.target(probe, *a, **k))
    order = [size - 2 for size in call(*args, **kwargs).shape]
    if order[0] != 0:
        raise Unsupported(say("unsupported.batch", op=getattr(node.target, '__name__',
                                                              node.target)))
    walk.add(node, label, "permute", {"axes": order[1:]})


def _kind(kind: str, **fixed):
    return lambda walk, node, label, m: walk.add(node, label, kind, dict(fixed))


def _same(walk, node, label, m):
    walk.network.alias(node.name, walk.data(node).name)


def _leaky(walk, node, label, m):
    slope = m.negative_slope if m is not None else walk.arg(node, 1, "negative_slope", 0.01)
    walk.add(node, label, "leaky_relu", {"negative_slope": slope})


def _elu(walk, node, label, m):
    walk.add(node, label, "elu", {"alpha": m.alpha if m is not None else
                                  walk.arg(node, 1, "alpha", 1.0)})


def _hardtanh(walk, node, label, m):
    low, high = (m.min_val, m.max_val) if m is not None else (
        walk.arg(node, 1, "min_val", -1.0), walk.arg(node, 2, "max_val", 1.0))
    _bounded(walk, node, label, low, high)


def _bounded(walk, node, label, low, high) -> None:
    """relu6 for [0, 6], as torch's ReLU6 is; clip for other bounds."""
    if (low, high) == (0, 6):
        walk.add(node, label, "relu6", {})
    elif low is None or high is None or isinstance(low, torch.Tensor) or \
            isinstance(high, torch.Tensor):
        raise Unsupported(say("unsupported.clamp", op="clamp"))
    else:
        walk.add(node, label, "clip", {"min": float(low), "max": float(high)})


def _clamp(walk, node, label, m):
    """`torch.clamp(x, min, max)`, `x.clamp(...)`: Hardtanh's bounds, given as arguments."""
    low, high = walk.arg(node, 1, "min"), walk.arg(node, 2, "max")
    if (low, high) == (0, None):
        return walk.add(node, label, "relu", {})
    _bounded(walk, node, label, low, high)


def _dropout(walk, node, label, m):
    walk.add(node, label, "dropout", {"rate": m.p if m is not None else
                                      walk.arg(node, 1, "p", 0.5)})


def _flatten(walk, node, label, m):
    start, end = (m.start_dim, m.end_dim) if m is not None else (
        walk.arg(node, 1, "start_dim", 0), walk.arg(node, 2, "end_dim", -1))
    if start != 1 or end != -1:
        raise Unsupported(f"flatten(start_dim={start}, end_dim={end})")
    walk.add(node, label, "flatten", {})


def _reshape(walk, node, label, m):
    before, after = walk.shape(walk.data(node)), walk.shape(node)
    if after[0] != before[0]:
        raise Unsupported(say("unsupported.across-batch", op=f".{node.target}()"))
    if len(after) == 2:
        walk.add(node, label, "flatten", {})
    else:
        walk.add(node, label, "reshape", {"shape": list(after[1:])})


def _upsample(walk, node, label, m):
    """nn.Upsample and F.interpolate, by an integer scale_factor or to a size (kept as
    the model gives it); nearest, nearest-exact and the linear modes with align_corners."""
    if m is not None:
        size, factor, mode, corners = m.size, m.scale_factor, m.mode, m.align_corners
    else:
        size, factor = walk.arg(node, 1, "size"), walk.arg(node, 2, "scale_factor")
        mode, corners = walk.arg(node, 3, "mode", "nearest"), walk.arg(node, 4, "align_corners")
        if walk.arg(node, 6, "antialias", False):
            raise Unsupported("interpolate(antialias=True)")
    if mode not in ("nearest", "nearest-exact", "linear", "bilinear", "trilinear"):
        raise Unsupported(f"Upsample(mode={mode})")
    rank = len(walk.shape(node)) - 2
    factors = _per_axis(factor, rank) if factor is not None else []
    if any(f != int(f) for f in factors):
        raise Unsupported(say("unsupported.fraction", op=f"Upsample(scale_factor={factor})"))
    where = {"output": one(_per_axis(size, rank))} if size is not None else {
        "scale": one([int(f) for f in factors])}
    walk.add(node, label, "upsample", {
        **where, "mode": {"nearest": None, "nearest-exact": "nearest_exact"}.get(mode, "bilinear"),
        "align_corners": True if corners else None})


def _depth(kind: str, attribute: str):
    """nn.PixelShuffle / nn.PixelUnshuffle and their functions: the crd order."""
    def read(walk, node, label, m):
        factor = getattr(m, attribute) if m is not None else walk.arg(node, 1, attribute)
        walk.add(node, label, kind, {"factor": factor})
    return read


def _pad(walk, node, label, m):
    pads = list(m.padding) if m is not None else list(walk.arg(node, 1, "pad"))
    rank = len(walk.shape(node)) - 2
    pads = _per_axis(pads, 2 * rank) if len(pads) == 1 else pads
    if len(pads) > 2 * rank:
        raise Unsupported(say("unsupported.batch-or-channels", op="pad"))
    pairs = [[pads[i], pads[i + 1]] for i in range(0, len(pads), 2)][::-1]
    pairs = [[0, 0]] * (rank - len(pairs)) + pairs
    walk.add(node, label, "pad", {"padding": sides(pairs)})


def _merge(kind: str):
    def read(walk, node, label, m):
        tensors = [a for a in node.args if isinstance(walk.values.get(a), torch.Tensor)]
        if len(tensors) != 2 or len(node.args) != 2:
            raise Unsupported(say("unsupported.constant", op=kind))
        walk.add(node, label, kind, {}, tensors)
    return read


def _cat(walk, node, label, m):
    tensors = node.args[0] if node.args else node.kwargs["tensors"]
    dim = walk.arg(node, 1, "dim", 0)
    rank = len(walk.shape(node))
    axis = dim % rank
    if axis == 0:
        raise Unsupported(say("unsupported.along-batch", op="cat"))
    walk.add(node, label, "concat", {"axis": None if axis == 1 else axis - 1}, list(tensors))


def _mean(walk, node, label, m):
    rank = len(walk.shape(walk.data(node)))
    dims = walk.arg(node, 1, "dim")
    dims = [dims] if isinstance(dims, int) else list(dims or ())
    if sorted(d % rank for d in dims) != list(range(2, rank)):
        raise Unsupported(say("unsupported.not-every-axis", op="mean"))
    keep = walk.arg(node, 2, "keepdim", False)
    walk.add(node, label, "global_avgpool", {"keepdims": True if keep else None})


def _getitem(walk, node, label, m):
    """Slicing the spatial axes (a centre crop, as U-Net's) is a `crop`."""
    index = walk.arg(node, 1, "index")
    index = index if isinstance(index, tuple) else (index,)
    before = walk.shape(walk.data(node))
    if Ellipsis in index or len(index) > len(before) or not all(
            isinstance(i, slice) and i.step in (None, 1) for i in index):
        raise Unsupported(say("unsupported.indexing"))
    cropping = []
    for axis, size in enumerate(before):
        start, stop, _ = (index[axis] if axis < len(index) else slice(None)).indices(size)
        if axis < 2 and (start, stop) != (0, size):
            raise Unsupported(say("unsupported.slicing"))
        if axis >= 2:
            cropping.append([start, size - max(stop, start)])
    walk.add(node, label, "crop", {"cropping": sides(cropping)})


MODULES: dict[str, Callable] = {
    **{f"Conv{r}d": _conv for r in (1, 2, 3)},
    **{f"ConvTranspose{r}d": _conv_transpose for r in (1, 2, 3)},
    **{f"MaxPool{r}d": _pool("maxpool") for r in (1, 2, 3)},
    **{f"AvgPool{r}d": _pool("avgpool") for r in (1, 2, 3)},
    **{f"AdaptiveAvgPool{r}d": _adaptive("avgpool") for r in (1, 2, 3)},
    **{f"AdaptiveMaxPool{r}d": _adaptive("maxpool") for r in (1, 2, 3)},
    **{f"BatchNorm{r}d": _batchnorm for r in (1, 2, 3)},
    **{f"{kind}Pad{r}d": _pad for r in (1, 2, 3)
       for kind in ("Zero", "Constant", "Reflection", "Replication", "Circular")},
    **{f"Dropout{r}d": _dropout for r in (1, 2, 3)},
    **{name: _kind(kind) for name, kind in _ACTIVATIONS.items()},
    "LeakyReLU": _leaky, "ELU": _elu, "Hardtanh": _hardtanh,
    "Dropout": _dropout, "AlphaDropout": _dropout,
    "Linear": _linear, "LayerNorm": _layernorm, "Identity": _kind("identity"),
    "GroupNorm": _groupnorm, "PReLU": _prelu,
    **{f"InstanceNorm{r}d": _instancenorm for r in (1, 2, 3)},
    "Flatten": _flatten, "Upsample": _upsample,
    "PixelShuffle": _depth("pixel_shuffle", "upscale_factor"),
    "PixelUnshuffle": _depth("space_to_depth", "downscale_factor"),
}

FUNCTIONS: dict[Any, Callable] = {
    **{f: _kind(kind) for f, kind in _ACTIVATION_FUNCTIONS.items()},
    F.leaky_relu: _leaky, F.elu: _elu, F.hardtanh: _hardtanh, F.dropout: _dropout,
    torch.clamp: _clamp, torch.clip: _clamp,
    **{getattr(F, f"max_pool{r}d"): _pool("maxpool") for r in (1, 2, 3)},
    **{getattr(F, f"avg_pool{r}d"): _pool("avgpool") for r in (1, 2, 3)},
    **{getattr(F, f"adaptive_avg_pool{r}d"): _adaptive("avgpool") for r in (1, 2, 3)},
    **{getattr(F, f"adaptive_max_pool{r}d"): _adaptive("maxpool") for r in (1, 2, 3)},
    F.interpolate: _upsample, F.pad: _pad,
    F.pixel_shuffle: _depth("pixel_shuffle", "upscale_factor"),
    F.pixel_unshuffle: _depth("space_to_depth", "downscale_factor"),
    torch.flatten: _flatten, torch.mean: _mean,
    torch.cat: _cat, torch.concat: _cat, torch.concatenate: _cat,
    operator.add: _merge("add"), operator.iadd: _merge("add"), torch.add: _merge("add"),
    operator.mul: _merge("multiply"), operator.imul: _merge("multiply"),
    torch.mul: _merge("multiply"),
    operator.sub: _merge("subtract"), operator.isub: _merge("subtract"),
    torch.sub: _merge("subtract"),
    operator.getitem: _getitem,
    **{f: _permute for f in (torch.permute, torch.movedim, torch.moveaxis, torch.transpose,
                             torch.swapaxes, torch.swapdims)},
}

METHODS: dict[str, Callable] = {
    **{name: _kind(kind) for name, kind in _ACTIVATION_METHODS.items()},
    "view": _reshape, "reshape": _reshape, "flatten": _flatten, "mean": _mean,
    "contiguous": _same, "add": _merge("add"), "mul": _merge("multiply"),
    "sub": _merge("subtract"), "clamp": _clamp, "clip": _clamp,
    **{name: _permute for name in ("permute", "movedim", "moveaxis", "transpose", "swapaxes",
                                   "swapdims")},
}
