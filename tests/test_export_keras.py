"""`cnncalc export --to keras`: every spec file, random specs over every kind, graphs and
blocks, and each kind of the registry with its own parameters, exported and run with
Keras 3 on its torch backend: count_params and every layer's output shape equal the
engine's, and every layer's output the torch backend's with its weights copied in."""

import os

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

os.environ["KERAS_BACKEND"] = "torch"  # before keras is imported anywhere
keras = pytest.importorskip("keras")

from cnncalc import analyze, load  # noqa: E402
from cnncalc.export import ExportRefused, export  # noqa: E402
from cnncalc.export.plan import steps  # noqa: E402
from cnncalc.layers import REGISTRY  # noqa: E402
from cnncalc.read.spec import build  # noqa: E402
from export_harness import (assert_formatted, build_locals, check_keras_values,  # noqa: E402
                            import_file)
from test_export_pytorch import SMALL, SPECS, _small, any_kind_specs, graph  # noqa: E402
from test_verify_differential import network  # noqa: E402


def check_keras(spec, report, seed: int = 0, values: bool = True) -> bool:
    """Counts and every layer's shape against the engine's, then values against the
    torch backend's (False when the backend cannot run the spec)."""
    text = export(spec, report, "keras")
    assert_formatted(text)
    module = import_file(text)
    model, seen = build_locals(module)
    assert model.count_params() == sum(row.trainable + row.non_trainable for row in report.rows)
    plan = steps(spec, report, "keras")
    for step in plan:
        assert tuple(seen[step.name].shape) == (None, *step.shape), step.layer.name
    return not values or check_keras_values(spec, report, module, plan, seed)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_spec_file_exports_to_a_keras_model_with_the_engines_numbers(path):
    spec = load(str(path))
    report = analyze(spec)
    assert check_keras(spec, report, values=report.totals.params <= SMALL)


SEEDS = st.integers(0, 2**32 - 1)  # the weights and input the backend draws


def _checked(spec, seed: int):
    report = analyze(spec)
    assume(_small(report))
    try:
        compared = check_keras(spec, report, seed)
    except ExportRefused:
        assume(False)  # what Keras cannot express: see test_keras_refusals
    # the torch backend's own limits (pooling padding) leave shapes and counts checked
    event("values compared" if compared else "the torch backend cannot run it")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(network(), SEEDS)
def test_random_chains_export_to_keras_with_the_engines_numbers_and_values(tree, seed):
    _checked(build(tree), seed)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(graph(), SEEDS)
def test_random_graphs_and_blocks_export_to_keras_with_the_engines_numbers_and_values(tree,
                                                                                      seed):
    _checked(build(tree), seed)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(any_kind_specs(), SEEDS)
def test_any_kind_exports_to_keras_with_the_engines_numbers_and_values(spec, seed):
    _checked(spec, seed)


@pytest.mark.parametrize("tree, reason", [
    ({"input": [9, 9, 1], "rounding": "ceil", "layers": [{"maxpool": {"size": 2}}]},
     "layer maxpool1 \\(maxpool\\): Keras pooling has no ceil mode"),
    ({"input": [4, 4, 4, 2], "layers": [{"separable_conv": {"filters": 2, "kernel": 1}}]},
     "Keras has no 3-D separable convolution"),
    # PyTorch takes an output_padding below the stride or the dilation; Keras the stride only
    ({"input": [8, 8, 3], "framework": "pytorch", "layers": [{"conv_transpose": {
        "filters": 1, "kernel": 1, "output_padding": 1, "dilation": 2}}]},
     r"Keras takes an output_padding below the stride only; \[1, 1\] with strides \[1, 1\]"),
])
def test_keras_refusals_say_why(tree, reason):
    spec = build(tree)
    with pytest.raises(ExportRefused, match=reason):
        export(spec, analyze(spec), "keras")


def _optional_values(param) -> list:
    """Values other than the default a user might give an optional parameter, from its
    type alone (so that a kind added later is drawn with its own parameters too)."""
    kind = type(param.type).__name__
    if kind == "Choice":
        return list(param.type.values)
    if kind == "Float":
        default = param.default or 0.5
        return [v for v in (default / 2, default * 2, -default)
                if param.type.minimum <= v <= param.type.maximum]
    return {"Axes": [1, 2, 3, [1, 2]], "Padding": ["same", "valid", 0, 1, [1, 0]],
            "Bool": [True, False], "Int": [1, 2, -1], "Sides": [0, 1, [1, 2]],
            "Dims": [[-1]]}.get(kind, [])


