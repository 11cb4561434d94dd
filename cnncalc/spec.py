"""Spec text (a YAML file or command-line tokens) into frozen `Spec` and `Layer` records.

Both forms are first turned into the same tree of mappings and lists and then read by one
function, `build`, so they cannot drift apart. All checking of user input happens here or
in a kind's `validate`; every problem of a spec is collected before it is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import Diagnostic, LayerError, SpecError
from .layers import REGISTRY
from .layers.params import MAX_INT, Bool, Choice, ParamError
from .yamltree import parse_yaml, read_source

ROUNDINGS = ("strict", "floor", "ceil")
LAYOUTS = ("channels_last", "channels_first")
FRAMEWORKS = ("keras", "pytorch")  # whose rules decide where the two differ; keras first
TOP_KEYS = ("name", "input", "rounding", "bias", "layout", "framework", "layers")
COMMON_KEYS = ("name", "inputs")  # keys every layer accepts besides its kind's own
NETWORK_INPUT = "input"  # the name by which layers refer to the network's input


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer as written: its kind, normalised parameters and where it came from."""

    index: int
    name: str
    kind: str
    params: Mapping[str, Any]
    inputs: tuple[str, ...]
    line: int | None = None
    column: int | None = None
    key_positions: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Spec:
    """A whole network: the input shape (always stored channels-last) and its layers."""

    input_shape: tuple[int, ...]
    layers: tuple[Layer, ...]
    name: str | None = None
    rounding: str = "strict"
    layout: str = "channels_last"
    bias: bool = True
    source: str | None = None
    framework: str = "keras"


def load(path: str) -> Spec:
    """Read a spec file (`-` for stdin); raises SpecError with every problem found."""
    try:
        return build(parse_yaml(read_source(path)), source=path)
    except SpecError as exc:
        raise SpecError([d.located(path) for d in exc.diagnostics]) from None


def loads(text: str, source: str = "<string>") -> Spec:
    try:
        return build(parse_yaml(text), source=source)
    except SpecError as exc:
        raise SpecError([d.located(source) for d in exc.diagnostics]) from None


def build(tree: Any, source: str | None = None) -> Spec:
    """Check and normalise a parsed spec tree."""
    reader = _Reader()
    if not isinstance(tree, dict):
        reader.error("a spec is a mapping with `input:` and `layers:`", getattr(tree, "position", None))
        raise SpecError(reader.diagnostics)
    for key in tree:
        if key not in TOP_KEYS:
            reader.unknown(key, TOP_KEYS, "top-level key", _pos(tree, key))
    shape = reader.input_shape(tree)
    rounding = reader.top(tree, "rounding", Choice(ROUNDINGS), "strict")
    layout = reader.top(tree, "layout", Choice(LAYOUTS), "channels_last")
    bias = reader.top(tree, "bias", Bool(), True)
    framework = reader.top(tree, "framework", Choice(FRAMEWORKS), "keras")
    name = tree.get("name")
    if name is not None and not isinstance(name, str):
        reader.error(f"name: expected text, got {name!r}", _pos(tree, "name"), key="name")
    layers = reader.layers(tree, bias)
    if reader.diagnostics:
        raise SpecError(reader.diagnostics)
    if layout == "channels_first" and shape:
        shape = shape[1:] + shape[:1]
    return Spec(shape, layers, name, rounding, layout, bias, source, framework)


def _pos(container: Any, key: Any) -> tuple[int, int] | None:
    positions = getattr(container, "positions", None)
    try:
        return positions[key] if positions is not None else None
    except (KeyError, IndexError):
        return None


