"""The kinds real models need (issue 13): identity, permute, groupnorm, instancenorm, prelu.

Each against the framework layers they stand for: values of both backends against torch's
modules and Keras 3's layers given the same weights, counts and shapes of real Keras,
torch and ONNX models imported (onnx.shape_inference for ONNX), and the messages for bad
parameters as a user meets them on the command line."""

from __future__ import annotations

import os

import numpy as np
import pytest

from cnncalc import analyze, import_model, inline, loads
from cnncalc.backends import load as load_backend
from cnncalc.core.records import Layout, in_layout
from cnncalc.layers.activation import ACTIVATION_DEFAULTS
from cnncalc.run.verify import execute

torch = pytest.importorskip("torch")


def outputs(spec, backend_name: str, seed: int = 3):
    """Every layer's output (channels-last numpy) and parameter arrays on one backend."""
    report = analyze(spec)
    assert report.valid, [d.one_line() for d in report.errors]
    backend = load_backend(backend_name, seed=seed, rounding=report.rounding,
                           framework=report.framework, layout=spec.layout,
                           activation_defaults=ACTIVATION_DEFAULTS)
    made = {}
    draw = backend.input
    backend.input = lambda shape, size: made.setdefault("x", draw(shape, size))
    results = []
    for (layer, outcome), row in zip(execute(spec, backend, 2), report.rows):
        assert not isinstance(outcome, Exception), (layer.name, outcome)
        assert in_layout(backend.shape(outcome.array), spec.layout) == row.output_shape
        assert backend.count(outcome.params) == row.params
        results.append((backend.numpy(outcome.array),
                        [np.asarray(p.detach().cpu() if hasattr(p, "detach") else p)
                         for p in outcome.params]))
    return backend.numpy(made["x"]), results


def spec_of(sizes: str, token: str, layout: str = "channels_last", framework: str = "keras"):
    shape = [int(n) for n in sizes.split("x")]
    return loads(f"input: {shape}\nlayout: {layout}\nframework: {framework}\n"
                 f"layers: [{token}]\n")


# (input as written, layer, layout, framework): each run on numpy and torch with the same
# weights, against the torch module (or tensor method) it stands for.
CASES = [
    ("6x5x8", "groupnorm: {groups: 4}", "channels_last", "keras"),
    ("8x6x5", "groupnorm: {groups: 2, affine: false, epsilon: 0.1}", "channels_first", "keras"),
    ("12", "groupnorm: {groups: 3}", "channels_last", "keras"),
    ("6x5x8", "instancenorm", "channels_last", "keras"),
    ("4x3x5x6", "instancenorm: {affine: true}", "channels_last", "pytorch"),
    ("7x5", "instancenorm: {affine: true}", "channels_last", "keras"),
    ("6x5x8", "prelu: {slopes: channel}", "channels_last", "keras"),
    ("8x6x5", "prelu", "channels_first", "pytorch"),
    ("6x5x8", "prelu", "channels_last", "keras"),
    ("6x5x8", "identity", "channels_last", "keras"),
    ("6x5x8", "permute: {axes: [3, 1, 2]}", "channels_last", "keras"),
    ("8x6x5", "permute: {axes: [2, 3, 1]}", "channels_first", "pytorch"),
    ("2x3x4x5", "permute: {axes: [4, 1, 3, 2]}", "channels_first", "pytorch"),
]


def written(array: np.ndarray, layout: str) -> torch.Tensor:
    """A channels-last batch as the spec writes it (channels first in a channels-first
    spec), batch first."""
    if layout == "channels_first" and array.ndim > 2:
        array = np.moveaxis(array, -1, 1)
    return torch.from_numpy(np.ascontiguousarray(array))


