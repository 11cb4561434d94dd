"""One table from a Keras class name to a cnncalc kind, and how each reads its config.

Every entry is a function of the layer's `config` (a plain dict read from JSON) returning
`(kind, params)`, or raising `Unsupported` naming what cnncalc cannot express. A class
that is not in the table (Lambda, LSTM, MultiHeadAttention, a custom layer) is unsupported
by its class name. Nothing here resolves `module` or `registered_name`: a config is data.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ...layers.activation import ACTIVATIONS
from ...core.messages import say
from .network import Unsupported, one, sides

# Keras activation names that cnncalc spells otherwise.
_ACTIVATION_NAMES = {"hard_silu": "hard_swish", "swish": "swish", "silu": "silu"}


def items(value: Any) -> Any:
    """Keras 2 SavedModel metadata writes tuples and shapes as {"class_name": "__tuple__"
    | "TensorShape", "items": [...]}; everything else is a list already."""
    if isinstance(value, dict) and "items" in value:
        return value["items"]
    return value


def _per_axis(value: Any, rank: int, key: str) -> list[int]:
    value = items(value)
    values = [value] * rank if isinstance(value, int) else list(value)
    if len(values) != rank or not all(isinstance(v, int) and not isinstance(v, bool)
                                      for v in values):
        raise Unsupported(f"{key}={value!r}")
    return values


def _rank(cls: str) -> int:
    """Conv1D → 1, Conv3DTranspose → 3; classes with no rank in their name work on 2."""
    found = re.search(r"([123])D", cls)
    return int(found.group(1)) if found else 2


def _channels_last(cls: str, c: dict) -> None:
    if c.get("data_format") == "channels_first":
        raise Unsupported(f"{cls}(data_format=channels_first)")


def _activation(c: dict) -> str | None:
    """The `activation:` parameter, None for linear."""
    name = c.get("activation", "linear")
    if isinstance(name, dict):  # serialised: {"module": "keras.activations", "config": "relu"}
        module, name = str(name.get("module")), str(name.get("config"))
        if not module.startswith("keras"):
            name = f"{module}.{name}"  # named, never looked up
    name = _ACTIVATION_NAMES.get(name, name)
    if name not in ACTIVATIONS:
        raise Unsupported(f"activation={name}")
    return None if name == "linear" else name


def _window(cls: str, c: dict, modes=("valid", "same")) -> dict:
    rank = _rank(cls)
    _channels_last(cls, c)
    padding = c.get("padding", "valid")
    if padding not in modes:
        raise Unsupported(f"{cls}(padding={padding})")
    return {"kernel": one(_per_axis(c["kernel_size"], rank, "kernel_size")),
            "stride": one(_per_axis(c.get("strides", 1), rank, "strides")),
            "padding": padding,
            "dilation": one(_per_axis(c.get("dilation_rate", 1), rank, "dilation_rate"))}


def _conv(cls: str, c: dict):
    return "conv", {"filters": c["filters"], **_window(cls, c, ("valid", "same", "causal")),
                    "groups": c.get("groups", 1) if c.get("groups", 1) != 1 else None,
                    "bias": c.get("use_bias", True), "activation": _activation(c)}


def _transpose(cls: str, c: dict):
    padding = c.get("output_padding")
    return "conv_transpose", {
        "filters": c["filters"], **_window(cls, c),
        "output_padding": None if padding is None else one(
            _per_axis(padding, _rank(cls), "output_padding")),
        "bias": c.get("use_bias", True), "activation": _activation(c)}


def _depthwise(cls: str, c: dict):
    return "depthwise_conv", {**_window(cls, c), "multiplier": c.get("depth_multiplier", 1),
                              "bias": c.get("use_bias", True), "activation": _activation(c)}


def _separable(cls: str, c: dict):
    return "separable_conv", {"filters": c["filters"], **_window(cls, c),
                              "multiplier": c.get("depth_multiplier", 1),
                              "bias": c.get("use_bias", True), "activation": _activation(c)}


def _pool(kind: str):
    def read(cls: str, c: dict):
        rank = _rank(cls)
        _channels_last(cls, c)
        padding = c.get("padding", "valid")
        size = _per_axis(c["pool_size"], rank, "pool_size")
        stride = size if c.get("strides") is None else _per_axis(c["strides"], rank, "strides")
        return kind, {"size": one(size), "stride": None if stride == size else one(stride),
                      "padding": None if padding == "valid" else padding}
    return read


def _global(kind: str):
    def read(cls: str, c: dict):
        _channels_last(cls, c)
        return kind, {"keepdims": True if c.get("keepdims") else None}
    return read


def _input_rank(c: dict) -> int | None:
    """Axes of the layer's input after the batch, from its build_config when saved."""
    shape = items((c.get("build_config") or {}).get("input_shape") or ())
    return len(shape) - 1 if shape else None


