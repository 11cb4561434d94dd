"""What Keras and PyTorch call things that cnncalc calls otherwise, for error messages.

A user coming from a framework writes its class and argument names (`Conv2d`,
`MaxPooling2D`, `kernel_size`, `input_shape`). These tables turn such a name into the
cnncalc name to write instead, so the message names the fix rather than whatever kind is
closest in spelling. Names are compared after `normal` (case, underscores and the `1d`/`2D`
suffix do not matter), and a name equal to a kind's own (`Dense`, `Flatten`, `ReLU`) needs
no entry. The registry stays the source of kind names: a test checks every target is one.
"""

from __future__ import annotations

import re

from ..core.messages import say

# Framework layer classes (normalised) whose cnncalc kind is spelled differently.
KINDS = {
    "convolution": "conv", "convtranspose": "conv_transpose", "deconvolution": "conv_transpose",
    "convolutiontranspose": "conv_transpose", "depthwiseconv": "depthwise_conv",
    "separableconv": "separable_conv", "linear": "dense", "lazylinear": "dense",
    "maxpooling": "maxpool", "averagepooling": "avgpool", "avgpooling": "avgpool",
    "globalaveragepooling": "global_avgpool", "globalavgpool": "global_avgpool",
    "globalmaxpooling": "global_maxpool", "adaptiveavgpool": "adaptive_avgpool",
    "adaptivemaxpool": "adaptive_maxpool", "batchnormalization": "batchnorm",
    "layernormalization": "layernorm", "zeropadding": "pad", "zeropad": "pad",
    "constantpad": "pad", "cropping": "crop", "upsampling": "upsample",
    "upsamplingnearest": "upsample", "upsamplingbilinear": "upsample",
    "concatenate": "concat", "cat": "concat", "spatialdropout": "dropout",
    "leakyrelu": "leaky_relu", "hardsigmoid": "hard_sigmoid", "hardswish": "hard_swish",
    "logsoftmax": "log_softmax", "identity": "linear", "mul": "multiply",
}

# Layers of other families: no cnncalc kind computes them, so none is suggested.
UNSUPPORTED = frozenset({
    "attention", "multiheadattention", "additiveattention", "selfattention", "lstm", "gru",
    "rnn", "simplernn", "lstmcell", "grucell", "rnncell", "simplernncell", "bidirectional",
    "timedistributed", "convlstm", "embedding", "embeddingbag", "transformer",
    "transformerencoder", "transformerdecoder", "transformerencoderlayer",
    "transformerdecoderlayer", "lambda",
})

# Framework argument names (Keras or PyTorch) that cnncalc spells differently.
KEYS = {
    "kernel_size": "kernel", "strides": "stride", "pool_size": "size",
    "out_channels": "filters", "out_features": "units", "use_bias": "bias",
    "dilation_rate": "dilation", "depth_multiplier": "multiplier", "p": "rate",
    "scale_factor": "scale", "size_factor": "scale", "interpolation": "mode",
    "output_size": "output", "target_shape": "shape", "eps": "epsilon", "dim": "axis",
    "keepdim": "keepdims", "input_shape": "input",
}

# Arguments cnncalc has no use for: the input's shape decides them.
INFERRED = frozenset({"in_channels", "in_features", "num_features", "normalized_shape",
                      "input_dim"})

_SUFFIX = r"[123]d"  # a pattern text: compiled by `re` on the first hint, not at import


def normal(name: str) -> str:
    """`MaxPool2d`, `max_pool2D` and `maxpool` all become `maxpool`."""
    return re.sub(_SUFFIX, "", name.lower().replace("_", ""))


def kind_hint(name: str, kinds) -> str | None:
    """What to tell a user who wrote the layer kind `name`, when a framework explains it."""
    key = normal(name)
    if key in UNSUPPORTED:
        return say("hint.unsupported", name=name)
    matches = [kind for kind in kinds if normal(kind) == key]
    target = KINDS.get(key) or (matches[0] if len(matches) == 1 else None)
    return say("hint.calls", target=repr(target)) if target in kinds else None


def key_hint(key: str, known) -> str | None:
    """What to tell a user who wrote the argument `key` where `known` are the keys."""
    if key in INFERRED:
        return say("hint.inferred")
    target = KEYS.get(key)
    if target == "input" and "input" not in known:
        return say("hint.input")
    return say("hint.calls", target=repr(target)) if target in known else None