@st.composite
def one_layer(draw, kind: str):
    """A small spec with one layer of `kind`: its required parameters at plausible sizes,
    some of its optional ones set (a merge joins the input and a 1×1 conv of it), on an
    input of any rank, either layout, either framework's rules."""
    from test_fuzz import PLAUSIBLE_SIZES

    from cnncalc.layers.merge import Merge

    shape = draw(st.sampled_from([[8, 8, 3], [9, 3], [5, 4, 6, 2], [12], [7, 7, 4]]))
    params = {p.name: draw(st.sampled_from(PLAUSIBLE_SIZES[type(p.type).__name__]))
              for p in REGISTRY[kind].params if p.required}
    optional = [p for p in REGISTRY[kind].params if not p.required and _optional_values(p)]
    for p in draw(st.lists(st.sampled_from(optional), unique=True, max_size=3)
                  if optional else st.just([])):
        params[p.name] = draw(st.sampled_from(_optional_values(p)))
    layers = [{kind: params}]
    if isinstance(REGISTRY[kind], Merge):
        layers = [{"conv": {"filters": shape[-1], "kernel": 1, "name": "a"}},
                  {kind: {**params, "inputs": ["input", "a"]}}]
    layout = draw(st.sampled_from(["channels_last", "channels_first"]))
    return {"input": shape if layout == "channels_last" else [shape[-1], *shape[:-1]],
            "layout": layout, "framework": draw(st.sampled_from(["keras", "pytorch"])),
            "layers": layers}


@pytest.mark.parametrize("kind", sorted(REGISTRY))
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_every_kind_exports_to_keras_with_the_backends_values(kind, data):
    """Each kind of the registry (new ones included, with their own parameters) in small
    specs, compared by values wherever the spec is valid and Keras can express it."""
    try:
        spec = build(data.draw(one_layer(kind)))
    except Exception:  # noqa: BLE001  a size this kind refuses
        assume(False)
    _checked(spec, data.draw(SEEDS))


def test_a_spec_keras_cannot_express_is_refused_with_the_reason():
    from click.testing import CliRunner

    from cnncalc.cli import cli

    result = CliRunner().invoke(cli, ["export", "--input", "9x9x1", "--rounding", "ceil", "-q",
                                      "maxpool:size=2", "--to", "keras"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("<command line>: cannot export to keras: layer maxpool1 (maxpool): "
                             "Keras pooling has no ceil mode (rounding: ceil)\n")


@pytest.mark.parametrize("tokens, comment", [
    (["4x4x4x2", "depthwise_conv:kernel=1"],
     "# Keras has no DepthwiseConv3D: a Conv3D with groups = channels is the same layer"),
    (["6x6x4", "channel_pool:size=2"],
     "# Keras has no channel pooling: channels as (2, 2), reduced over the last axis"),
    (["6x6x2", "clip"], "# Keras has no clip layer: keras.ops.clip in a Lambda"),
    (["6x6x2", "conv:filters=2,kernel=1,activation=clip"],
     "# Keras has no clip layer: keras.ops.clip in a Lambda"),
    (["6x6x2", "minpool:size=2"], "# neither framework has min pooling: −maxpool(−x)"),
    (["6x6x2", "avgpool:size=3,stride=1,padding=1"],
     "# Keras pooling has no explicit padding: zeros before it, in the mean as PyTorch counts "
     "them"),
    (["6x6x2", "maxpool:size=3,stride=1,padding=1"],
     "# Keras pooling has no explicit padding: −inf around, as PyTorch pads"),
    (["6x6x2", "adaptive_avgpool:output=3"],
     "# adaptive pooling with equal windows: a plain pooling"),
    (["3x4x4", "--layout", "channels_first", "reshape:shape=4x12"],
     "# read and written channels first, as the spec orders them"),
])
def test_a_kind_keras_lacks_is_written_as_the_closest_code_with_a_comment(tokens, comment):
    """Never silently other code: the substitute says what it stands for (its values are
    held to the backend's by the tests above)."""
    from click.testing import CliRunner

    from cnncalc.cli import cli

    shape, *rest = tokens
    result = CliRunner().invoke(cli, ["export", "-q", "--to", "keras", "--input", shape, *rest])
    assert result.exit_code == 0, result.output
    assert f"    {comment}\n" in result.stdout


def test_a_helper_layer_never_takes_a_spec_layers_name():
    """`conv`'s padding layer would be `conv_pad`, the name of the next layer: Keras refuses
    two layers of one name, so the helper gives way."""
    spec = build({"input": [8, 8, 1], "layers": [
        {"conv": {"filters": 2, "kernel": 3, "padding": 1, "name": "conv"}},
        {"conv": {"filters": 2, "kernel": 1, "name": "conv_pad", "activation": "leaky_relu"}},
        {"conv": {"filters": 2, "kernel": 1, "name": "conv_pad_leaky_relu"}}]})
    text = export(spec, analyze(spec), "keras")
    assert 'layers.ZeroPadding2D(1, name="conv_pad_2")(x)' in text
    assert 'layers.LeakyReLU(negative_slope=0.01, name="conv_pad_leaky_relu_2")' in text
    assert check_keras(spec, analyze(spec))