def _last_axis(cls: str, c: dict, default=-1) -> None:
    axis = items(c.get("axis", default))
    if isinstance(axis, list) and len(axis) == 1:
        axis = axis[0]
    rank = _input_rank(c)
    if axis != -1 and not (rank and axis == rank):
        raise Unsupported(f"{cls}(axis={axis})")


def _norm(kind: str, keys: tuple[str, ...]):
    def read(cls: str, c: dict):
        _last_axis(cls, c)
        if not (c.get("center", True) and c.get("scale", True)):
            raise Unsupported(f"{cls}(center/scale=false)")
        if c.get("renorm") or c.get("rms_scaling"):
            raise Unsupported(f"{cls}(renorm)" if c.get("renorm") else f"{cls}(rms_scaling)")
        return kind, {k: c[k] for k in keys if k in c}
    return read


def _sides(cls: str, value: Any, key: str) -> Any:
    """ZeroPadding/Cropping's int, per-axis pair or per-axis (before, after) pairs (a 1-D
    pair is before, after), as cnncalc's `padding` writes them, the shortest form."""
    rank, value = _rank(cls), items(value)
    if isinstance(value, int):
        pairs = [[value, value]] * rank
    elif rank == 1:
        pairs = [list(items(value))]
    else:
        pairs = [[v, v] if isinstance(v, int) else list(items(v)) for v in value]
    if len(pairs) != rank or any(len(p) != 2 for p in pairs):
        raise Unsupported(f"{cls}({key}={value!r})")
    return sides(pairs)


def _pad(kind: str, key: str):
    def read(cls: str, c: dict):
        _channels_last(cls, c)
        return kind, {key: _sides(cls, c[key if kind == "crop" else "padding"], key)}
    return read


def _upsample(cls: str, c: dict):
    _channels_last(cls, c)
    mode = c.get("interpolation", "nearest")
    if mode not in ("nearest", "bilinear"):
        raise Unsupported(f"{cls}(interpolation={mode})")
    return "upsample", {"scale": one(_per_axis(c.get("size", 2), _rank(cls), "size")),
                        "mode": None if mode == "nearest" else mode}


def _resizing(cls: str, c: dict):
    """Resizing to (height, width): its nearest rule is the half-pixel one."""
    _channels_last(cls, c)
    mode = c.get("interpolation", "bilinear")
    if mode not in ("nearest", "bilinear"):
        raise Unsupported(f"{cls}(interpolation={mode})")
    for option in ("crop_to_aspect_ratio", "pad_to_aspect_ratio", "antialias"):
        if c.get(option):
            raise Unsupported(f"{cls}({option}=True)")
    return "upsample", {"output": one([c["height"], c["width"]]),
                        "mode": "nearest_exact" if mode == "nearest" else mode}


def _relu(cls: str, c: dict):
    top, slope = c.get("max_value"), c.get("negative_slope", 0) or 0
    if c.get("threshold", 0):
        raise Unsupported("ReLU(threshold)")
    if top is None and not slope:
        return "relu", {}
    if top is None:
        return "leaky_relu", {"negative_slope": float(slope)}
    if slope:
        raise Unsupported(f"ReLU(max_value={top}, negative_slope={slope})")
    return ("relu6", {}) if float(top) == 6.0 else ("clip", {"min": 0.0, "max": float(top)})


def _activation_layer(cls: str, c: dict):
    return _activation(c) or "linear", {}


def _concat(cls: str, c: dict):
    axis = c.get("axis", -1)
    return "concat", {"axis": None if axis == -1 else (axis - 1 if axis > 0 else axis)}


def _softmax(cls: str, c: dict):
    _last_axis(cls, c)
    return "softmax", {}


