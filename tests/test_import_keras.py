"""Keras models built with Keras 3 itself (torch backend), saved as `.keras` and as
`to_json()`, imported by cnncalc without Keras: every layer's output shape and the total
must be what Keras says (`layer.output.shape`, `model.count_params()`)."""

from __future__ import annotations

import json
import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")  # before Keras is imported: no tensorflow here
keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from cnncalc import analyze, load  # noqa: E402
from conftest import assert_refused  # noqa: E402


def sequential():
    return keras.Sequential([
        keras.Input((31, 29, 3)),
        layers.ZeroPadding2D(((1, 2), (0, 1)), name="pad"),
        layers.Conv2D(8, 3, strides=2, padding="same", activation="relu", name="c1"),
        layers.BatchNormalization(name="bn"),
        layers.MaxPooling2D(2, padding="same", name="pool"),
        layers.DepthwiseConv2D(3, padding="same", depth_multiplier=2, name="dw"),
        layers.SeparableConv2D(16, 3, name="sep"),
        layers.Conv2DTranspose(8, 3, strides=2, name="up"),
        layers.UpSampling2D(2, interpolation="bilinear", name="ups"),
        layers.Cropping2D(((1, 0), (2, 3)), name="crop"),
        layers.LeakyReLU(negative_slope=0.2, name="leaky"),
        layers.ReLU(max_value=3.0, name="capped"),
        layers.AveragePooling2D(3, strides=2, name="avg"),
        layers.GlobalAveragePooling2D(name="gap"),
        layers.Dropout(0.3, name="drop"),
        layers.Dense(10, activation="softmax", name="head"),
    ], name="seq_cnn")


def functional():
    image = keras.Input((32, 32, 3), name="img")
    stem = layers.Conv2D(16, 3, padding="same", use_bias=False, name="stem")(image)
    stem = layers.BatchNormalization(name="bn")(stem)
    branch = layers.Conv2D(16, 3, padding="same", activation="relu", name="b1")(stem)
    joined = layers.Add(name="residual")([stem, branch])
    both = layers.Concatenate(name="cat")([joined, stem])
    gated = layers.Multiply(name="gate")([both, layers.Activation("sigmoid", name="sig")(both)])
    summed = gated + both  # an op on tensors: serialised as keras.src.ops.numpy Add
    summed = layers.Subtract(name="diff")([summed, both]) - gated  # a layer, then an op
    inner_in = keras.Input((16, 16, 32))
    inner = keras.Model(inner_in, layers.Conv2D(8, 1, name="inner_conv")(inner_in), name="inner")
    x = inner(layers.MaxPooling2D(2, name="pool")(summed))
    x = layers.Conv1D(4, 3, name="c1d")(layers.Reshape((256, 8), name="rs")(x))
    x = layers.Flatten(name="flat")(layers.LayerNormalization(name="ln")(x))
    return keras.Model(image, layers.Dense(5, name="out")(x), name="fn_cnn")


MODELS = {"sequential": sequential, "functional": functional}


@pytest.fixture(scope="module", params=sorted(MODELS))
def saved(request, tmp_path_factory):
    model = MODELS[request.param]()
    folder = tmp_path_factory.mktemp(request.param)
    model.save(folder / "model.keras")
    model.save(folder / "model.h5")  # legacy HDF5: its model_config attribute
    (folder / "model.json").write_text(model.to_json())
    return model, folder


def _keras_shapes(model, prefix=""):
    """Each layer's output shape, batch dropped, nested models' layers as `outer.inner`."""
    shapes = {}
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            shapes.update(_keras_shapes(layer, f"{prefix}{layer.name}."))
        elif not isinstance(layer, layers.InputLayer):
            shapes[prefix + layer.name] = tuple(layer.output.shape[1:])
    return shapes


@pytest.mark.parametrize("form", ["model.keras", "model.json", "model.h5"])
def test_every_shape_and_the_total_are_keras_own(saved, form):
    model, folder = saved
    report = analyze(load(str(folder / form)))
    assert report.valid, [d.one_line() for d in report.errors]
    assert report.totals.params == model.count_params()
    expected = _keras_shapes(model)
    rows = {row.name: row.output_shape for row in report.rows}
    assert {name: rows.get(name) for name in expected} == expected
    ops = set(rows) - set(expected)  # `gated + both` is an op, not a layer of model.layers
    assert ops == ({"add", "subtract"} if model.name == "fn_cnn" else set()), ops