def torch_reference(layer, x: torch.Tensor, params: list[np.ndarray], layout: str):
    """What torch computes for the layer on `x`, the input as the spec writes it, with
    torch's own modules given the backend's weights; the output as the spec writes it."""
    if layer.kind == "permute":
        return x.permute(0, *layer.params["axes"])
    if layer.kind == "identity":
        return torch.nn.Identity()(x)
    moved = layout == "channels_last" and x.dim() > 2
    t = x.movedim(-1, 1) if moved else x  # (N, C, *spatial), as torch has it
    p, channels = layer.params, t.shape[1]
    if layer.kind == "groupnorm":
        module = torch.nn.GroupNorm(p["groups"], channels, p["epsilon"], p["affine"])
    elif layer.kind == "instancenorm":
        module = getattr(torch.nn, f"InstanceNorm{t.dim() - 2}d")(
            channels, p["epsilon"], affine=p["affine"])
    elif params[0].size in (1, channels) and params[0].ndim == 1:
        module = torch.nn.PReLU(params[0].size)
    else:  # a slope per element: no module has one; the definition, max(x,0) + a·min(x,0)
        a = torch.from_numpy(params[0])  # numpy keeps it channels last, torch first
        a = a if a.shape == t.shape[1:] else a.movedim(-1, 0)
        out = torch.clamp(t, min=0) + a * torch.clamp(t, max=0)
        return out.movedim(1, -1) if moved else out
    with torch.no_grad():
        for param, value in zip(module.parameters(), params):
            param.copy_(torch.from_numpy(value).reshape(param.shape))
        out = module(t)
    return out.movedim(1, -1) if moved else out


@pytest.mark.parametrize("sizes, token, layout, framework", CASES)
def test_both_backends_compute_what_torch_does(sizes, token, layout, framework):
    spec = spec_of(sizes, token, layout, framework)
    for name in ("numpy", "torch"):
        x, [(out, params)] = outputs(spec, name)
        want = torch_reference(spec.layers[0], written(x, layout), params, layout)
        torch.testing.assert_close(written(out, layout), want, rtol=1e-4, atol=1e-5,
                                   msg=f"{name}: {token}")


@pytest.mark.parametrize("token, message", [
    ("permute:axes=1x1x2", "layer 1 (permute1): axes: [1, 1, 2] is not an order of the axes "
                           "1, 2, 3: each must appear once. Fix: axes: [2, 3, 1]"),
    ("permute:axes=2x1", "layer 1 (permute1): axes: [2, 1] orders 2 axes but the input "
                         "[8, 8, 6] has 3. Fix: axes: an order of [1, 2, 3], such as [2, 3, 1]"),
    ("groupnorm:groups=4", "layer 1 (groupnorm1): groups: 6 channels do not fall in 4 equal "
                           "groups. Fix: groups: 2; or groups: 3"),
    ("groupnorm:groups=0", "layer 1 (groupnorm1): groups: must be ≥ 1, got 0"),
    ("prelu:slopes=all", "layer 1 (prelu1): slopes: expected one of one, channel, element, "
                         "got the text 'all'"),
])
def test_bad_parameters_name_the_layer_and_the_key(invoke, token, message):
    result = invoke("summary", "--input", "8x8x6", token)
    assert result.exit_code == 1
    assert result.stderr == f"<command line>: error: {message}\n"


@pytest.mark.parametrize("sizes, token, message", [
    ("12", "instancenorm", "layer 1 (instancenorm1): needs spatial axes but its input is the "
                           "flat vector [12]. Fix: move flatten after the last conv or pooling"),
    ("1x1x4", "instancenorm", "layer 1 (instancenorm1): each channel has a single position, "
                              "whose variance is 0: PyTorch refuses it (Expected more than 1 "
                              "spatial element). Fix: put it before the layers that shrink the "
                              "map to 1×1"),
])
def test_a_norm_without_values_to_normalise_is_refused(invoke, sizes, token, message):
    result = invoke("summary", "--input", sizes, token)
    assert result.exit_code == 1
    assert result.stderr == f"<command line>: error: {message}\n"


def test_torch_refuses_an_instance_norm_of_one_position_too():
    with pytest.raises(ValueError, match="Expected more than 1 spatial element"):
        torch.nn.InstanceNorm2d(4).eval()(torch.zeros(2, 4, 1, 1))


def test_a_group_norm_of_single_values_is_a_warning(invoke):
    """torch's GroupNorm computes it (β everywhere) for a batch of two or more, and refuses
    it for one sample; Keras computes it: a warning, not an error."""
    assert torch.nn.GroupNorm(4, 4)(torch.zeros(2, 4)).shape == (2, 4)
    result = invoke("summary", "--input", "4", "groupnorm:groups=4")
    assert result.exit_code == 0
    assert result.stderr == (
        "<command line>: warning: layer 1 (groupnorm1): each group holds a single value, "
        "whose variance is 0: groupnorm outputs β alone (PyTorch refuses it for a batch of "
        "one). Fix: fewer groups, or put it before the layers that shrink the map to 1×1\n")


