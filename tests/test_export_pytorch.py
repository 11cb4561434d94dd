"""`cnncalc export --to pytorch`: every spec file, and random specs over every kind,
graphs and blocks, exported and run: the parameter count and every layer's output shape
equal the engine's, and every layer's output equals the torch backend's on its weights."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cnncalc import analyze, load
from cnncalc.core.records import from_layout
from cnncalc.layers import REGISTRY
from cnncalc.layers.activation import ACTIVATIONS
from cnncalc.export import ExportRefused
from cnncalc.read.spec import build

pytest.importorskip("torch")

from export_harness import check_counts_and_shapes, check_values  # noqa: E402
from test_fuzz import layers  # noqa: E402
from test_verify_differential import MAX_ELEMENTS, network  # noqa: E402

ROOT = Path(__file__).parent.parent
SPECS = sorted(ROOT.glob("specs/*.yaml")) + sorted(ROOT.glob("specs/zoo/*.yaml"))
SMALL = 2_000_000  # parameters up to which a spec file's values are compared too


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_spec_file_exports_to_a_module_with_the_engines_numbers(path):
    spec = load(str(path))
    report = analyze(spec)
    assert report.valid
    module, plan = check_counts_and_shapes(spec, report)
    if report.totals.params <= SMALL:
        assert check_values(spec, report, module, plan)


def _small(report) -> bool:
    return report.valid and all(row.activation_elements <= MAX_ELEMENTS for row in report.rows)


def _exported_and_run(spec, seed) -> None:
    """A small valid random spec through every check (others are left to other tests)."""
    report = analyze(spec)
    assume(_small(report))
    try:
        module, plan = check_counts_and_shapes(spec, report)
    except ExportRefused as refused:  # Keras's PReLU default: see test_prelu_export
        assume("not one per element" not in str(refused))
        raise
    check_values(spec, report, module, plan, seed)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(network(), st.integers(0, 2**32 - 1))
def test_random_chains_export_with_the_engines_shapes_and_the_backends_values(tree, seed):
    _exported_and_run(build(tree), seed)


@st.composite
def graph(draw):
    """A stem, then a block used 1–2 times whose two branches (convs with any activation)
    meet in add, multiply or concat, then an activation kind and a dense head; either
    layout."""
    channels = draw(st.integers(1, 4))
    filters = draw(st.integers(1, 4))
    merge = draw(st.sampled_from(["add", "multiply", "concat"]))
    kernel = draw(st.sampled_from([1, 2, 3]))
    act = {"activation": draw(st.sampled_from(ACTIVATIONS))}
    block = {"params": {"f": None}, "layers": [
        {"conv": {"filters": "$f", "kernel": 1, "name": "a", **act}},
        {"conv": {"filters": "$f", "kernel": kernel, "padding": "same", "inputs": "input",
                  "stride": 1, "name": "b"}},
        {merge: {"inputs": ["a", "b"]}},
        {"conv": {"filters": "$f", "kernel": 1}}]}
    size = draw(st.integers(3, 7))
    layout = draw(st.sampled_from(["channels_last", "channels_first"]))
    shape = [size, size + 1, channels]
    return {"input": shape if layout == "channels_last" else [channels, size, size + 1],
            "layout": layout, "blocks": {"branch": block},
            "layers": [{"conv": {"filters": filters, "kernel": 3, "padding": "same",
                                 "name": "stem"}},
                       {"branch": {"f": filters, "repeat": draw(st.integers(1, 2))}},
                       draw(st.sampled_from(ACTIVATIONS)),
                       {"maxpool": {"size": 2, "padding": "same"}}, "flatten",
                       {"dense": {"units": 3, **act}}]}


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(graph(), st.integers(0, 2**32 - 1))
def test_random_graphs_and_blocks_export_with_the_engines_numbers(tree, seed):
    spec = build(tree)
    assert analyze(spec).valid  # every graph drawn is valid: none is skipped
    _exported_and_run(spec, seed)


@st.composite
def any_kind_specs(draw):
    """Up to four layers of any kind on a few input shapes, under each rounding and
    framework (what both exports are run on)."""
    tree = {"input": draw(st.sampled_from([[8, 8, 3], [9, 3], [4, 4, 4, 2], [16]])),
            "layers": draw(st.lists(layers(wild=False), min_size=1, max_size=4)),
            "rounding": draw(st.sampled_from(["floor", "ceil", "strict"])),
            "framework": draw(st.sampled_from(["keras", "pytorch"]))}
    try:
        return build(tree)
    except Exception:  # noqa: BLE001  a refused tree is test_fuzz's business
        assume(False)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(any_kind_specs(), st.integers(0, 2**32 - 1))
def test_any_kind_exports_with_the_engines_numbers(spec, seed):
    _exported_and_run(spec, seed)


def test_every_kind_writes_its_own_pytorch_and_keras_code():
    """A new kind owes `pytorch` and `keras` methods (cnncalc/layers/code.py)."""
    from cnncalc.layers.base import LayerKind

    from cnncalc.layers.activation import Activation

    owed = [f"{name}: {type(kind).__name__}.{method} in {type(kind).__module__}"
            for name, kind in REGISTRY.items() for method in ("pytorch", "keras")
            if getattr(type(kind), method) is getattr(LayerKind, method)]
    owed += [f"{name}: {type(kind).__name__}.torch_function (or its own torch_call)"
             for name, kind in REGISTRY.items() if isinstance(kind, Activation)
             and not kind.weights and not kind.torch_function
             and type(kind).torch_call is Activation.torch_call]
    assert not owed, "kinds without export code (see cnncalc/layers/code.py):\n" + "\n".join(owed)


def test_export_writes_the_file_to_stdout_or_to_output(tmp_path):
    from click.testing import CliRunner

    from cnncalc.cli import cli

    runner = CliRunner()
    shown = runner.invoke(cli, ["export", "specs/zoo/lenet5.yaml", "--to", "pytorch"])
    assert shown.exit_code == 0, shown.output
    assert "self.c5 = nn.Linear(400, 120)\n" in shown.output
    written = runner.invoke(cli, ["export", "specs/zoo/lenet5.yaml", "--to", "pytorch",
                                  "-o", str(tmp_path / "lenet5.py")])
    assert (written.exit_code, written.output) == (0, "")
    assert (tmp_path / "lenet5.py").read_text() == shown.output


@pytest.mark.parametrize("target, spec, printed", [
    ("pytorch", "specs/zoo/lenet5.yaml", "61,706 parameters\n"),
    ("keras", "specs/zoo/lenet5.yaml", "61,706 parameters\n"),
    # PyTorch's parameters() leaves batch norm's 128 running statistics out; Keras counts them
    ("pytorch", "specs/zoo/conv_autoencoder_28x28x1.yaml", "9,697 parameters\n"),
    ("keras", "specs/zoo/conv_autoencoder_28x28x1.yaml", "9,825 parameters\n"),
])
def test_running_the_exported_file_prints_its_parameter_count(tmp_path, target, spec, printed):
    """The file run as a script (Keras on its torch backend, as the tests run it)."""
    import os
    import subprocess
    import sys

    from click.testing import CliRunner

    from cnncalc.cli import cli

    path = tmp_path / "net.py"
    CliRunner().invoke(cli, ["export", spec, "--to", target, "-o", str(path)])
    run = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                         check=True, env={**os.environ, "KERAS_BACKEND": "torch"})
    assert run.stdout == printed


@pytest.mark.parametrize("target", ["pytorch", "keras"])
def test_an_invalid_spec_is_refused_with_its_errors(target):
    from click.testing import CliRunner

    from cnncalc.cli import cli

    result = CliRunner().invoke(cli, ["export", "--input", "28x28x1",
                                      "conv:filters=32,kernel=30", "--to", target])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "layer 1 (conv1): height: the kernel spans 30" in result.stderr


def test_a_spec_pytorch_cannot_express_is_refused_with_the_reason():
    """Valid under Keras's rules (the default), but torch pools pad at most half the window."""
    from click.testing import CliRunner

    from cnncalc.cli import cli

    result = CliRunner().invoke(cli, ["export", "--input", "8x8x1", "maxpool:size=2,padding=2",
                                      "--to", "pytorch"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("<command line>: cannot export to pytorch: layer maxpool1 (maxpool): "
                             "torch pools pad at most half the window; padding [2, 2] with "
                             "size [2, 2]\n")


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_export_then_import_through_fx_gives_back_the_same_counts(path, tmp_path):
    """The exported module read back by `cnncalc import file.py:build` (torch.fx): the same
    parameters, running statistics, MACs and output. A channels-last spec's flatten is
    exported as `torch.flatten(x.movedim(1, -1), 1)`: the movedim comes back as a
    `permute`, with its shape."""
    from cnncalc.core.records import Layout, in_layout
    from cnncalc.export import export
    from cnncalc.read.spec import loads
    from cnncalc.run.models import import_model

    spec = load(str(path))
    report = analyze(spec)
    text = export(spec, report, "pytorch")
    (tmp_path / "net.py").write_text(text)
    sizes = in_layout(spec.input_shape, Layout.CHANNELS_FIRST)
    source = f"{tmp_path / 'net.py'}:build"
    back = analyze(loads(import_model(source, sizes).yaml))
    assert back.valid
    numbers = [(sum(row.trainable for row in r.rows), sum(row.non_trainable for row in r.rows),
                r.totals.macs) for r in (report, back)]
    assert numbers[0] == numbers[1]
    assert in_layout(from_layout(report.output_shape, spec.layout), Layout.CHANNELS_FIRST) == (
        back.output_shape)
    if ".movedim(1, -1)" in text:  # the channels moved last, before the flatten
        flatten = next(i for i, row in enumerate(back.rows) if row.kind == "flatten")
        moved = back.rows[flatten - 1]
        assert moved.kind == "permute"
        assert moved.output_shape == moved.input_shapes[0][1:] + moved.input_shapes[0][:1]


def test_the_mapping_table_names_every_kind():
    text = (ROOT / "docs/export.md").read_text(encoding="utf-8")
    missing = [name for name in REGISTRY if f"`{name}`" not in text]
    assert not missing, f"docs/export.md has no row for {missing}"


@pytest.mark.parametrize("target", ["pytorch", "keras"])
def test_exported_files_are_formatted_within_99_columns(target):
    """Long statements are wrapped as black wraps them, and black leaves the file as it is
    (random specs are held to it too, in export_harness)."""
    from cnncalc.export import export
    from export_harness import assert_formatted

    for path in SPECS:
        spec = load(str(path))
        text = export(spec, analyze(spec), target)
        compile(text, str(path), "exec")
        long = [line for line in text.splitlines() if len(line) > 99]
        assert not long, (path.name, long[:3])
        assert_formatted(text)


@pytest.mark.parametrize("target", ["pytorch", "keras"])
def test_importing_an_exported_file_runs_nothing_but_its_imports(target):
    """SPEC §8: the file defines its names; nothing is built or printed until build()."""
    import ast

    from cnncalc.export import export

    spec = load(str(ROOT / "specs/resnet_block_demo.yaml"))
    tree = ast.parse(export(spec, analyze(spec), target))
    top = [type(node).__name__ for node in tree.body]
    statements = {"Expr", "Import", "ImportFrom", "Assign", "ClassDef", "FunctionDef", "If"}
    assert set(top) <= statements
    assert [node.value.value for node in tree.body if isinstance(node, ast.Expr)] == [
        ast.get_docstring(tree, clean=False)]
    assigned = [node.targets[0].id for node in tree.body if isinstance(node, ast.Assign)]
    assert assigned == (["INPUT_SHAPE"] if target == "pytorch" else [])
    guarded = [node for node in tree.body if isinstance(node, ast.If)]
    assert [ast.unparse(node.test) for node in guarded] == ["__name__ == '__main__'"]


def test_a_keras_same_average_is_written_without_its_padding_in_the_mean():
    """Inception's branch pool: even padding is the module's own, left out of the mean;
    uneven padding (no torch module takes it) is written out and divided away."""
    from click.testing import CliRunner

    from cnncalc.cli import cli

    result = CliRunner().invoke(cli, ["export", "--input", "7x7x2", "--to", "pytorch",
                                      "avgpool:size=3,stride=1,padding=same",
                                      "avgpool:size=2,padding=same"])
    assert result.exit_code == 0, result.output
    assert ("self.avgpool1 = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)\n"
            in result.output)
    assert ("        avgpool2 = self.avgpool2(F.pad(avgpool1, (0, 1, 0, 1))) / self.avgpool2(\n"
            "            F.pad(torch.ones_like(avgpool1[:, :1]), (0, 1, 0, 1))\n"
            "        )\n" in result.output)


def test_a_second_module_never_takes_a_spec_layers_name():
    """`sep`'s depthwise module would be `self.sep_depthwise`, the next layer's: one
    attribute would hide the other, so the second module gives way."""
    from cnncalc.export import export

    spec = build({"input": [8, 8, 2], "layers": [
        {"separable_conv": {"filters": 4, "kernel": 3, "name": "sep"}},
        {"conv": {"filters": 2, "kernel": 1, "name": "sep_depthwise"}}]})
    report = analyze(spec)
    text = export(spec, report, "pytorch")
    assert "        self.sep_depthwise_2 = nn.Conv2d(2, 2, 3, groups=2, bias=False)\n" in text
    assert "        sep = self.sep_pointwise(self.sep_depthwise_2(x))  # (N, 4, 6, 6)\n" in text
    module, plan = check_counts_and_shapes(spec, report)
    assert check_values(spec, report, module, plan)
