"""Torch modules equal to cnncalc layers, for the differential tests: output shapes,
parameter counts and FLOPs are read from these, never from cnncalc.

Tensors are channels-first (N, C, *spatial), as torch has them; cnncalc's shapes are
channels-last, so `channels_last` turns a torch shape into cnncalc's order.
"""

from __future__ import annotations

import torch
from torch import nn


class Lambda(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class OnChannels(nn.Module):
    """Runs `module` with the channels last, as Keras Dense and LayerNormalization do."""

    def __init__(self, module: nn.Module):
        super().__init__()
        self.module = module

    def forward(self, x):
        return self.module(x.movedim(1, -1)).movedim(-1, 1)


def channels_last(shape) -> tuple[int, ...]:
    """torch (N, C, *spatial) → cnncalc (*spatial, C), batch dropped."""
    shape = tuple(shape)[1:]
    return shape[1:] + shape[:1] if len(shape) > 1 else shape


def _nd(name: str, rank: int):
    return getattr(nn, f"{name}{max(rank, 1)}d")


def _conv(p, c, rank, **_):
    return _nd("Conv", rank)(c, p["filters"], p["kernel"], p["stride"], p["padding"],
                             p["dilation"], p["groups"], p["bias"])


def _depthwise(p, c, rank, **_):
    return _nd("Conv", rank)(c, c * p["multiplier"], p["kernel"], p["stride"], p["padding"],
                             p["dilation"], groups=c, bias=p["bias"])


def _separable(p, c, rank, **_):
    return nn.Sequential(
        _nd("Conv", rank)(c, c * p["multiplier"], p["kernel"], p["stride"], p["padding"],
                          p["dilation"], groups=c, bias=False),
        _nd("Conv", rank)(c * p["multiplier"], p["filters"], 1, bias=p["bias"]))


def _transpose(p, c, rank, **_):
    return _nd("ConvTranspose", rank)(c, p["filters"], p["kernel"], p["stride"], p["padding"],
                                      p["output_padding"] or 0, p["groups"], p["bias"],
                                      p["dilation"])


def _pool(mode):
    def build(p, c, rank, ceil=False):
        stride = p["size"] if p["stride"] is None else p["stride"]
        if mode == "avg":
            return _nd("AvgPool", rank)(p["size"], stride, p["padding"], ceil_mode=ceil)
        pool = _nd("MaxPool", rank)(p["size"], stride, p["padding"], ceil_mode=ceil)
        return pool if mode == "max" else nn.Sequential(Lambda(torch.neg), pool,
                                                        Lambda(torch.neg))
    return build


def _adaptive(mode, size_key="output"):
    """Adaptive pooling to `output`, or a global one (output 1) that may drop the axes."""
    def build(p, c, rank, **_):
        name = "AdaptiveAvgPool" if mode == "avg" else "AdaptiveMaxPool"
        pool = _nd(name, rank)(p[size_key] if size_key else 1)
        return pool if size_key or p["keepdims"] else nn.Sequential(pool, nn.Flatten())
    return build


def _channel_pool(p, c, rank, **_):
    size = p["size"]
    reduce = (lambda g: g.mean(2)) if p["mode"] == "avg" else (lambda g: g.amax(2))
    return Lambda(lambda x: reduce(x[:, :c // size * size].unflatten(1, (c // size, size))))


def _sides(value, rank):
    """cnncalc's per-axis (before, after) as torch's pad tuple, last axis first."""
    pairs = [(value, value)] * rank if isinstance(value, int) else [
        v if isinstance(v, tuple) else (v, v) for v in value]
    return tuple(n for before, after in reversed(pairs) for n in (before, after))


def _upsample(p, c, rank, **_):
    scale = p["scale"] if isinstance(p["scale"], tuple) else (p["scale"],) * rank
    mode = "nearest" if p["mode"] == "nearest" else ("linear", "bilinear", "trilinear")[rank - 1]
    return nn.Upsample(scale_factor=tuple(float(s) for s in scale), mode=mode,
                       **({} if mode == "nearest" else {"align_corners": False}))


def channels_first(x):
    return x.movedim(-1, 1) if x.dim() > 2 else x


BUILDERS = {
    "conv": _conv,
    "depthwise_conv": _depthwise,
    "separable_conv": _separable,
    "conv_transpose": _transpose,
    "maxpool": _pool("max"),
    "avgpool": _pool("avg"),
    "minpool": _pool("min"),
    "global_avgpool": _adaptive("avg", None),
    "global_maxpool": _adaptive("max", None),
    "adaptive_avgpool": _adaptive("avg"),
    "adaptive_maxpool": _adaptive("max"),
    "channel_pool": _channel_pool,
    "batchnorm": lambda p, c, rank, **_: _nd("BatchNorm", rank)(c).eval(),
    "layernorm": lambda p, c, rank, **_: OnChannels(nn.LayerNorm(c)),
    "pad": lambda p, c, rank, **_: _nd("ConstantPad", rank)(_sides(p["padding"], rank), 0.0),
    "crop": lambda p, c, rank, **_: _nd("ConstantPad", rank)(
        tuple(-n for n in _sides(p["cropping"], rank)), 0.0),
    "upsample": _upsample,
    "reshape": lambda p, c, rank, **_: Lambda(
        lambda x: channels_first(x.movedim(1, -1).reshape(1, *p["shape"]))),
    "flatten": lambda p, c, rank, **_: Lambda(lambda x: x.movedim(1, -1).flatten(1)),
    "dense": lambda p, c, rank, **_: OnChannels(nn.Linear(c, p["units"], bias=p["bias"])),
    "relu": lambda p, c, rank, **_: nn.ReLU(),
    "dropout": lambda p, c, rank, **_: nn.Identity(),
    "identity": lambda p, c, rank, **_: nn.Identity(),
    "permute": lambda p, c, rank, **_: Lambda(
        lambda x: channels_first(x.movedim(1, -1).permute(0, *p["axes"]))),
    "groupnorm": lambda p, c, rank, **_: nn.GroupNorm(p["groups"], c, p["epsilon"],
                                                      p["affine"]),
    "instancenorm": lambda p, c, rank, **_: _nd("InstanceNorm", rank)(c, p["epsilon"],
                                                                      affine=p["affine"]),
    "prelu": lambda p, c, rank, **_: nn.PReLU({"one": 1, "channel": c}[p["slopes"]]),
}


def twin(layer, shape: tuple[int, ...], **options) -> nn.Module:
    """The torch module computing `layer` on a channels-last cnncalc `shape`;
    `ceil=True` is ceil_mode."""
    return BUILDERS[layer.kind](layer.params, shape[-1], len(shape) - 1, **options)
