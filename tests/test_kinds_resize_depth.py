"""The kinds of issue 13's second part against the frameworks that define them: pixel
shuffle and space to depth (both channel orders), upsampling to a size, pooling dilation,
causal padding, Keras's Rescaling and Normalization. Values on both backends against torch
modules, ONNX's reference evaluator and Keras 3 layers; receptive fields against impulse
responses. (Shapes, counts and FLOPs against torch: test_kinds_torch.py; the importers:
test_import_kinds_b.py.)"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from cnncalc import analyze, inline, loads  # noqa: E402
from cnncalc.backends import BACKENDS  # noqa: E402
from cnncalc.backends import load as load_backend  # noqa: E402
from cnncalc.run.verify import execute  # noqa: E402

from test_fields_against_frameworks import analysed, check_bands, yaml  # noqa: E402
from torch_twins import twin  # noqa: E402


def run(spec, backend: str, framework: str = "pytorch"):
    """The last layer's output (channels last, numpy), its Output, and the input it read."""
    runner = load_backend(backend, framework=framework)
    *_, (layer, output) = execute(spec, runner, batch=2)
    assert not isinstance(output, Exception), output
    x = load_backend("numpy").input(spec.input_shape, 2)  # the same seed: the same input
    return runner.numpy(output.array), output, x


def first(x: np.ndarray) -> torch.Tensor:
    """A channels-last batch as torch's channels-first tensor."""
    return torch.from_numpy(np.ascontiguousarray(np.moveaxis(x, -1, 1)))


def last(y: torch.Tensor) -> np.ndarray:
    return np.moveaxis(y.detach().numpy(), 1, -1)


VALUE_CASES = [  # (input, token): computed by the twin, a torch module or ONNX's definition
    ("4x6x8", "pixel_shuffle"),
    ("4x6x18", "pixel_shuffle:factor=3,order=dcr"),
    ("6x9x2", "space_to_depth:factor=3"),
    ("4x6x5", "space_to_depth:order=dcr"),
    ("6x5x3", "upsample:output=11x7"),
    ("6x5x3", "upsample:output=4x13,mode=nearest_exact"),
    ("6x5x3", "upsample:output=9x2,mode=bilinear"),
    ("6x5x3", "upsample:output=3x8,mode=bilinear,align_corners=true"),
    ("7x2", "upsample:output=16,mode=bilinear,align_corners=true"),
    ("3x4x5x2", "upsample:output=5x3x7,mode=bilinear"),
    ("6x5x3", "upsample:scale=3,mode=bilinear,align_corners=true"),
    ("11x10x3", "maxpool:size=3,stride=2,dilation=2,padding=1"),
    ("12x3", "minpool:size=2,dilation=3"),
    ("5x6x3", "rescale:scale=0.5,offset=-1"),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("sizes, token", VALUE_CASES)
def test_values_are_the_frameworks(backend, sizes, token):
    spec = inline(sizes, [token], rounding="floor")
    ours, _, x = run(spec, backend)
    with torch.no_grad():
        expected = last(twin(spec.layers[0], spec.input_shape)(first(x)))
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op, kind, mode", [
    ("DepthToSpace", "pixel_shuffle", "DCR"), ("DepthToSpace", "pixel_shuffle", "CRD"),
    ("SpaceToDepth", "space_to_depth", None)])
