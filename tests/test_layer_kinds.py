"""The layer kinds of issue 5, written as arithmetic: shapes, parameters and MACs."""

from __future__ import annotations

import re

import pytest

from cnncalc import analyze, inline, loads


def first_row(input_text: str, token: str, **options):
    report = analyze(inline(input_text, [token]), **options)
    assert report.valid, [d.one_line() for d in report.errors]
    return report.rows[0]


# (input, layer, output shape, params, MACs)
KINDS = [
    ("8x8x16", "batchnorm", (8, 8, 16), 2 * 16 + 2 * 16, 0),
    ("100x16", "batchnorm", (100, 16), 4 * 16, 0),
    ("8x8x16", "layernorm", (8, 8, 16), 2 * 16, 0),
    ("7x5x32", "global_avgpool", (32,), 0, 0),
    ("7x5x32", "global_maxpool:keepdims=true", (1, 1, 32), 0, 0),
    ("9x7x5x4", "global_avgpool:keepdims=true", (1, 1, 1, 4), 0, 0),
    ("7x9x4", "adaptive_avgpool:output=3", (3, 3, 4), 0, 0),
    ("7x9x4", "adaptive_maxpool:output=2x5", (2, 5, 4), 0, 0),
    ("3x3x4", "adaptive_avgpool:output=7", (7, 7, 4), 0, 0),
    ("28x28x12", "channel_pool:size=3", (28, 28, 12 // 3), 0, 0),
    ("28x28x12", "channel_pool:size=4,mode=avg", (28, 28, 12 // 4), 0, 0),
    # conv_transpose: (X − 1)·S − 2P + D·(K − 1) + output_padding + 1
    ("5x5x3", "conv_transpose:filters=4,kernel=3,stride=2",
     ((5 - 1) * 2 + (3 - 1) + 1,) * 2 + (4,), 3 * 3 * 3 * 4 + 4, 5 * 5 * 3 * 3 * 3 * 4),
    ("5x5x3", "conv_transpose:filters=4,kernel=3,stride=2,padding=1,output_padding=1",
     ((5 - 1) * 2 - 2 * 1 + (3 - 1) + 1 + 1,) * 2 + (4,), 3 * 3 * 3 * 4 + 4,
     5 * 5 * 3 * 3 * 3 * 4),
    ("6x7x3", "conv_transpose:filters=6,kernel=4,stride=2,padding=1,dilation=2,groups=3",
     ((6 - 1) * 2 - 2 + 2 * (4 - 1) + 1, (7 - 1) * 2 - 2 + 2 * (4 - 1) + 1, 6),
     3 * 4 * 4 * (6 // 3) + 6, 6 * 7 * 3 * 4 * 4 * (6 // 3)),
    ("10x3", "conv_transpose:filters=2,kernel=5,stride=3,bias=false",
     ((10 - 1) * 3 + (5 - 1) + 1, 2), 3 * 5 * 2, 10 * 3 * 5 * 2),
    # Keras `same`: X·S; Keras `valid` with S > K: X·S as well
    ("5x6x3", "conv_transpose:filters=4,kernel=3,stride=2,padding=same", (5 * 2, 6 * 2, 4),
     3 * 3 * 3 * 4 + 4, 5 * 6 * 3 * 3 * 3 * 4),
    ("5x5x3", "conv_transpose:filters=4,kernel=2,stride=3,padding=valid", (5 * 3, 5 * 3, 4),
     3 * 2 * 2 * 4 + 4, 5 * 5 * 3 * 2 * 2 * 4),
    ("10x12x8", "depthwise_conv:kernel=3,multiplier=2", (8, 10, 8 * 2),
     8 * 3 * 3 * 2 + 8 * 2, 8 * 10 * 16 * 3 * 3),
    ("10x12x8", "depthwise_conv:kernel=3x5,stride=2,padding=same,bias=false",
     (10 // 2, 12 // 2, 8), 8 * 3 * 5, 5 * 6 * 8 * 3 * 5),
    # Keras SeparableConv2D: depthwise C·K·K·m without bias, pointwise C·m·F + F bias
    ("10x12x8", "separable_conv:filters=32,kernel=3", (8, 10, 32),
     8 * 3 * 3 + 8 * 32 + 32, 8 * 10 * 8 * 3 * 3 + 8 * 10 * 8 * 32),
    ("10x12x8", "separable_conv:filters=32,kernel=3,multiplier=2,padding=same",
     (10, 12, 32), 8 * 3 * 3 * 2 + 8 * 2 * 32 + 32, 10 * 12 * 16 * 3 * 3 + 10 * 12 * 16 * 32),
    ("5x6x3", "pad:padding=1x2", (5 + 2, 6 + 4, 3), 0, 0),
    ("5x6x3", "crop:cropping=1", (5 - 2, 6 - 2, 3), 0, 0),
    ("5x6x3", "upsample", (5 * 2, 6 * 2, 3), 0, 0),
    ("5x6x3", "upsample:scale=2x3,mode=bilinear", (5 * 2, 6 * 3, 3), 0, 0),
    ("5x6x3", "reshape:shape=-1x3", (5 * 6, 3), 0, 0),
    ("5x6x3", "reshape:shape=3x10x3", (3, 10, 3), 0, 0),
    ("4x4x8", "dense:units=10", (4, 4, 10), 8 * 10 + 10, 4 * 4 * 10 * 8),
    ("10x10x8", "conv:filters=16,kernel=3,groups=4", (8, 8, 16),
     8 // 4 * 3 * 3 * 16 + 16, 8 * 8 * 16 * 3 * 3 * (8 // 4)),
    ("39x31x1", "conv:filters=20,kernel=4", (36, 28, 20), 4 * 4 * 20 + 20, 36 * 28 * 20 * 4 * 4),
    ("16x16x4", "maxpool:size=2", (8, 8, 4), 0, 0),
    ("5x6x3", "identity", (5, 6, 3), 0, 0),
    # permute: the axes from 1, batch excluded, in the spec's order
    ("5x6x3", "permute:axes=2x1x3", (6, 5, 3), 0, 0),
    ("5x6x3", "permute:axes=3x1x2", (3, 5, 6), 0, 0),
    ("12", "permute:axes=1", (12,), 0, 0),
    # groupnorm and instancenorm: γ and β per channel when affine
    ("8x8x16", "groupnorm:groups=4", (8, 8, 16), 2 * 16, 0),
    ("8x8x16", "groupnorm:groups=4,affine=false", (8, 8, 16), 0, 0),
    ("8x8x16", "instancenorm", (8, 8, 16), 0, 0),
    ("8x8x16", "instancenorm:affine=true", (8, 8, 16), 2 * 16, 0),
    # prelu: Keras's default is a slope per element
    ("5x6x3", "prelu", (5, 6, 3), 5 * 6 * 3, 0),
    ("5x6x3", "prelu:slopes=channel", (5, 6, 3), 3, 0),
    ("5x6x3", "prelu:slopes=one", (5, 6, 3), 1, 0),
]


@pytest.mark.parametrize("input_text, token, shape, params, macs", KINDS)
def test_kind_arithmetic(input_text, token, shape, params, macs):
    row = first_row(input_text, token)
    assert (row.output_shape, row.params, row.macs) == (shape, params, macs)


@pytest.mark.parametrize("token, flops", [
    # FLOPs = 2·MACs + one add per output element for a bias
    ("conv:filters=4,kernel=3", 2 * 6 * 6 * 4 * 3 * 3 * 2 + 6 * 6 * 4),
    ("conv:filters=4,kernel=3,bias=false", 2 * 6 * 6 * 4 * 3 * 3 * 2),
    ("separable_conv:filters=4,kernel=3", 2 * (6 * 6 * 2 * 3 * 3 + 6 * 6 * 2 * 4) + 6 * 6 * 4),
    ("conv_transpose:filters=4,kernel=3", 2 * 8 * 8 * 2 * 3 * 3 * 4 + 10 * 10 * 4),
    ("batchnorm", 0),
    ("maxpool:size=2", 0),
])
def test_flops_are_two_per_mac_plus_bias(token, flops):
    assert first_row("8x8x2", token).flops == flops


def test_padding_per_side_from_yaml():
    spec = loads("input: [5, 6, 3]\nlayers:\n  - pad: {padding: [[1, 2], [0, 3]]}\n"
                 "  - crop: {cropping: [[2, 0], 1]}\n")
    rows = analyze(spec).rows
    assert rows[0].output_shape == (5 + 1 + 2, 6 + 0 + 3, 3)
    assert rows[1].output_shape == (8 - 2 - 0, 9 - 1 - 1, 3)


def test_batchnorm_keeps_trainable_and_non_trainable_apart():
    row = first_row("8x8x16", "batchnorm")
    assert (row.trainable, row.non_trainable, row.params_without_bias) == (
        2 * 16, 2 * 16, 4 * 16 - 16)


@pytest.mark.parametrize("dtype, size", [("float32", 4), ("float16", 2), ("bfloat16", 2),
                                         ("int8", 1), ("float64", 8)])
def test_memory_at_dtype(dtype, size):
    report = analyze(inline("10x10x3", ["conv:filters=8,kernel=3", "batchnorm", "flatten"]),
                     dtype=dtype)
    conv, norm, flat = report.rows
    assert (conv.activation_elements, conv.activation_bytes) == (8 * 8 * 8, 8 * 8 * 8 * size)
    assert norm.param_bytes == 4 * 8 * size
    assert report.totals.activation_bytes == 3 * 8 * 8 * 8 * size
    assert report.totals.param_bytes == (3 * 3 * 3 * 8 + 8 + 4 * 8) * size
    assert report.dtype == dtype


@pytest.mark.parametrize("input_text, token, message", [
    ("5x6x3", "reshape:shape=4x4x3", r"shape: \[4, 4, 3\] holds 48 elements but the input "
                                     r"\[5, 6, 3\] holds 90"),
    ("5x6x3", "reshape:shape=-1x4", "holds a multiple of 4 elements"),
    ("5x6x3", "crop:cropping=3", r"cropping: height 5 − 3 − 3 = -1 leaves nothing"),
    ("28x28x64", "channel_pool:size=3",
     r"channel count \(64 − 3\)/3 \+ 1 = 21\.33 is not an integer"),
    ("3x3x2", "conv_transpose:filters=2,kernel=1,padding=2",
     r"height \(3 − 1\)·1 − 2·2 \+ \(1 − 1\) \+ 1 = -1 leaves no output"),
    ("5x5x2", "conv_transpose:filters=2,kernel=3,stride=2,output_padding=2",
     "output_padding: height 2 must be smaller than the stride 2"),
    ("5x5x2", "conv_transpose:filters=2,kernel=3,dilation=3,output_padding=2",
     "output_padding: Keras needs it below the stride 1"),
    ("5x5x2", "depthwise_conv:kernel=7", "the kernel spans 7 but the padded input is only 5"),
    ("10x3", "pad:padding=1x1",
     r"padding: \[\[1, 1\], \[1, 1\]\] has 2 entries but the input has 1 spatial axis"),
])
def test_errors_name_the_arithmetic(input_text, token, message):
    report = analyze(inline(input_text, [token]))
    assert not report.valid
    assert any(re.search(message, e.message) for e in report.errors), \
        [e.message for e in report.errors]


def test_channel_pool_floor_drops_channels():
    report = analyze(inline("28x28x64", ["channel_pool:size=3"]), "floor")
    assert report.rows[0].output_shape == (28, 28, 64 // 3)
    assert "rounded down to 21; the last 1 channel" in report.warnings[0].message


def test_reshape_in_channels_first_layout():
    spec = loads("input: [3, 4, 5]\nlayout: channels_first\nlayers:\n"
                 "  - reshape: {shape: [3, 20]}\n")
    assert analyze(spec).rows[0].output_shape == (3, 20)


@pytest.mark.parametrize("text, message", [
    ("reshape: {shape: [-1, -1]}", "only one size may be -1"),
    ("reshape: {shape: [0, 3]}", "must be ≥ 1"),
    ("pad: {padding: [[1, 2, 3]]}", r"one int or \[before, after\]"),
    ("upsample: {mode: bicubic}", "expected one of nearest, bilinear"),
    ("batchnorm: {momentum: 2}", "between 0.0 and 1.0"),
    ("clip: {min: 6, max: 0}", "min 6 is above max 0"),
])
def test_param_types_reject_bad_values(text, message):
    from cnncalc.core.errors import SpecError

    with pytest.raises(SpecError, match=message):
        loads(f"input: [8, 8, 3]\nlayers:\n  - {text}\n")


def test_clip_keeps_the_shape_and_learns_nothing():
    row = analyze(inline("5x4x3", ["clip:min=0,max=6"])).rows[0]
    assert (row.output_shape, row.params, row.macs) == ((5, 4, 3), 0, 0)
