"""`cnncalc verify`: the specs pass with both backends, a wrong engine is caught, a kind a
backend cannot run is reported, the memory guard refuses before allocating, and the
command line keeps its contract (exit codes, JSON keys, one-line errors)."""

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from cnncalc import analyze, inline, load
from cnncalc.backends import BACKENDS
from cnncalc.backends import load as load_backend
from cnncalc.layers import Counts
from cnncalc.layers.conv import Conv
from cnncalc.layers.pool import Pool
from cnncalc.run.verify import estimate, parse_size, verify

SPECS = sorted(str(p.relative_to(Path(__file__).parent.parent))
               for p in (Path(__file__).parent.parent / "specs").rglob("*.yaml"))
WORKED = "specs/taewan_39x31x1.yaml"
# Batch 2 of the U-Net's 572×572 maps needs more than the default --max-memory of 2 GiB.
BATCH = {"specs/zoo/unet.yaml": "1"}


def backend_or_skip(name):
    if name == "torch":
        pytest.importorskip("torch")
    return name


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("path", SPECS)
def test_every_spec_verifies(invoke, path, backend):
    result = invoke("verify", path, "--backend", backend_or_skip(backend), "--batch",
                    BATCH.get(path, "2"), "--format", "json")
    assert result.exit_code == 0, result.stdout
    document = json.loads(result.stdout)
    assert document["agrees"] is True and document["backend"] == backend
    for layer in document["layers"]:
        assert layer["agrees"] is True
        assert layer["actual_output_shape"] == layer["output_shape"]
        assert layer["actual_params"] == layer["params"]


def test_the_table(invoke, golden):
    result = invoke("verify", WORKED)
    assert result.exit_code == 0
    assert result.stderr == ""  # no progress bar when stdout is not a terminal
    golden("verify_taewan.txt", result.stdout)


