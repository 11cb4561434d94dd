"""The torch backend (optional: pip install 'cnncalc[torch]'): each layer kind as the
torch.nn module a PyTorch user would write, run on --device, parameters counted from the
module.

Tensors stay in torch's own layout, channels first (N, C, *spatial); flatten and dense
move channels last first, so that the numbers match a channels-last spec, and the numpy
backend, exactly. Modules are built without torch's initialisation and then filled from
the run's random stream, so that the same seed gives the same weights as numpy's.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn
from torch.nn import functional as F

from . import BackendUnavailable
from .base import Backend, OpTable, Output, Unsupported, identity, merge, pads, per_axis

OPS = OpTable()
CONV = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}
MAXPOOL = {1: nn.MaxPool1d, 2: nn.MaxPool2d, 3: nn.MaxPool3d}
AVGPOOL = {1: nn.AvgPool1d, 2: nn.AvgPool2d, 3: nn.AvgPool3d}


def _pad_arg(sides) -> tuple[int, ...]:
    """F.pad takes (before, after) pairs starting from the last axis."""
    return tuple(n for pair in reversed(sides) for n in pair)


def _finish(backend: TorchBackend, layer, out: torch.Tensor, module: nn.Module) -> Output:
    return Output(backend.activate(layer.params["activation"], out), tuple(module.parameters()))


@OPS.op("conv")
def conv(backend, layer, inputs):
    """torch's padding='same' takes stride 1 only; with a stride, Keras's asymmetric `same`
    padding is added by F.pad and the conv itself pads nothing."""
    (x,) = inputs
    p = layer.params
    rank = x.dim() - 2
    kernel, stride, dilation = (per_axis(p[key], rank, key)
                                for key in ("kernel", "stride", "dilation"))
    if p["padding"] == "same" and any(s > 1 for s in stride):
        x = F.pad(x, _pad_arg(pads(tuple(x.shape[2:]), kernel, stride, dilation, "same")))
        padding = 0
    elif p["padding"] == "valid":
        padding = 0
    else:
        padding = p["padding"]
    module = backend.module(CONV[rank], x.shape[1], p["filters"], kernel, stride, padding,
                            dilation, p["groups"], p["bias"])
    with warnings.catch_warnings():  # `same` with an even kernel: torch pads a copy, fine
        warnings.filterwarnings("ignore", "Using padding='same'", UserWarning)
        return _finish(backend, layer, module(x), module)


@OPS.op("dense")
def dense(backend, layer, inputs):
    """nn.Linear on the channel axis, which torch keeps second."""
    (x,) = inputs
    module = backend.module(nn.Linear, x.shape[1], layer.params["units"],
                            bias=layer.params["bias"])
    out = module(x) if x.dim() == 2 else module(x.movedim(1, -1)).movedim(-1, 1)
    return _finish(backend, layer, out, module)


def _pool(backend, layer, x: torch.Tensor, modules, fill: float, *, window_fits: bool = False,
          **options) -> torch.Tensor:
    """nn.*PoolNd with ceil_mode for `rounding: ceil`; `same` is an explicit F.pad with
    `fill` first, as torch pooling has no `same`. `window_fits`: the module refuses an
    input axis shorter than the window even when its padding makes up the difference."""
    p = layer.params
    rank = x.dim() - 2
    size = per_axis(p["size"], rank, "size")
    stride = size if p["stride"] is None else per_axis(p["stride"], rank, "stride")
    sides = pads(tuple(x.shape[2:]), size, stride, (1,) * rank, p["padding"])
    if p["padding"] == "same":
        x = F.pad(x, _pad_arg(sides), value=fill)
        sides = ((0, 0),) * rank
    padding = tuple(before for before, _ in sides)
    if any(2 * q > k for q, k in zip(padding, size)):
        raise Unsupported(f"torch pools pad at most half the window; padding {list(padding)} "
                          f"with size {list(size)}")
    if window_fits and any(n < k for n, k in zip(x.shape[2:], size)):
        raise Unsupported(f"torch's {modules[rank].__name__} needs an input of at least the "
                          f"window {list(size)}, got {list(x.shape[2:])} before padding")
    return modules[rank](size, stride, padding, ceil_mode=backend.ceil, **options)(x)


@OPS.op("maxpool")
def maxpool(backend, layer, inputs):
    return Output(_pool(backend, layer, inputs[0], MAXPOOL, float("-inf")))


@OPS.op("minpool")
def minpool(backend, layer, inputs):
    """−maxpool(−x): torch has no min pooling."""
    return Output(-_pool(backend, layer, -inputs[0], MAXPOOL, float("-inf")))


@OPS.op("avgpool")
def avgpool(backend, layer, inputs):
    """Padding zeros count in the mean: torch's default count_include_pad=True."""
    x = inputs[0]
    return Output(_pool(backend, layer, x, AVGPOOL, 0.0, window_fits=x.dim() == 5,
                        count_include_pad=True))


@OPS.op("flatten")
def flatten(backend, layer, inputs):
    """Flatten in channels-last order, as Keras does, so a following dense sees the same
    vector as in the spec."""
    (x,) = inputs
    return Output((x.movedim(1, -1) if x.dim() > 2 else x).flatten(1))


OPS.op("dropout")(identity)
OPS.op("add")(merge(torch.add))
OPS.op("multiply")(merge(torch.mul))


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

    def check_device(self, device):
        if device == "cuda" and not torch.cuda.is_available():
            raise BackendUnavailable(f"--device cuda: CUDA is not available to this PyTorch "
                                     f"({torch.__version__})")

    def module(self, cls, *args, **kwargs) -> nn.Module:
        """A module on the device, its parameters drawn from the run's stream in the order
        the module declares them (weight, then bias) instead of torch's initialisation."""
        module = nn.utils.skip_init(cls, *args, device=self.device, **kwargs)
        for param in module.parameters():
            param.copy_(torch.from_numpy(self.draw(tuple(param.shape))))
        return module.eval()

    def run(self, layer, inputs):
        with torch.inference_mode():
            return super().run(layer, inputs)

    def adopt(self, array):
        tensor = torch.from_numpy(array)
        return (tensor.movedim(-1, 1) if tensor.dim() > 2 else tensor).contiguous().to(
            self.device)

    def shape(self, array):
        shape = tuple(array.shape[1:])
        return shape[1:] + shape[:1] if len(shape) > 1 else shape

    def numpy(self, array):
        return (array.movedim(1, -1) if array.dim() > 2 else array).cpu().numpy()


BACKEND = TorchBackend
