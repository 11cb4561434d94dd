"""Issue 13's second part through the importers: real models holding pixel shuffle, space
to depth, resizing to a size, pooling dilation, causal padding, Rescaling and
Normalization, read from PyTorch (fx), ONNX and Keras 3, checked against each framework's
own shapes, counts and values; keras.applications networks against count_params()."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

from cnncalc import analyze, import_model, load, loads  # noqa: E402
from cnncalc.backends import load as load_backend  # noqa: E402
from cnncalc.run.verify import execute  # noqa: E402
from conftest import assert_refused  # noqa: E402
from keras_twins import keras  # noqa: E402
from test_import_keras import _keras_shapes  # noqa: E402
from test_import_onnx import check_shapes, export  # noqa: E402
from test_import_torch import _write  # noqa: E402

layers = keras.layers


# --- PyTorch, through fx: the walk itself checks every shape against the meta device ---

def test_a_torch_module_with_the_new_kinds(tmp_path):
    path = _write(tmp_path, """
        import torch.nn.functional as F

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 16, 3, padding=1)
                self.shuffle = nn.PixelShuffle(2)
                self.unshuffle = nn.PixelUnshuffle(2)
                self.pool = nn.MaxPool2d(3, stride=2, padding=1, dilation=2)
                self.up = nn.Upsample(size=(11, 7), mode="bilinear", align_corners=True)
                self.exact = nn.Upsample(scale_factor=2, mode="nearest-exact")

            def forward(self, x):
                x = self.unshuffle(self.shuffle(self.conv(x)))
                x = F.pixel_shuffle(F.pixel_unshuffle(x, 4), 4)
                x = self.exact(self.up(self.pool(x)))
                return F.interpolate(x, size=(9, 30))
        """)
    text = import_model(f"{path}:Net", (3, 16, 16)).yaml
    assert text.splitlines()[-9:] == [
        "  - conv: {name: conv, filters: 16, kernel: 3, padding: 1}",
        "  - pixel_shuffle: {name: shuffle}",
        "  - space_to_depth: {name: unshuffle}",
        "  - space_to_depth: {name: pixel_unshuffle, factor: 4}",
        "  - pixel_shuffle: {name: pixel_shuffle, factor: 4}",
        "  - maxpool: {name: pool, size: 3, stride: 2, padding: 1, dilation: 2}",
        "  - upsample: {name: up, output: [11, 7], mode: bilinear, align_corners: true}",
        "  - upsample: {name: exact, scale: 2, mode: nearest_exact}",
        "  - upsample: {name: interpolate, output: [9, 30]}"]
    assert analyze(loads(text)).output_shape == (16, 9, 30)


def test_a_fractional_scale_factor_is_refused_by_name(tmp_path, invoke):
    path = _write(tmp_path, """
        class Net(nn.Module):
            def forward(self, x):
                return nn.functional.interpolate(x, scale_factor=1.5)
        """)
    assert_refused(invoke, f"{path}:Net", "Upsample(scale_factor=1.5) by a fraction",
                   "interpolate", "--input", "3x8x8")


# --- ONNX: torch's exports and graphs made with onnx.helper ---

class Exported(torch.nn.Module):
    """What torch's exporter writes as Resize with sizes (Shape arithmetic included),
    DepthToSpace (CRD), SpaceToDepth and MaxPool with dilations."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.shuffle = torch.nn.PixelShuffle(2)
        self.pool = torch.nn.MaxPool2d(3, stride=1, dilation=2)
        self.up = torch.nn.Upsample(size=(11, 7), mode="bilinear", align_corners=True)

    def forward(self, x):
        x = self.pool(self.shuffle(self.conv(x)))
        x = torch.nn.functional.interpolate(self.up(x), size=(9, 30))
        return torch.nn.functional.interpolate(x, size=(4, 5), mode="bilinear")


