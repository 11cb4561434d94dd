"""Receptive fields by hand: the convention of "A guide to receptive field arithmetic"
(input pixel i spans [i, i + 1): the input's field is size 1, jump 1, start 0.5)."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnncalc import analyze, inline, load, loads
from cnncalc.layers import REGISTRY
from cnncalc.layers.merge import Merge


def fields(input_text: str, *tokens: str, **options):
    report = analyze(inline(input_text, list(tokens)), **options)
    assert report.valid, [d.one_line() for d in report.errors]
    return [None if row.receptive_field is None else
            [(f.size, f.jump, f.start) for f in row.receptive_field] for row in report.rows]


def test_the_guides_example():
    """5×5 input, two convolutions k 3, p 1, s 2: 3×3 then 2×2 outputs."""
    first, second = fields("5x5x1", "conv:filters=1,kernel=3,stride=2,padding=1",
                           "conv:filters=1,kernel=3,stride=2,padding=1")
    assert first == [(3, 2, F(1, 2))] * 2
    assert second == [(3 + (3 - 1) * 2, 2 * 2, F(1, 2))] * 2


def test_the_tutorials_39x31_network():
    """size_out = size + (K − 1)·jump, jump_out = jump·S,
    start_out = start + ((K − 1)/2 − P)·jump."""
    rows = fields("39x31x1", "conv:filters=20,kernel=4", "maxpool:size=2",
                  "conv:filters=40,kernel=3", "maxpool:size=2", "conv:filters=60,kernel=3",
                  "maxpool:size=2", "conv:filters=80,kernel=2", "flatten", "dense:units=100")
    expected = [
        (4, 1, F(1, 2) + F(3, 2)),                 # conv 4
        (4 + 1, 2, 2 + F(1, 2)),                   # pool 2
        (5 + 2 * 2, 2, F(5, 2) + 1 * 2),           # conv 3
        (9 + 1 * 2, 4, F(9, 2) + F(1, 2) * 2),     # pool 2
        (11 + 2 * 4, 4, F(11, 2) + 1 * 4),         # conv 3
        (19 + 1 * 4, 8, F(19, 2) + F(1, 2) * 4),   # pool 2
        (23 + 1 * 8, 8, F(23, 2) + F(1, 2) * 8),   # conv 2
    ]
    assert rows[:7] == [[e, e] for e in expected]
    assert rows[7:] == [None, None]  # positions are gone after flatten


def test_each_axis_separately_with_dilation_and_padding():
    rows = fields("41x31x3", "conv:filters=4,kernel=3x5,stride=2x1,dilation=1x2,padding=1x4",
                  "avgpool:size=3,stride=2,padding=1")
    # height: K 3 D 1 S 2 P 1; width: K 5 D 2 (span 9) S 1 P 4
    assert rows[0] == [(3, 2, F(1, 2) + (1 - 1)), (9, 1, F(1, 2) + (4 - 4))]
    assert rows[1] == [(3 + 2 * 2, 2 * 2, F(1, 2) + (1 - 1) * 2),
                       (9 + 2 * 1, 2, F(1, 2) + (1 - 1) * 1)]


def test_same_padding_puts_the_odd_pixel_after():
    """Keras `same` with stride 2 on 224: padding (0, 1), so the first field is centred on
    pixel 1 (start 1.5), not on pixel 0 as symmetric padding 1 would have it."""
    assert fields("224x224x3", "conv:filters=8,kernel=3,stride=2,padding=same")[0] == \
        [(3, 2, F(3, 2))] * 2
    assert fields("224x224x3", "conv:filters=8,kernel=3,stride=2,padding=1",
                  rounding="floor")[0] == [(3, 2, F(1, 2))] * 2


def test_global_and_adaptive_pooling_see_the_whole_non_square_input():
    rows = fields("39x31x8", "conv:filters=8,kernel=3", "global_avgpool", "dense:units=4")
    # the conv's fields (size 3, jump 1) spread over all 37 × 29 positions
    assert rows[1] == [(3 + 36, 37, F(39, 2)), (3 + 28, 29, F(31, 2))]
    assert rows[2] == rows[1]  # a dense layer on the pooled vector sees what it saw
    adaptive = fields("12x10x1", "adaptive_avgpool:output=4x5")[0]
    assert adaptive == [(12 // 4, 3, F(3, 2)), (10 // 5, 2, 1)]


def test_transposed_convolution_and_upsampling_have_fractional_jumps():
    # output o reads inputs (o + P − span + 1)/S … (o + P)/S: for o = 0, −1 … 0
    convt = fields("5x5x2", "conv_transpose:filters=2,kernel=3,stride=2")[0]
    size = 1 + F(3 - 1, 2)
    assert convt == [(size, F(1, 2), F(0 - 3 + 1, 2) + size / 2)] * 2
    nearest = fields("5x5x2", "upsample:scale=3")[0]
    assert nearest == [(1 + F(2, 3), F(1, 3), 0 - F(2, 3) + F(5, 6))] * 2


def test_json_gives_one_object_per_axis():
    report = analyze(inline("39x31x1", ["conv:filters=1,kernel=4", "upsample:mode=bilinear"]))
    first, second = (row.to_json()["receptive_field"] for row in report.rows)
    assert first == [{"size": 4, "jump": 1, "start": 2}] * 2
    assert second == [{"size": 4 + 1.5, "jump": 0.5, "start": 1.75}] * 2


def test_vgg16_field_grows_to_212():
    rows = analyze(load("specs/zoo/vgg16.yaml")).rows
    assert [(f.size, f.jump) for f in rows[17].receptive_field] == [(212, 32)] * 2


@pytest.mark.parametrize("token", ["reshape:shape=-1x2", "flatten"])
def test_no_field_once_positions_are_rearranged(token):
    assert fields("4x4x2", token) == [None]


def test_a_merge_sees_the_band_of_all_its_branches():
    from cnncalc import loads

    spec = loads("input: [16, 16, 8]\nlayers:\n"
                 "  - conv: {filters: 8, kernel: 5, padding: 2, name: wide}\n"
                 "  - conv: {filters: 8, kernel: 3, padding: 1, name: narrow}\n"
                 "  - conv: {filters: 8, kernel: 5, inputs: input, name: other}\n"
                 "  - pad: {padding: [[4, 0], [4, 0]]}\n"
                 "  - add: {inputs: [narrow, pad1]}\n")
    rows = {row.name: row for row in analyze(spec).rows}
    # narrow: size 5 + 2 = 7 centred on 0.5: pixels [−3, 4);
    # pad1: size 5 centred on 2.5 − 4 = −1.5: pixels [−4, 1); together [−4, 4)
    assert [(f.size, f.jump, f.start) for f in rows["add1"].receptive_field] == [
        (8, 1, 0)] * 2
    demo = {row.name: row for row in analyze(load("specs/resnet_block_demo.yaml")).rows}
    conv2, shortcut, add = (demo[f"stage2/down1/{n}"] for n in ("conv2", "shortcut", "add1"))
    assert [f.size for f in conv2.receptive_field] == [17, 17]
    assert [f.size for f in shortcut.receptive_field] == [11, 11]
    assert add.receptive_field == conv2.receptive_field  # the wider branch holds the other


def merged(text: str):
    from cnncalc import loads

    report = analyze(loads(text))
    assert report.valid, [d.one_line() for d in report.errors]
    return report, {row.name: row for row in report.rows}


def test_a_concat_sees_the_band_of_all_its_branches():
    """An Inception-style join of 1×1, 3×3, 5×5 and a 3×3 pooling (stride 1, centred):
    the 5×5 branch's field holds every other."""
    report, rows = merged(
        "input: [16, 16, 8]\nlayers:\n"
        "  - conv: {filters: 4, kernel: 1, name: b1}\n"
        "  - conv: {filters: 4, kernel: 3, padding: 1, inputs: input, name: b3}\n"
        "  - conv: {filters: 4, kernel: 5, padding: 2, inputs: input, name: b5}\n"
        "  - maxpool: {size: 3, stride: 1, padding: 1, inputs: input, name: pool}\n"
        "  - concat: {inputs: [b1, b3, b5, pool]}\n")
    assert [(f.size, f.jump, f.start) for f in rows["concat1"].receptive_field] == [
        (5, 1, F(1, 2))] * 2
    assert report.warnings == ()