def test_prelu_counts_follow_the_framework_unless_slopes_says(invoke):
    """Keras's PReLU() has a slope per element, PyTorch's nn.PReLU() one: left out,
    `slopes` is the framework's, and --portability says the two differ."""
    keras_rows = analyze(inline("6x5x8", ["prelu"])).rows
    torch_rows = analyze(inline("6x5x8", ["prelu"]), framework="pytorch").rows
    chosen = analyze(inline("6x5x8", ["prelu:slopes=channel"]), framework="pytorch").rows
    assert [keras_rows[0].params, torch_rows[0].params, chosen[0].params] == [6 * 5 * 8, 1, 8]
    assert torch_rows[0].params == sum(p.numel() for p in torch.nn.PReLU().parameters())
    result = invoke("summary", "--input", "6x5x8", "prelu", "--portability")
    assert result.stdout.splitlines()[-2:] == [
        "Portability (<command line>; shown as keras): 1 layer differs between Keras and PyTorch",
        "  prelu1  PyTorch's PReLU learns one slope unless given num_parameters=C, Keras's one "
        "per element of the input unless given shared_axes: `slopes` says which"]


def test_prelu_per_element_is_refused_by_the_pytorch_export(invoke):
    result = invoke("export", "--to", "pytorch", "--input", "4x4x3", "prelu")
    assert result.exit_code == 1
    assert result.stderr == ("<command line>: cannot export to pytorch: layer prelu1 (prelu): "
                             "PyTorch's PReLU learns one slope or one per channel, not one per "
                             "element (slopes: channel is the nearest)\n")


def test_a_moving_permute_has_no_receptive_field_an_identity_one_keeps_it():
    moved = analyze(inline("8x9x3", ["conv:filters=2,kernel=3", "permute:axes=2x1x3"]))
    kept = analyze(inline("8x9x3", ["conv:filters=2,kernel=3", "permute:axes=1x2x3"]))
    assert moved.rows[1].receptive_field is None
    assert kept.rows[1].receptive_field == kept.rows[0].receptive_field
    assert [n.message.partition(": ")[2] for n in moved.notes] == [
        "permute moves the axes: its outputs' positions are no longer the input's along each "
        "axis, so it has no receptive field, nor do the layers after it"]


def test_group_and_instance_norms_see_the_whole_input():
    """Each output reads its own position and, through the statistics, every other."""
    rows = analyze(inline("10x7x4", ["instancenorm", "groupnorm:groups=2"])).rows
    for row in rows:
        assert [(f.size, f.jump) for f in row.receptive_field] == [(10, 0), (7, 0)]


# --- models with these layers, imported ------------------------------------------------


TORCH_MODEL = '''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.gn = nn.GroupNorm(2, 8)
        self.plain = nn.GroupNorm(4, 8, affine=False)
        self.inorm = nn.InstanceNorm2d(8, affine=True)
        self.inorm0 = nn.InstanceNorm2d(8)
        self.act = nn.PReLU(8)
        self.one = nn.PReLU()
        self.skip = nn.Identity()
        self.fc = nn.Linear(8 * 7 * 9, 10)

    def forward(self, x):
        x = self.skip(self.one(self.act(self.inorm0(self.inorm(self.plain(self.gn(
            self.conv(x))))))))
        x = x.permute(0, 2, 3, 1).transpose(1, 2).movedim(2, 1)
        x = torch.permute(torch.swapaxes(x, 1, 2), (0, 2, 1, 3))
        return self.fc(torch.flatten(x, 1))
'''


