"""Every number of the seed tutorials, per layer and per column, from YAML and inline specs.

Expected values are written as the tutorials' arithmetic (weights as C_in·K·K·filters),
so each line can be checked against the source document.
"""

from pathlib import Path

import pytest

from cnncalc import analyze, inline, load

SPECS = Path(__file__).parent.parent / "specs"

# (name, kind, output shape, weights without bias, bias)
TAEWAN = [
    ("conv1", "conv", (36, 28, 20), 1 * 4 * 4 * 20, 20),
    ("maxpool1", "maxpool", (18, 14, 20), 0, 0),
    ("conv2", "conv", (16, 12, 40), 20 * 3 * 3 * 40, 40),
    ("maxpool2", "maxpool", (8, 6, 40), 0, 0),
    ("conv3", "conv", (6, 4, 60), 40 * 3 * 3 * 60, 60),
    ("maxpool3", "maxpool", (3, 2, 60), 0, 0),
    ("conv4", "conv", (2, 1, 80), 60 * 2 * 2 * 80, 80),
    ("flatten1", "flatten", (2 * 1 * 80,), 0, 0),
    ("dense1", "dense", (100,), 160 * 100, 100),  # the tutorial's "160,000" is a misprint
]
TAEWAN_INLINE = ("39x31x1", ["conv:filters=20,kernel=4", "maxpool:size=2",
                             "conv:filters=40,kernel=3", "maxpool:size=2",
                             "conv:filters=60,kernel=3", "maxpool:size=2",
                             "conv:filters=80,kernel=2", "flatten",
                             "dense:units=100,activation=softmax"], {})

MNIST = [
    ("conv1", "conv", (24, 24, 10), 1 * 5 * 5 * 10, 10),
    ("maxpool1", "maxpool", (12, 12, 10), 0, 0),
    ("conv2", "conv", (8, 8, 20), 10 * 5 * 5 * 20, 20),
    ("maxpool2", "maxpool", (4, 4, 20), 0, 0),
    ("flatten1", "flatten", (4 * 4 * 20,), 0, 0),
    ("dense1", "dense", (100,), 320 * 100, 100),
    ("dense2", "dense", (10,), 100 * 10, 10),
]
MNIST_INLINE = ("28x28x1", ["conv:filters=10,kernel=5", "maxpool:size=2",
                            "conv:filters=20,kernel=5", "maxpool:size=2", "flatten",
                            "dense:units=100,activation=relu",
                            "dense:units=10,activation=softmax"], {})

TENSORFLOW = [
    ("conv1", "conv", (26, 26, 32), 1 * 3 * 3 * 32, 32),
    ("maxpool1", "maxpool", (13, 13, 32), 0, 0),
    ("conv2", "conv", (11, 11, 64), 32 * 3 * 3 * 64, 64),
    ("maxpool2", "maxpool", (5, 5, 64), 0, 0),  # 11 // 2, floored as TensorFlow does
    ("conv3", "conv", (3, 3, 64), 64 * 3 * 3 * 64, 64),
    ("flatten1", "flatten", (3 * 3 * 64,), 0, 0),
    ("dense1", "dense", (64,), 576 * 64, 64),
    ("dense2", "dense", (10,), 64 * 10, 10),
]
TENSORFLOW_INLINE = ("28x28x1", ["conv:filters=32,kernel=3,activation=relu", "maxpool:size=2",
                                 "conv:filters=64,kernel=3,activation=relu", "maxpool:size=2",
                                 "conv:filters=64,kernel=3,activation=relu", "flatten",
                                 "dense:units=64,activation=relu",
                                 "dense:units=10,activation=softmax"], {"rounding": "floor"})

KERAS = [
    ("conv1", "conv", (116, 56, 12), 1 * 5 * 5 * 12, 12),
    ("maxpool1", "maxpool", (58, 28, 12), 0, 0),
    ("conv2", "conv", (54, 24, 16), 12 * 5 * 5 * 16, 16),
    ("maxpool2", "maxpool", (27, 12, 16), 0, 0),
    ("conv3", "conv", (24, 9, 20), 16 * 4 * 4 * 20, 20),
    ("maxpool3", "maxpool", (12, 4, 20), 0, 0),  # 9 // 2 = 4, floored as Keras does
    ("flatten1", "flatten", (12 * 4 * 20,), 0, 0),
    ("dense1", "dense", (128,), 960 * 128, 128),
    ("dense2", "dense", (4,), 128 * 4, 4),
]
KERAS_INLINE = ("120x60x1", ["conv:filters=12,kernel=5x5,activation=relu", "maxpool:size=2x2",
                             "conv:filters=16,kernel=5x5,activation=relu", "maxpool:size=2x2",
                             "conv:filters=20,kernel=4x4,activation=relu", "maxpool:size=2x2",
                             "flatten", "dense:units=128,activation=relu",
                             "dense:units=4,activation=softmax"], {"rounding": "floor"})

