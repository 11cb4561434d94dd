"""The backends themselves: every kind and activation covered by both, numbers equal to
torch's, shapes read from arrays and never from the engine's shape code."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cnncalc.backends import BACKENDS, BackendUnavailable, load
from cnncalc.backends.base import ceil_extra, same_pads
from cnncalc.backends.numpy_backend import OPS as NUMPY_OPS
from cnncalc.layers import REGISTRY
from cnncalc.layers.activation import ACTIVATION_DEFAULTS, ACTIVATIONS
from cnncalc.read.spec import inline

BACKEND_DIR = Path(__file__).parent.parent / "cnncalc" / "backends"


def torch_ops():
    pytest.importorskip("torch")
    from cnncalc.backends.torch_backend import OPS

    return OPS


@pytest.mark.parametrize("kind", list(REGISTRY))
def test_every_kind_has_a_numpy_op(kind):
    assert kind in NUMPY_OPS, (f"{kind} has no numpy op: add `@OPS.op({kind!r})` to "
                               f"cnncalc/backends/numpy_backend.py (docs/architecture.md)")


@pytest.mark.parametrize("kind", list(REGISTRY))
def test_every_kind_has_a_torch_op(kind):
    assert kind in torch_ops(), (f"{kind} has no torch op: add `@OPS.op({kind!r})` to "
                                 f"cnncalc/backends/torch_backend.py (docs/architecture.md)")


def test_every_activation_is_a_kind_and_has_a_function_in_both_backends():
    from cnncalc.backends.numpy_backend import ACTIVATIONS as NUMPY
    pytest.importorskip("torch")
    from cnncalc.backends.torch_backend import ACTIVATIONS as TORCH

    assert set(NUMPY) == set(TORCH) == set(ACTIVATIONS)
    assert set(ACTIVATIONS) <= set(REGISTRY)


# Runs a conv (with an activation named by its key), a pooling layer and a transposed
# convolution through one backend, then lists the cnncalc modules the process has loaded.
_RUN_A_BACKEND = """
import sys
from cnncalc.backends import load
from cnncalc.core.records import Layer

backend = load({name!r}, activation_defaults={{"leaky_relu": {{"negative_slope": 0.1}}}})
conv = {{"filters": 4, "kernel": 3, "stride": 2, "padding": "same", "dilation": 1,
        "groups": 1, "bias": True, "activation": "leaky_relu"}}
layers = [Layer(1, "conv1", "conv", conv, ("input",)),
          Layer(2, "pool1", "maxpool", {{"size": 2, "stride": None, "padding": 0}}, ("conv1",)),
          Layer(3, "up1", "conv_transpose", {{**conv, "output_padding": None}}, ("pool1",))]
x = backend.input((9, 9, 3), 1)
for layer in layers:
    x = backend.run(layer, (x,)).array