class _Reader:
    """Reads one spec tree, collecting diagnostics instead of stopping at the first."""

    def __init__(self):
        self.diagnostics: list[Diagnostic] = []

    def error(self, text: str, position, *, layer: str | None = None, index: int | None = None,
              key: str | None = None, fixes: tuple[str, ...] = (), code: str = "schema"):
        line, column = position if position else (None, None)
        self.diagnostics.append(Diagnostic(text, code=code, layer=layer, index=index, key=key,
                                           line=line, column=column, fixes=fixes))

    def unknown(self, key: str, known, what: str, position, **where):
        from difflib import get_close_matches  # only on this error path

        close = get_close_matches(str(key), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(known)}"
        self.error(f"unknown {what} {key!r}; {hint}", position, key=str(key), **where)

    def top(self, tree, key: str, kind, default):
        if key not in tree:
            return default
        try:
            return kind.parse(tree[key])
        except ParamError as exc:
            self.error(f"{key}: {exc}", _pos(tree, key), key=key)
            return default

    def input_shape(self, tree) -> tuple[int, ...]:
        value = tree.get("input")
        position = _pos(tree, "input")
        example = "input: [39, 31, 1] (spatial sizes, then channels)"
        if value is None:
            self.error("input is required", getattr(tree, "position", None), key="input",
                       fixes=(example,))
            return ()
        if not isinstance(value, list) or not 1 <= len(value) <= 4:
            self.error(f"input: expected a list of 1 to 4 sizes, got {value!r}", position,
                       key="input", fixes=(example,))
            return ()
        sizes = []
        for size in value:
            if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_INT:
                self.error(f"input: every size must be a whole number from 1 to {MAX_INT:,}, "
                           f"got {size!r}", position, key="input", fixes=(example,))
                return ()
            sizes.append(size)
        return tuple(sizes)

    def layers(self, tree, bias: bool) -> tuple[Layer, ...]:
        items = tree.get("layers")
        if not isinstance(items, list) or not items:
            self.error("layers: expected a non-empty list of layers", _pos(tree, "layers")
                       or getattr(tree, "position", None), key="layers",
                       fixes=("layers:\n  - conv: {filters: 20, kernel: 4}",))
            return ()
        counters: dict[str, int] = {}
        layers: list[Layer] = []
        seen = {NETWORK_INPUT}
        for index, item in enumerate(items, start=1):
            layer = self.layer(item, index, _pos(items, index - 1), counters, bias,
                               layers[-1].name if layers else NETWORK_INPUT)
            if layer is None:
                continue
            if layer.name in seen:
                self.error(f"the name {layer.name!r} is already used", _pos(items, index - 1),
                           layer=layer.name, index=index, key="name")
            seen.add(layer.name)
            layers.append(layer)
        return tuple(layers)

    def layer(self, item, index: int, position, counters: dict, bias: bool,
              previous: str) -> Layer | None:
        if isinstance(item, str):
            kind, raw, raw_position = item, {}, position
        elif isinstance(item, dict) and len(item) == 1:
            kind, raw = next(iter(item.items()))
            raw_position = _pos(item, kind)
        else:
            keys = ", ".join(map(str, item)) if isinstance(item, dict) else repr(item)
            self.error(f"layer {index}: expected a kind such as `flatten` or `conv: {{...}}`, "
                       f"got {keys}", position, index=index,
                       fixes=("one `- kind: {params}` item per layer",))
            return None
        if kind not in REGISTRY:
            self.unknown(kind, tuple(REGISTRY), "layer kind", position, index=index)
            return None
        counters[kind] = counters.get(kind, 0) + 1
        name = f"{kind}{counters[kind]}"
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.error(f"parameters must be a mapping like {{key: value}}, got {raw!r}",
                       raw_position, layer=name, index=index)
            return None
        if "name" in raw:
            if not isinstance(raw["name"], str) or not raw["name"] or raw["name"] == NETWORK_INPUT:
                self.error(f"name: expected non-empty text other than {NETWORK_INPUT!r}",
                           _pos(raw, "name"), layer=name, index=index, key="name")
            else:
                name = raw["name"]
        where = {"layer": name, "index": index}
        params = self.params(REGISTRY[kind], raw, bias, where, raw_position)
        inputs = self.inputs(raw, previous, where)
        if params is None or inputs is None:
            return None
        positions = dict(getattr(raw, "positions", {}))
        line, column = position if position else (None, None)
        return Layer(index, name, kind, params, inputs, line, column, positions)

    def params(self, kind, raw, bias: bool, where, position) -> dict | None:
        declared = {p.name: p for p in kind.params}
        ok = True
        for key in raw:
            if key not in declared and key not in COMMON_KEYS:
                self.unknown(key, tuple(declared) + COMMON_KEYS, f"{kind.name} parameter",
                             _pos(raw, key), **where)
                ok = False
        params = {}
        for name, param in declared.items():
            if name in raw:
                try:
                    params[name] = param.type.parse(raw[name])
                except ParamError as exc:
                    self.error(f"{name}: {exc}", _pos(raw, name), key=name, **where)
                    ok = False
            elif param.required:
                self.error(f"{name} is required ({param.doc})", position,
                           key=name, fixes=(f"add `{name}: …` to {where['layer']}",), **where)
                ok = False
            else:
                params[name] = bias if name == "bias" and param.default is None else param.default
        if not ok:
            return None
        try:
            kind.validate(params)
        except LayerError as exc:
            self.error(exc.message, _pos(raw, exc.key), key=exc.key, fixes=exc.fixes, **where)
            return None
        return params

    def inputs(self, raw, previous: str, where) -> tuple[str, ...] | None:
        value = raw.get("inputs", previous)
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.error(f"inputs: expected a layer name or a list of names, got {value!r}",
                       _pos(raw, "inputs"), key="inputs", **where)
            return None
        return tuple(names)


# ---- the inline form: `--input 39x31x1 conv:filters=20,kernel=4 maxpool:size=2 flatten`

_SIZES = re.compile(r"-?\d+(?:x-?\d+)+")  # 3x3; -1x3 for a reshape


def inline(input_text: str, tokens: list[str], **top: Any) -> Spec:
    """A spec from command-line tokens `KIND[:key=value,...]`; same records as YAML."""
    problems = []
    layers = []
    for index, token in enumerate(tokens, start=1):
        kind, _, rest = token.partition(":")
        params = {}
        for pair in filter(None, rest.split(",")):
            key, equals, value = pair.partition("=")
            if not equals or not key:
                problems.append(Diagnostic(
                    f"layer {index}: {token!r}: expected key=value, got {pair!r}", index=None,
                    code="schema", fixes=("write layers as kind:key=value,key=value",)))
            params[key] = _inline_value(value)
        layers.append({kind: params} if params else kind)
    sizes = input_text.lower().split("x")
    if not all(s.isdigit() for s in sizes):
        problems.append(Diagnostic(f"--input: expected sizes like 39x31x1, got {input_text!r}",
                                   key="input", code="schema"))
    tree = {"input": [int(s) if s.isdigit() else s for s in sizes], "layers": layers}
    tree.update({k: v for k, v in top.items() if v is not None})
    try:
        spec = build(tree, source="<command line>")
    except SpecError as exc:
        problems.extend(exc.diagnostics)
    if problems:
        raise SpecError([d.located("<command line>") for d in problems])
    return spec


def _inline_value(text: str) -> Any:
    """`3x3` → [3, 3], `-1x3` → [-1, 3], `4` → 4, `0.5` → 0.5, `true`/`false` → booleans, else text."""
    if _SIZES.fullmatch(text):
        return [int(part) for part in text.split("x")]
    if text in ("true", "false"):
        return text == "true"
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            pass
    return text
