"""ONNX files: torch twins exported by torch's own exporter (TorchScript-based, training
mode so that batch normalisation stays a node), and small graphs built with `onnx.helper`
for the attributes exports rarely use. cnncalc reads them with the standard library; the
graph it reads must be the one the `onnx` package reads (tests/onnx_reference.py), every
layer's output shape what `onnx.shape_inference` infers for its tensor, and the totals
torch's parameters and the running statistics."""

from __future__ import annotations

import warnings

import pytest

onnx = pytest.importorskip("onnx")
torch = pytest.importorskip("torch")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import numpy as np  # noqa: E402
import spec_to_torch  # noqa: E402
import torch_twins_extra  # noqa: E402
from cnncalc import analyze, import_model, loads  # noqa: E402
from conftest import assert_refused  # noqa: E402
from cnncalc.read.models.onnx import _labels, load as load_graph  # noqa: E402
from onnx_reference import load as reference  # noqa: E402

TWINS = [  # factory, input (C, H, W)
    (spec_to_torch.lenet5, (1, 32, 32)),
    (spec_to_torch.resnet18, (3, 64, 64)),
    (spec_to_torch.mobilenet_v2, (3, 64, 64)),
    (lambda: torch_twins_extra.UNet(width=8), (1, 188, 188)),
    (torch_twins_extra.EfficientNetB0, (3, 64, 64)),
]


def export(model, sizes, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.zeros(1, *sizes),), str(path), dynamo=False,
                          training=torch.onnx.TrainingMode.TRAINING)


def inferred(path) -> dict[str, tuple]:
    model = onnx.shape_inference.infer_shapes(onnx.load(str(path)))
    return {v.name: tuple(d.dim_value for d in v.type.tensor_type.shape.dim[1:])
            for v in list(model.graph.value_info) + list(model.graph.output)}


def check_shapes(path, sizes=None):
    """The import's report, after checking each layer against shape inference."""
    report = analyze(loads(import_model(str(path), sizes).yaml))
    assert report.valid, [d.one_line() for d in report.errors]
    graph = load_graph(str(path))
    assert graph == reference(str(path))
    tensors = {label: node.outputs[0] for node, label in zip(graph.nodes, _labels(graph.nodes))}
    shapes = inferred(path)
    for row in report.rows:
        if row.name in tensors:
            assert row.output_shape == shapes[tensors[row.name]], row.name
    return report


@pytest.mark.parametrize("factory, sizes", TWINS, ids=["lenet5", "resnet18", "mobilenet_v2",
                                                       "unet", "efficientnet_b0"])
def test_torch_exports(factory, sizes, tmp_path):
    model = factory()
    export(model, sizes, tmp_path / "m.onnx")
    report = check_shapes(tmp_path / "m.onnx")
    stats = sum(b.numel() for name, b in model.named_buffers() if "running" in name)
    assert report.totals.params == sum(p.numel() for p in model.parameters())
    assert report.totals.non_trainable == stats
    weights = sum(int(np.prod(t.dims)) for t in onnx.load(str(tmp_path / "m.onnx")).graph.initializer)
    assert report.totals.params + report.totals.non_trainable <= weights  # + shape constants


W = ("w", np.zeros((4, 2, 3, 3), np.float32))


def _file(tmp_path, nodes, shape, *initializers):
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, *shape])],
        [helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.asarray(v), n) for n, v in initializers])
    path = tmp_path / "g.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


@pytest.mark.parametrize("attrs, size, output", [
    ({"pads": [0, 1, 2, 3], "kernel_shape": [3, 3]}, 10, (4, 10, 12)),
    ({"auto_pad": "SAME_UPPER", "strides": [2, 2]}, 7, (4, 4, 4)),
    ({"auto_pad": "SAME_LOWER", "strides": [2, 2]}, 7, (4, 4, 4)),
    ({"auto_pad": "VALID", "strides": [2, 2]}, 7, (4, 3, 3)),
], ids=["uneven-pads", "same-upper", "same-lower", "valid"])
def test_conv_padding(tmp_path, attrs, size, output):
    path = _file(tmp_path, [helper.make_node("Conv", ["x", "w"], ["y"], name="c", **attrs)],
                 (2, size, size), W)
    report = check_shapes(path)
    assert report.rows[-1].output_shape == output


def test_uneven_pads_are_a_pad_layer_before(tmp_path):
    path = _file(tmp_path, [helper.make_node("Conv", ["x", "w"], ["y"], name="c",
                                             pads=[0, 1, 2, 3])], (2, 10, 10), W)
    text = import_model(str(path)).yaml
    assert text.splitlines()[-2:] == ["  - pad: {name: c.pad, padding: [[0, 2], [1, 3]]}",
                                      "  - conv: {name: c, filters: 4, kernel: 3, bias: false}"]


