"""The torch backend (optional: pip install 'cnncalc[torch]'): each layer kind as the
torch.nn module a PyTorch user would write, run on --device, parameters counted from the
module.

Tensors stay in torch's own layout, channels first (N, C, *spatial); dense moves channels
last first and flatten reads the spec's layout, so that the numbers match the spec, and
the numpy backend, exactly. Modules are built without torch's initialisation and then filled from
the run's random stream, so that the same seed gives the same weights as numpy's.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn
from torch.nn import functional as F

from ..core.messages import say
from ..core.records import Framework, PaddingMode
from . import BackendUnavailable
from .base import (Backend, OpTable, Output, Unsupported, conv_axes, merge, pads, every_axis,
                   pool_window, slope_shape, transposed_crops)
from .torch_resample import pixel_shuffle, space_to_depth, upsample

OPS = OpTable()


def _nd(name: str, rank: int) -> type[nn.Module]:
    """torch.nn's module for `rank` spatial axes: `_nd("Conv", 2)` is nn.Conv2d (a flat
    batch norm input, rank 0, takes BatchNorm1d)."""
    return getattr(nn, f"{name}{max(rank, 1)}d")


def _pad_arg(sides) -> tuple[int, ...]:
    """F.pad takes (before, after) pairs starting from the last axis."""
    return tuple(n for pair in reversed(sides) for n in pair)


def _finish(backend: TorchBackend, layer, out: torch.Tensor, *modules: nn.Module) -> Output:
    return Output(backend.activate(layer.params["activation"], out),
                  tuple(p for module in modules for p in module.parameters()))


def _convolve(backend, layer, x: torch.Tensor, filters: int, groups: int, bias: bool):
    """The nn.ConvNd of a conv, depthwise or separable layer, applied: its output and the
    module. torch's padding='same' takes stride 1 only; with a stride, Keras's asymmetric
    `same` padding is added by F.pad and the conv itself pads nothing, as is `causal`."""
    p = layer.params
    rank = x.dim() - 2
    kernel, stride, dilation = conv_axes(p, rank)
    if p["padding"] == PaddingMode.CAUSAL or (
            p["padding"] == PaddingMode.SAME and any(s > 1 for s in stride)):
        x = F.pad(x, _pad_arg(pads(tuple(x.shape[2:]), kernel, stride, dilation, p["padding"])))
        padding = 0
    elif p["padding"] == PaddingMode.VALID:
        padding = 0
    else:
        padding = p["padding"]
    module = backend.module(_nd("Conv", rank), x.shape[1], filters, kernel, stride, padding,
                            dilation, groups, bias)
    with warnings.catch_warnings():  # `same` with an even kernel: torch pads a copy, fine
        warnings.filterwarnings("ignore", "Using padding='same'", UserWarning)
        return module(x), module


@OPS.op("conv")
def conv(backend, layer, inputs):
    p = layer.params
    return _finish(backend, layer, *_convolve(backend, layer, inputs[0], p["filters"],
                                              p["groups"], p["bias"]))


@OPS.op("depthwise_conv")
def depthwise_conv(backend, layer, inputs):
    """Conv(C, C·multiplier, groups=C), as PyTorch writes Keras's DepthwiseConv."""
    channels = inputs[0].shape[1]
    return _finish(backend, layer, *_convolve(backend, layer, inputs[0],
                                              channels * layer.params["multiplier"], channels,
                                              layer.params["bias"]))


@OPS.op("separable_conv")
def separable_conv(backend, layer, inputs):
    """Two convs, as PyTorch writes Keras's SeparableConv: the depthwise one without
    bias, then a 1×1 one to `filters` with the bias."""
    (x,) = inputs
    channels = x.shape[1]
    middle, depthwise = _convolve(backend, layer, x, channels * layer.params["multiplier"],
                                  channels, False)
    pointwise = backend.module(_nd("Conv", x.dim() - 2), middle.shape[1],
                               layer.params["filters"], 1, bias=layer.params["bias"])
    return _finish(backend, layer, pointwise(middle), depthwise, pointwise)


