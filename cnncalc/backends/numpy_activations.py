"""The activation functions of the numpy backend, element-wise on float32 arrays; each
is also the op of the activation's own layer kind (see Backend.__init_subclass__)."""

from __future__ import annotations

import math

import numpy as np


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
    "clip": lambda x, p: np.clip(x, np.float32(p["min"]), np.float32(p["max"])),
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