def test_branches_with_the_same_jump_in_different_places():
    """a: output 0 reads pixels 0, 1: the band [0, 2), centre 1, jump 2.
    b: the crop moves pixel 0 to 2 and the padding 1 back by one, so output 0 reads pixels
    1, 2: [1, 3), centre 2. (16 − 2)/2 + 1 = 8 = (14 + 2 − 2)/2 + 1, so the shapes fit,
    and the join sees [0, 3): size 3, wider than either branch, centre 1.5."""
    report, rows = merged(
        "input: [16, 16, 8]\nlayers:\n"
        "  - conv: {filters: 8, kernel: 2, stride: 2, name: a}\n"
        "  - crop: {cropping: [[2, 0], [2, 0]], inputs: input}\n"
        "  - conv: {filters: 8, kernel: 2, stride: 2, padding: 1, name: b}\n"
        "  - add: {inputs: [a, b]}\n")
    assert [(f.size, f.jump, f.start) for f in rows["a"].receptive_field] == [(2, 2, 1)] * 2
    assert [(f.size, f.jump, f.start) for f in rows["b"].receptive_field] == [(2, 2, 2)] * 2
    assert [(f.size, f.jump, f.start) for f in rows["add1"].receptive_field] == [
        (3, 2, F(3, 2))] * 2
    assert report.warnings == ()


