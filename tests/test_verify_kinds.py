"""The issue-5 kinds under `verify`: how batch norm's parameters are counted in each
framework, reshape in a channels-first spec, where a transposed convolution's Keras
padding puts its outputs, and the docs' examples. (numpy against torch on random networks:
test_verify_differential.py; the memory estimate of the new ops: test_verify.py.)"""

import itertools
import json

import numpy as np
import pytest
from conftest import ROOT

from cnncalc import analyze, inline
from cnncalc.backends import BACKENDS
from cnncalc.backends import load as load_backend
from cnncalc.backends.base import transposed_crops
from cnncalc.layers import Counts
from cnncalc.layers.norm import BatchNorm
from cnncalc.layers.windows import transposed_crop
from cnncalc.run.verify import execute, verify


def backend_or_skip(name):
    if name == "torch":
        pytest.importorskip("torch")
    return name


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("framework, params", [("keras", 4 * 5), ("pytorch", 2 * 5)])
def test_batchnorm_counts_its_statistics_as_the_framework_does(backend, framework, params):
    """γ and β are parameters, the running mean and variance buffers: Keras adds both to
    its total, PyTorch only the parameters; the buffers must be the non-trainable count."""
    spec = inline("6x6x5", ["batchnorm"], framework=framework)
    report = analyze(spec)
    runner = load_backend(backend_or_skip(backend), framework=framework)
    ((_, output),) = execute(spec, runner)
    assert [tuple(a.shape) for a in output.params] == [(5,), (5,)]
    assert [tuple(a.shape) for a in output.buffers] == [(5,), (5,)]
    check = verify(spec, report, load_backend(backend, framework=framework)).checks[0]
    assert (check.row.params, check.actual_params, check.agrees) == (params, params, True)


def test_a_wrong_non_trainable_count_is_caught_even_when_the_total_is_right(monkeypatch):
    monkeypatch.setattr(BatchNorm, "counts", lambda self, layer, inputs, output: Counts(
        weights=4 * inputs[0][-1]))
    spec = inline("6x6x5", ["batchnorm"])
    check = verify(spec, analyze(spec), load_backend("numpy")).checks[0]
    assert (check.row.params, check.actual_params) == (4 * 5, 4 * 5)
    assert (check.status, check.note) == ("differs", "non-trainable: engine 0, backend 10")


def test_the_autoencoder_verifies_under_pytorch_counting(invoke):
    """conv_transpose `same` is Keras-only, so the PyTorch reading of the zoo's
    autoencoder is written here with explicit padding."""
    spec = ("input: [28, 28, 1]\nframework: pytorch\nrounding: floor\nlayers:\n"
            "  - conv: {filters: 16, kernel: 3, stride: 2, padding: 1}\n  - batchnorm\n"
            "  - conv_transpose: {filters: 1, kernel: 3, stride: 2, padding: 1, "
            "output_padding: 1}\n")
    result = invoke("verify", "-", "--format", "json", input=spec)
    assert result.exit_code == 0, result.stdout
    layers = json.loads(result.stdout)["layers"]
    assert [(layer["actual_params"], layer["non_trainable"]) for layer in layers] == [
        (16 * 3 * 3 + 16, 0), (2 * 16, 2 * 16), (16 * 3 * 3 * 1 + 1, 0)]
    assert layers[2]["actual_output_shape"] == [(14 - 1) * 2 - 2 * 1 + (3 - 1) + 1 + 1] * 2 + [1]


@pytest.mark.parametrize("backend", BACKENDS)
def test_reshape_orders_elements_in_the_specs_layout(backend):
    """In a channels-first spec, Keras Reshape reads (C, H, W) in that order."""
    spec = inline("2x3x4", ["reshape:shape=3x8"], layout="channels_first")
    runner = load_backend(backend_or_skip(backend), layout="channels_first")
    ((_, output),) = execute(spec, runner, batch=2)
    x = load_backend("numpy").input(spec.input_shape, 2)  # the same seed: the same input
    ours = np.moveaxis(runner.numpy(output.array), -1, 1)  # channels-last → as written
    np.testing.assert_array_equal(ours, np.moveaxis(x, -1, 1).reshape(2, 3, 8))


