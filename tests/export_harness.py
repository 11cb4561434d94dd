"""Running an exported PyTorch or Keras file against the engine and the torch backend:
shared by the export tests. The file is imported from a temporary path as a user would
run it; its `forward` (PyTorch) or `build` (Keras) is watched (sys.setprofile) so that
every layer's output, one local variable per layer, can be held against the engine's row
and the torch backend's output computed with the same weights (copied into the generated
modules by name, or into each Keras layer's variables in Keras's layouts)."""

from __future__ import annotations

import functools
import importlib.util
import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

from cnncalc.backends import load as load_backend
from cnncalc.backends.base import Unsupported
from cnncalc.core.records import Layout, PaddingMode, in_layout
from cnncalc.export import export
from cnncalc.export.plan import INPUT, steps
from cnncalc.export.pytorch import module_names
from cnncalc.layers.activation import ACTIVATION_DEFAULTS
from cnncalc.layers.windows import every_axis, same_padding
from cnncalc.run.verify import execute

_COUNTER = itertools.count()


def import_file(text: str):
    """The generated text imported as a module of its own, from a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "exported.py"
        path.write_text(text, encoding="utf-8")
        name = f"cnncalc_exported_{next(_COUNTER)}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


def assert_formatted(text: str) -> None:
    """The file as black (the project's line length, 99) would leave it; `cnncalc export`
    writes the text with a final newline."""
    import black

    assert black.format_str(text, mode=black.Mode(line_length=99)) == text + "\n"


def forward_locals(model, x) -> dict:
    """Every local variable of the model's `forward` when it returns."""
    code, seen = type(model).forward.__code__, {}

    def watch(frame, event, arg):
        if event == "return" and frame.f_code is code:
            seen.update(frame.f_locals)

    sys.setprofile(watch)
    try:
        with torch.no_grad():
            model(x)
    finally:
        sys.setprofile(None)
    return seen


def torch_parameters(report) -> int:
    """What PyTorch's parameters() holds: the engine's trainable numbers."""
    return sum(row.trainable for row in report.rows)


def check_counts_and_shapes(spec, report):
    """The file's interface, parameter count and every layer's output shape (on the meta
    device: no memory for weights or activations). Returns the module and the plan."""
    text = export(spec, report, "pytorch")
    assert_formatted(text)
    module = import_file(text)
    assert module.INPUT_SHAPE == in_layout(spec.input_shape, Layout.CHANNELS_FIRST)
    with torch.device("meta"):
        model = module.build().eval()
    assert sum(p.numel() for p in model.parameters()) == torch_parameters(report)
    plan = steps(spec, report, "pytorch")
    seen = forward_locals(model, torch.empty(2, *module.INPUT_SHAPE, device="meta"))
    for step, row in zip(plan, report.rows):
        got = tuple(seen[step.name].shape)
        assert got == (2, *in_layout(step.shape, Layout.CHANNELS_FIRST)), (row.name, got)
    return module, plan


def backend_run(spec, report, plan, seed: int = 0, batch: int = 2):
    """The torch backend's run of the spec: its input (channels first) and each step's
    Output (arrays and the weights it drew), or None when the backend cannot run it."""
    backend = load_backend("torch", seed=seed, rounding=report.rounding,
                           framework=report.framework, layout=spec.layout,
                           activation_defaults=ACTIVATION_DEFAULTS)
    made = {}
    draw = backend.input
    backend.input = lambda shape, size: made.setdefault("x", draw(shape, size))
    outputs = {}
    for (layer, outcome), step in zip(execute(spec, backend, batch), plan):
        if isinstance(outcome, Unsupported):
            return None
        assert not isinstance(outcome, Exception), (layer.name, outcome)
        outputs[step.name] = outcome
    return backend, made["x"], outputs


def assert_output(got, want, name: str) -> None:
    """Equal up to float32 rounding: the two sides run the same arithmetic in different
    orders (im2col or oneDNN, channels first or last, fused or not), so sums of a few
    thousand float32 products differ by some 1e-6 of their magnitude, and now and then
    (one run in several, in CI: LeNet-5's average pooling after a tanh convolution, where
    the usual difference is 1e-7) a kernel torch picks for the moment differs by up to
    3e-4 relative. 1e-3 relative and 1e-4 of the layer's largest value absolute leave room
    for that and for nothing else: a wrong tap, weight order or padding changes values by
    their own size."""
    scale = float(want.abs().max()) if want.numel() else 0.0
    torch.testing.assert_close(got, want, rtol=1e-3, atol=1e-4 * max(scale, 1.0), msg=name)


def check_values(spec, report, module, plan, seed: int = 0, batch: int = 2) -> bool:
    """The file's outputs, layer by layer, against the torch backend's with the backend's
    weights copied in. False when the backend itself cannot run the spec."""
    ran = backend_run(spec, report, plan, seed, batch)
    if ran is None:
        return False
    _, x, outputs = ran
    model = module.build().eval()
    names = module_names(plan)
    for step in plan:
        outcome = outputs[step.name]
        ours = [p for suffix, _ in step.code.modules
                for p in getattr(model, names[step.name][suffix]).parameters()]
        assert [p.shape for p in ours] == [p.shape for p in outcome.params], step.layer.name
        mine = [b for suffix, _ in step.code.modules
                for name, b in getattr(model, names[step.name][suffix]).named_buffers()
                if name in ("running_mean", "running_var")]
        with torch.no_grad():
            for a, b in zip(ours + mine, outcome.params + outcome.buffers):
                a.copy_(b)
    seen = forward_locals(model, x)
    for step in plan:
        assert_output(seen[step.name], outputs[step.name].array, step.layer.name)
    return True


def build_locals(module) -> tuple:
    """The Keras model and every local of the file's `build` when it returns (one per
    layer, the symbolic output the layer's name holds)."""
    code, seen = module.build.__code__, {}

    def watch(frame, event, arg):
        if event == "return" and frame.f_code is code:
            seen.update(frame.f_locals)

    sys.setprofile(watch)
    try:
        model = module.build()
    finally:
        sys.setprofile(None)
    return model, seen


def keras_layout(weight, name: str, shape: tuple[int, ...]):
    """A torch parameter as the Keras variable `name` of `shape` holding it. Kernels are
    (out, in/groups, *kernel) in torch, (*kernel, in/groups, out) in Keras; a transposed
    convolution's are (in, out/groups, *kernel) and (*kernel, out, in), the same turn;
    a depthwise one's torch output channel c·multiplier + j is Keras's (c, j). A dense
    kernel is (out, in) in torch, (in, out) in Keras. Any other tensor spans the item
    (PReLU's slope per element): channels first in torch, last in Keras. Vectors (biases,
    γ, β, statistics) are alike, up to axes of size 1 Keras may add."""
    array = weight.detach().cpu().numpy()
    if name.endswith("kernel") and array.ndim > 2:
        array = array.transpose(*range(2, array.ndim), 1, 0)
        if array.shape[-2] == 1 and len(shape) == array.ndim and shape[-2] != 1:
            array = array.reshape(shape)  # depthwise: (*kernel, 1, C·m) → (*kernel, C, m)
    elif name.endswith("kernel"):
        array = array.T
    elif array.ndim > 1:
        array = np.moveaxis(array, 0, -1)
    if array.shape != shape and max(shape, default=1) == array.size:
        array = array.reshape(shape)  # (C,) → (1, 1, C), as PReLU with shared_axes holds it
    assert array.shape == shape, (name, weight.shape, shape)
    return array


def check_keras_values(spec, report, module, plan, seed: int = 0, batch: int = 2) -> bool:
    """The Keras file's outputs, layer by layer, against the torch backend's with the
    backend's weights copied into each layer's Keras variables (the layer named after it
    and its helpers, `NAME_pad`, `NAME_crop`...), in the order both create them. False
    when the backend itself cannot run the spec."""
    import keras

    ran = backend_run(spec, report, plan, seed, batch)
    if ran is None:
        return False
    backend, x, outputs = ran
    model, seen = build_locals(module)
    names = {step.name for step in plan}
    shapes = {INPUT: spec.input_shape, **{step.name: step.shape for step in plan}}
    weighted = {layer.name: layer for layer in model.layers if layer.weights}
    for step in plan:
        own = [layer for name, layer in weighted.items() if name == step.name or (
            name.startswith(step.name + "_") and name not in names)]
        variables = [v for layer in own for v in layer.weights]
        arrays = outputs[step.name].params + outputs[step.name].buffers
        assert len(variables) == len(arrays), (step.layer.name, variables, len(arrays))
        for variable, array in zip(variables, arrays):
            variable.assign(keras_layout(array, variable.name, tuple(variable.shape)))
        for layer in own:
            del weighted[layer.name]
    assert not weighted, f"Keras layers of no spec layer: {list(weighted)}"
    probe = keras.Model(model.input, {step.name: seen[step.name] for step in plan})
    got = probe(backend.numpy(x), training=False)
    layers = {layer.name: layer for layer in model.layers}  # a kind written as keras.ops has none
    for step in plan:
        if uneven_same_average(step, shapes[step.inputs[0]]) and not keras_averages_uneven_same():
            break  # the installed Keras's own bug, keras#18452: from here on it is wrong
        if (isinstance(layers.get(step.name), keras.layers.Conv3D)
                and shapes[step.inputs[0]][-1] == 1 and not torch_reads_one_channel_3d()):
            break  # torch's, which Keras meets by converting to channels_last_3d
        want = torch.from_numpy(backend.numpy(outputs[step.name].array))
        assert_output(torch.from_numpy(keras.ops.convert_to_numpy(got[step.name])), want,
                      step.layer.name)
    return True


def uneven_same_average(step, shape) -> bool:
    """An average pooling of an input of `shape` whose Keras `same` padding is uneven."""
    p = step.layer.params
    if step.layer.kind != "avgpool" or p["padding"] != PaddingMode.SAME:
        return False
    rank = len(shape) - 1
    size = every_axis(p["size"], rank, "size")
    stride = size if p["stride"] is None else every_axis(p["stride"], rank, "stride")
    return any(before != after for before, after in map(same_padding, shape[:-1], size, stride))


@functools.cache
def keras_averages_uneven_same() -> bool:
    """Whether Keras's torch backend averages an unevenly padded `same` window over the
    input only, as TensorFlow and JAX do. Keras 3.15's pads such an input by replicating
    its edge (keras#18452, fixed by keras#23233): [10, 20] in windows of 3, stride 2, is
    16.67 there and 15 elsewhere."""
    import keras

    out = keras.ops.average_pool(keras.ops.convert_to_tensor([[[10.0], [20.0]]]), 3, 2, "same")
    return abs(float(keras.ops.convert_to_numpy(out).ravel()[0]) - 15.0) < 1e-4


@functools.cache
def torch_reads_one_channel_3d() -> bool:
    """Whether torch's Conv3d computes a one-channel input in channels_last_3d memory
    format as it does a contiguous one. Keras's torch backend converts every Conv3D input
    to that format; torch 2.13's CPU kernel then gets some strides wrong (one channel,
    kernel 2, strides (1, 1, 3): values off by their own size). The torch backend itself
    runs contiguous inputs (TorchBackend.adopt)."""
    x = torch.randn(2, 1, 3, 3, 3, generator=torch.Generator().manual_seed(0))
    w = torch.randn(1, 1, 2, 2, 2, generator=torch.Generator().manual_seed(1))
    padded = torch.nn.functional.pad(x, (0, 0, 0, 1, 0, 1))
    plain = torch.nn.functional.conv3d(padded, w, stride=(1, 1, 3))
    last = torch.nn.functional.conv3d(padded.to(memory_format=torch.channels_last_3d),
                                      w.to(memory_format=torch.channels_last_3d),
                                      stride=(1, 1, 3))
    return torch.allclose(plain, last, rtol=1e-4, atol=1e-5)
