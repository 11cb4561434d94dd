"""Merge kinds: add, multiply, subtract and concat, their shapes, their errors, and
torch's view."""

from __future__ import annotations

import textwrap

import pytest

from cnncalc import analyze, loads


def summary(text: str):
    return analyze(loads(textwrap.dedent(text)))


def two_branches(merge: str, left: str, right: str, *, layout: str = "channels_last",
                 shape: str = "[8, 8, 4]") -> str:
    """A spec whose merge reads the two layers `a` and `b`, both made from the input."""
    return f"""
        input: {shape}
        layout: {layout}
        layers:
          - {left}
          - {right}
          - {merge}
        """


def conv(name: str, filters: int, kernel: int = 1) -> str:
    return f"conv: {{filters: {filters}, kernel: {kernel}, inputs: input, name: {name}}}"


def pool(name: str, size: int) -> str:
    return f"avgpool: {{size: {size}, inputs: input, name: {name}}}"


@pytest.mark.parametrize("merge, left, right, expected", [
    # equal shapes
    ("add: {inputs: [a, b]}", conv("a", 16), conv("b", 16), (8, 8, 16)),
    ("multiply: {inputs: [a, b]}", conv("a", 16), conv("b", 16), (8, 8, 16)),
    # a (1, 1, C) gate broadcast over every position, either way round
    ("multiply: {inputs: [a, b]}", conv("a", 4), pool("b", 8), (8, 8, 4)),
    ("subtract: {inputs: [a, b]}", conv("a", 4), pool("b", 8), (8, 8, 4)),
    ("add: {inputs: [b, a]}", conv("a", 4), pool("b", 8), (8, 8, 4)),
    # one channel broadcast over C channels
    ("add: {inputs: [a, b]}", conv("a", 1), conv("b", 6), (8, 8, 6)),
    # channels join; the other axes stay
    ("concat: {inputs: [a, b]}", conv("a", 16), conv("b", 8), (8, 8, 16 + 8)),
    ("concat: {inputs: [a, b, a]}", conv("a", 16), conv("b", 8), (8, 8, 16 + 8 + 16)),
    ("concat: {inputs: [a, b], axis: -1}", conv("a", 3), conv("b", 5), (8, 8, 3 + 5)),
    ("concat: {inputs: [a, b], axis: 2}", conv("a", 3), conv("b", 5), (8, 8, 3 + 5)),
])
def test_merge_shapes(merge, left, right, expected):
    report = summary(two_branches(merge, left, right))
    assert report.valid, report.errors
    merged = report.rows[-1]
    assert merged.output_shape == expected
    assert merged.params == 0
    assert merged.inputs == tuple(merge.split("[")[1].split("]")[0].split(", "))


def test_numpy_broadcast_of_size_one_axes_on_both_sides():
    # (8, 1, 4) + (1, 8, 4): each side supplies the axis the other lacks.
    report = summary("""
        input: [8, 8, 4]
        layers:
          - maxpool: {size: [1, 8], name: rows}
          - maxpool: {size: [8, 1], inputs: input, name: columns}
          - add: {inputs: [rows, columns]}
        """)
    assert [r.output_shape for r in report.rows] == [(8, 1, 4), (1, 8, 4), (8, 8, 4)]
    assert report.rows[-1].input_shapes == ((8, 1, 4), (1, 8, 4))


