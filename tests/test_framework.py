"""Where Keras and PyTorch read the same spec differently: cnncalc follows the chosen
framework and records a portability note on every such layer."""

from __future__ import annotations

import pytest

from cnncalc import analyze, inline, loads
from cnncalc.engine.walk import portability
from cnncalc.core.errors import SpecError


def walk(input_text, *tokens, framework="keras", rounding=None):
    return analyze(inline(input_text, list(tokens)), rounding, framework=framework)


def test_batchnorm_params_follow_the_framework():
    keras, torch = (walk("8x8x16", "batchnorm", framework=f).rows[0]
                    for f in ("keras", "pytorch"))
    assert (keras.params, keras.trainable, keras.non_trainable) == (4 * 16, 2 * 16, 2 * 16)
    assert (torch.params, torch.trainable, torch.non_trainable) == (2 * 16, 2 * 16, 2 * 16)
    assert keras.param_bytes == torch.param_bytes == 4 * 16 * 4  # buffers are stored too


def test_same_with_stride_two():
    keras = walk("224x224x3", "conv:filters=8,kernel=3,stride=2,padding=same")
    assert keras.valid and keras.rows[0].output_shape == (112, 112, 8)
    assert "Keras pads [[0, 1], [0, 1]]" in keras.portability[0].message
    torch = walk("224x224x3", "conv:filters=8,kernel=3,stride=2,padding=same",
                 framework="pytorch")
    error = torch.errors[0]
    assert error.message == ("conv1: padding: PyTorch refuses padding='same' with stride > 1; "
                             "write the padding")
    assert error.fixes == ("padding: 1 (same size, padded evenly; needs rounding: floor)",
                           "a pad layer with padding [[0, 1], [0, 1]] before it and padding 0 "
                           "(exactly Keras)")
    # both fixes give Keras's 112 in PyTorch
    assert walk("224x224x3", "conv:filters=8,kernel=3,stride=2,padding=1", framework="pytorch",
                rounding="floor").rows[0].output_shape == (112, 112, 8)
    fixed = loads("input: [224, 224, 3]\nframework: pytorch\nlayers:\n"
                  "  - pad: {padding: [[0, 1], [0, 1]]}\n"
                  "  - conv: {filters: 8, kernel: 3, stride: 2}\n")
    assert analyze(fixed).rows[1].output_shape == (112, 112, 8)


def test_same_with_stride_one_is_portable():
    for framework in ("keras", "pytorch"):
        report = walk("9x9x1", "conv:filters=1,kernel=4,padding=same", framework=framework)
        assert report.valid and report.rows[0].output_shape == (9, 9, 1)
        assert report.portability == ()


def test_pooling_same_and_wide_padding():
    torch = walk("9x9x1", "maxpool:size=2,padding=same", framework="pytorch")
    assert "PyTorch pooling has no padding='same'" in torch.errors[0].message
    assert torch.errors[0].fixes == ("padding: 1 (same size, padded evenly; needs rounding: "
                                     "floor)",)
    keras = walk("9x9x1", "maxpool:size=2,padding=same")
    assert keras.rows[0].output_shape == (5, 5, 1)
    wide = "maxpool:size=3,stride=1,padding=2"
    assert walk("9x9x1", wide).rows[0].output_shape == (9 + 4 - 3 + 1,) * 2 + (1,)
    assert "half the window 3: PyTorch refuses it" in walk("9x9x1", wide).portability[0].message
    assert "at most half its size (height: 1), got 2" in walk(
        "9x9x1", wide, framework="pytorch").errors[0].message


def test_ceil_rounding_is_pytorch_only():
    report = walk("11x11x1", "maxpool:size=2", rounding="ceil")
    assert report.rows[0].output_shape == (6, 6, 1)
    assert [n.text for n in report.portability] == [
        f"{axis} rounded up to 6 as PyTorch's ceil_mode=True; Keras pooling has no ceil mode "
        f"(floor gives 5)" for axis in ("height", "width")]