def test_torch_exports_of_the_new_kinds(tmp_path):
    """Shape inference with data propagation computes the sizes torch wrote as Shape
    arithmetic, as cnncalc's reader folds them."""
    model = Exported()
    export(model, (3, 8, 6), tmp_path / "m.onnx")
    report = analyze(loads(import_model(str(tmp_path / "m.onnx")).yaml))
    assert [r.kind for r in report.rows] == ["conv", "pixel_shuffle", "maxpool", "upsample",
                                             "upsample", "upsample"]
    inferred = onnx.shape_inference.infer_shapes(onnx.load(str(tmp_path / "m.onnx")),
                                                 data_prop=True)
    resized = [tuple(d.dim_value for d in v.type.tensor_type.shape.dim[1:])
               for v in [*inferred.graph.value_info, *inferred.graph.output]
               if "Resize" in v.name or v.name == inferred.graph.output[0].name]
    assert [r.output_shape for r in report.rows if r.kind == "upsample"] == resized[-3:]
    assert report.totals.params == sum(p.numel() for p in model.parameters())
    with torch.no_grad():
        assert report.output_shape == tuple(model(torch.zeros(1, 3, 8, 6)).shape[1:])


def _graph(tmp_path, nodes, shape, *initializers):
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, *shape])],
        [helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.asarray(v), n) for n, v in initializers])
    path = tmp_path / "g.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


GRAPHS = [  # nodes, input (C, H, W), constant inputs
    ([helper.make_node("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=2)], (8, 3, 5), ()),
    ([helper.make_node("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=3, mode="CRD")],
     (18, 2, 3), ()),
    ([helper.make_node("SpaceToDepth", ["x"], ["y"], name="s2d", blocksize=2)], (3, 6, 4), ()),
    ([helper.make_node("MaxPool", ["x"], ["y"], name="p", kernel_shape=[3, 2],
                       dilations=[2, 3], strides=[1, 2], pads=[1, 1, 1, 1])], (2, 9, 10), ()),
    ([helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], name="r", mode="linear")],
     (2, 5, 6), (("sizes", np.array([2, 2, 9, 4], np.int64)),)),
    ([helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], name="r", mode="linear",
                       coordinate_transformation_mode="align_corners")],
     (2, 5, 6), (("sizes", np.array([2, 2, 12, 3], np.int64)),)),
    ([helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], name="r",
                       coordinate_transformation_mode="asymmetric", nearest_mode="floor")],
     (2, 5, 6), (("sizes", np.array([2, 2, 13, 4], np.int64)),)),
    ([helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], name="r",
                       nearest_mode="round_prefer_ceil")],
     (2, 5, 6), (("sizes", np.array([2, 2, 7, 17], np.int64)),)),
]


@pytest.mark.parametrize("nodes, shape, constants", GRAPHS,
                         ids=["d2s-dcr", "d2s-crd", "s2d", "maxpool-dilations", "resize-linear",
                              "resize-align-corners", "resize-nearest", "resize-nearest-exact"])
def test_onnx_ops_read_as_onnx_computes_them(tmp_path, nodes, shape, constants):
    """Shapes against onnx.shape_inference (check_shapes), values against ONNX's reference
    evaluator on the input the numpy backend draws."""
    path = _graph(tmp_path, nodes, shape, *constants)
    report = check_shapes(path)
    spec = loads(import_model(str(path)).yaml)
    ((_, output),) = execute(spec, load_backend("numpy"), batch=2)
    x = load_backend("numpy").input(spec.input_shape, 2)  # channels last, as the spec is
    (expected,) = ReferenceEvaluator(str(path)).run(None, {"x": np.moveaxis(x, -1, 1)})
    np.testing.assert_allclose(output.array, np.moveaxis(expected, 1, -1), rtol=1e-5,
                               atol=1e-6)
    assert report.valid


def test_resize_rules_that_are_no_cnncalc_mode_are_listed(tmp_path, invoke):
    nodes = [helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], name="r",
                              coordinate_transformation_mode="asymmetric")]
    path = _graph(tmp_path, nodes, (2, 5, 6), ("sizes", np.array([2, 2, 7, 9], np.int64)))
    assert_refused(invoke, path, "Resize(mode=nearest, coordinate_transformation_mode="
                                 "asymmetric, nearest_mode=round_prefer_floor)", "r")


# --- Keras 3: layers and keras.ops, and the keras.applications networks ---

def assert_keras_own(model, path):
    """The import of `path` (a save of `model`): valid, Keras's count_params(), and every
    layer's output shape; the report."""
    report = analyze(load(str(path)))
    assert report.valid, [d.one_line() for d in report.errors]
    assert report.totals.params == model.count_params()
    rows = {row.name: row.output_shape for row in report.rows}
    expected = _keras_shapes(model)
    assert {name: rows.get(name) for name in expected} == expected
    return report