def test_concat_along_height_and_of_flat_vectors():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 1, name: a}
          - maxpool: {size: 2, inputs: input, name: b}
          - concat: {inputs: [a, a], axis: 0, name: tall}
          - concat: {inputs: [a, a], axis: -2, name: wide}
          - flatten: {inputs: b, name: fb}
          - flatten: {inputs: a, name: fa}
          - concat: {inputs: [fa, fb, tall, wide], name: all}
        """)
    shapes = {row.name: row.output_shape for row in report.rows}
    assert shapes["tall"] == (8 + 8, 8, 4)
    assert shapes["wide"] == (8, 8 + 8, 4)
    assert report.rows[-1].output_shape is None  # a vector and a map do not concatenate
    assert report.errors[0].message == (
        "all: cannot concatenate (256) from fa and (16, 8, 4) from tall: 1 axes against 3")


def test_concat_axis_is_numbered_as_the_spec_writes_shapes():
    # channels_first: [C, H, W]; axis 0 is channels, and that is the default too
    for merge in ("concat: {inputs: [a, b], axis: 0}", "concat: {inputs: [a, b]}"):
        report = summary(two_branches(merge, conv("a", 3), conv("b", 5),
                                      layout="channels_first", shape="[4, 8, 6]"))
        assert report.rows[-1].output_shape == (3 + 5, 8, 6), merge
    report = summary(two_branches("concat: {inputs: [a, b], axis: 2}", conv("a", 3),
                                  conv("b", 3), layout="channels_first", shape="[4, 8, 6]"))
    assert report.rows[-1].output_shape == (3, 8, 6 + 6)


@pytest.mark.parametrize("merge, left, right, message", [
    ("add: {inputs: [a, b]}", conv("a", 16), conv("b", 8),
     "add1: cannot add (8, 8, 16) from a and (8, 8, 8) from b: channels 16 ≠ 8 "
     "(sizes must be equal, or one of them 1)"),
    ("multiply: {inputs: [a, b]}", conv("a", 4, kernel=3), conv("b", 4),
     "multiply1: cannot multiply (6, 6, 4) from a and (8, 8, 4) from b: height 6 ≠ 8 "
     "(sizes must be equal, or one of them 1)"),
    ("concat: {inputs: [a, b]}", pool("a", 2), conv("b", 4),
     "concat1: cannot concatenate (4, 4, 4) from a and (8, 8, 4) from b: height 4 ≠ 8 "
     "(only the channels may differ)"),
    ("concat: {inputs: [a, b], axis: 3}", conv("a", 4), conv("b", 4),
     "concat1: axis: 3 is out of range for inputs with 3 axes (-3 to 2)"),
    ("add: {inputs: [a]}", conv("a", 4), conv("b", 4),
     "add1: needs at least 2 inputs to add, got 1 (a)"),
    ("add", conv("a", 4), conv("b", 4), "add1: needs at least 2 inputs to add, got 1 (b)"),
])
def test_merge_mismatch_names_both_shapes_and_their_layers(merge, left, right, message):
    report = summary(two_branches(merge, left, right))
    assert not report.valid
    assert report.rows[-1].output_shape is None
    assert [e.message for e in report.errors] == [message]
    assert report.errors[0].line == 7  # the merge's line in the spec


@pytest.mark.parametrize("left, right, fix", [
    (conv("a", 16), conv("b", 8), "a 1×1 conv with filters: 16 after b (a projection shortcut)"),
    (pool("a", 2), conv("b", 4),
     "a 1×1 conv with filters: 4, stride: 2 after b (a projection shortcut)"),
    # the first branch is the larger one: it is the one to project
    (conv("a", 4), pool("b", 2),
     "a 1×1 conv with filters: 4, stride: 2 after a (a projection shortcut)"),
    (conv("a", 4, kernel=3), pool("b", 2),
     "make a and b the same shape: (6, 6, 4) and (4, 4, 4)"),
    ("dense: {units: 10, inputs: input, name: a}", "dense: {units: 20, inputs: input, name: b}",
     "a dense layer with units: 10 after b"),
])
def test_mismatch_fix_is_a_projection_of_one_branch(left, right, fix):
    shape = "[20]" if left.startswith("dense") else "[8, 8, 4]"
    report = summary(two_branches("add: {inputs: [a, b]}", left, right, shape=shape))
    assert report.errors[0].fixes == (fix,)


def test_mismatch_in_channels_first_shows_shapes_channels_first():
    report = summary(two_branches("add: {inputs: [a, b]}", conv("a", 16), conv("b", 8),
                                  layout="channels_first", shape="[4, 8, 6]"))
    assert report.errors[0].message == (
        "add1: cannot add (16, 8, 6) from a and (8, 8, 6) from b: channels 16 ≠ 8 "
        "(sizes must be equal, or one of them 1)")


def test_three_way_mismatch_names_the_input_that_set_the_size():
    # a is (8, 8, 4), b (1, 1, 4) broadcasts, c (4, 4, 4) conflicts with a, not with b
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 1, name: a}
          - avgpool: {size: 8, inputs: input, name: b}
          - avgpool: {size: 2, inputs: input, name: c}
          - add: {inputs: [b, a, c]}
        """)
    assert report.errors[0].message == (
        "add1: cannot add (8, 8, 4) from a and (4, 4, 4) from c: height 8 ≠ 4 "
        "(sizes must be equal, or one of them 1)")


CASES = [  # channels-last shapes of two branches; torch decides which ones merge
    ((8, 8, 16), (8, 8, 16)), ((8, 8, 16), (1, 1, 16)), ((1, 8, 16), (8, 1, 16)),
    ((8, 8, 1), (8, 8, 16)), ((8, 8, 16), (8, 8, 8)), ((8, 8, 16), (4, 8, 16)),
]
TORCH_OPS = {"add": lambda torch, a, b: a + b, "multiply": lambda torch, a, b: a * b,
             "subtract": lambda torch, a, b: a - b,
             "concat": lambda torch, a, b: torch.cat([a, b], dim=1)}


@pytest.mark.parametrize("kind", TORCH_OPS)
@pytest.mark.parametrize("left, right", CASES)
def test_merges_agree_with_torch(kind, left, right):
    torch = pytest.importorskip("torch")
    from cnncalc.core.errors import LayerError
    from cnncalc.layers import REGISTRY, LayerContext
    from cnncalc.core.records import Layer

    layer = Layer(1, f"{kind}1", kind, {p.name: p.default for p in REGISTRY[kind].params},
                  ("a", "b"))
    try:
        ours = REGISTRY[kind].infer(layer, (left, right), LayerContext(layer, "strict"))
    except LayerError:
        ours = None
    a, b = (torch.zeros(1, s[-1], *s[:-1]) for s in (left, right))  # NCHW
    try:
        theirs = tuple(TORCH_OPS[kind](torch, a, b).shape)
    except RuntimeError:
        theirs = None
    assert ours == (None if theirs is None else theirs[2:] + theirs[1:2])