def _group_norm(cls: str, c: dict):
    """GroupNormalization(groups); groups=-1 (one per channel) is instance norm."""
    _last_axis(cls, c)
    affine = c.get("center", True), c.get("scale", True)
    if affine[0] != affine[1]:
        raise Unsupported(f"{cls}(center={affine[0]}, scale={affine[1]})")
    groups, epsilon = c.get("groups", 32), c.get("epsilon", 1e-3)
    if groups == -1:
        return "instancenorm", {"epsilon": epsilon, "affine": affine[0]}
    return "groupnorm", {"groups": groups, "epsilon": epsilon,
                         "affine": None if affine[0] else False}


def _prelu(cls: str, c: dict):
    """PReLU's shared_axes (from 1) have no slope of their own: none shared is one slope
    per element (the default), the spatial axes one per channel, all of them one slope."""
    shared = sorted(items(c.get("shared_axes") or []))
    if not shared:
        return "prelu", {"slopes": "element"}
    rank = _input_rank(c)
    if rank is not None and shared == list(range(1, rank)):
        return "prelu", {"slopes": "channel"}
    if rank is not None and shared == list(range(1, rank + 1)):
        return "prelu", {"slopes": "one"}
    raise Unsupported(f"PReLU(shared_axes={shared})")


def _number(cls: str, c: dict, key: str, default: float) -> float:
    value = c.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unsupported(say("unsupported.per-channel", op=cls, key=key))  # a list, a tensor
    return float(value)


def _rescaling(cls: str, c: dict):
    offset = _number(cls, c, "offset", 0.0)
    return "rescale", {"scale": _number(cls, c, "scale", 1.0), "offset": offset or None}


def _normalization(cls: str, c: dict):
    """Without a mean and variance in its config, Keras stores them as weights (adapt())."""
    _last_axis(cls, c)
    if c.get("invert"):
        raise Unsupported(f"{cls}(invert=True)")
    return "normalize", {"stats": None if c.get("mean") is None else "fixed"}


def _same(kind: str, **fixed):
    return lambda cls, c: (kind, dict(fixed))


def _dropout(cls: str, c: dict):
    return "dropout", {"rate": c.get("rate")}


LAYERS: dict[str, Callable[[str, dict], tuple[str, dict]]] = {
    **{f"Conv{r}D": _conv for r in (1, 2, 3)},
    **{f"Conv{r}DTranspose": _transpose for r in (1, 2, 3)},
    **{f"DepthwiseConv{r}D": _depthwise for r in (1, 2)},
    **{f"SeparableConv{r}D": _separable for r in (1, 2)},
    **{f"MaxPooling{r}D": _pool("maxpool") for r in (1, 2, 3)},
    **{f"AveragePooling{r}D": _pool("avgpool") for r in (1, 2, 3)},
    **{f"GlobalAveragePooling{r}D": _global("global_avgpool") for r in (1, 2, 3)},
    **{f"GlobalMaxPooling{r}D": _global("global_maxpool") for r in (1, 2, 3)},
    **{f"ZeroPadding{r}D": _pad("pad", "padding") for r in (1, 2, 3)},
    **{f"Cropping{r}D": _pad("crop", "cropping") for r in (1, 2, 3)},
    **{f"UpSampling{r}D": _upsample for r in (1, 2, 3)},
    "Resizing": _resizing,
    **{f"SpatialDropout{r}D": _dropout for r in (1, 2, 3)},
    "Dense": lambda cls, c: ("dense", {"units": c["units"], "bias": c.get("use_bias", True),
                                       "activation": _activation(c)}),
    "BatchNormalization": _norm("batchnorm", ("momentum", "epsilon")),
    "LayerNormalization": _norm("layernorm", ("epsilon",)),
    "Rescaling": _rescaling,
    "Normalization": _normalization,
    "Activation": _activation_layer,
    "ReLU": _relu,
    "LeakyReLU": lambda cls, c: ("leaky_relu", {
        "negative_slope": float(c.get("negative_slope", c.get("alpha", 0.3)))}),
    "ELU": lambda cls, c: ("elu", {"alpha": float(c.get("alpha", 1.0))}),
    "Softmax": _softmax,
    "Dropout": _dropout,
    "AlphaDropout": _dropout,
    "GaussianDropout": _dropout,
    "Flatten": lambda cls, c: (_channels_last(cls, c), ("flatten", {}))[1],
    "Reshape": lambda cls, c: ("reshape", {"shape": list(items(c["target_shape"]))}),
    "Identity": _same("identity"),
    "Permute": lambda cls, c: ("permute", {"axes": list(items(c["dims"]))}),
    "GroupNormalization": _group_norm,
    "PReLU": _prelu,
    "Add": _same("add"),
    "Multiply": _same("multiply"),
    "Subtract": _same("subtract"),
    "Concatenate": _concat,
}

