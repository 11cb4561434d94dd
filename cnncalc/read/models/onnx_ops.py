"""One table from an ONNX op_type to a cnncalc kind, and how each reads its node.

Each entry adds the node's layer to the network through `Context`, or raises
`Unsupported`. Shapes are channels-first, as ONNX has them: a tensor's axes are
(N, C, *spatial), and a layer's padding, bounds and axes are read that way.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Callable

from ...core.messages import say
from .network import Network, Unsupported, one, sides
from .onnx_constants import folded, shape
from .onnx_resample import depth, resize

_ACTIVATIONS = {
    "Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "Softmax": "softmax",
    "LogSoftmax": "log_softmax", "Softplus": "softplus", "Softsign": "softsign", "Selu": "selu",
    "HardSigmoid": "hard_sigmoid", "HardSwish": "hard_swish", "Mish": "mish", "Gelu": "gelu",
}


class Context:
    """What the ops share while one graph is read: the network, the constants met so far
    and each tensor's rank (batch included)."""

    def __init__(self, network: Network, graph, input_rank: int):
        self.network = network
        self.graph = graph
        self.constants: dict[str, Any] = {}
        self.ranks: dict[str, int] = {name: input_rank for name in graph.inputs}
        self.uses = Counter(i for node in graph.nodes for i in node.inputs)

    def value(self, tensor: str, what: str) -> Any:
        """The values of a constant input (an initializer or a Constant node's output)."""
        if tensor in self.constants and self.constants[tensor] is not None:
            return self.constants[tensor]
        if tensor in self.graph.values:
            return self.graph.values[tensor]
        raise Unsupported(say("unsupported.run-time", what=what))

    def dims(self, tensor: str, what: str) -> list[int]:
        if tensor not in self.graph.dims:
            raise Unsupported(say("unsupported.not-weight", what=what))
        return self.graph.dims[tensor]

    def rank(self, tensor: str) -> int:
        return self.ranks.get(tensor, 0)

    def add(self, node, label: str, kind: str, params: dict, inputs=None, rank=None) -> None:
        inputs = inputs or [node.inputs[0]]
        self.network.add(label, kind, params, inputs, node.outputs[:1])
        self.ranks[node.outputs[0]] = rank or self.rank(inputs[0])

    def same(self, node) -> None:
        """An op that changes nothing (Identity): its output is its input."""
        self.network.alias(node.outputs[0], node.inputs[0])
        self.ranks[node.outputs[0]] = self.rank(node.inputs[0])

    def fold(self, node, label: str) -> None:
        """A node on constants only computes a constant (onnx_constants.py); Identity and
        Cast of a weight are that weight."""
        value = folded(node, [self.constants.get(i, self.graph.values.get(i)) if i else None
                              for i in node.inputs])
        keep = node.op in ("Identity", "Cast") and node.inputs
        for out in node.outputs:
            self.constants[out] = value
            if keep and node.inputs[0] in self.graph.dims:
                self.graph.dims[out] = self.graph.dims[node.inputs[0]]

    def shape(self, node, label: str) -> None:
        """Shape of a tensor cnncalc computes: a constant, from cnncalc's own shapes."""
        self.constants[node.outputs[0]] = shape(node, self.network.shape(node.inputs[0]))

    def spatial(self, tensor: str) -> list[int]:
        """The spatial sizes of a tensor, from cnncalc's own shapes so far."""
        return list(self.network.shape(tensor)[1:])


def _ints(node, key: str, count: int, default: int) -> list[int]:
    value = node.attrs.get(key)
    return [default] * count if value is None else list(value)