@pytest.mark.parametrize("ceil, rounding, output", [(1, "ceil", 4), (0, "floor", 3)])
def test_ceil_mode(tmp_path, ceil, rounding, output):
    path = _file(tmp_path, [helper.make_node("MaxPool", ["x"], ["y"], name="p",
                                             kernel_shape=[2, 2], strides=[2, 2],
                                             ceil_mode=ceil)], (2, 7, 7))
    assert f"rounding: {rounding}" in import_model(str(path)).yaml
    assert check_shapes(path).rows[-1].output_shape == (2, output, output)


def test_linear_layers_reshape_pad_resize(tmp_path):
    nodes = [
        helper.make_node("Pad", ["x", "pads"], ["padded"], name="pad"),
        helper.make_node("Resize", ["padded", "", "scales"], ["big"], name="up", mode="nearest"),
        helper.make_node("AveragePool", ["big"], ["pooled"], name="pool", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=0),
        helper.make_node("Constant", [], ["shape"], value=numpy_helper.from_array(
            np.array([1, -1], np.int64))),
        helper.make_node("Reshape", ["pooled", "shape"], ["flat"], name="flat"),
        helper.make_node("MatMul", ["flat", "w1"], ["mm"], name="fc1"),
        helper.make_node("Add", ["mm", "b1"], ["fc1_out"], name="fc1_bias"),
        helper.make_node("Gemm", ["fc1_out", "w2", "b2"], ["y"], name="fc2", transB=1),
    ]
    path = _file(tmp_path, nodes, (2, 5, 5),
                 ("pads", np.array([0, 0, 1, 0, 0, 0, 0, 1], np.int64)),
                 ("scales", np.array([1, 1, 2, 2], np.float32)),
                 ("w1", np.zeros((72, 16), np.float32)), ("b1", np.zeros(16, np.float32)),
                 ("w2", np.zeros((10, 16), np.float32)), ("b2", np.zeros(10, np.float32)))
    report = check_shapes(path)
    assert [(r.name, r.kind, r.output_shape, r.params) for r in report.rows] == [
        ("pad", "pad", (2, 6, 6), 0), ("up", "upsample", (2, 12, 12), 0),
        ("pool", "avgpool", (2, 6, 6), 0), ("flat", "flatten", (72,), 0),
        ("fc1", "dense", (16,), 72 * 16 + 16), ("fc2", "dense", (10,), 16 * 10 + 10)]


def test_unsupported_ops_are_listed_by_op_type(tmp_path, invoke):
    nodes = [helper.make_node("MaxPool", ["x"], ["a"], name="p", kernel_shape=[3, 3],
                              dilations=[2, 2]),
             helper.make_node("Transpose", ["a"], ["b"], name="t", perm=[1, 0, 2, 3]),
             helper.make_node("LSTM", ["b", "w"], ["y"], name="l")]
    path = _file(tmp_path, nodes, (2, 7, 7), W)
    assert_refused(invoke, path, "MaxPool(dilations), Transpose of the batch, LSTM", "p")


def test_symbolic_sizes_need_input(tmp_path, invoke):
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="r")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, "H", "W"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    path = tmp_path / "sym.onnx"
    onnx.save(helper.make_model(graph), str(path))
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{path}: error: the input 'x' has symbolic sizes ['N', 3, 'H', 'W']. Fix: give them: "
        f"cnncalc import {path} --input 3x224x224 -o spec.yaml")
    result = invoke("import", str(path), "--input", "3x32x48")
    assert result.exit_code == 0
    assert "input: [3, 32, 48]" in result.stdout


@pytest.mark.parametrize("source, sizes", [
    ("spec_to_torch:resnet18", (3, 64, 64)), ("torch_twins_extra:EfficientNetB0", (3, 64, 64))])
def test_the_onnx_export_reads_as_the_module_does(source, sizes, tmp_path):
    """Two readers, one network: the layers imported from torch's ONNX export are those fx
    reads from the module (SiLU, exported as x·sigmoid(x), is one `silu` again), but for
    nn.Identity: fx reads it as an `identity` layer, and torch's exporter writes no node."""
    module, _, factory = source.partition(":")
    export(getattr(__import__(module), factory)(), sizes, tmp_path / "m.onnx")
    from_fx = analyze(loads(import_model(source, sizes).yaml)).rows
    from_onnx = analyze(loads(import_model(str(tmp_path / "m.onnx")).yaml)).rows
    assert [(r.kind, r.output_shape, r.params) for r in from_onnx] == \
        [(r.kind, r.output_shape, r.params) for r in from_fx if r.kind != "identity"]


def test_clip_bounds(tmp_path):
    nodes = [helper.make_node("Constant", [], ["lo"], value=numpy_helper.from_array(
                 np.array(-1.5, np.float32))),
             helper.make_node("Constant", [], ["hi"], value=numpy_helper.from_array(
                 np.array(2.0, np.float32))),
             helper.make_node("Clip", ["x", "lo", "hi"], ["y"], name="clip")]
    text = import_model(str(_file(tmp_path, nodes, (2, 3, 3)))).yaml
    assert text.splitlines()[-1] == "  - clip: {name: clip, min: -1.5, max: 2.0}"
