"""Running an exported PyTorch file against the engine and the torch backend: shared by
the export tests. The file is imported from a temporary path as a user would run it; its
`forward` is watched (sys.setprofile) so that every layer's output, one local variable per
layer, can be held against the engine's row and the torch backend's output computed with
the same weights (copied into the generated modules by name)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
import tempfile
from pathlib import Path

import torch

from cnncalc.backends import load as load_backend
from cnncalc.backends.base import Unsupported
from cnncalc.core.records import Layout, in_layout
from cnncalc.export import export
from cnncalc.export.plan import steps
from cnncalc.layers.activation import ACTIVATION_DEFAULTS
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


def check_values(spec, report, module, plan, seed: int = 0, batch: int = 2) -> bool:
    """The file's outputs, layer by layer, against the torch backend's with the backend's
    weights copied in (up to a flatten of a channels-first spec, see below). False when
    the backend itself cannot run the spec."""
    backend = load_backend("torch", seed=seed, rounding=report.rounding,
                           framework=report.framework, layout=spec.layout,
                           activation_defaults=ACTIVATION_DEFAULTS)
    made = {}
    draw = backend.input
    backend.input = lambda shape, size: made.setdefault("x", draw(shape, size))
    model = module.build().eval()
    expected = {}
    for (layer, outcome), step in zip(execute(spec, backend, batch), plan):
        if isinstance(outcome, Unsupported):
            return False
        assert not isinstance(outcome, Exception), (layer.name, outcome)
        ours = [p for suffix, _ in step.code.modules
                for p in getattr(model, step.name + suffix).parameters()]
        assert [p.shape for p in ours] == [p.shape for p in outcome.params], layer.name
        mine = [b for suffix, _ in step.code.modules
                for name, b in getattr(model, step.name + suffix).named_buffers()
                if name in ("running_mean", "running_var")]
        with torch.no_grad():
            for a, b in zip(ours + mine, outcome.params + outcome.buffers):
                a.copy_(b)
        expected[step.name] = outcome.array
    seen = forward_locals(model, made["x"])
    for step in plan:
        if spec.layout == Layout.CHANNELS_FIRST and step.layer.kind == "flatten":
            # The export flattens a channels-first spec in its own (PyTorch's) order; the
            # backends always flatten channels last, so from here on the two read the
            # dense weights in different orders and only the shapes can agree.
            break
        want = expected[step.name]
        scale = float(want.abs().max()) if want.numel() else 0.0
        torch.testing.assert_close(seen[step.name], want, rtol=1e-4,
                                   atol=1e-5 * max(scale, 1.0), msg=step.layer.name)
    return True
