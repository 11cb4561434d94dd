"""Keras/PyTorch semantics of the window arithmetic: same, dilation, groups, ceil mode,
1-D/3-D inputs, channels_first, and the errors that hold in every rounding mode."""

import pytest

from cnncalc import analyze, inline


def run(sizes, *tokens, **top):
    return analyze(inline(sizes, list(tokens), **top))


def out(sizes, *tokens, **top):
    report = run(sizes, *tokens, **top)
    assert report.valid, [d.message for d in report.errors]
    return report.rows[-1].output_shape


@pytest.mark.parametrize("tokens, expected", [
    # same padding: ceil(X / S) whatever the kernel (Keras/TensorFlow)
    (["conv:filters=8,kernel=3,padding=same"], (39, 31, 8)),
    (["conv:filters=8,kernel=4,stride=2,padding=same"], (-(-39 // 2), -(-31 // 2), 8)),
    (["conv:filters=8,kernel=3,stride=3,padding=same"], (13, -(-31 // 3), 8)),
    # dilation: the kernel spans D·(K − 1) + 1
    (["conv:filters=8,kernel=3,dilation=2"], (39 - 4, 31 - 4, 8)),
    (["conv:filters=8,kernel=3x2,dilation=3x1,padding=2x0"], ((39 + 4 - 7) + 1, 31 - 1, 8)),
    # per-axis stride and padding
    (["conv:filters=4,kernel=3,stride=2x1,padding=1x0"], ((39 + 2 - 3) // 2 + 1, 29, 4)),
    # overlapping pooling
    (["maxpool:size=3,stride=2"], ((39 - 3) // 2 + 1, (31 - 3) // 2 + 1, 1)),
])
def test_conv_and_pool_shapes(tokens, expected):
    assert out("39x31x1", *tokens) == expected


def test_groups_divide_the_weights():
    report = run("8x8x6", "conv:filters=12,kernel=3,groups=3")
    assert report.rows[0].params_without_bias == (6 // 3) * 3 * 3 * 12
    assert report.rows[0].params == (6 // 3) * 3 * 3 * 12 + 12


def test_depthwise_conv_as_groups_equal_channels():
    report = run("8x8x32", "conv:filters=32,kernel=3,groups=32,bias=false")
    assert report.rows[0].params == 1 * 3 * 3 * 32


@pytest.mark.parametrize("sizes, tokens, expected", [
    ("100x3", ["conv:filters=16,kernel=5,stride=2"], ((100 - 5) // 2 + 1, 16)),  # 1-D
    ("16x32x32x3", ["conv:filters=8,kernel=3,padding=1", "maxpool:size=2"], (8, 16, 16, 8)),
    ("16x32x32x3", ["conv:filters=8,kernel=3x5x5"], (14, 28, 28, 8)),
])
def test_one_and_three_spatial_axes(sizes, tokens, expected):
    assert out(sizes, *tokens, rounding="floor") == expected


def test_three_d_counts():
    report = run("16x32x32x3", "conv:filters=8,kernel=3")
    assert report.rows[0].params == 3 * 3 * 3 * 3 * 8 + 8


def test_channels_first_layout_is_shown_as_written():
    report = run("1x39x31", "conv:filters=20,kernel=4", "maxpool:size=2", "flatten",
                 layout="channels_first")
    assert report.input_shape == (1, 39, 31)
    assert [row.output_shape for row in report.rows] == [(20, 36, 28), (20, 18, 14),
                                                         (20 * 18 * 14,)]
    assert report.rows[0].params == 1 * 4 * 4 * 20 + 20


@pytest.mark.parametrize("size, kernel, stride, padding, floor_out, ceil_out", [
    (11, 2, 2, 0, 5, 6),
    (10, 3, 2, 0, 4, 5),
    # the last window would start in the right padding only: PyTorch drops it
    (5, 2, 2, 1, 3, 3),
    (6, 3, 3, 1, 2, 3),
    (8, 2, 2, 0, 4, 4),  # exact: ceil changes nothing
])
def test_ceil_mode_follows_pytorch(size, kernel, stride, padding, floor_out, ceil_out):
    token = f"maxpool:size={kernel},stride={stride},padding={padding}"
    assert out(f"{size}x1", token, rounding="floor") == (floor_out, 1)
    assert out(f"{size}x1", token, rounding="ceil") == (ceil_out, 1)


def test_ceil_mode_still_floors_convolutions():
    report = run("11x1", "conv:filters=1,kernel=2,stride=2", rounding="ceil")
    assert report.rows[0].output_shape == (5, 1)
    assert report.warnings[0].code == "floor"


def test_ceil_mode_warns_about_the_partial_window():
    report = run("11x11x3", "maxpool:size=2", rounding="ceil")
    assert report.rows[0].output_shape == (6, 6, 3)
    assert report.warnings[0].message == (
        "maxpool1: height (11 − 2)/2 + 1 = 5.5 rounded up to 6: the last window is partial")


@pytest.mark.parametrize("rounding", ["strict", "floor", "ceil"])
@pytest.mark.parametrize("sizes, tokens, message", [
    ("3x3x1", ["conv:filters=1,kernel=5"],
     "conv1: height: the kernel spans 5 but the padded input is only 3"),
    ("8x8x1", ["conv:filters=1,kernel=3,dilation=4"],
     "conv1: height: the kernel spans 9 but the padded input is only 8"),
    ("8x8x6", ["conv:filters=8,kernel=3,groups=4"],
     "conv1: groups: 4 does not divide the 6 input channels"),
    ("8x8x1", ["flatten", "conv:filters=1,kernel=1"],
     "conv1: needs spatial axes but its input is the flat vector [64]"),
    ("8x8x1", ["conv:filters=1,kernel=3x3x3"],
     "conv1: kernel: [3, 3, 3] has 3 entries but the input has 2 spatial axes"),
])
def test_errors_in_every_mode(rounding, sizes, tokens, message):
    report = run(sizes, *tokens, rounding=rounding)
    assert [d.message for d in report.errors] == [message]


def test_strict_error_names_axis_and_suggests_padding():
    report = run("39x31x1", "conv:filters=4,kernel=4,stride=3")
    assert [d.message for d in report.errors] == [
        "conv1: height (39 − 4)/3 + 1 = 12.67 is not an integer"]
    # (39 + 2·2 − 4) = 39 is divisible by 3; the width (31 − 4)/3 + 1 = 10 is already exact
    assert report.errors[0].fixes == ("padding: [2, 0] on conv1",
                                      "rounding: floor drops 2 rows")


def test_with_stride_two_no_symmetric_padding_helps_so_the_input_size_is_suggested():
    report = run("39x31x1", "conv:filters=4,kernel=4,stride=2")
    assert [d.message for d in report.errors] == [
        "conv1: height (39 − 4)/2 + 1 = 18.5 is not an integer",
        "conv1: width (31 − 4)/2 + 1 = 14.5 is not an integer",
    ]
    assert report.errors[0].fixes == ("an input height of 40 instead of 39",
                                      "padding: same on conv1 (output ceil(X/S))",
                                      "rounding: floor drops 1 row")


def test_a_floor_that_drops_only_padding_says_so():
    report = run("56x56x64", "conv:filters=8,kernel=3,stride=2,padding=1", rounding="floor")
    assert [d.message for d in report.warnings] == [
        "conv1: height and width (56 + 2·1 − 3)/2 + 1 = 28.5 rounded down to 28; only 1 row "
        "and 1 column of right padding unused"]
    strict = run("56x56x64", "conv:filters=8,kernel=3,stride=2,padding=1")
    assert strict.errors[0].fixes[-1] == "rounding: floor drops only padding"


def test_the_walk_goes_on_after_an_inexact_layer():
    report = run("9x9x1", "maxpool:size=2", "conv:filters=1,kernel=5")
    assert [d.code for d in report.errors] == ["inexact", "inexact", "kernel-too-large"]
    assert report.rows[0].output_shape == (4, 4, 1)


def test_dense_acts_on_the_last_axis():
    report = run("5x7x3", "dense:units=4")
    assert report.rows[0].output_shape == (5, 7, 4)
    assert report.rows[0].params == 3 * 4 + 4


def test_bias_defaults_and_overrides():
    no_bias = run("8x8x3", "conv:filters=4,kernel=3", "flatten", "dense:units=2,bias=true",
                  bias=False)
    assert [row.params for row in no_bias.rows] == [3 * 3 * 3 * 4, 0, 6 * 6 * 4 * 2 + 2]


def test_a_flat_input_feeds_dense_layers():
    report = run("784", "dense:units=128", "relu", "dropout:rate=0.2", "dense:units=10")
    assert [row.output_shape for row in report.rows] == [(128,), (128,), (128,), (10,)]
    assert report.totals.params == 784 * 128 + 128 + 128 * 10 + 10


def test_same_padding_is_exact_even_when_the_stride_skips_input():
    report = run("2x2x1", "conv:filters=1,kernel=1,stride=2,padding=same")
    assert report.valid and report.warnings == ()
    assert report.rows[0].output_shape == (1, 1, 1)
    assert report.rows[0].explain[0] == "height same: ceil(2/2) = 1, padding 0 + 0"


def test_same_padding_explains_the_asymmetric_split():
    report = run("39x31x1", "conv:filters=1,kernel=4,stride=1,padding=same")
    assert report.rows[0].explain[:2] == ("height same: ceil(39/1) = 39, padding 1 + 2",
                                          "width same: ceil(31/1) = 31, padding 1 + 2")


def test_automatic_names_of_kinds_ending_in_a_digit_keep_the_counter_apart():
    report = run("8x8x3", "relu6", "conv:filters=2,kernel=3", "relu6")
    assert [row.name for row in report.rows] == ["relu6_1", "conv1", "relu6_2"]