@OPS.op("conv_transpose")
def conv_transpose(backend, layer, inputs):
    """nn.ConvTransposeNd. Explicit padding (and `valid` under --framework pytorch) is
    its own `padding` and `output_padding`. Keras's `valid` and `same` are an unpadded
    module, whose `output_padding` makes the extension Keras needs (so that it holds the
    bias), then the crops that `transposed_crops` gives, by a negative F.pad."""
    (x,) = inputs
    p = layer.params
    rank = x.dim() - 2
    kernel, stride, dilation = conv_axes(p, rank)
    crops = transposed_crops(kernel, stride, dilation, p["padding"], p["output_padding"],
                             backend.framework)
    native = not isinstance(p["padding"], str) or backend.framework == Framework.PYTORCH
    if native:  # crops (P, P − output_padding)
        padding = tuple(before for before, _ in crops)
        extra = tuple(before - after for before, after in crops)
    else:
        padding, extra = 0, tuple(max(-after, 0) for _, after in crops)
    module = backend.module(_nd("ConvTranspose", rank), x.shape[1], p["filters"], kernel,
                            stride, padding, extra, p["groups"], p["bias"], dilation)
    out = module(x)
    if not native:
        out = F.pad(out, _pad_arg(tuple((-before, -max(after, 0)) for before, after in crops)))
    return _finish(backend, layer, out, module)


@OPS.op("dense")
def dense(backend, layer, inputs):
    """nn.Linear on the channel axis, which torch keeps second."""
    (x,) = inputs
    module = backend.module(nn.Linear, x.shape[1], layer.params["units"],
                            bias=layer.params["bias"])
    return _finish(backend, layer, _on_channels(module, x), module)