print(" ".join(sorted(m for m in sys.modules if m.startswith("cnncalc"))))
"""


@pytest.mark.parametrize("name", BACKENDS)
def test_backends_never_import_the_engines_shape_code(name):
    """Checked with the import system, in a fresh process: running a backend loads cnncalc's
    core records and the backend, never the layer rules (their window arithmetic), the
    reader or the engine, lazily or not."""
    if name == "torch":
        pytest.importorskip("torch")
    done = subprocess.run([sys.executable, "-c", _RUN_A_BACKEND.format(name=name)],
                          capture_output=True, text=True, check=True,
                          cwd=BACKEND_DIR.parent.parent)
    loaded = done.stdout.split()
    assert "cnncalc.backends.base" in loaded
    assert [m for m in loaded if not m.startswith(("cnncalc.backends", "cnncalc.core"))
            and m != "cnncalc"] == []


@pytest.mark.parametrize("command", [["summary", "specs/taewan_39x31x1.yaml"], ["kinds"],
                                     ["--help"]])
def test_summary_does_not_import_numpy_or_torch(command):
    script = ("import sys\nfrom cnncalc.cli import cli\n"
              f"cli.main({command!r}, standalone_mode=False)\n"
              "print('numpy' in sys.modules, 'torch' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=BACKEND_DIR.parent.parent, check=True)
    assert done.stderr.splitlines()[-1] == "False False"


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_equals_torch(name):
    torch = pytest.importorskip("torch")
    x = np.concatenate([np.linspace(-30, 30, 241, dtype=np.float32),
                        np.random.default_rng(1).standard_normal(200, dtype=np.float32)])
    x = x.reshape(1, 21, 21, 1)  # softmax runs over the channel axis: make it 1 wide...
    x = np.concatenate([x, x * 0.5, -x], axis=-1)  # ...then 3 wide
    outputs = []
    for backend in (load("numpy", activation_defaults=ACTIVATION_DEFAULTS),
                    load("torch", activation_defaults=ACTIVATION_DEFAULTS)):
        with torch.inference_mode():
            outputs.append(backend.numpy(backend.activate(name, backend.adopt(x))))
    np.testing.assert_allclose(outputs[0], outputs[1], rtol=1e-5, atol=1e-6)


def test_leaky_relu_and_elu_take_the_layers_parameters():
    backend = load("numpy", activation_defaults=ACTIVATION_DEFAULTS)
    x = np.array([[-2.0, 3.0]], dtype=np.float32)
    assert backend.activate("leaky_relu", x, {"negative_slope": 0.25}).tolist() == [[-0.5, 3]]
    assert backend.activate("leaky_relu", x)[0, 0] == pytest.approx(-2 * 0.01)  # the default
    assert backend.activate("elu", x, {"alpha": 2.0})[0, 0] == pytest.approx(2 * np.expm1(-2))


@pytest.mark.parametrize("size, kernel, stride, dilation, expected", [
    (5, 3, 1, 1, (1, 1)),
    (5, 4, 1, 1, (1, 2)),   # the odd pixel after, as Keras
    (7, 3, 2, 1, (1, 1)),   # ceil(7/2) = 4 windows: 3·2 + 3 − 7 = 2
    (8, 3, 2, 1, (0, 1)),   # 4 windows: 3·2 + 3 − 8 = 1
    (6, 1, 3, 1, (0, 0)),   # never negative
    (9, 3, 1, 3, (3, 3)),   # dilated span 7
])
def test_same_pads(size, kernel, stride, dilation, expected):
    assert same_pads(size, kernel, stride, dilation) == expected


@pytest.mark.parametrize("size, kernel, stride, before, after, expected", [
    (9, 2, 2, 0, 0, 1),   # (9 − 2)/2 = 3.5: a fifth window starting at 8, inside
    (8, 2, 2, 0, 0, 0),   # exact: nothing added
    (5, 2, 2, 1, 1, 0),   # a fourth window would start at 6, in the right padding
    (6, 3, 2, 1, 1, 1),   # (8 − 3)/2 = 2.5: the window at 6 starts in the input
])
def test_ceil_extra_follows_pytorch(size, kernel, stride, before, after, expected):
    assert ceil_extra(size, kernel, stride, before, after) == expected


def test_same_seed_same_weights_in_both_backends():
    pytest.importorskip("torch")
    spec = inline("6x6x2", ["conv:filters=3,kernel=3", "flatten", "dense:units=4"])
    params = []
    for name in BACKENDS:
        backend = load(name, seed=7)
        x = backend.input(spec.input_shape, 1)
        params.append([np.array(p.tolist()) for p in backend.run(spec.layers[0], (x,)).params])
    assert [p.shape for p in params[0]] == [(3, 2, 3, 3), (3,)]
    for ours, theirs in zip(*params):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("token", ["conv:filters=3,kernel=2,stride=2", "dense:units=3"])
def test_the_activation_key_of_conv_and_dense_is_applied(backend, token):
    if backend == "torch":
        pytest.importorskip("torch")
    outputs = []
    for activation in ("linear", "tanh"):
        spec = inline("4x4x2", [f"{token},activation={activation}"])
        runner = load(backend, seed=3)
        outputs.append(runner.numpy(runner.run(spec.layers[0], (runner.input((4, 4, 2), 2),))
                                    .array))
    plain, squashed = outputs
    assert np.abs(plain).max() > 1  # so that tanh visibly changes something
    np.testing.assert_allclose(squashed, np.tanh(plain), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("token, expected", [
    # 1 2 / 3 4 in windows of 3, stride 1, padding 1 all round: each mean over the input
    ("avgpool:size=3,stride=1,padding=same", [[2.5, 2.5], [2.5, 2.5]]),
    # uneven: [1 2 3] in windows of 2 padded (0, 1): the last window holds 3 alone
    ("avgpool:size=2,padding=same", None),
    # explicit padding is PyTorch's: its zeros count (count_include_pad=True)
    ("avgpool:size=3,stride=1,padding=1", [[10 / 9, 10 / 9], [10 / 9, 10 / 9]]),
])
def test_a_same_average_leaves_the_padding_out_as_keras_does(backend, token, expected):
    """Keras's `same` average (TensorFlow's, JAX's) divides by the window's part inside
    the input; PyTorch's explicit padding counts its zeros."""
    if backend == "torch":
        pytest.importorskip("torch")
    runner = load(backend)
    if expected is None:
        spec = inline("1x3x1", [token])
        x, expected = np.array([[[[1.0], [2.0], [3.0]]]], np.float32), [[1.5, 3.0]]
    else:
        spec = inline("2x2x1", [token])
        x = np.array([[[[1.0], [2.0]], [[3.0], [4.0]]]], np.float32)
    out = runner.numpy(runner.run(spec.layers[0], (runner.adopt(x),)).array)
    np.testing.assert_allclose(out[0, ..., 0], expected, rtol=1e-6)


def test_numpy_backend_is_cpu_only():
    with pytest.raises(BackendUnavailable, match="--device cuda needs --backend torch"):
        load("numpy", device="cuda")


def test_missing_torch_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
    monkeypatch.delitem(sys.modules, "cnncalc.backends.torch_backend", raising=False)
    with pytest.raises(BackendUnavailable, match=r"needs the torch package, which is not "
                                                 r"installed: pip install 'cnncalc\[torch\]'"):
        load("torch")


def test_torch_weights_are_drawn_in_place():
    """A module's parameters are drawn straight into their own memory: drawing VGG-16's
    fc6 into a numpy array and then copying it held a second 392 MiB. numpy reports its
    allocations to tracemalloc (torch does not), so a drawn copy would show as a peak of
    the weight's size; the values are those the numpy backend draws."""
    import tracemalloc

    import numpy as np
    import torch

    backend = load("torch", seed=3)
    with torch.inference_mode():  # as the backend runs a layer
        backend.module(torch.nn.Linear, 1, 1)  # what a first module imports, before tracing
        tracemalloc.start()
        module = backend.module(torch.nn.Linear, 512, 1024)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 512 * 1024 * 4 // 8, peak
    reference = load("numpy", seed=3)
    reference.draw((1, 1)), reference.draw((1,))
    assert np.array_equal(module.weight.detach().numpy(), reference.draw((1024, 512)))
    assert np.array_equal(module.bias.detach().numpy(), reference.draw((1024,)))
