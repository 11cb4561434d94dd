"""What a user who thinks in Keras or PyTorch writes, and what cnncalc answers: the fix in
their terms (their numbers, cnncalc's name for their class or argument), never a bogus
suggestion or a Python type name."""

from __future__ import annotations

import json

import pytest

from cnncalc import loads
from cnncalc.read.framework_names import INFERRED, KEYS, KINDS, kind_hint, normal
from cnncalc.layers import REGISTRY
from cnncalc.read.reader import COMMON_KEYS
from cnncalc.read.spec import TOP_KEYS

HEAD = "input: [28, 28, 1]\nlayers:\n"


def errors(invoke, tmp_path, text: str) -> tuple[int, list[str]]:
    (tmp_path / "net.yaml").write_text(text, encoding="utf-8")
    result = invoke("summary", str(tmp_path / "net.yaml"))
    prefix = str(tmp_path) + "/"
    return result.exit_code, [line.replace(prefix, "") for line in result.stderr.splitlines()]


@pytest.mark.parametrize("text, expected", [
    (HEAD + "  - conv: {filters: 8, kernel: (3, 3)}\n",
     "net.yaml:3:24: error: layer 1 (conv1): kernel: (3, 3) is Python's tuple syntax; YAML "
     "writes a list as [3, 3]. Fix: kernel: [3, 3]"),
    (HEAD + "  - conv:\n      filters: 8\n      stride: (2,2)\n      kernel: 3\n",
     "net.yaml:5:7: error: layer 1 (conv1): stride: (2,2) is Python's tuple syntax; YAML "
     "writes a list as [2, 2]. Fix: stride: [2, 2]"),
    ("input: (28, 28, 1)\nlayers:\n  - flatten\n",
     "net.yaml:1:1: error: input: (28, 28, 1) is Python's tuple syntax; YAML writes a list as "
     "[28, 28, 1]. Fix: input: [28, 28, 1]"),
    ("input_shape: [28, 28, 1]\nlayers:\n  - flatten\n",
     "net.yaml:1:1: error: unknown top-level key 'input_shape'; cnncalc calls it 'input'"),
    (HEAD + "  - conv: {filters: 8, kernel: 3, input_shape: [28, 28, 1]}\n",
     "net.yaml:3:35: error: layer 1 (conv1): unknown conv parameter 'input_shape'; the "
     "network's input shape is written once, at the top: `input: [...]`"),
    (HEAD + "  - conv: {filters: 8, kernel_size: 3, kernel: 3}\n",
     "net.yaml:3:24: error: layer 1 (conv1): unknown conv parameter 'kernel_size'; cnncalc "
     "calls it 'kernel'"),
    (HEAD + "  - conv: {filters: 8, kernel: 3, in_channels: 1}\n",
     "net.yaml:3:35: error: layer 1 (conv1): unknown conv parameter 'in_channels'; cnncalc "
     "reads it from the input's shape: leave it out"),
    (HEAD + "  - conv: {filters: 8, kernel: 3, padding: SAME}\n",
     "net.yaml:3:35: error: layer 1 (conv1): padding: 'SAME' is written 'same' here. "
     "Fix: padding: same"),
    (HEAD + "  - conv: {filters: 8, kernel: 3, activation: ReLU}\n",
     "net.yaml:3:35: error: layer 1 (conv1): activation: 'ReLU' is written 'relu' here. "
     "Fix: activation: relu"),
    (HEAD + "  - conv: {filters: 8, kernel: 3, activation: LeakyReLU}\n",
     "net.yaml:3:35: error: layer 1 (conv1): activation: 'LeakyReLU' is written 'leaky_relu' "
     "here. Fix: activation: leaky_relu"),
    (HEAD + "\t- flatten\n",
     "net.yaml:3:1: error: invalid YAML: a tab in the indentation; YAML indents with spaces "
     "only"),
    (HEAD + "  - conv:\n\t  filters: 8\n",
     "net.yaml:4:1: error: invalid YAML: a tab in the indentation; YAML indents with spaces "
     "only"),
    (HEAD + "  - attention: {units: 8}\n",
     "net.yaml:3:5: error: layer 1: unknown layer kind 'attention'; cnncalc does not compute "
     "attention layers, only convolutional networks (`cnncalc kinds` lists the kinds it has)"),
    (HEAD + "  - LSTM\n",
     "net.yaml:3:5: error: layer 1: unknown layer kind 'LSTM'; cnncalc does not compute LSTM "
     "layers, only convolutional networks (`cnncalc kinds` lists the kinds it has)"),
    (HEAD + "  - Conv2d: {filters: 8, kernel: 3}\n",
     "net.yaml:3:5: error: layer 1: unknown layer kind 'Conv2d'; cnncalc calls it 'conv'"),
    (HEAD + "  - GlobalAveragePooling2D\n",
     "net.yaml:3:5: error: layer 1: unknown layer kind 'GlobalAveragePooling2D'; cnncalc calls "
     "it 'global_avgpool'"),
    (HEAD + "  - Linear: {units: 8}\n",
     "net.yaml:3:5: error: layer 1: unknown layer kind 'Linear'; cnncalc calls it 'dense'"),
    (HEAD + "  - conv: {filters: 8, kernel: {size: 3}}\n",
     "net.yaml:3:24: error: layer 1 (conv1): kernel: expected an integer, got the mapping "
     "{'size': 3}"),
    (HEAD + "  - conv: {filters: 8, kernel: }\n",
     "net.yaml:3:24: error: layer 1 (conv1): kernel: expected an integer, got nothing (an "
     "empty value)"),
    (HEAD + "  - conv: {filters: 8, kernel: 3, inputs: }\n",
     "net.yaml:3:35: error: layer 1 (conv1): inputs: expected a layer name or a list of names, "
     "got nothing (an empty value)"),
    ("input: [28, 28, 1]\n~: 3\nlayers: [flatten]\n",
     "net.yaml:2:1: error: keys must be text, got nothing (an empty value)"),
])
def test_a_framework_habit_gets_the_fix_in_the_users_terms(invoke, tmp_path, text, expected):
    assert errors(invoke, tmp_path, text) == (1, [expected])


