"""Models people already have, read into cnncalc specs: Keras configs and `.keras` files
(standard library only), ONNX files (the optional `onnx` package) and PyTorch modules
(torch.fx on the meta device).

Every reader fills a `Network` (network.py) in cnncalc's kinds; its YAML is the spec a
person would have written, built like any spec file (`spec_of`). What a reader must know
of sizes it asks the caller's `measure`, cnncalc's report of a spec's text: reading sits
below the engine and never imports it (run/models.py, which does, supplies it).
"""

from __future__ import annotations

import os
from typing import Callable

from ...core.errors import Diagnostic, SpecError
from ...core.messages import say
from ...core.record import Record

SUFFIXES = (".keras", ".h5", ".onnx", ".json")  # .json only when Keras wrote it (is_keras_json)


class Imported(Record):
    yaml: str
    note: Diagnostic | None  # the spec stops before an unsupported op


def is_model_file(path: str) -> bool:
    """A `.keras` or `.onnx` file, or a `.json` file Keras wrote (a spec may be JSON too)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix != ".json":
        return suffix in SUFFIXES
    from .keras import is_keras_json, parse
    from ..yamltree import read_source
    try:
        return is_keras_json(parse(path, read_source(path)))
    except SpecError:
        return False  # reading it as a spec reports the problem


def import_model(source: str, measure: Callable, input_sizes: tuple[int, ...] | None = None,
                 allow_unsupported: bool = False) -> Imported:
    """Read a model file (`.keras`, Keras `.json`, `.onnx`) or a PyTorch module
    (`package.module:factory`, `file.py:Class`, which needs `input_sizes`); raises SpecError
    naming the source and the problem, or every unsupported op. `measure(text, rounding)`
    is cnncalc's report of a spec's text, for what a reader must know of the sizes."""
    from .network import Network, failure  # here: a summary of a YAML spec never needs it

    suffix = os.path.splitext(source)[1].lower()
    if suffix in (".keras", ".json", ".h5"):
        from . import keras
        network = Network(source, "keras", "channels_last", measure, input_sizes)
        keras.read(source, _keras_tree(source, suffix), network)
    elif suffix == ".onnx":
        from . import onnx
        network = Network(source, "pytorch", "channels_first", measure, input_sizes)
        onnx.read(source, network)
    elif ":" in source and not os.path.exists(source):
        from . import torch_fx
        network = Network(source, "pytorch", "channels_first", measure, input_sizes)
        torch_fx.read(source, network)
    else:
        raise failure(source, say("import.not-a-model"))
    return Imported(*network.finish(allow_unsupported))


def _keras_tree(path: str, suffix: str):
    from . import keras
    from .network import failure
    from ..yamltree import read_source
    data = {".keras": keras.read_archive, ".h5": keras.read_hdf5}.get(suffix, read_source)(path)
    tree = keras.parse(path, data)
    if suffix == ".json" and not keras.is_keras_json(tree):
        raise failure(path, say("import.not-keras"))
    return tree


def spec_of(imported: Imported, path: str, bias: bool | None = None):
    """The imported spec, built as any spec is. Problems in it name the layer; a line
    would point into text the user never saw."""
    from ..spec import build
    from ..yamltree import parse_yaml

    try:
        spec = build(parse_yaml(imported.yaml), source=path, bias=bias)
    except SpecError as exc:
        raise SpecError([d._replace(file=path, line=None, column=None)
                         for d in exc.diagnostics]) from None
    unplaced = tuple(layer._replace(line=None, column=None, key_positions={})
                     for layer in spec.layers)
    notes = tuple(d._replace(line=None, column=None) for d in spec.notes)
    return spec._replace(layers=unplaced, notes=notes + ((imported.note,) if imported.note
                                                           else ()))