# (kernel, stride, dilation, padding, output_padding, framework): outputs removed from
# the full result, (X − 1)·S + D·(K − 1) + 1 long, at each end; negative: added
CROPS = [
    ((3,), (2,), (1,), "same", None, "keras", ((0, 1),)),    # 2X + 1 → X·2: the odd one after
    ((4,), (2,), (1,), "same", None, "keras", ((1, 1),)),    # 2X + 2 → X·2
    ((5,), (2,), (1,), "same", None, "keras", ((1, 2),)),
    ((3,), (2,), (2,), "same", None, "keras", ((1, 2),)),    # span 5
    ((1,), (3,), (1,), "same", None, "keras", ((0, -2),)),   # 3X − 2 → X·3
    ((3,), (2,), (1,), "valid", None, "keras", ((0, 0),)),   # X·2 + max(3 − 2, 0)
    ((2,), (3,), (1,), "valid", None, "keras", ((0, -1),)),  # 3X − 1 → X·3
    ((2,), (3,), (1,), "valid", None, "pytorch", ((0, 0),)),
    ((3,), (2,), (1,), "same", 1, "keras", ((0, 1),)),      # 2X + 1 → 2X: Keras's last one
    ((4,), (2,), (1,), "same", 1, "keras", ((1, 2),)),      # 2X + 2 → 2X − 1
    ((3,), (2,), (1,), "valid", 1, "keras", ((0, -1),)),
    ((3, 4), (2, 3), (1, 1), 1, (1, 2), "keras", ((1, 0), (1, -1))),
]


@pytest.mark.parametrize("kernel, stride, dilation, padding, extra, framework, crops", CROPS)
def test_transposed_crops(kernel, stride, dilation, padding, extra, framework, crops):
    assert transposed_crops(kernel, stride, dilation, padding, extra, framework) == crops


def test_the_backends_crops_are_the_engines():
    """Written twice on purpose (a backend never reads the engine's shape code); the
    receptive-field test through the numpy backend checks where the outputs land."""
    for kernel, stride, dilation, padding, extra in itertools.product(
            (1, 2, 3, 4, 5), (1, 2, 3), (1, 2), ("same", "valid", 0, 1, 2), (None, 0, 1)):
        ours = transposed_crops((kernel,), (stride,), (dilation,), padding, extra, "keras")
        assert ours == (transposed_crop(7, kernel, stride, dilation, padding, extra),), (
            kernel, stride, dilation, padding, extra)


def shown(docs: str, command: str) -> str:
    """The output pasted after `$ command` in a docs code block."""
    text = docs[docs.index(f"$ {command}\n") + len(command) + 3:]
    return text[:text.index("```")]


def test_the_docs_show_what_the_tool_prints(invoke, monkeypatch, tmp_path):
    pytest.importorskip("torch")
    docs = (ROOT / "docs" / "verify.md").read_text(encoding="utf-8")
    command = "cnncalc verify specs/zoo/conv_autoencoder_28x28x1.yaml --batch 4"
    assert shown(docs, command) == invoke(*command.split()[1:]).stdout
    spec = docs[docs.index("`pt.yaml`:\n\n```yaml\n") + len("`pt.yaml`:\n\n```yaml\n"):]
    (tmp_path / "pt.yaml").write_text(spec[:spec.index("```")], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    command = "cnncalc verify pt.yaml --backend torch"
    assert shown(docs, command) == invoke(*command.split()[1:]).stdout


def _keras_cases():
    """(input, kernel, stride, dilation, padding, output_padding) over a grid of Keras's
    paddings, on 1-D inputs and one 2-D one."""
    for k, s, d in itertools.product((1, 2, 3, 4), (1, 2, 3), (1, 2)):
        if s > 1 and d > 1:
            continue  # Keras refuses a stride with a dilation
        for padding, extra in itertools.product(("same", "valid"), (None, *range(s))):
            yield "5x3", k, s, d, padding, extra
    yield "5x4x3", "3x2", "2x3", 1, "same", "1x2"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("sizes, kernel, stride, dilation, padding, extra", list(_keras_cases()))
def test_transposed_values_under_keras_are_keras_values(backend, sizes, kernel, stride,
                                                        dilation, padding, extra):
    """Keras's own ConvNDTranspose, given the weights the backend drew, computes the same
    array: the crops are placed where Keras places them, and the outputs Keras adds at the
    end hold the bias."""
    pytest.importorskip("torch")
    from keras_twins import keras  # after torch: Keras runs on its torch backend

    token = (f"conv_transpose:filters=2,kernel={kernel},stride={stride},dilation={dilation},"
             f"padding={padding}" + (f",output_padding={extra}" if extra is not None else ""))
    spec = inline(sizes, [token])
    runner = load_backend(backend_or_skip(backend), framework="keras")
    ((layer, output),) = execute(spec, runner, batch=2)
    weight, bias = (np.asarray(p.detach().cpu() if hasattr(p, "detach") else p)
                    for p in output.params)
    rank = weight.ndim - 2
    twin = getattr(keras.layers, f"Conv{rank}DTranspose")(
        2, layer.params["kernel"], strides=layer.params["stride"], padding=padding,
        output_padding=layer.params["output_padding"], dilation_rate=dilation)
    x = load_backend("numpy").input(spec.input_shape, 2)  # the same seed: the same input
    twin.build(x.shape)
    twin.set_weights([weight.transpose(*range(2, 2 + rank), 1, 0), bias])  # (*K, out, in)
    expected = twin(x).detach().cpu().numpy()  # a torch tensor, on Keras's torch backend
    np.testing.assert_allclose(runner.numpy(output.array), expected, rtol=1e-5, atol=1e-5)