def test_depth_and_space_are_onnx_reference_values(backend, op, kind, mode):
    """ONNX's own reference implementation of the op, run on the same input."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper
    from onnx.reference import ReferenceEvaluator

    order = "crd" if mode == "CRD" else "dcr"
    spec = inline("4x6x18", [f"{kind}:factor=3,order={order}"]) if kind == "pixel_shuffle" \
        else inline("6x9x2", [f"{kind}:factor=3,order={order}"])
    ours, _, x = run(spec, backend)
    node = helper.make_node(op, ["x"], ["y"], blocksize=3, **({"mode": mode} if mode else {}))
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info(
        "x", TensorProto.FLOAT, None)], [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                                                       None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    (expected,) = ReferenceEvaluator(model).run(None, {"x": first(x).numpy()})
    np.testing.assert_array_equal(ours, np.moveaxis(expected, 1, -1))
    assert onnx  # the optional extra is what ran


@pytest.mark.parametrize("backend", BACKENDS)
def test_keras_ops_depth_to_space_is_the_dcr_order(backend):
    from keras_twins import keras

    for token, function, sizes in [("pixel_shuffle:order=dcr", "depth_to_space", "4x6x8"),
                                   ("space_to_depth:order=dcr", "space_to_depth", "4x6x5")]:
        spec = inline(sizes, [token])
        ours, _, x = run(spec, backend)
        expected = getattr(keras.ops, function)(x, 2)
        np.testing.assert_array_equal(ours, keras.ops.convert_to_numpy(expected))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("token, mode", [("upsample:output=11x7,mode=nearest_exact", "nearest"),
                                         ("upsample:output=9x2,mode=bilinear", "bilinear"),
                                         ("upsample:output=13x10,mode=bilinear", "bilinear")])
def test_resizing_is_keras_resizing(backend, token, mode):
    """Keras's nearest resize is the half-pixel rule: cnncalc's nearest_exact."""
    from keras_twins import keras

    spec = inline("6x5x3", [token])
    ours, _, x = run(spec, backend, "keras")
    height, width = spec.layers[0].params["output"]
    expected = keras.layers.Resizing(height, width, interpolation=mode)(x)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(expected), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("stats", ["stored", "fixed"])
def test_normalize_is_keras_normalization(backend, stats):
    """Given the statistics the backend drew, Keras's Normalization computes the same; the
    stored ones are Keras's weights: mean, variance and the count, 2·C + 1 numbers. Fixed
    ones are no part of the spec: mean 0 and variance 1, as the exports write them."""
    from keras_twins import keras

    spec = inline("5x6x4", [f"normalize:stats={stats}"])
    ours, output, x = run(spec, backend, "keras")
    drawn = load_backend("numpy")  # drawing as the run drew: its input, then the statistics
    drawn.input(spec.input_shape, 2)
    mean, variance = drawn.statistics(4) if stats == "stored" else (0.0, 1.0)
    layer = keras.layers.Normalization(mean=mean, variance=variance)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(layer(x)), rtol=1e-5,
                               atol=1e-5)
    adapted = keras.layers.Normalization()
    adapted.build((None, 5, 6, 4))
    stored = sum(int(np.prod(np.shape(b))) for b in output.buffers)
    assert stored == (adapted.count_params() if stats == "stored" else 0) == \
        analyze(spec).rows[0].params


@pytest.mark.parametrize("backend", BACKENDS)
def test_layer_scale_multiplies_each_channel_by_its_factor(backend):
    """As ConvNeXt's LayerScale, and as the 1×1 depthwise convolution it is exported as."""
    spec = inline("5x6x4", ["layer_scale"])
    ours, output, x = run(spec, backend, "keras")
    (gamma,) = (np.asarray(p.detach() if hasattr(p, "detach") else p) for p in output.params)
    gamma = gamma.reshape(-1)
    assert gamma.shape == (4,)
    np.testing.assert_allclose(ours, x * gamma, rtol=1e-6)
    conv = torch.nn.Conv2d(4, 4, 1, groups=4, bias=False)
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(gamma).view(4, 1, 1, 1))
        np.testing.assert_allclose(ours, last(conv(first(x))), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
def test_causal_conv_is_keras_conv1d(backend):
    from keras_twins import keras

    spec = inline("20x3", ["conv:filters=4,kernel=3,padding=causal,dilation=2"])
    ours, output, x = run(spec, backend, "keras")
    weight, bias = (np.asarray(p.detach() if hasattr(p, "detach") else p)
                    for p in output.params)
    layer = keras.layers.Conv1D(4, 3, padding="causal", dilation_rate=2)
    layer.build((None, 20, 3))
    layer.set_weights([np.moveaxis(weight, (0, 1), (2, 1)), bias])  # (F, C, K) → (K, C, F)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(layer(x)), rtol=1e-4,
                               atol=1e-5)


FIELD_CASES = [  # (input sizes, layers, whether the bands are the narrowest)
    ((12, 10), [("conv", {"filters": 8, "kernel": 1, "bias": "false"}),
                ("pixel_shuffle", {"factor": 2})], True),
    ((6, 9), [("conv", {"filters": 9, "kernel": 1, "bias": "false"}),
              ("pixel_shuffle", {"factor": 3, "order": "dcr"}),
              ("conv", {"filters": 2, "kernel": 3, "bias": "false"})], True),
    ((12, 9), [("space_to_depth", {"factor": 3}),
               ("conv", {"filters": 2, "kernel": 2, "bias": "false"})], True),
    ((13, 11), [("maxpool", {"size": 3, "stride": 2, "dilation": 2, "padding": 1})], True),
    ((15,), [("maxpool", {"size": 2, "dilation": 3}),
             ("conv", {"filters": 2, "kernel": 3, "dilation": 2, "bias": "false"})], True),
    ((16,), [("conv", {"filters": 2, "kernel": 3, "padding": "causal", "dilation": 2,
                       "bias": "false"}),
             ("conv", {"filters": 2, "kernel": 2, "stride": 2, "padding": "causal",
                       "bias": "false"})], True),
    ((7, 5), [("upsample", {"output": [11, 3]})], True),
    ((7, 5), [("upsample", {"output": [16, 4], "mode": "nearest_exact"})], True),
    ((7, 5), [("upsample", {"output": [16, 3], "mode": "bilinear"})], False),
    ((7, 5), [("upsample", {"output": [10, 12], "mode": "bilinear", "align_corners": "true"})],
     False),
    ((6,), [("upsample", {"scale": 3, "mode": "bilinear", "align_corners": "true"}),
            ("conv", {"filters": 2, "kernel": 3, "bias": "false"})], False),
]