def test_a_wrong_parameter_count_is_caught(invoke, monkeypatch):
    monkeypatch.setattr(Conv, "counts", lambda self, layer, inputs, output: Counts(weights=1))
    result = invoke("verify", WORKED, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["agrees"] is False
    conv1 = document["layers"][0]
    assert (conv1["params"], conv1["actual_params"], conv1["agrees"]) == (1, 4 * 4 * 20 + 20,
                                                                          False)
    assert [layer["agrees"] for layer in document["layers"]] == [
        layer["kind"] != "conv" for layer in document["layers"]]


def test_a_wrong_shape_is_caught(invoke, monkeypatch):
    real = Pool.output_shape
    monkeypatch.setattr(Pool, "output_shape", lambda self, layer, shape, ctx:
                        (real(self, layer, shape, ctx)[0] + 1, *real(self, layer, shape, ctx)[1:]))
    result = invoke("verify", "specs/mnist_seed003.yaml", "--rounding", "floor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    (row,) = [line.split() for line in lines if " maxpool1 " in line]
    assert row == ["✗", "2", "maxpool1", "maxpool", "(13,", "12,", "10)",
                   "(12,", "12,", "10)", "0", "0"]
    assert lines[-1] == "✗ 5 of 7 layers do not agree with the numpy backend"  # conv1, dense2 agree


def test_a_kind_without_an_op_is_reported_never_skipped(invoke, monkeypatch):
    from cnncalc.backends.numpy_backend import OPS

    monkeypatch.delitem(OPS.ops, "maxpool")
    result = invoke("verify", WORKED)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-9:] == [
        "✗ 8 of 9 layers do not agree with the numpy backend",
        "  maxpool1: unsupported: the numpy backend has no op for 'maxpool'",
        *(f"  {name}: not run: maxpool1 did not run" for name in
          ("conv2", "maxpool2", "conv3", "maxpool3", "conv4", "flatten1", "dense1"))]


def test_torch_pooling_padding_beyond_half_the_window_is_unsupported():
    pytest.importorskip("torch")
    spec = inline("8x8x1", ["maxpool:size=2,padding=2"], rounding="floor")
    report = analyze(spec)
    assert verify(spec, report, load_backend("numpy")).agrees
    check = verify(spec, report, load_backend("torch")).checks[0]
    assert (check.status, check.note) == (
        "unsupported", "torch pools pad at most half the window; padding [2, 2] with size [2, 2]")


def test_torch_avgpool3d_on_an_axis_shorter_than_the_window_is_unsupported():
    pytest.importorskip("torch")
    spec = inline("1x4x4x2", ["avgpool:size=2,stride=1,padding=1"], rounding="floor")
    report = analyze(spec)
    assert report.rows[0].output_shape == (1 + 2 - 2 + 1, 4 + 2 - 2 + 1, 4 + 2 - 2 + 1, 2)
    assert verify(spec, report, load_backend("numpy")).agrees
    check = verify(spec, report, load_backend("torch")).checks[0]
    assert (check.status, check.note) == ("unsupported", "torch's AvgPool3d needs an input of "
                                          "at least the window [2, 2, 2], got [1, 4, 4] before "
                                          "padding")


def test_an_op_that_fails_is_reported(monkeypatch):
    from cnncalc.backends.numpy_backend import OPS

    def broken(backend, layer, inputs):
        raise ValueError("no room")

    monkeypatch.setitem(OPS.ops, "flatten", broken)
    spec = load(WORKED)
    result = verify(spec, analyze(spec), load_backend("numpy"))
    assert [c.status for c in result.checks][6:] == ["agrees", "failed", "not run"]
    assert result.checks[7].note == "ValueError: no room"
    assert not result.agrees


def test_channels_first_shapes_are_compared_in_that_layout(invoke):
    result = invoke("verify", "-", "--format", "json", input=(
        "input: [3, 10, 8]\nlayout: channels_first\n"
        "layers:\n  - conv: {filters: 4, kernel: 3, padding: same, stride: 2}\n  - flatten\n"))
    assert result.exit_code == 0
    layers = json.loads(result.stdout)["layers"]
    assert layers[0]["actual_output_shape"] == [4, 10 // 2, 8 // 2]
    assert layers[1]["actual_output_shape"] == [4 * 5 * 4]


def test_ceil_rounding_is_pytorch_ceil_mode(invoke):
    spec = "input: [9, 9, 2]\nrounding: ceil\nlayers:\n  - avgpool: {size: 2}\n"
    for backend in BACKENDS:
        result = invoke("verify", "-", "--backend", backend_or_skip(backend),
                        "--format", "json", input=spec)
        assert result.exit_code == 0
        assert json.loads(result.stdout)["layers"][0]["actual_output_shape"] == [5, 5, 2]


def test_a_spec_the_engine_rejects_is_not_run_and_exits_one(invoke):
    result = invoke("verify", "specs/tensorflow_cnn_28x28x1.yaml", "--rounding", "strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == ("✗ not verified: the spec is invalid (see the "
                                              "errors)")
    assert "maxpool2): height (11 − 2)/2 + 1 = 5.5 is not an integer" in result.stderr


def test_an_unreadable_spec_exits_one(invoke):
    result = invoke("verify", WORKED, "missing.yaml", "--format", "json")
    assert result.exit_code == 1
    documents = json.loads(result.stdout)
    assert [d["agrees"] for d in documents] == [True, False]
    assert documents[1]["layers"] == [] and documents[1]["errors"][0]["message"] == \
        "no such file"


HUGE = "input: [80000, 80000, 2]\nlayers:\n  - conv: {filters: 2, kernel: 1}\n"


def test_the_memory_guard_refuses_50_gib_quickly_naming_the_layer(invoke):
    tracemalloc.start()
    start = time.perf_counter()
    result = invoke("verify", "-", input=HUGE)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.exit_code == 1
    assert elapsed < 2 and peak < 10 * 1024**2
    elements = 80000 * 80000 * 2
    # input and output arrays, a padded copy, an intermediate and the im2col matrix, the
    # weights and bias twice
    gib = (5 * elements + 2 * (2 * 2 + 2)) * 4 / 1024**3
    assert result.stderr == (
        f"error: -: verifying needs about {gib:.1f} GiB, most at layer conv1, more than "
        f"--max-memory 2 GiB; use a smaller --batch or input, or raise --max-memory\n")
    assert gib > 50


def test_the_limit_can_be_raised_or_lowered(invoke):
    assert invoke("verify", WORKED, "--max-memory", "100K").exit_code == 1
    assert invoke("verify", WORKED, "--max-memory", "100K", "--batch", "1").stderr.startswith(
        "error: taewan-39x31x1: verifying needs about ")
    assert invoke("verify", WORKED, "--max-memory", "1M").exit_code == 0


@pytest.mark.parametrize("tokens", [
    "specs/keras_120x60x1.yaml conv2",
    "separable_conv:filters=16,kernel=3,padding=same",
    "depthwise_conv:kernel=3,multiplier=2,padding=same",
    "conv_transpose:filters=8,kernel=3,stride=2,padding=same",
    "conv_transpose:filters=8,kernel=4,stride=2,padding=1,groups=2",
    "upsample:scale=4,mode=bilinear",
    "adaptive_avgpool:output=7",
    "adaptive_maxpool:output=5x9",
    "batchnorm",
    "layernorm",
    "channel_pool:size=4,mode=avg",
])
def test_the_estimate_bounds_what_numpy_allocates(tokens):
    """A spec file and the layer that needs the most, or one layer on a 48×48×8 input."""
    if tokens.startswith("specs/"):
        path, layer = tokens.split()
        spec = load(path)
    else:
        spec, layer = inline("48x48x8", [tokens]), tokens.split(":")[0] + "1"
    report = analyze(spec)
    backend = load_backend("numpy", rounding=report.rounding)
    predicted = estimate(spec, report, backend, 4)
    tracemalloc.start()
    verify(spec, report, backend, 4)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak <= predicted.bytes <= 2 * peak
    assert predicted.layer == layer


@pytest.mark.parametrize("text, expected", [
    ("512M", 512 * 1024**2), ("2G", 2 * 1024**3), ("1.5GiB", 3 * 1024**3 // 2),
    ("100000", 100_000), ("64k", 64 * 1024), ("1TB", 1024**4),
    ("9" * 400 + ".5T", (10**400 - 1) * 1024**4 + 1024**4 // 2),  # exact, no float overflow
])
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("args", [
    ["verify"],
    ["verify", WORKED, "--max-memory", "lots"],
    ["verify", WORKED, "--backend", "jax"],
    ["verify", WORKED, "--batch", "0"],
    ["verify", WORKED, "--seed", "-5"],  # numpy seeds are non-negative
    ["verify", WORKED, "--seed", str(2**32)],
    ["verify", WORKED, "--device", "cuda"],  # numpy runs on the CPU only
])
def test_usage_errors_exit_two(invoke, args):
    assert invoke(*args).exit_code == 2


def test_missing_torch_is_one_line_and_exit_one(invoke, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.delitem(sys.modules, "cnncalc.backends.torch_backend", raising=False)
    result = invoke("verify", WORKED, "--backend", "torch")
    assert result.exit_code == 1
    assert result.stderr == ("Error: the torch backend needs the torch package, which is not "
                             "installed: pip install 'cnncalc[torch]'\n")


def test_cuda_unavailable_is_one_line_and_exit_one(invoke, monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = invoke("verify", WORKED, "--backend", "torch", "--device", "cuda")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: --device cuda: CUDA is not available to this PyTorch "
                             f"({torch.__version__})\n")


def test_seed_and_batch_are_recorded(invoke):
    document = json.loads(invoke("verify", WORKED, "--seed", "5", "--batch", "3",
                                 "--format", "json").stdout)
    assert (document["seed"], document["batch"], document["device"]) == (5, 3, "cpu")


@pytest.mark.parametrize("delay, shown", [(0, True), (60, False)])
def test_progress_appears_only_once_a_run_is_slow(monkeypatch, delay, shown):
    import io
    from types import SimpleNamespace

    import rich.console

    from cnncalc.render.progress import layer_progress

    terminal = io.StringIO()
    real = rich.console.Console
    monkeypatch.setattr(rich.console, "Console",
                        lambda **kw: real(file=terminal, force_terminal=True, width=80))
    with layer_progress("vgg16", 2, True, delay=delay) as step:
        for name in ("conv1", "conv2"):
            step(SimpleNamespace(name=name))
    assert ("vgg16: conv2" in terminal.getvalue() and "2/2" in terminal.getvalue()) == shown


def test_no_progress_when_disabled():
    from cnncalc.render.progress import layer_progress

    with layer_progress("vgg16", 2, False) as step:
        assert step is None


def test_the_docs_show_what_the_tool_prints(invoke):
    pytest.importorskip("torch")
    docs = (Path(__file__).parent.parent / "docs" / "verify.md").read_text(encoding="utf-8")
    command = "$ cnncalc verify specs/taewan_39x31x1.yaml --backend torch --batch 4\n"
    shown = docs[docs.index(command) + len(command):]
    shown = shown[:shown.index("```")]
    assert shown == invoke(*command.split()[2:]).stdout