def test_a_merge_of_branches_whose_jumps_differ_is_flagged():
    """strided moves 2 pixels per output, padded (a 4×4 pooling padded back to 8×8) 4:
    output o sees pixels near 2·o in one branch and near 4·o in the other."""
    report, rows = merged(
        "input: [16, 16, 4]\nlayers:\n"
        "  - conv: {filters: 4, kernel: 2, stride: 2, name: strided}\n"
        "  - maxpool: {size: 4, inputs: input, name: pooled}\n"
        "  - pad: {padding: 2, name: padded}\n"
        "  - add: {inputs: [strided, padded]}\n"
        "  - conv: {filters: 8, kernel: 3}\n")
    (warning,) = report.warnings
    assert (warning.layer, warning.code, warning.key, warning.line) == (
        "add1", "jumps", "inputs", 6)
    assert "(jump 2×2 from strided, 4×4 from padded)" in warning.text
    assert "the same total stride" in warning.fixes[0]
    assert rows["add1"].receptive_field is None and rows["conv2"].receptive_field is None
    assert rows["add1"].output_shape == (8, 8, 4)  # a warning: the shapes still fit


def test_a_broadcast_gate_is_not_a_jump_mismatch():
    """Squeeze-and-excitation: the (1, 1, C) gate has one position, so its jump does not
    matter; every output of the product also sees the whole map through the gate, so its
    field is the gate's band, [-1, 17) with the padding, the same for every output (jump
    0), and nothing is flagged."""
    report, rows = merged(
        "input: [16, 16, 8]\nlayers:\n"
        "  - conv: {filters: 8, kernel: 3, padding: 1, name: features}\n"
        "  - avgpool: {size: 16}\n"
        "  - dense: {units: 8, activation: sigmoid, name: gate}\n"
        "  - multiply: {inputs: [features, gate]}\n")
    assert report.warnings == () and no_field_notes(report) == []
    assert [f.to_json() for f in rows["multiply1"].receptive_field] == [
        {"size": 18, "jump": 0, "start": 8}] * 2


MBCONV = """\
input: [32, 32, 16]
layers:
  - conv: {filters: 16, kernel: 3, padding: same, name: stem}
  - depthwise_conv: {kernel: 3, padding: same, name: dw}
  - global_avgpool: {keepdims: true, name: squeeze}
  - conv: {filters: 4, kernel: 1, activation: relu, name: reduce}
  - conv: {filters: 16, kernel: 1, activation: sigmoid, name: excite}
  - multiply: {inputs: [dw, excite], name: gate}
  - conv: {filters: 16, kernel: 1, name: project}
  - add: {inputs: [stem, project], name: residual}
  - conv: {filters: 32, kernel: 3, stride: 2, padding: same, name: down}
"""


