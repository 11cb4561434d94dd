"""Keras models as data: `.keras` archives and `model.to_json()` files, Keras 2 and 3
(and the `model_config` of a legacy `.h5` file, where h5py is installed).

Only the standard library is used (zipfile, json): Keras is never imported, and nothing in
the file is executed or looked up. Keras' own `load_model` has run code from config.json
(Lambda bytecode, `module`/`class_name` imports); here a config is a tree of dicts, a
`Lambda` or an unknown class is an unsupported op, and `module`/`registered_name` are
only compared with text. In a `.keras` zip only `config.json` is read, after its declared
size and compression ratio are checked, and never more than the cap however it lies.

Sequential and Functional models are read, in Keras 3's form and the Keras 2 forms Keras
still reads (`batch_input_shape`, nested-list `inbound_nodes`, a bare list of layers, a
`model_config` wrapper). A nested model is flattened into the outer spec, its layers named
`inner.layer`. A layer called more than once shares its weights: fine for a layer without weights (a pool),
unsupported for one with (a spec would count them at each use).
"""

from __future__ import annotations

import json
import zipfile
from typing import Any

from ...core.messages import say
from .keras_layers import items, mapping
from .network import Network, Unsupported, failure

MAX_CONFIG = 64 * 2**20  # ResNet-152's config.json is ~0.4 MB
MAX_RATIO = 100  # Keras stores config.json uncompressed; JSON deflates ~10×
MODEL_CLASSES = ("Sequential", "Functional", "Model")


def is_keras_json(tree: Any) -> bool:
    """A JSON file Keras wrote (to_json, an HDF5 `model_config`, a tfjs `modelTopology`),
    rather than a cnncalc spec written as JSON."""
    return isinstance(tree, dict) and (tree.get("class_name") in MODEL_CLASSES
                                       or "model_config" in tree or "modelTopology" in tree)