def test_both_forms_give_the_same_spec(saved, invoke):
    _, folder = saved
    texts = [invoke("import", str(folder / form)).stdout for form in ("model.keras", "model.json")]
    assert texts[0].splitlines()[1:] == texts[1].splitlines()[1:]


def test_the_spec_reads_as_a_person_would_write_it(invoke, tmp_path):
    model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, name="c"),
                              layers.MaxPooling2D(name="p"), layers.Flatten(name="f"),
                              layers.Dense(10, activation="softmax", name="d")], name="mnist")
    model.save(tmp_path / "m.keras")
    result = invoke("import", str(tmp_path / "m.keras"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "name: mnist", "framework: keras", "layout: channels_last", "rounding: floor",
        "input: [28, 28, 1]", "layers:",
        "  - conv: {name: c, filters: 32, kernel: 3}",
        "  - maxpool: {name: p, size: 2}",
        "  - flatten: {name: f}",
        "  - dense: {name: d, units: 10, activation: softmax}"]


def test_unsupported_layers_are_listed_by_class_and_count(invoke, tmp_path):
    model = keras.Sequential([keras.Input((16, 15, 8)), layers.Rescaling(1 / 255, name="scale"),
                              layers.Conv2D(4, 3, name="conv"),
                              layers.UnitNormalization(name="p1"),
                              layers.Conv2D(4, 3, name="conv2"),
                              layers.UnitNormalization(name="p2")])
    model.save(tmp_path / "m.keras")
    assert_refused(invoke, tmp_path / "m.keras", "Rescaling, UnitNormalization ×2", "scale")


def test_allow_unsupported_stops_before_the_first(invoke, tmp_path):
    model = keras.Sequential([keras.Input((16, 15, 8)), layers.Conv2D(4, 3, name="conv"),
                              layers.UnitNormalization(name="p1"), layers.Dense(3, name="d")])
    model.save(tmp_path / "m.keras")
    result = invoke("import", str(tmp_path / "m.keras"), "--allow-unsupported")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == ["layers:", "  - conv: {name: conv, filters: 4, kernel: 3}"]
    assert result.stderr.strip() == (
        f"{tmp_path / 'm.keras'}: warning: the spec stops before p1 (UnitNormalization): "
        f"cnncalc has no "
        f"kind for it; 1 unsupported op(s) in all")


def test_a_layer_called_twice_is_fine_without_weights_refused_with(invoke, tmp_path):
    image = keras.Input((16, 16, 4))
    pool, conv = layers.MaxPooling2D(name="pool"), layers.Conv2D(4, 3, padding="same",
                                                                   name="conv")
    pooled = keras.Model(image, pool(pool(image)), name="pools")
    pooled.save(tmp_path / "pools.keras")
    result = invoke("summary", str(tmp_path / "pools.keras"), "--format", "json")
    assert result.exit_code == 0
    assert [layer["name"] for layer in json.loads(result.stdout)["layers"]] == ["pool", "pool_2"]
    keras.Model(image, conv(conv(image)), name="convs").save(tmp_path / "convs.keras")
    result = invoke("import", str(tmp_path / "convs.keras"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{tmp_path / 'convs.keras'}: error: cannot import: layers called more than once "
        f"share their weights, which a spec would count at each call: conv ×2")


@pytest.mark.parametrize("name", ["MobileNetV2", "DenseNet121"])
def test_keras_applications(name, tmp_path):
    """Keras' own published networks, as Keras builds them (weights=None)."""
    model = getattr(keras.applications, name)(weights=None)
    (tmp_path / "m.json").write_text(model.to_json())
    report = analyze(load(str(tmp_path / "m.json")))
    assert report.valid
    assert report.totals.params == model.count_params()
    rows = {row.name: row.output_shape for row in report.rows}
    assert {n: rows[n] for n in _keras_shapes(model)} == _keras_shapes(model)


def test_efficientnet_needs_the_kinds_still_missing(invoke, tmp_path):
    keras.applications.EfficientNetB0(weights=None).save(tmp_path / "e.keras")
    assert_refused(invoke, tmp_path / "e.keras", "Rescaling, Normalization", "rescaling")