def _on_channels(module: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """A module that acts on the last axis (Linear, LayerNorm) applied to the channels."""
    return module(x) if x.dim() == 2 else module(x.movedim(1, -1)).movedim(-1, 1)


def _pool(backend, x: torch.Tensor, name: str, fill: float, size, stride, padding=0, *,
          window_fits: bool = False, **options) -> torch.Tensor:
    """nn.{name}Nd with ceil_mode for `rounding: ceil`; `same` is an explicit F.pad with
    `fill` first, as torch pooling has no `same`. `window_fits`: the module refuses an
    input axis shorter than the window even when its padding makes up the difference."""
    rank = x.dim() - 2
    sides = pads(tuple(x.shape[2:]), size, stride, options.get("dilation", (1,) * rank),
                 padding)
    if padding == PaddingMode.SAME:
        x = F.pad(x, _pad_arg(sides), value=fill)
        sides = ((0, 0),) * rank
    padding = tuple(before for before, _ in sides)
    if any(2 * q > k for q, k in zip(padding, size)):
        raise Unsupported(say("torch.pool-half", padding=list(padding), size=list(size)))
    module = _nd(name, rank)
    if window_fits and any(n < k for n, k in zip(x.shape[2:], size)):
        raise Unsupported(say("torch.pool-window", module=module.__name__, size=list(size),
                              sizes=list(x.shape[2:])))
    return module(size, stride, padding, ceil_mode=backend.ceil, **options)(x)


def _layer_pool(backend, layer, x: torch.Tensor, name: str, fill: float, **options):
    size, stride = pool_window(layer.params, x.dim() - 2)
    if "dilation" in layer.params:  # MaxPool's own; torch's AvgPool has none
        options["dilation"] = every_axis(layer.params["dilation"], x.dim() - 2, "dilation")
    return _pool(backend, x, name, fill, size, stride, layer.params["padding"], **options)


@OPS.op("maxpool")
def maxpool(backend, layer, inputs):
    return Output(_layer_pool(backend, layer, inputs[0], "MaxPool", float("-inf")))


@OPS.op("minpool")
def minpool(backend, layer, inputs):
    """−maxpool(−x): torch has no min pooling."""
    return Output(-_layer_pool(backend, layer, -inputs[0], "MaxPool", float("-inf")))


@OPS.op("avgpool")
def avgpool(backend, layer, inputs):
    """Explicit padding zeros count in the mean (torch's default count_include_pad=True).
    `same` is Keras's, whose mean leaves the padding out: the padded average divided by
    the same average of ones, the share of each window that lies inside the input."""
    x = inputs[0]
    fits = x.dim() == 5

    def pool(t):
        return _layer_pool(backend, layer, t, "AvgPool", 0.0, window_fits=fits,
                           count_include_pad=True)

    out = pool(x)
    if layer.params["padding"] == PaddingMode.SAME:
        out = out / pool(torch.ones_like(x[:, :1]))
    return Output(out)


@OPS.op("channel_pool")
def channel_pool(backend, layer, inputs):
    """MaxPool1d or AvgPool1d over the channels of every position (each position a batch
    item), window and stride `size`, ceil_mode for `rounding: ceil`."""
    (x,) = inputs
    last = x.movedim(1, -1) if x.dim() > 2 else x
    size = (layer.params["size"],)
    name = "MaxPool" if layer.params["mode"] == "max" else "AvgPool"
    pooled = _pool(backend, last.reshape(-1, 1, last.shape[-1]), name, 0.0, size, size)
    out = pooled.reshape(*last.shape[:-1], -1)
    return Output(out.movedim(-1, 1) if x.dim() > 2 else out)


def _adaptive(name: str, sizes=None):
    """nn.Adaptive{name}PoolNd to the layer's `output`; a global pooling is one to size 1,
    flattened unless `keepdims`."""
    def pool(backend, layer, inputs):
        (x,) = inputs
        out = _nd(f"Adaptive{name}Pool", x.dim() - 2)(sizes or layer.params["output"])(x)
        return Output(out if sizes is None or layer.params["keepdims"] else out.flatten(1))
    return pool


OPS.op("adaptive_avgpool")(_adaptive("Avg"))
OPS.op("adaptive_maxpool")(_adaptive("Max"))
OPS.op("global_avgpool")(_adaptive("Avg", 1))
OPS.op("global_maxpool")(_adaptive("Max", 1))


@OPS.op("batchnorm")
def batchnorm(backend, layer, inputs):
    """nn.BatchNormNd in eval mode: γ and β are its parameters, the running mean and
    variance its buffers (num_batches_tracked, a counter, is not counted). PyTorch's
    momentum is 1 − Keras's."""
    (x,) = inputs
    p = layer.params
    module = backend.module(_nd("BatchNorm", x.dim() - 2), x.shape[1], eps=p["epsilon"],
                            momentum=1 - p["momentum"])
    for buffer, values in zip((module.running_mean, module.running_var),
                              backend.statistics(x.shape[1])):
        buffer.copy_(torch.from_numpy(values))
    return Output(module(x), tuple(module.parameters()),
                  (module.running_mean, module.running_var))


@OPS.op("layernorm")
def layernorm(backend, layer, inputs):
    """nn.LayerNorm(C) on the channels of each position."""
    (x,) = inputs
    module = backend.module(nn.LayerNorm, x.shape[1], eps=layer.params["epsilon"])
    return Output(_on_channels(module, x), tuple(module.parameters()))


@OPS.op("groupnorm")
def groupnorm(backend, layer, inputs):
    """nn.GroupNorm(groups, C): statistics of each sample's groups, γ and β when affine."""
    (x,) = inputs
    p = layer.params
    module = backend.module(nn.GroupNorm, p["groups"], x.shape[1], eps=p["epsilon"],
                            affine=p["affine"])
    return Output(module(x), tuple(module.parameters()))


@OPS.op("instancenorm")
def instancenorm(backend, layer, inputs):
    """nn.InstanceNormNd(C) as PyTorch builds it (track_running_stats=False: the sample's
    own statistics, no buffers)."""
    (x,) = inputs
    p = layer.params
    module = backend.module(_nd("InstanceNorm", x.dim() - 2), x.shape[1], eps=p["epsilon"],
                            affine=p["affine"])
    return Output(module(x), tuple(module.parameters()))


@OPS.op("prelu")
def prelu(backend, layer, inputs):
    """nn.PReLU(1) or nn.PReLU(C); torch has no module for a slope per element, so those
    slopes are a tensor of the item's shape (drawn channels last, as numpy draws them,
    then laid out as torch keeps the item)."""
    (x,) = inputs
    shape = slope_shape(backend, layer, backend.shape(x))
    if len(shape) == 1:
        module = backend.module(nn.PReLU, shape[0])
        return Output(module(x), tuple(module.parameters()))
    slopes = torch.from_numpy(backend.draw(shape)).to(backend.device).movedim(-1, 0)
    return Output(torch.where(x >= 0, x, x * slopes), (slopes,))


@OPS.op("layer_scale")
def layer_scale(backend, layer, inputs):
    """γ per channel as a 1×1 depthwise nn.ConvNd without bias (its weight is γ, shaped
    (C, 1, 1, …), as the PyTorch export writes it); a vector is a map of one position."""
    (x,) = inputs
    module = backend.module(_nd("Conv", max(x.dim() - 2, 1)), x.shape[1], x.shape[1], 1,
                            groups=x.shape[1], bias=False)
    out = module(x) if x.dim() > 2 else module(x.unsqueeze(-1)).squeeze(-1)
    return Output(out, tuple(module.parameters()))


@OPS.op("rescale")
def rescale(backend, layer, inputs):
    return Output(inputs[0] * layer.params["scale"] + layer.params["offset"])


@OPS.op("normalize")
def normalize(backend, layer, inputs):
    """(x − mean)/max(√variance, 1e-7) per channel, as Keras computes it: stored statistics
    are drawn buffers (with Keras's count of samples); fixed ones mean 0 and variance 1,
    as the exports write them (the spec holds no values)."""
    (x,) = inputs
    if layer.params["stats"] == "fixed":
        return Output(x)
    mean, variance = (torch.from_numpy(a).to(x.device) for a in backend.statistics(x.shape[1]))
    axes = (-1,) + (1,) * (x.dim() - 2)  # per channel: torch keeps the channels second
    out = (x - mean.view(axes)) / variance.sqrt().clamp(min=1e-7).view(axes)
    return Output(out, (), (mean, variance, torch.zeros((), dtype=torch.int64)))


OPS.op("upsample")(upsample)
OPS.op("pixel_shuffle")(pixel_shuffle)
OPS.op("space_to_depth")(space_to_depth)


OPS.op("add")(merge(torch.add))
OPS.op("multiply")(merge(torch.mul))
OPS.op("subtract")(merge(torch.sub))


@OPS.op("concat")
def concat(backend, layer, inputs):
    """Tensors are (N, C, *spatial): channels are dim 1, a spatial axis i is dim i + 2."""
    rank = inputs[0].dim() - 1
    axis = backend.axis(layer.params["axis"], rank)
    return Output(torch.cat(inputs, dim=1 if axis == rank - 1 else axis + 2))

# Channels are axis 1 of a torch tensor, flat or not: softmax runs over them.
ACTIVATIONS = {
    "linear": lambda x, p: x,
    "relu": lambda x, p: F.relu(x),
    "relu6": lambda x, p: F.relu6(x),
    "clip": lambda x, p: torch.clamp(x, p["min"], p["max"]),
    "leaky_relu": lambda x, p: F.leaky_relu(x, p["negative_slope"]),
    "elu": lambda x, p: F.elu(x, p["alpha"]),
    "selu": lambda x, p: F.selu(x),
    "gelu": lambda x, p: F.gelu(x),
    "sigmoid": lambda x, p: torch.sigmoid(x),
    "hard_sigmoid": lambda x, p: F.hardsigmoid(x),
    "tanh": lambda x, p: torch.tanh(x),
    "softmax": lambda x, p: F.softmax(x, dim=1),
    "log_softmax": lambda x, p: F.log_softmax(x, dim=1),
    "softplus": lambda x, p: F.softplus(x),
    "softsign": lambda x, p: F.softsign(x),
    "silu": lambda x, p: F.silu(x),
    "swish": lambda x, p: F.silu(x),
    "hard_swish": lambda x, p: F.hardswish(x),
    "mish": lambda x, p: F.mish(x),
}


class TorchBackend(Backend):
    name = "torch"
    ops = OPS
    activations = ACTIVATIONS
    channel_axis = 1
    moveaxis = staticmethod(torch.movedim)
    permute = staticmethod(torch.permute)

    def pad(self, x, amounts):
        return F.pad(x, _pad_arg(amounts))

    def check_device(self, device):
        if device == "cuda" and not torch.cuda.is_available():
            raise BackendUnavailable(say("backend.no-cuda", version=torch.__version__))

    def module(self, cls, *args, **kwargs) -> nn.Module:
        """A module on the device, its parameters drawn from the run's stream in the order
        the module declares them (weight, then bias) instead of torch's initialisation;
        on the CPU straight into the parameter's memory, which numpy shares."""
        module = nn.utils.skip_init(cls, *args, device=self.device, **kwargs)
        for param in module.parameters():
            if param.device.type == "cpu" and param.dtype == torch.float32:
                self.draw(tuple(param.shape), out=param.detach().numpy())
            else:
                param.copy_(torch.from_numpy(self.draw(tuple(param.shape))))
        return module.eval()

    def run(self, layer, inputs):
        with torch.inference_mode():
            return super().run(layer, inputs)

    def adopt(self, array):
        """The channels-last array as a channels-first tensor with the standard strides.
        `.contiguous()` is not enough: with one channel it keeps the channels-last strides
        (a size-1 axis counts as contiguous whatever its stride), and torch 2.13's oneDNN
        Conv3d then reads such an input wrongly (values off by the input's own magnitude,
        or garbage). A copy in `contiguous_format` gets the strides every kernel expects."""
        tensor = torch.from_numpy(array)
        if tensor.dim() > 2:
            tensor = tensor.movedim(-1, 1)
        return tensor.clone(memory_format=torch.contiguous_format).to(self.device)

    def shape(self, array):
        shape = tuple(array.shape[1:])
        return shape[1:] + shape[:1] if len(shape) > 1 else shape

    def numpy(self, array):
        return (array.movedim(1, -1) if array.dim() > 2 else array).cpu().numpy()


BACKEND = TorchBackend