@pytest.mark.parametrize("sizes, layers, tight", FIELD_CASES)
def test_fields_hold_what_torch_reads(sizes, layers, tight):
    spec, report = analysed(yaml(sizes, layers), "pytorch")
    check_bands(spec, report, tight)


def test_pooling_dilation_under_keras_is_refused_with_the_pytorch_reading_offered():
    spec = loads("input: [9, 9, 2]\nlayers:\n  - maxpool: {size: 2, dilation: 2}\n")
    (error,) = analyze(spec).errors
    assert (error.key, error.message.endswith("dilation: Keras pooling has no dilation"),
            error.fixes) == ("dilation", True,
                             ("framework: pytorch (MaxPool's dilation)", "dilation: 1"))
    assert analyze(spec, framework="pytorch").rows[0].output_shape == ((9 - 3) // 2 + 1,) * 2 + (2,)


@pytest.mark.parametrize("text, message", [
    ("upsample: {scale: 2, output: 9}", "give scale or output, not both"),
    ("upsample: {align_corners: true}", "align_corners is for mode bilinear, not nearest"),
    ("upsample: {mode: bicubic}", "expected one of nearest, bilinear, nearest_exact"),
    ("pixel_shuffle: {order: cdr}", "expected one of crd, dcr"),
    ("pixel_shuffle: {factor: 0}", "must be ≥ 1"),
    ("rescale: {scale: x}", "expected a number"),
    ("normalize: {stats: adapted}", "expected one of stored, fixed"),
    ("avgpool: {size: 2, dilation: 2}", "unknown avgpool parameter .dilation."),
    ("separable_conv: {filters: 2, kernel: 3, padding: causal}",
     "expected one of valid, same, got the text 'causal'"),
])
def test_bad_parameters_are_refused_by_name(text, message):
    from cnncalc.core.errors import SpecError

    with pytest.raises(SpecError, match=message):
        loads(f"input: [8, 8, 4]\nlayers:\n  - {text}\n")


EXPORTED = [  # (input, layers, framework): each written in PyTorch and in Keras
    ("4x6x8", ["pixel_shuffle:order=dcr", "space_to_depth:order=dcr",
               "space_to_depth:factor=2", "pixel_shuffle"], "keras"),
    ("6x5x3", ["upsample:output=11x7,mode=bilinear", "upsample:output=4x13,mode=nearest_exact",
               "upsample:scale=2,mode=nearest_exact", "upsample:output=8x26"], "keras"),
    ("6x5x3", ["upsample:output=3x8,mode=bilinear,align_corners=true",
               "upsample:output=9x10"], "pytorch"),
    ("5x6x4", ["rescale:scale=0.5,offset=-1", "normalize", "layer_scale",
               "normalize:stats=fixed"], "keras"),
    ("20x3", ["conv:filters=4,kernel=3,padding=causal,dilation=2",
              "conv:filters=2,kernel=2,stride=2,padding=causal"], "keras"),
    ("11x10x3", ["maxpool:size=3,stride=2,dilation=2,padding=1", "minpool:size=2,dilation=2"],
     "pytorch"),
]


@pytest.mark.parametrize("sizes, tokens, framework", EXPORTED)
def test_exports_compute_the_backends_values(sizes, tokens, framework):
    """The PyTorch file, run with the torch backend's weights, gives its values layer by
    layer; the Keras file builds with the engine's shapes and counts, or is refused with
    the reason (align_corners, PyTorch's nearest at a fractional ratio, pooling dilation)."""
    from cnncalc.export import ExportRefused
    from export_harness import check_counts_and_shapes, check_values
    from test_export_keras import check_keras

    spec = inline(sizes, tokens, rounding="floor", framework=framework)
    report = analyze(spec)
    assert report.valid, report.errors
    module, plan = check_counts_and_shapes(spec, report)
    assert check_values(spec, report, module, plan)
    try:
        check_keras(spec, report)
    except ExportRefused as refusal:
        assert framework == "pytorch", refusal


@pytest.mark.parametrize("order", ["crd", "dcr"])
def test_the_keras_export_of_depth_and_space_computes_the_backends_values(order):
    """No weights to copy: the exported Keras model, run on the backend's input, gives
    its output (keras.ops for dcr, the reshapes for crd)."""
    from export_harness import import_file
    from keras_twins import keras

    from cnncalc.export import export

    spec = inline("4x6x8", [f"pixel_shuffle:order={order}", "space_to_depth:factor=4",
                            f"pixel_shuffle:factor=2,order={order}",
                            f"space_to_depth:order={order}"])
    ours, _, x = run(spec, "numpy", "keras")
    model = import_file(export(spec, analyze(spec), "keras")).build()
    np.testing.assert_array_equal(ours, keras.ops.convert_to_numpy(model(x)))