def _arithmetic(kind: str, by_constant: Callable[[float, bool], dict]):
    """`x + y` of two tensors is `kind`; with a number for one operand (MobileNetV3's
    hard sigmoid, `relu6(x + 3) * (1/6)`) it is a rescale, whose scale and offset
    `by_constant(number, whether it comes first)` gives."""
    def read(cls: str, c: dict):
        args = c.get("args") or []
        numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        if not numbers:
            return kind, {}
        if len(args) != 2 or len(numbers) != 1:
            raise Unsupported(say("unsupported.arguments", op=f"{cls} (keras.ops)",
                                  count=len(args)))
        scale, offset = by_constant(float(numbers[0]), args[0] is numbers[0]).values()
        return "rescale", {"scale": None if scale == 1 else scale, "offset": offset or None}
    return read


def _depth(kind: str):
    """keras.ops.depth_to_space / space_to_depth: TensorFlow's (dcr) channel order."""
    def read(cls: str, c: dict):
        _channels_last(cls, c)
        return kind, {"factor": c["block_size"], "order": "dcr"}
    return read


def _divide(number: float, first: bool) -> dict:
    if first or number == 0:
        raise Unsupported(say("unsupported.divide-tensor" if first else "unsupported.divide-zero",
                              op="Divide (keras.ops)"))
    return {"scale": 1 / number, "offset": 0.0}


# Operations on symbolic tensors (`x + y`, `keras.ops.concatenate`), serialised by Keras 3
# with a `module` under keras.src.ops: the same class names as the layers, other configs.
OPS: dict[str, Callable[[str, dict], tuple[str, dict]]] = {
    "Add": _arithmetic("add", lambda n, first: {"scale": 1.0, "offset": n}),
    "Multiply": _arithmetic("multiply", lambda n, first: {"scale": n, "offset": 0.0}),
    "Subtract": _arithmetic("subtract", lambda n, first: (
        {"scale": -1.0, "offset": n} if first else {"scale": 1.0, "offset": -n})),
    "TrueDivide": _arithmetic("divide", _divide),
    "Divide": _arithmetic("divide", _divide),
    "Concatenate": _concat,
    "DepthToSpace": _depth("pixel_shuffle"),
    "SpaceToDepth": _depth("space_to_depth"),
}


# Classes of keras.applications' own modules that are no keras.layers class, read only
# when the config names that very module (a user's class of the same name may differ).
APPLICATION_LAYERS: dict[tuple[str, str], Callable[[str, dict], tuple[str, dict]]] = {
    ("keras.src.applications.convnext", "LayerScale"): _same("layer_scale"),
}


def mapping(entry: dict, args: list | None = None) -> tuple[str, dict]:
    """`(kind, params)` for one layer entry of a config, called with `args` (an op's
    operands, Keras 3); raises Unsupported."""
    cls = entry.get("class_name")
    if not isinstance(cls, str):
        raise Unsupported(say("unsupported.no-class-name", name=repr(entry.get('name'))))
    module = entry.get("module")
    table = OPS if isinstance(module, str) and module.startswith("keras.src.ops") else LAYERS
    read = APPLICATION_LAYERS.get((module, cls)) or table.get(cls)
    if read is None:
        raise Unsupported(cls if table is LAYERS else f"{cls} (keras.ops)")
    config = entry.get("config")
    if not isinstance(config, dict):
        raise Unsupported(say("unsupported.no-config", op=cls))
    try:
        kind, params = read(cls, {**config, "build_config": entry.get("build_config"),
                                  "args": args})
    except (KeyError, TypeError, ValueError) as exc:
        raise Unsupported(say("unsupported.bad-config", op=cls, detail=exc)) from None
    return kind, params