CASES = {
    "taewan_39x31x1.yaml": ((39, 31, 1), TAEWAN, TAEWAN_INLINE),
    "mnist_seed003.yaml": ((28, 28, 1), MNIST, MNIST_INLINE),
    "tensorflow_cnn_28x28x1.yaml": ((28, 28, 1), TENSORFLOW, TENSORFLOW_INLINE),
    "keras_120x60x1.yaml": ((120, 60, 1), KERAS, KERAS_INLINE),
}


def _reports(filename):
    input_shape, expected, (sizes, tokens, top) = CASES[filename]
    return [analyze(load(str(SPECS / filename))), analyze(inline(sizes, tokens, **top))]


@pytest.mark.parametrize("filename", CASES)
@pytest.mark.parametrize("form", [0, 1], ids=["yaml", "inline"])
def test_every_layer_every_column(filename, form):
    input_shape, expected, _ = CASES[filename]
    report = _reports(filename)[form]
    assert report.valid, [d.message for d in report.errors]
    previous = input_shape
    assert len(report.rows) == len(expected)
    for row, (name, kind, output, weights, bias) in zip(report.rows, expected):
        assert (row.name, row.kind) == (name, kind)
        assert row.input_shape == previous
        assert row.output_shape == output
        assert row.params_without_bias == weights
        assert row.params == weights + bias
        assert (row.trainable, row.non_trainable) == (weights + bias, 0)
        previous = output
    assert report.totals.params == sum(w + b for *_, w, b in expected)
    assert report.totals.params == sum(row.params for row in report.rows)


@pytest.mark.parametrize("filename", CASES)
def test_yaml_and_inline_forms_give_the_same_report(filename):
    from_yaml, from_inline = _reports(filename)
    assert from_yaml.rows == from_inline.rows
    assert from_yaml.totals == from_inline.totals
    assert [d.message for d in from_yaml.warnings] == [d.message for d in from_inline.warnings]


def test_published_totals():
    totals = {name: analyze(load(str(SPECS / name))).totals for name in CASES}
    assert totals["taewan_39x31x1.yaml"].params_without_bias == 64_320
    assert totals["taewan_39x31x1.yaml"].params == 64_620  # SPEC.md §5
    assert totals["mnist_seed003.yaml"].params_without_bias == 38_250  # "plus the intercepts"
    assert totals["tensorflow_cnn_28x28x1.yaml"].params == 93_322
    assert totals["keras_120x60x1.yaml"].params == 133_792


def test_tensorflow_network_is_rejected_in_strict_mode_with_fixes():
    report = analyze(load(str(SPECS / "tensorflow_cnn_28x28x1.yaml")), rounding="strict")
    assert not report.valid
    assert [d.message for d in report.errors] == [
        "maxpool2: height (11 − 2)/2 + 1 = 5.5 is not an integer",
        "maxpool2: width (11 − 2)/2 + 1 = 5.5 is not an integer",
    ]
    first = report.errors[0]
    assert (first.layer, first.index, first.axis, first.line) == ("maxpool2", 4, "height", 11)
    assert first.fixes == ("an input height of 12 instead of 11", "rounding: floor drops 1 row",
                           "rounding: ceil keeps a partial window")


def test_floor_mode_warns_what_is_dropped():
    report = analyze(load(str(SPECS / "keras_120x60x1.yaml")))
    assert report.valid
    assert [d.message for d in report.warnings] == [
        "maxpool3: width (9 − 2)/2 + 1 = 4.5 rounded down to 4; the last 1 column of the "
        "input not covered"]


def test_explain_writes_the_tutorial_arithmetic():
    report = analyze(load(str(SPECS / "taewan_39x31x1.yaml")))
    assert report.rows[0].explain == ("height (39 + 2·0 − 4)/1 + 1 = 36",
                                      "width (31 + 2·0 − 4)/1 + 1 = 28",
                                      "params 1·4·4·20 = 320 (+20 bias)")
    assert report.rows[7].explain == ("2·1·80 = 160",)
    assert report.rows[8].explain == ("params 160·100 = 16,000 (+100 bias)",)