def test_3x3_means_the_same_in_yaml_as_on_the_command_line(invoke, tmp_path):
    (tmp_path / "net.yaml").write_text(
        "input: 28x28x1\nlayers:\n  - conv: {filters: 8, kernel: 3x3, stride: 1x5}\n"
        "  - pad: {padding: 1x0}\n  - flatten\n  - reshape: {shape: -1x8}\n", encoding="utf-8")
    from_yaml = invoke("summary", str(tmp_path / "net.yaml"), "--format", "json")
    inline = invoke("summary", "--input", "28x28x1", "conv:filters=8,kernel=3x3,stride=1x5",
                    "pad:padding=1x0", "flatten", "reshape:shape=-1x8", "--format", "json")
    assert from_yaml.exit_code == inline.exit_code == 0
    layers = [json.loads(result.stdout)["layers"] for result in (from_yaml, inline)]
    assert layers[0] == layers[1]
    assert [(layer["output_shape"], layer["params"]) for layer in layers[0]] == [
        ([26, 6, 8], 80), ([28, 6, 8], 0), ([1344], 0), ([168, 8], 0)]


def test_3x3_is_in_the_schema_too():
    import yaml
    from test_schema import VALIDATOR

    spec = HEAD + "  - conv: {filters: 8, kernel: 3x3}\n"
    assert VALIDATOR.is_valid(yaml.safe_load(spec))
    assert loads(spec).layers[0].params["kernel"] == (3, 3)
    assert not VALIDATOR.is_valid(yaml.safe_load(HEAD + "  - conv: {filters: 8, kernel: 3y3}\n"))
    assert VALIDATOR.is_valid(yaml.safe_load("input: 28x28x1\nlayers:\n  - flatten\n"))
    assert loads("input: 28x28x1\nlayers:\n  - flatten\n").input_shape == (28, 28, 1)


def test_a_name_close_only_in_spelling_is_not_suggested(invoke):
    """`norm` is not `layernorm` (nor batchnorm): no suggestion beats a bogus one."""
    result = invoke("summary", "--input", "8x8x1", "norm")
    assert result.stderr == ("<command line>: error: layer 1: unknown layer kind 'norm'; "
                             f"expected one of {', '.join(REGISTRY)}\n")


@pytest.mark.parametrize("name, kind", [
    ("Conv1d", "conv"), ("Conv2D", "conv"), ("Conv3d", "conv"), ("MaxPool2d", "maxpool"),
    ("MaxPooling2D", "maxpool"), ("AvgPool2d", "avgpool"), ("AveragePooling2D", "avgpool"),
    ("Linear", "dense"), ("Dense", "dense"), ("BatchNorm2d", "batchnorm"),
    ("BatchNormalization", "batchnorm"), ("ReLU", "relu"), ("ReLU6", "relu6"),
    ("Dropout", "dropout"), ("Dropout2d", "dropout"), ("AdaptiveAvgPool2d", "adaptive_avgpool"),
    ("GlobalMaxPooling2D", "global_maxpool"), ("ZeroPadding2D", "pad"),
    ("ZeroPad2d", "pad"), ("UpSampling2D", "upsample"), ("Upsample", "upsample"),
    ("Concatenate", "concat"), ("Add", "add"), ("Multiply", "multiply"), ("Flatten", "flatten"),
    ("ConvTranspose2d", "conv_transpose"), ("Conv2DTranspose", "conv_transpose"),
    ("DepthwiseConv2D", "depthwise_conv"), ("SeparableConv2D", "separable_conv"),
    ("Cropping2D", "crop"), ("LayerNorm", "layernorm"), ("Hardswish", "hard_swish"),
    ("SiLU", "silu"), ("GELU", "gelu"), ("Softmax", "softmax"), ("Reshape", "reshape"),
])
def test_framework_class_names_map_to_kinds(name, kind):
    assert kind_hint(name, tuple(REGISTRY)) == f"cnncalc calls it {kind!r}"


def test_the_tables_name_only_what_exists():
    every_key = {p.name for kind in REGISTRY.values() for p in kind.params}
    assert set(KINDS.values()) <= set(REGISTRY)
    assert set(KEYS.values()) <= every_key | set(TOP_KEYS) | set(COMMON_KEYS)
    assert not INFERRED & every_key
    assert all(normal(name) == name for name in KINDS)  # keys are written normalised