def _padding(node, label: str, ctx: Context, kernel: list[int], strides: list[int],
             dilations: list[int]) -> tuple[Any, str]:
    """The layer's `padding` and the tensor it reads: explicit pads begin/end, or auto_pad;
    uneven pads become a `pad` layer before it, so per-side padding stays exact."""
    n = len(kernel)
    auto = node.attrs.get("auto_pad", "NOTSET")
    pads = _ints(node, "pads", 2 * n, 0)
    if auto == "VALID":
        pads = [0] * (2 * n)
    elif auto in ("SAME_UPPER", "SAME_LOWER"):
        sizes = ctx.spatial(node.inputs[0])
        totals = [max((math.ceil(x / s) - 1) * s + d * (k - 1) + 1 - x, 0)
                  for x, s, k, d in zip(sizes, strides, kernel, dilations)]
        small = [t // 2 for t in totals]
        large = [t - t // 2 for t in totals]
        pads = small + large if auto == "SAME_UPPER" else large + small
    if len(pads) != 2 * n:
        raise Unsupported(say("unsupported.pads-length", op=node.op, length=len(pads)))
    padding, source = ctx.network.padded(label, node.inputs[0], pads[:n], pads[n:])
    ctx.ranks[source] = ctx.rank(node.inputs[0])
    return padding, source


def _conv(node, label, ctx):
    weight = ctx.dims(node.inputs[1], "Conv weights")
    kernel = node.attrs.get("kernel_shape") or weight[2:]
    n = len(kernel)
    strides, dilations = _ints(node, "strides", n, 1), _ints(node, "dilations", n, 1)
    padding, source = _padding(node, label, ctx, kernel, strides, dilations)
    group = node.attrs.get("group", 1)
    ctx.add(node, label, "conv", {
        "filters": weight[0], "kernel": one(kernel), "stride": one(strides),
        "padding": padding, "dilation": one(dilations), "groups": group,
        "bias": len(node.inputs) > 2 and bool(node.inputs[2])}, [source])


def _conv_transpose(node, label, ctx):
    weight = ctx.dims(node.inputs[1], "ConvTranspose weights")
    kernel = node.attrs.get("kernel_shape") or weight[2:]
    n = len(kernel)
    if node.attrs.get("output_shape") or node.attrs.get("auto_pad", "NOTSET") != "NOTSET":
        raise Unsupported("ConvTranspose(output_shape/auto_pad)")
    pads = _ints(node, "pads", 2 * n, 0)
    if pads[:n] != pads[n:]:
        raise Unsupported(say("unsupported.uneven-pads", op="ConvTranspose"))
    group = node.attrs.get("group", 1)
    extra = _ints(node, "output_padding", n, 0)
    ctx.add(node, label, "conv_transpose", {
        "filters": weight[1] * group, "kernel": one(kernel),
        "stride": one(_ints(node, "strides", n, 1)), "padding": one(pads[:n]),
        "output_padding": one(extra) if any(extra) else None,
        "dilation": one(_ints(node, "dilations", n, 1)), "groups": group,
        "bias": len(node.inputs) > 2 and bool(node.inputs[2])})


def _pool(kind: str):
    def read(node, label, ctx):
        if len(node.outputs) > 1 and node.outputs[1]:
            raise Unsupported(say("unsupported.indices", op=node.op))
        kernel = node.attrs["kernel_shape"]
        n = len(kernel)
        dilations = _ints(node, "dilations", n, 1)
        dilated = any(d != 1 for d in dilations)
        if dilated and kind != "maxpool":
            raise Unsupported(f"{node.op}(dilations)")
        strides = _ints(node, "strides", n, 1)
        padding, source = _padding(node, label, ctx, kernel, strides, dilations)
        ctx.add(node, label, kind, {"size": one(kernel),
                                    "stride": None if strides == kernel else one(strides),
                                    "padding": padding,
                                    "dilation": one(dilations) if dilated else None}, [source])
        ctx.network.pools[ctx.network.nodes[-1].name] = bool(node.attrs.get("ceil_mode", 0))
    return read


def _global(kind: str):
    return lambda node, label, ctx: ctx.add(node, label, kind, {"keepdims": True})


def _reduce_mean(node, label, ctx):
    axes = node.attrs.get("axes")
    if axes is None and len(node.inputs) > 1:
        axes = ctx.value(node.inputs[1], "ReduceMean axes")
    rank = ctx.rank(node.inputs[0])
    if sorted(a % rank for a in axes or ()) != list(range(2, rank)):
        raise Unsupported(say("unsupported.not-every-axis", op="ReduceMean"))
    keep = bool(node.attrs.get("keepdims", 1))
    ctx.add(node, label, "global_avgpool", {"keepdims": keep or None}, rank=rank if keep else 2)


def _gemm(node, label, ctx):
    if node.attrs.get("transA") or ctx.rank(node.inputs[0]) != 2:
        raise Unsupported("Gemm(transA)")
    weight = ctx.dims(node.inputs[1], "Gemm B")
    units = weight[0] if node.attrs.get("transB") else weight[1]
    ctx.add(node, label, "dense", {"units": units,
                                   "bias": len(node.inputs) > 2 and bool(node.inputs[2])})


def _matmul(node, label, ctx):
    rank = ctx.rank(node.inputs[0])
    if rank != 2:
        raise Unsupported(say("unsupported.rank", op="MatMul", rank=rank))
    weight = ctx.dims(node.inputs[1], "MatMul B")
    ctx.add(node, label, "dense", {"units": weight[-1], "bias": False})


def _merge(kind: str):
    def read(node, label, ctx):
        constant = [i for i in node.inputs if i in ctx.graph.dims or i in ctx.constants]
        if constant:
            _bias(node, ctx, constant)
        elif not (node.op == "Mul" and _silu(node, ctx)):
            ctx.add(node, label, kind, {}, list(node.inputs))
    return read


def _silu(node, ctx) -> bool:
    """torch exports SiLU as `x · sigmoid(x)`: a Sigmoid read only by a Mul with its own
    input is one `silu` layer, named as the module (`stem.2`, not `stem.2.Sigmoid`)."""
    last = ctx.network.nodes[-1] if ctx.network.nodes else None
    for x, gate in (node.inputs, node.inputs[::-1]):
        if last is not None and last.kind == "sigmoid" and ctx.uses[gate] == 1 \
                and ctx.network.layer(gate) == last.name \
                and last.inputs == (ctx.network.layer(x),):
            ctx.network.recast("silu", last.name.removesuffix(".Sigmoid"))
            ctx.same(type(node)(node.op, node.name, [gate], node.outputs, {}))
            return True
    return False


def _bias(node, ctx, constant) -> None:
    """`MatMul` + `Add` of a vector is torch's Linear: the add is the dense layer's bias."""
    other = next(i for i in node.inputs if i not in constant)
    last = ctx.network.nodes[-1] if ctx.network.nodes else None
    if (node.op == "Add" and last is not None and last.kind == "dense"
            and not last.params.get("bias") and ctx.network.layer(other) == last.name
            and len(ctx.dims(constant[0], "Add operand")) == 1):
        last.params["bias"] = True
        ctx.same(type(node)(node.op, node.name, [other], node.outputs, {}))
        return
    raise Unsupported(say("unsupported.constant", op=node.op))


def _concat(node, label, ctx):
    axis, rank = node.attrs.get("axis", 1), ctx.rank(node.inputs[0])
    if not rank:  # shape arithmetic on values computed at run time, not a layer's output
        raise Unsupported(say("unsupported.concat-run-time", op="Concat"))
    ctx.add(node, label, "concat", {"axis": None if axis % rank == 1 else
                                    (axis - 1 if axis > 0 else axis)}, list(node.inputs))


def _flatten(node, label, ctx):
    if node.attrs.get("axis", 1) != 1:
        raise Unsupported(f"Flatten(axis={node.attrs.get('axis')})")
    ctx.add(node, label, "flatten", {}, rank=2)


def _reshape(node, label, ctx):
    shape = list(ctx.value(node.inputs[1], "Reshape shape"))
    if 0 in shape[1:]:
        raise Unsupported(say("unsupported.reshape-zero", op="Reshape"))
    if len(shape) == 2:
        ctx.add(node, label, "flatten", {}, rank=2)
    else:
        ctx.add(node, label, "reshape", {"shape": shape[1:]}, rank=len(shape))


def _pad(node, label, ctx):
    pads = node.attrs.get("pads")
    if pads is None:
        pads = ctx.value(node.inputs[1], "Pad pads")
    if len(node.inputs) > 3 and node.inputs[3]:
        raise Unsupported("Pad(axes)")
    n = len(pads) // 2
    begins, ends = pads[:n], pads[n:]
    if any(begins[:2]) or any(ends[:2]):
        raise Unsupported(say("unsupported.batch-or-channels", op="Pad"))
    ctx.add(node, label, "pad", {"padding": sides([[b, e] for b, e in zip(begins[2:], ends[2:])])})


def _slice(node, label, ctx):
    """Slicing the spatial axes by constant bounds (a centre crop) is a `crop`."""
    starts = ctx.value(node.inputs[1], "Slice starts")
    ends = ctx.value(node.inputs[2], "Slice ends")
    rank = ctx.rank(node.inputs[0])
    axes = ctx.value(node.inputs[3], "Slice axes") if len(node.inputs) > 3 and node.inputs[3] \
        else list(range(len(starts)))
    steps = ctx.value(node.inputs[4], "Slice steps") if len(node.inputs) > 4 and node.inputs[4] \
        else [1] * len(starts)
    sizes = ctx.spatial(node.inputs[0])
    cropping = [[0, 0] for _ in sizes]
    for start, end, axis, step in zip(starts, ends, axes, steps):
        axis %= rank
        if axis < 2 or step != 1:
            raise Unsupported(say("unsupported.batch-or-channels", op="Slice") if axis < 2
                              else "Slice(steps)")
        size = sizes[axis - 2]
        start, end = (min(max(v + size if v < 0 else v, 0), size) for v in (start, end))
        cropping[axis - 2] = [start, size - max(end, start)]
    ctx.add(node, label, "crop", {"cropping": sides(cropping)})


def _activation(kind: str):
    return lambda node, label, ctx: ctx.add(node, label, kind, {})


def _clip(node, label, ctx):
    low, high = node.attrs.get("min"), node.attrs.get("max")
    if low is None and len(node.inputs) > 1 and node.inputs[1]:
        low = ctx.value(node.inputs[1], "Clip min")
    if high is None and len(node.inputs) > 2 and node.inputs[2]:
        high = ctx.value(node.inputs[2], "Clip max")
    if (low, high) == (0, 6):
        return ctx.add(node, label, "relu6", {})
    if (low, high) == (0, None):
        return ctx.add(node, label, "relu", {})
    if low is None or high is None:
        raise Unsupported(say("unsupported.one-bound", op="Clip"))
    ctx.add(node, label, "clip", {"min": float(low), "max": float(high)})


def _dropout(node, label, ctx):
    rate = node.attrs.get("ratio")
    if rate is None and len(node.inputs) > 1 and node.inputs[1]:
        rate = ctx.value(node.inputs[1], "Dropout ratio")
    ctx.add(node, label, "dropout", {"rate": None if rate is None else float(rate)})


def _transpose(node, label, ctx):
    """perm numbers the axes from 0 with the batch first: the spec's axes (from 1, batch
    excluded, channels first as ONNX's) are the rest of it."""
    rank = ctx.rank(node.inputs[0])
    perm = list(node.attrs.get("perm") or range(rank - 1, -1, -1))
    if perm[0] != 0:
        raise Unsupported(say("unsupported.batch", op="Transpose"))
    ctx.add(node, label, "permute", {"axes": perm[1:]})


def _instance_norm(node, label, ctx):
    """ONNX InstanceNormalization always has its scale and bias (torch writes ones and
    zeros for affine=False): they are stored numbers, counted as the file holds them."""
    ctx.add(node, label, "instancenorm", {"epsilon": node.attrs.get("epsilon", 1e-5),
                                          "affine": True})


def _group_norm(node, label, ctx):
    """GroupNormalization (opset 18+). Opset 21's scale and bias have one entry per
    channel, as torch's and Keras's; opset 18's one per group, which no framework layer
    has."""
    groups = node.attrs["num_groups"]
    channels = ctx.network.shape(node.inputs[0])[0]
    if ctx.dims(node.inputs[1], "GroupNormalization scale") != [channels]:
        raise Unsupported(say("unsupported.scale-per-group", op="GroupNormalization"))
    ctx.add(node, label, "groupnorm", {"groups": groups,
                                       "epsilon": node.attrs.get("epsilon", 1e-5)})


def _prelu(node, label, ctx):
    """The slopes' initializer shape, broadcast against (N, C, *spatial) from the right:
    one number, one per channel ([C, 1, 1]) or one per element ([C, H, W])."""
    shape = ctx.network.shape(node.inputs[0])
    dims = list(ctx.dims(node.inputs[1], "PRelu slope"))
    while dims and dims[0] == 1 and len(dims) > 1:
        dims.pop(0)
    if math.prod(dims) == 1:
        slopes = "one"
    elif dims == [shape[0]] + [1] * (len(shape) - 1):
        slopes = "channel"
    elif dims == list(shape):
        slopes = "element"
    else:
        raise Unsupported(say("unsupported.slopes", op="PRelu", dims=dims))
    ctx.add(node, label, "prelu", {"slopes": slopes})


OPS: dict[str, Callable] = {
    "Conv": _conv,
    "ConvTranspose": _conv_transpose,
    "MaxPool": _pool("maxpool"),
    "AveragePool": _pool("avgpool"),
    "GlobalAveragePool": _global("global_avgpool"),
    "GlobalMaxPool": _global("global_maxpool"),
    "ReduceMean": _reduce_mean,
    "Gemm": _gemm,
    "MatMul": _matmul,
    "BatchNormalization": lambda node, label, ctx: ctx.add(node, label, "batchnorm", {
        "epsilon": node.attrs.get("epsilon", 1e-5), "momentum": node.attrs.get("momentum")}),
    **{op: _activation(kind) for op, kind in _ACTIVATIONS.items()},
    "LeakyRelu": lambda node, label, ctx: ctx.add(node, label, "leaky_relu", {
        "negative_slope": node.attrs.get("alpha", 0.01)}),
    "Elu": lambda node, label, ctx: ctx.add(node, label, "elu",
                                            {"alpha": node.attrs.get("alpha", 1.0)}),
    "Clip": _clip,
    "Add": _merge("add"),
    "Mul": _merge("multiply"),
    "Sub": _merge("subtract"),
    "Concat": _concat,
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Pad": _pad,
    "Resize": resize,
    "DepthToSpace": depth("pixel_shuffle"),
    "SpaceToDepth": depth("space_to_depth"),
    "Upsample": resize,
    "Slice": _slice,
    "Identity": _activation("identity"),
    "Transpose": _transpose,
    "InstanceNormalization": _instance_norm,
    "GroupNormalization": _group_norm,
    "PRelu": _prelu,
    "Shape": lambda node, label, ctx: ctx.shape(node, label),
    "Dropout": _dropout,
}
