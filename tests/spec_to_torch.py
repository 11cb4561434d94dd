"""Torch twins of whole zoo specs, for the fx importer's tests: `SpecNet(path)` is an
nn.Module made of torch's own modules (nn.Conv2d, nn.BatchNorm2d, nn.Linear, ...), wired as
the spec's `inputs:` say, channels first as torch has them. Any `spec_to_torch:<zoo name>`
(e.g. `spec_to_torch:resnet50`) is a factory building the twin of specs/zoo/<name>.yaml,
the form `cnncalc import module:factory` takes."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from cnncalc import analyze, load
from torch_twins import BUILDERS

ZOO = Path(__file__).parent.parent / "specs" / "zoo"
ACTIVATIONS = {"relu": nn.ReLU, "relu6": nn.ReLU6, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid,
               "softmax": lambda: nn.Softmax(dim=1)}


def _module(layer, shape):
    channels, rank = shape[-1], len(shape) - 1
    p = layer.params
    if layer.kind == "dense":
        module = nn.Linear(shape[-1], p["units"], bias=p["bias"])
    elif layer.kind == "flatten":
        module = nn.Flatten()
    elif layer.kind in ACTIVATIONS:
        module = ACTIVATIONS[layer.kind]()
    else:
        module = BUILDERS[layer.kind](p, channels, rank)
    activation = p.get("activation", "linear")
    return module if activation == "linear" else nn.Sequential(module, ACTIVATIONS[activation]())


def _key(name: str) -> str:
    """A module name torch accepts: no `.` (`layer1.1/conv1` → `layer1_1__conv1`)."""
    return name.replace(".", "_").replace("/", "__")


class SpecNet(nn.Module):
    def __init__(self, path):
        super().__init__()
        spec = load(str(path))
        rows = analyze(spec).rows
        self.layers = nn.ModuleDict()
        self.order = []
        for layer, row in zip(spec.layers, rows):
            key = _key(layer.name)
            if layer.kind not in ("add", "concat"):
                self.layers[key] = _module(layer, row.input_shapes[0])
            self.order.append((key, layer.kind, [_key(i) for i in layer.inputs]))

    def forward(self, x):
        values = {"input": x}
        for key, kind, inputs in self.order:
            args = [values[name] for name in inputs]
            if kind == "add":
                out = args[0] + args[1]
            elif kind == "concat":
                out = torch.cat(args, 1)
            else:
                out = self.layers[key](args[0])
            values[key] = out
        return out


def __getattr__(name):
    if (ZOO / f"{name}.yaml").exists():
        return lambda: SpecNet(ZOO / f"{name}.yaml")
    raise AttributeError(name)
