"""Models people already have, read into cnncalc specs: Keras configs and `.keras` files
(standard library only), ONNX files (the optional `onnx` package) and PyTorch modules
(torch.fx on the meta device).

Every reader fills a `Network` (network.py) in cnncalc's kinds; its YAML is the spec a
person would have written, and `load` builds that spec like any file, so `summary`,
`check` and `verify` take model files wherever they take a spec.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from ..errors import Diagnostic, SpecError
from .network import Network, failure

SUFFIXES = (".keras", ".onnx", ".json")  # .json only when Keras wrote it (is_keras_json)


@dataclass(frozen=True)
class Imported:
    yaml: str
    note: Diagnostic | None  # the spec stops before an unsupported op


def is_model_file(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in SUFFIXES


def import_model(source: str, input_sizes: tuple[int, ...] | None = None,
                 allow_unsupported: bool = False) -> Imported:
    """Read a model file (`.keras`, Keras `.json`, `.onnx`) or a PyTorch module
    (`package.module:factory`, `file.py:Class`, which needs `input_sizes`); raises SpecError
    naming the source and the problem, or every unsupported op."""
    suffix = os.path.splitext(source)[1].lower()
    if suffix in (".keras", ".json"):
        from . import keras
        network = Network(source, "keras", "channels_last", input_sizes)
        keras.read(source, _keras_tree(source, suffix), network)
    elif suffix == ".onnx":
        from . import onnx
        network = Network(source, "pytorch", "channels_first", input_sizes)
        onnx.read(source, network)
    elif ":" in source and not os.path.exists(source):
        from . import torch_fx
        network = Network(source, "pytorch", "channels_first", input_sizes)
        torch_fx.read(source, network)
    else:
        raise failure(source, "not a model cnncalc imports: give a .keras, Keras .json or "
                              ".onnx file, or a PyTorch module as module.path:factory or "
                              "file.py:Class")
    return Imported(*network.finish(allow_unsupported))


def _keras_tree(path: str, suffix: str):
    from . import keras
    from ..yamltree import read_source
    tree = keras.parse(path, keras.read_archive(path) if suffix == ".keras" else
                       read_source(path))
    if suffix == ".json" and not keras.is_keras_json(tree):
        raise failure(path, "not a Keras model config (no class_name Sequential, Functional "
                            "or Model at the top)")
    return tree


def load(path: str, bias: bool | None = None):
    """The spec of a model file, for `summary`, `check` and `verify`; None for a `.json`
    file Keras did not write (a spec written as JSON). Problems in the imported spec name
    the layer; a line would point into text the user never saw."""
    from ..spec import build
    from ..yamltree import parse_yaml, read_source

    if path.lower().endswith(".json"):
        from .keras import is_keras_json, parse
        if not is_keras_json(parse(path, read_source(path))):
            return None
    imported = import_model(path)
    try:
        spec = build(parse_yaml(imported.yaml), source=path, bias=bias)
    except SpecError as exc:
        raise SpecError([replace(d, file=path, line=None, column=None)
                         for d in exc.diagnostics]) from None
    return spec