def test_an_efficientnet_block_has_a_field_after_its_gate(invoke, tmp_path):
    """The squeeze-and-excitation gate reads the whole 32×32 input for every output
    ([-2, 34) with the padding of two 3×3 convolutions), so from the gate on every output
    of every later layer sees that same band: jump 0."""
    path = tmp_path / "mbconv.yaml"
    path.write_text(MBCONV)
    result = invoke("summary", str(path), "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    assert document["warnings"] == [] and document["notes"] == []
    fields = {layer["name"]: layer["receptive_field"] for layer in document["layers"]}
    assert fields["dw"] == [{"size": 5, "jump": 1, "start": 0.5}] * 2
    whole = [{"size": 36, "jump": 0, "start": 16}] * 2
    assert [fields[name] for name in ("gate", "project", "residual", "down")] == [whole] * 4


def test_a_layer_without_a_field_says_why(invoke):
    """A field that cannot be given is a note naming the layer, never a silent `—`."""
    result = invoke("summary", "--input", "8x8x2", "conv:filters=2,kernel=3,padding=1",
                    "reshape:shape=4x16x2", "conv:filters=2,kernel=3", "--columns", "rf")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "<command line>: note: layer 2 (reshape1): reshape lays the elements out anew: its "
        "positions are not the input's, so it has no receptive field, nor do the layers "
        "after it"]
    spec = ("input: [6, 6, 2]\nlayers:\n  - conv: {filters: 2, kernel: 3, padding: 1}\n"
            "  - concat: {inputs: [input, conv1], axis: 0}\n")
    result = invoke("summary", "-", "--columns", "rf", input=spec)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "-:4:38: note: layer 2 (concat1): joins its inputs along the height: each "
        "input's outputs read that input's band, and no one band moves by a step over all "
        "of them, so it has no receptive field, nor do the layers after it"]


def no_field_notes(report) -> list[str]:
    """The layers that a note says have no receptive field."""
    return [note.layer for note in report.notes if note.code == "no-field"]


REQUIRED = {"conv": "filters=2,kernel=3", "separable_conv": "filters=2,kernel=3",
            "conv_transpose": "filters=2,kernel=3", "depthwise_conv": "kernel=3",
            "maxpool": "size=2", "avgpool": "size=2", "minpool": "size=2",
            "adaptive_avgpool": "output=3", "adaptive_maxpool": "output=3",
            "global_avgpool": "keepdims=true", "global_maxpool": "keepdims=true",
            "channel_pool": "size=2", "dense": "units=3", "pad": "padding=1",
            "crop": "cropping=1", "reshape": "shape=16x4x2", "groupnorm": "groups=2", "pixel_shuffle": "factor=1",
            "permute": "axes=1x2x3"}  # a permute that moves axes has none: test_kinds_from_models


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_every_kind_gives_a_field_or_says_why(kind):
    """On an 8×8 map: a field wherever the output has positions, or a note naming the
    layer; only a flat output (flatten) has neither."""
    if isinstance(REGISTRY[kind], Merge):
        spec = loads("input: [8, 8, 2]\nlayers:\n  - conv: {filters: 2, kernel: 1}\n"
                     f"  - {kind}: {{inputs: [input, conv1]}}\n")
    else:
        spec = inline("8x8x2", [f"{kind}:{REQUIRED[kind]}" if kind in REQUIRED else kind])
    report = analyze(spec)
    assert report.valid, report.errors
    row = report.rows[-1]
    noted = no_field_notes(report)
    if kind == "flatten":
        assert row.receptive_field is None and noted == []
    elif kind == "reshape":
        assert row.receptive_field is None and noted == [row.name]
    else:
        assert row.receptive_field is not None and noted == []


@given(st.integers(1, 2**64), st.integers(0, 2**64), st.integers(-2**64, 2**64))
def test_json_start_of_int_fields_is_the_fractions(size, jump, low):
    """JSON writes an int field's start without a Fraction: the same number, of the same
    type, as the exact start converted (an int when whole, else the nearest float)."""
    from cnncalc.layers.fields import Field, _number

    exact = _number(Field(F(size), jump, F(low)).start)
    start = Field(size, jump, low).to_json()["start"]
    assert (type(start), start) == (type(exact), exact)