def test_transposed_same_and_valid():
    keras = walk("5x5x2", "conv_transpose:filters=2,kernel=3,stride=2,padding=same")
    assert keras.rows[0].output_shape == (10, 10, 2)
    torch = walk("5x5x2", "conv_transpose:filters=2,kernel=3,stride=2,padding=same",
                 framework="pytorch")
    assert torch.errors[0].fixes == ("padding: 1, output_padding: 1 (same size)",)
    fixed = walk("5x5x2", "conv_transpose:filters=2,kernel=3,stride=2,padding=1,"
                 "output_padding=1", framework="pytorch")
    assert fixed.rows[0].output_shape == (10, 10, 2)
    token = "conv_transpose:filters=2,kernel=2,stride=3,padding=valid"
    assert walk("5x5x2", token).rows[0].output_shape == (5 * 3, 5 * 3, 2)
    assert walk("5x5x2", token, framework="pytorch").rows[0].output_shape == (
        (5 - 1) * 3 + 2, (5 - 1) * 3 + 2, 2)


def test_output_padding_between_stride_and_dilation():
    token = "conv_transpose:filters=2,kernel=3,dilation=3,output_padding=2"
    assert not walk("5x5x2", token).valid
    torch = walk("5x5x2", token, framework="pytorch")
    assert torch.valid and torch.rows[0].output_shape == ((5 - 1) + 3 * 2 + 2 + 1,) * 2 + (2,)


def test_framework_key_in_the_spec_and_the_override():
    spec = loads("input: [8, 8, 4]\nframework: pytorch\nlayers:\n  - batchnorm\n")
    assert analyze(spec).rows[0].params == 2 * 4
    assert analyze(spec, framework="keras").rows[0].params == 4 * 4
    assert analyze(spec).framework == "pytorch"
    with pytest.raises(SpecError, match="framework: expected one of keras, pytorch"):
        loads("input: [8, 8, 4]\nframework: jax\nlayers:\n  - batchnorm\n")


def test_portability_merges_both_walks():
    """PyTorch stops at conv1; the Keras walk still finds batchnorm1 after it."""
    spec = inline("32x32x3", ["conv:filters=8,kernel=3,stride=2,padding=same", "relu",
                              "batchnorm", "conv:filters=8,kernel=3,padding=same"])
    assert [n.layer for n in analyze(spec, framework="pytorch").portability] == ["conv1"]
    assert [n.layer for n in portability(spec)] == ["conv1", "batchnorm1"]


PORTABLE = [
    ["conv:filters=8,kernel=3", "maxpool:size=2", "flatten", "dense:units=10"],
    ["conv:filters=8,kernel=5,dilation=2,padding=same", "layernorm", "global_avgpool"],
    ["depthwise_conv:kernel=3,padding=1", "separable_conv:filters=8,kernel=3,padding=same",
     "upsample:mode=bilinear", "conv_transpose:filters=2,kernel=4,stride=2,padding=1"],
]
DIFFERENT = [
    ["conv:filters=8,kernel=3,stride=2,padding=same", "batchnorm", "flatten"],
    ["conv_transpose:filters=2,kernel=1,stride=2,padding=valid", "maxpool:size=2"],
    ["avgpool:size=3,stride=2,padding=same", "conv:filters=2,kernel=3"],
    ["maxpool:size=3,stride=1,padding=2", "depthwise_conv:kernel=3,stride=2,padding=same"],
]


@pytest.mark.parametrize("tokens", PORTABLE + DIFFERENT)
def test_the_first_layer_that_differs_carries_a_note(tokens):
    spec = inline("16x16x4", tokens)
    keras, torch = (analyze(spec, "floor", framework=f) for f in ("keras", "pytorch"))
    noted = {n.layer for n in portability(spec, "floor")}
    differing = [k.name for k, t in zip(keras.rows, torch.rows)
                 if (k.output_shape, k.params) != (t.output_shape, t.params)]
    if len(keras.rows) != len(torch.rows):
        differing.append(torch.rows[-1].name)
    assert bool(noted) == (tokens in DIFFERENT)
    if differing:
        assert differing[0] in noted


def test_the_autoencoder_spec_is_keras_only():
    from cnncalc import load

    spec = load("specs/zoo/conv_autoencoder_28x28x1.yaml")
    keras = analyze(spec)
    assert keras.valid and [r.output_shape[:2] for r in keras.rows][::3] == [
        (14, 14), (7, 7), (14, 14), (28, 28)]
    assert keras.totals.non_trainable == 2 * (16 + 32 + 16)
    assert not analyze(spec, framework="pytorch").valid
    assert [n.layer for n in portability(spec)] == [
        "conv1", "batchnorm1", "conv2", "batchnorm2", "conv_transpose1", "batchnorm3",
        "conv_transpose2"]
