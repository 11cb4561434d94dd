"""Keras 3 layers equal to cnncalc layers, for the differential tests, run on Keras's
torch backend (the `test` extra installs Keras; torch is the `torch` extra).

Import this module only after `pytest.importorskip("torch")`: it sets KERAS_BACKEND,
which Keras reads once, when it is first imported.
"""

from __future__ import annotations

import os

os.environ["KERAS_BACKEND"] = "torch"

import keras  # noqa: E402


def keras_twin(layer, rank: int, *, dtype: str = "float32", positive: bool = False):
    """The Keras layer computing `layer` on `rank` spatial axes, channels first so that it
    takes torch's tensors; None where Keras has no such layer (explicit padding is
    PyTorch's; UpSampling1D and 3D only repeat). `positive` draws every weight from
    [0.5, 1), for impulse responses."""
    p = layer.params
    common = {"data_format": "channels_first", "dtype": dtype}
    if layer.kind == "upsample":
        if rank != 2 or p["align_corners"] or p["mode"] == "nearest" and p["output"]:
            return None  # Keras resizes with the half-pixel rule, and 2-D maps only
        if p["output"] is not None:
            size = p["output"] if isinstance(p["output"], tuple) else (p["output"],) * 2
            return keras.layers.Resizing(*size, interpolation=p["mode"].split("_")[0],
                                         **common)
        return keras.layers.UpSampling2D(p["scale"] or 2, interpolation=p["mode"].split("_")[0],
                                         **common)
    if layer.kind not in ("conv", "conv_transpose") or not isinstance(p["padding"], str):
        return None
    if positive:
        common["kernel_initializer"] = keras.initializers.RandomUniform(0.5, 1.0)
    name = f"Conv{rank}D" + ("Transpose" if layer.kind == "conv_transpose" else "")
    extra = {"output_padding": p["output_padding"]} if layer.kind == "conv_transpose" else {}
    return getattr(keras.layers, name)(p["filters"], p["kernel"], strides=p["stride"],
                                       padding=p["padding"], dilation_rate=p["dilation"],
                                       use_bias=p["bias"], **extra, **common)