def read_archive(path: str) -> bytes:
    """The `config.json` of a `.keras` zip, refusing a bomb before inflating it."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo("config.json")
            except KeyError:
                raise failure(path, say("import.no-config-json")) from None
            if info.file_size > MAX_CONFIG:
                raise failure(path, say("import.config-size", size=f"{info.file_size:,}",
                                        cap=MAX_CONFIG // 2**20))
            if info.compress_size and info.file_size > MAX_RATIO * info.compress_size \
                    and info.file_size > 2**20:
                raise failure(path, say("import.zip-bomb",
                                        ratio=info.file_size // info.compress_size))
            with archive.open(info) as member:
                data = member.read(MAX_CONFIG + 1)
    except zipfile.BadZipFile as exc:
        raise failure(path, say("import.not-zip", detail=exc)) from None
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise failure(path, say("import.archive-unreadable", detail=exc)) from None
    if len(data) > MAX_CONFIG:
        raise failure(path, say("import.config-grew"))
    return data


def read_hdf5(path: str) -> str:
    """The `model_config` attribute of a legacy Keras `.h5` file (needs h5py, which Keras
    installs). Only that attribute is read; no weight is."""
    try:
        import h5py
    except ImportError:
        raise failure(path, say("import.needs-h5py"),
                      ("pip install h5py", say("fix.save-keras"))) from None
    try:
        with h5py.File(path, "r") as handle:
            config = handle.attrs.get("model_config")
    except OSError as exc:
        raise failure(path, say("import.not-hdf5", detail=exc)) from None
    if config is None:
        raise failure(path, say("import.no-model-config"))
    return config.decode("utf-8", "replace") if isinstance(config, bytes) else str(config)


def parse(path: str, data: bytes) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise failure(path, say("import.not-utf8")) from None
    except json.JSONDecodeError as exc:
        raise failure(path, say("import.bad-json", detail=exc.msg, line=exc.lineno,
                                column=exc.colno)) from None
    except RecursionError:
        raise failure(path, say("import.json-deep")) from None


def read(path: str, tree: Any, network: Network) -> None:
    """Fill `network` from a Keras config tree."""
    network.origin = "Keras " + str(tree.get("keras_version", "3")) if isinstance(tree, dict) \
        else "Keras"
    for wrapper in ("modelTopology", "model_config"):  # tfjs wraps an HDF5 model_config
        if isinstance(tree, dict) and wrapper in tree:
            tree = tree[wrapper]
    if not isinstance(tree, dict) or tree.get("class_name") not in MODEL_CLASSES:
        raise failure(path, say("import.no-class-name"))
    config = tree.get("config")
    network.name = config.get("name") if isinstance(config, dict) else None
    walker = _Walker(network, legacy="module" not in tree, top=tree)
    try:
        outputs = walker.model(tree, "", None)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
        raise failure(path, say("import.unknown-config", detail=exc)) from None
    if len(outputs) != 1:
        network.skip(say("import.outputs", count=len(outputs)), say("unsupported.outputs"),
                     ("(outputs)",))


class _Walker:
    """Reads a model's layers into the network. Tensors are keyed `scope+layer@node#i`,
    as Keras refers to them: [layer name, node index, tensor index]."""

    def __init__(self, network: Network, legacy: bool, top: dict):
        self.network = network
        self.legacy = legacy  # Keras 2 counts a nested model's construction as node 0
        self.top = top

    def model(self, entry: dict, scope: str, inputs: list[str] | None) -> list[str]:
        """The keys of the model's outputs; `inputs` are the tensors an outer model passes
        in (None at the top, where the model's input is the spec's)."""
        config = entry.get("config")
        if entry.get("class_name") == "Sequential":
            layers = config if isinstance(config, list) else config.get("layers", [])
            return self.sequential(entry, layers, scope, inputs)
        return self.functional(config, scope, inputs)

    def sequential(self, entry: dict, layers: list, scope: str, inputs) -> list[str]:
        current = inputs[0] if inputs else None
        for layer in layers:
            config = layer.get("config") or {}
            if current is None:
                current = self.start(_batch_shape(layer, entry, self.top))
            if layer.get("class_name") == "InputLayer":
                continue
            name = scope + str(config.get("name", layer.get("class_name")))
            current = self.call(layer, name, [current], 0)
        if current is None:
            current = self.start(_batch_shape({}, entry, self.top))
        return [current]

    def functional(self, config: dict, scope: str, inputs) -> list[str]:
        given = _triples(config.get("input_layers"))
        for layer in config["layers"]:
            name = str(layer.get("name") or layer["config"]["name"])
            if layer.get("class_name") == "InputLayer":
                key = _key(scope + name, 0, 0)
                if inputs is None:
                    if len(given) > 1:
                        self.network.skip(name, say("unsupported.model-input",
                                                    count=len(given)), (key,))
                        continue
                    self.network.bind(key, self.start(_batch_shape(layer, None, self.top)))
                else:
                    position = [g[0] for g in given].index(name)
                    self.network.alias(key, inputs[position])
                continue
            nodes = layer.get("inbound_nodes") or []
            for n, node in enumerate(nodes):
                sources = [_key(scope + s[0], self.node_index(s[0], s[1], config), s[2])
                           for s in _references(node)]
                self.call(layer, scope + name, sources, n,
                          node.get("args") if isinstance(node, dict) else None)
        return [_key(scope + n, self.node_index(n, i, config), t)
                for n, i, t in _triples(config.get("output_layers"))]

    def node_index(self, layer: str, index: int, config: dict) -> int:
        """Keras 3 numbers a layer's calls from 0; Keras 2 counts a nested model's own
        construction as its node 0, so its first call is node 1."""
        if self.legacy and index > 0 and any(
                (e.get("name") or e["config"].get("name")) == layer and _is_model(e)
                for e in config["layers"]):
            return index - 1
        return index

    def call(self, layer: dict, name: str, sources: list[str], n: int,
             args: list | None = None) -> str:
        """Call `n` of a layer (or a nested model) on `sources`; its output key. `args`
        are the call's arguments as Keras 3 writes them (an op's constants among them)."""
        out = _key(name, n, 0)
        if _is_model(layer):
            for t, inner in enumerate(self.model(layer, name + ".", sources)):
                self.network.alias(_key(name, n, t), inner)
            return out
        try:
            kind, params = mapping(layer, args)
        except Unsupported as exc:
            self.network.skip(name, exc.what, (out,))
            return out
        self.network.add(name, kind, params, sources, (out,), weights=name)
        return out

    def start(self, shape: list | None) -> str:
        """The spec's input, from the model's declared batch shape."""
        if shape is not None:
            self.network.declare(tuple(items(shape))[1:])
        self.network.bind("input", "input")
        return "input"


def _is_model(entry: dict) -> bool:
    return entry.get("class_name") in MODEL_CLASSES or (
        isinstance(entry.get("config"), dict) and "layers" in entry["config"])


def _key(layer: str, node: int, tensor: int) -> str:
    return f"{layer}@{node}" if tensor == 0 else f"{layer}@{node}#{tensor}"


def _batch_shape(layer: dict, sequential: dict | None, top: dict):
    """The batch shape a model declares: an InputLayer's `batch_shape` (Keras 3) or
    `batch_input_shape` (Keras 2, also on the first layer of a Sequential), else the
    Sequential's `build_input_shape` or the model's `build_config`."""
    config = layer.get("config") or {}
    for key in ("batch_shape", "batch_input_shape"):
        if config.get(key) is not None:
            return config[key]
    for holder in (sequential or {}, top):
        if isinstance(holder.get("config"), dict) and holder["config"].get("build_input_shape"):
            return holder["config"]["build_input_shape"]
        if (holder.get("build_config") or {}).get("input_shape"):
            return holder["build_config"]["input_shape"]
    return None


def _triples(value) -> list[tuple[str, int, int]]:
    """`input_layers`/`output_layers`: one [name, node, tensor] or a list (or dict) of them."""
    value = items(value)
    if isinstance(value, dict):
        value = list(value.values())
    if not value:
        return []
    if isinstance(value[0], str):
        value = [value]
    return [(str(v[0]), int(v[1]), int(v[2])) for v in (items(v) for v in value)]


def _references(node: Any) -> list[tuple[str, int, int]]:
    """The tensors one call reads: Keras 3 `{"args": [...], "kwargs": {...}}` holding
    `__keras_tensor__` dicts, or Keras 2 `[[layer, node, tensor, kwargs], ...]` (a single
    entry, one level flatter, for tf.keras' TFOpLambda)."""
    if isinstance(node, dict):
        found: list[tuple[str, int, int]] = []
        _tensors(node.get("args", []), found)
        return found
    if node and isinstance(node[0], str):
        node = [node]
    return [(str(e[0]), int(e[1]), int(e[2])) for e in node]


def _tensors(value: Any, found: list) -> None:
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            history = value["config"]["keras_history"]
            found.append((str(history[0]), int(history[1]), int(history[2])))
            return
        for inner in value.values():
            _tensors(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _tensors(inner, found)
