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
    if p["padding"] == "causal":  # Keras Conv1D: every zero before
        return nn.Sequential(nn.ConstantPad1d((p["dilation"] * (p["kernel"] - 1), 0), 0.0),
                             _conv({**p, "padding": 0}, c, rank))
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
        pool = _nd("MaxPool", rank)(p["size"], stride, p["padding"], p["dilation"],
                                    ceil_mode=ceil)
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
    if p["output"] is not None:
        where = {"size": p["output"]}
    else:
        scale = p["scale"] or 2
        where = {"scale_factor": tuple(float(s) for s in (
            scale if isinstance(scale, tuple) else (scale,) * rank))}
    if p["mode"] != "bilinear":
        return nn.Upsample(**where, mode=p["mode"].replace("_", "-"))
    return nn.Upsample(**where, mode=("linear", "bilinear", "trilinear")[rank - 1],
                       align_corners=p["align_corners"])


def _pixel_shuffle(p, c, rank, **_):
    """crd: PyTorch's own module. dcr: the reshape and transpose that define ONNX's
    DepthToSpace (mode DCR)."""
    r = p["factor"]
    if p["order"] == "crd":
        return nn.PixelShuffle(r)
    return Lambda(lambda x: x.reshape(x.shape[0], r, r, c // (r * r), *x.shape[2:])
                  .permute(0, 3, 4, 1, 5, 2).reshape(x.shape[0], c // (r * r),
                                                     x.shape[2] * r, x.shape[3] * r))


def _space_to_depth(p, c, rank, **_):
    """crd: PyTorch's PixelUnshuffle. dcr: ONNX SpaceToDepth's definition."""
    r = p["factor"]
    if p["order"] == "crd":
        return nn.PixelUnshuffle(r)
    return Lambda(lambda x: x.reshape(x.shape[0], c, x.shape[2] // r, r, x.shape[3] // r, r)
                  .permute(0, 3, 5, 1, 2, 4).reshape(x.shape[0], c * r * r,
                                                     x.shape[2] // r, x.shape[3] // r))


class LayerScale(nn.Module):
    """torchvision's ConvNeXt block scale: a parameter of C factors, (C, 1, 1) on maps."""

    def __init__(self, channels: int, rank: int):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels, *(1,) * rank))

    def forward(self, x):
        return x * self.gamma


class KerasNormalization(nn.Module):
    """Keras Normalization: (x − mean)/max(√variance, 1e-7) per channel; adapted, its
    mean, variance and count are stored (buffers here), given, they are constants."""

    def __init__(self, channels: int, stored: bool):
        super().__init__()
        self.stored = stored
        if stored:
            self.register_buffer("mean", torch.zeros(channels))
            self.register_buffer("variance", torch.ones(channels))
            self.register_buffer("count", torch.zeros((), dtype=torch.int64))

    def forward(self, x):
        if not self.stored:
            return x  # the constants here: mean 0, variance 1
        shape = (-1,) + (1,) * (x.dim() - 2)
        return (x - self.mean.view(shape)) / self.variance.sqrt().clamp(min=1e-7).view(shape)


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
    "pixel_shuffle": _pixel_shuffle,
    "space_to_depth": _space_to_depth,
    "rescale": lambda p, c, rank, **_: Lambda(lambda x: x * p["scale"] + p["offset"]),
    "normalize": lambda p, c, rank, **_: KerasNormalization(c, p["stats"] == "stored"),
    "layer_scale": lambda p, c, rank, **_: LayerScale(c, rank),
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