def test_a_torch_module_with_these_layers(tmp_path):
    from test_import_torch import torch_shapes

    """Every layer's shape is fx's meta-device shape (the importer checks each against
    torch's before it writes the spec) and the total is torch's."""
    (tmp_path / "net.py").write_text(TORCH_MODEL)
    text = import_model(f"{tmp_path / 'net.py'}:Net", (3, 9, 11)).yaml
    report = analyze(loads(text))
    import importlib.util
    spec = importlib.util.spec_from_file_location("net_h14", tmp_path / "net.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert report.totals.params == sum(p.numel() for p in module.Net().parameters())
    assert [(r.name, r.kind) for r in report.rows] == [
        ("conv", "conv"), ("gn", "groupnorm"), ("plain", "groupnorm"), ("inorm", "instancenorm"),
        ("inorm0", "instancenorm"), ("act", "prelu"), ("one", "prelu"), ("skip", "identity"),
        ("permute", "permute"), ("transpose", "permute"), ("movedim", "permute"),
        ("swapaxes", "permute"), ("permute_1", "permute"), ("flatten", "flatten"),
        ("fc", "dense")]
    assert [r.params for r in report.rows[1:8]] == [16, 0, 16, 0, 8, 1, 0]
    shapes = torch_shapes(module.Net().to("meta"), (3, 9, 11))
    assert {r.name: r.output_shape for r in report.rows} == shapes


os.environ.setdefault("KERAS_BACKEND", "torch")  # before Keras is imported: no tensorflow


def keras_model():
    keras = pytest.importorskip("keras")
    layers = keras.layers
    return keras.Sequential([
        keras.Input((9, 7, 8)),
        layers.PReLU(name="p_el"),
        layers.PReLU(shared_axes=[1, 2], name="p_ch"),
        layers.PReLU(shared_axes=[1, 2, 3], name="p_one"),
        layers.GroupNormalization(4, name="gn"),
        layers.GroupNormalization(-1, name="per_channel"),
        layers.GroupNormalization(2, center=False, scale=False, name="gn_plain"),
        layers.Identity(name="ident"),
        layers.Permute((2, 1, 3), name="perm"),
        layers.Conv2D(4, 3, name="c"),
        layers.Permute((3, 1, 2), name="perm2"),
        layers.Flatten(name="f")], name="k")


@pytest.mark.parametrize("form", ["m.keras", "m.json"])
def test_a_keras_model_with_these_layers(tmp_path, form):
    from cnncalc import load

    model = keras_model()
    model.save(tmp_path / "m.keras")
    (tmp_path / "m.json").write_text(model.to_json())
    report = analyze(load(str(tmp_path / form)))
    assert report.valid
    assert report.totals.params == model.count_params()
    assert [(r.name, r.output_shape, r.params) for r in report.rows] == [
        (layer.name, tuple(layer.output.shape[1:]), layer.count_params())
        for layer in model.layers]


@pytest.mark.parametrize("token", ["groupnorm: {groups: 2}", "instancenorm: {affine: true}",
                                   "prelu", "prelu: {slopes: channel}", "prelu: {slopes: one}",
                                   "permute: {axes: [2, 3, 1]}", "identity"])
def test_the_numpy_backend_computes_what_keras_does(token):
    """The Keras 3 layer the export writes, given the numpy backend's weights."""
    keras = pytest.importorskip("keras")
    from cnncalc.export import export
    from export_harness import import_file

    spec = spec_of("6x5x4", token)
    x, [(out, params)] = outputs(spec, "numpy")
    module = import_file(export(spec, analyze(spec), "keras"))
    model = module.build()
    layer = model.layers[-1]
    layer.set_weights([w.reshape(v.shape) for w, v in zip(params, layer.weights)])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model(x)), out, rtol=1e-4,
                               atol=1e-5)


ONNX_SHAPE = (2, 4, 5, 6)


def onnx_graph(tmp_path, nodes, initializers, opset: int = 21):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ONNX_SHAPE)],
        [helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.asarray(v, np.float32), n) for n, v in initializers.items()])
    path = tmp_path / "g.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)]),
              str(path))
    return path


def test_onnx_nodes_of_these_kinds(tmp_path):
    """Shapes as onnx.shape_inference infers them; counts from the initializers."""
    from onnx import helper
    from test_import_onnx import check_shapes

    c, h, w = ONNX_SHAPE[1:]
    nodes = [helper.make_node("Identity", ["x"], ["i"], name="ident"),
             helper.make_node("PRelu", ["i", "s1"], ["p1"], name="one"),
             helper.make_node("PRelu", ["p1", "sc"], ["p2"], name="channel"),
             helper.make_node("PRelu", ["p2", "se"], ["p3"], name="element"),
             helper.make_node("InstanceNormalization", ["p3", "g", "b"], ["n1"], name="inorm",
                              epsilon=1e-3),
             helper.make_node("Transpose", ["n1"], ["t"], name="perm", perm=[0, 2, 3, 1])]
    path = onnx_graph(tmp_path, nodes, {"s1": [0.25], "sc": np.zeros((c, 1, 1)),
                                        "se": np.zeros((c, h, w)), "g": np.ones(c),
                                        "b": np.zeros(c)})
    report = check_shapes(path)
    assert [(r.name, r.kind, r.params) for r in report.rows] == [
        ("ident", "identity", 0), ("one", "prelu", 1), ("channel", "prelu", c),
        ("element", "prelu", c * h * w), ("inorm", "instancenorm", 2 * c),
        ("perm", "permute", 0)]
    assert report.rows[-1].output_shape == (h, w, c)