def test_keras_layers_and_ops_of_the_new_kinds(tmp_path):
    image = keras.Input((12, 10, 3))
    x = layers.Rescaling(1 / 127.5, offset=-1, name="scale")(image)
    x = layers.Normalization(name="norm")(x)
    x = layers.Normalization(mean=[0.5, 0.4, 0.3], variance=[0.1, 0.2, 0.3], name="fixed")(x)
    x = layers.Conv2D(12, 3, padding="same", name="conv")(x)
    x = keras.ops.depth_to_space(x, 2)
    x = keras.ops.space_to_depth(x, 2)
    x = layers.Resizing(7, 9, name="resize")(x)
    x = layers.Resizing(16, 11, interpolation="nearest", name="nearest")(x)
    x = layers.Reshape((16, 11 * 12), name="rows")(x)
    x = layers.Conv1D(4, 3, padding="causal", dilation_rate=2, name="causal")(x)
    hard = layers.ReLU(6.0, name="relu6")(x + 3.0) * (1 / 6)
    model = keras.Model(image, hard, name="kinds_b")
    model.save(tmp_path / "m.keras")
    (tmp_path / "m.json").write_text(model.to_json())
    for form in ("m.keras", "m.json"):
        report = assert_keras_own(model, tmp_path / form)
        assert [(r.kind, r.params) for r in report.rows
                if r.name not in _keras_shapes(model)] == [
            ("pixel_shuffle", 0), ("space_to_depth", 0), ("rescale", 0), ("rescale", 0)]
    text = import_model(str(tmp_path / "m.keras")).yaml
    for line in ["  - rescale: {name: scale, scale: 0.00784313725490196, offset: -1.0}",
                 "  - normalize: {name: norm}", "  - normalize: {name: fixed, stats: fixed}",
                 "  - upsample: {name: resize, output: [7, 9], mode: bilinear}",
                 "  - upsample: {name: nearest, output: [16, 11], mode: nearest_exact}",
                 "  - conv: {name: causal, filters: 4, kernel: 3, padding: causal, dilation: 2}"]:
        assert line in text.splitlines(), line
    # the ops' names are Keras's counters (add, add_1, ...), which depend on what ran before
    unnamed = [re.sub(r"name: \w+, ", "", line) for line in text.splitlines()]
    assert unnamed[-3:] == ["  - rescale: {offset: 3.0}", "  - relu6: {name: relu6}",
                            "  - rescale: {scale: 0.16666666666666666}"]
    assert "  - pixel_shuffle: {order: dcr}" in unnamed


APPLICATIONS = [  # name, constructor options
    ("EfficientNetB0", {}),
    ("MobileNetV3Small", {"input_shape": (224, 224, 3)}),
    ("MobileNetV3Large", {"input_shape": (160, 160, 3)}),
]


@pytest.mark.parametrize("name, options", APPLICATIONS, ids=[a[0] for a in APPLICATIONS])
def test_keras_applications_with_preprocessing_layers(name, options, tmp_path):
    """Keras's own networks (weights=None) whose first layers are Rescaling and
    Normalization, and whose hard sigmoid is `relu6(x + 3) * (1/6)` on tensors."""
    model = getattr(keras.applications, name)(weights=None, **options)
    model.save(tmp_path / "m.keras")
    (tmp_path / "m.json").write_text(model.to_json())
    for form in ("m.keras", "m.json"):
        assert_keras_own(model, tmp_path / form)


def test_efficientnet_counts_normalization_weights_as_keras_does(tmp_path):
    model = keras.applications.EfficientNetB0(weights=None)
    (tmp_path / "m.json").write_text(model.to_json())
    report = analyze(load(str(tmp_path / "m.json")))
    norm = next(r for r in report.rows if r.kind == "normalize")
    assert (norm.params, norm.trainable) == (model.get_layer(norm.name).count_params(), 0) == \
        (2 * 3 + 1, 0)
    assert report.totals.params == model.count_params() == 5_330_571
    assert json.loads(model.to_json())["config"]["layers"][2]["class_name"] == "Normalization"


@pytest.mark.parametrize("name", ["ConvNeXtTiny", "ResNet50", "Xception"])
def test_keras_applications_from_to_json(name, tmp_path):
    """The larger networks, from to_json() alone (a .keras archive would hold every
    weight): ConvNeXt's LayerScale is a layer_scale of C factors, its Normalization fixed."""
    model = getattr(keras.applications, name)(weights=None)
    (tmp_path / "m.json").write_text(model.to_json())
    assert_keras_own(model, tmp_path / "m.json")