def test_onnx_group_norm_of_opset_21(tmp_path):
    """onnx.shape_inference infers nothing for GroupNormalization (a function op): its
    shape is what onnx's reference runtime computes."""
    from onnx import helper
    from onnx.reference import ReferenceEvaluator

    c = ONNX_SHAPE[1]
    nodes = [helper.make_node("GroupNormalization", ["x", "g", "b"], ["y"], name="gn",
                              num_groups=2, epsilon=1e-3)]
    path = onnx_graph(tmp_path, nodes, {"g": np.ones(c), "b": np.zeros(c)})
    (y,) = ReferenceEvaluator(str(path)).run(None, {"x": np.ones(ONNX_SHAPE, np.float32)})
    text = import_model(str(path)).yaml
    assert text.splitlines()[-1] == "  - groupnorm: {name: gn, groups: 2, epsilon: 0.001}"
    report = analyze(loads(text))
    assert [(r.output_shape, r.params) for r in report.rows] == [
        (in_layout(y.shape[1:][1:] + y.shape[1:2], Layout.CHANNELS_FIRST), 2 * c)]


def test_onnx_group_norm_of_opset_18_is_unsupported(tmp_path, invoke):
    from onnx import helper
    from conftest import assert_refused

    nodes = [helper.make_node("GroupNormalization", ["x", "g", "b"], ["y"], name="gn",
                              num_groups=2)]
    path = onnx_graph(tmp_path, nodes, {"g": np.ones(2), "b": np.zeros(2)}, opset=18)
    assert_refused(invoke, path, "GroupNormalization with a scale per group (opset 18)", "gn")


def test_torch_exports_of_these_layers_read_as_fx_reads_the_module(tmp_path):
    """torch.onnx.export of PReLU (slopes [C, 1, 1] or [1]), InstanceNorm2d(affine=True)
    and a permute: the same kinds, shapes and counts as the module read through fx."""
    import warnings

    (tmp_path / "net2.py").write_text('''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3)
        self.inorm = nn.InstanceNorm2d(6, affine=True)
        self.act = nn.PReLU(6)
        self.one = nn.PReLU()

    def forward(self, x):
        return self.one(self.act(self.inorm(self.conv(x)))).permute(0, 3, 1, 2)
''')
    source = f"{tmp_path / 'net2.py'}:Net"
    from_fx = analyze(loads(import_model(source, (3, 8, 10)).yaml)).rows
    import importlib.util
    spec = importlib.util.spec_from_file_location("net2_h14", tmp_path / "net2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module.Net(), (torch.zeros(1, 3, 8, 10),), str(tmp_path / "m.onnx"),
                          dynamo=False)
    from_onnx = analyze(loads(import_model(str(tmp_path / "m.onnx")).yaml)).rows
    assert [(r.kind, r.output_shape, r.params) for r in from_onnx] == \
        [(r.kind, r.output_shape, r.params) for r in from_fx]


def test_sizes_after_a_permute_count_every_error_against_the_axis():
    """After height and width swap, the pooling's `width` is the input's height: a size of
    the height that leaves an odd width there is invalid (checked against the engine)."""
    from cnncalc.solve.sizes import sizes

    spec = loads("input: [32, 30, 3]\nlayers:\n  - conv: {filters: 4, kernel: 3}\n"
                 "  - permute: {axes: [2, 1, 3]}\n  - maxpool: {size: 2}\n")
    found = sizes(spec, 20, 40)
    for axis in found.axes:
        assert axis.output is None  # an output size on this axis no longer follows from it
        for n in range(20, 41):
            shape = list(spec.input_shape)
            shape[axis.axis] = n
            valid = analyze(loads(f"input: {shape}\nlayers:\n  - conv: {{filters: 4, kernel: 3}}"
                                  f"\n  - permute: {{axes: [2, 1, 3]}}\n  - maxpool: {{size: 2}}"
                                  f"\n")).valid
            assert (n in axis.valid) == valid, (axis.label, n)
