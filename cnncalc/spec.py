"""Spec text (a YAML file or command-line tokens) into frozen `Spec` and `Layer` records.

Both forms are first turned into the same tree of mappings and lists and then read by one
function, `build`, so they cannot drift apart. All checking of user input happens here or
in a kind's `validate`; every problem of a spec is collected before it is reported.

A list of layers is read by one walk (`_Walk`) that also expands block uses (blocks.py):
inside a block instance, names are scoped by the instance's path (`basic1/conv1`) and
`input` means what the instance reads, so the engine sees one flat list of layers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .blocks import SEPARATOR, Block, BlockInstance, Blocks, substitute
from .errors import Diagnostic, LayerError, SpecError
from .layers import REGISTRY
from .layers.params import MAX_INT, Bool, Choice, ParamError
from .yamltree import key_position as _pos
from .yamltree import parse_yaml, read_source

ROUNDINGS = ("strict", "floor", "ceil")
LAYOUTS = ("channels_last", "channels_first")
TOP_KEYS = ("name", "input", "rounding", "bias", "layout", "blocks", "layers")
COMMON_KEYS = ("name", "inputs")  # keys every layer accepts besides its kind's own
NETWORK_INPUT = "input"  # the name by which layers refer to the network's input
MAX_LAYERS = 100_000  # once blocks are expanded; more is a runaway `repeat:`, not a network


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
    block: tuple[str, ...] = ()  # instance names of the blocks it sits in, outermost first


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
    instances: tuple[BlockInstance, ...] = ()  # every block use, outer before inner


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
    name = tree.get("name")
    if name is not None and not isinstance(name, str):
        reader.error(f"name: expected text, got {name!r}", _pos(tree, "name"), key="name")
    blocks = Blocks(reader, tree)
    items = tree.get("layers")
    layers, instances = (), ()
    if not isinstance(items, list) or not items:
        reader.error("layers: expected a non-empty list of layers", _pos(tree, "layers")
                     or getattr(tree, "position", None), key="layers",
                     fixes=("layers:\n  - conv: {filters: 20, kernel: 4}",))
    else:
        layers, instances = _Walk(reader, blocks, bias).run(items)
    if reader.diagnostics:
        # A block's layers share their lines: a mistake in one is reported once.
        unique: dict[tuple, Diagnostic] = {}
        for d in reader.diagnostics:
            unique.setdefault((d.code, d.text, d.key, d.line, d.column), d)
        raise SpecError(list(unique.values()))
    if layout == "channels_first" and shape:
        shape = shape[1:] + shape[:1]
    return Spec(shape, layers, name, rounding, layout, bias, source, instances)


class _Reader:
    """Reads one spec tree, collecting diagnostics instead of stopping at the first."""

    def __init__(self):
        self.diagnostics: list[Diagnostic] = []

    def error(self, text: str, position, *, layer: str | None = None, index: int | None = None,
              key: str | None = None, fixes: tuple[str, ...] = (), code: str = "schema"):
        line, column = position if position else (None, None)
        self.diagnostics.append(Diagnostic(text, code=code, layer=layer, index=index, key=key,
                                           line=line, column=column, fixes=fixes))

    def unknown(self, key: str, known, what: str, position, label: str = "", **where):
        from difflib import get_close_matches  # only on this error path

        close = get_close_matches(str(key), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(known)}"
        self.error(f"{label}unknown {what} {key!r}; {hint}", position, key=str(key), **where)

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

    def item(self, item, position, label: str, kinds) -> tuple[str, Mapping, Any] | None:
        """The kind of one list item (`flatten` or `conv: {...}`), its parameters and
        where they are; `kinds` are the layer kinds and the spec's blocks."""
        if isinstance(item, str):
            kind, raw, raw_position = item, None, position
        elif isinstance(item, dict) and len(item) == 1:
            kind, raw = next(iter(item.items()))
            raw_position = _pos(item, kind)
        else:
            keys = ", ".join(map(str, item)) if isinstance(item, dict) else repr(item)
            self.error(f"{label}expected a kind such as `flatten` or `conv: {{...}}`, "
                       f"got {keys}", position, fixes=("one `- kind: {params}` item per layer",))
            return None
        if kind not in kinds:
            self.unknown(kind, kinds, "layer kind", position, label)
            return None
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.error(f"{label}{kind}: parameters must be a mapping like {{key: value}}, "
                       f"got {raw!r}", raw_position, key=kind)
            return None
        return kind, raw, raw_position

    def name(self, raw, default: str | None, where) -> str | None:
        """A layer's or block use's `name:`, else `default`."""
        value = raw.get("name")
        if value is None:
            return default
        if not isinstance(value, str) or not value or value == NETWORK_INPUT \
                or SEPARATOR in value:
            self.error(f"name: expected non-empty text other than {NETWORK_INPUT!r}, without "
                       f"{SEPARATOR!r}, got {value!r}", _pos(raw, "name"), key="name", **where)
            return default
        return value

    def layer(self, kind: str, raw, index: int, name: str, inputs, positions, bias: bool,
              block: tuple[str, ...]) -> Layer | None:
        """One layer's record; `inputs` are whole names already (None after an error)."""
        position, raw_position = positions
        where = {"layer": name, "index": index}
        params = self.params(REGISTRY[kind], raw, bias, where, raw_position)
        if params is None or inputs is None:
            return None
        line, column = position if position else (None, None)
        return Layer(index, name, kind, params, inputs, line, column,
                     dict(getattr(raw, "positions", {})), block)

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

    def inputs(self, raw, where) -> tuple[str, ...] | None:
        """The names given in `inputs:`, as written."""
        value = raw["inputs"]
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.error(f"inputs: expected a layer name or a list of names, got {value!r}",
                       _pos(raw, "inputs"), key="inputs", **where)
            return None
        return tuple(names)


@dataclass(slots=True)
class _Scope:
    """Where a list of layers is read: the top of the spec, or one block instance."""

    path: tuple[str, ...] = ()  # instance names, outermost first
    input: str = NETWORK_INPUT  # what `input` names here
    block: Block | None = None
    args: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)  # for `conv1`, `basic2`, ...

    def auto(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{kind}{self.counters[kind]}"

    def qualify(self, name: str) -> str:
        """A name as written here, as the whole network knows it."""
        if name == NETWORK_INPUT:
            return self.input
        return SEPARATOR.join((*self.path, name))


class _TooMany(Exception):
    """The expansion passed MAX_LAYERS (already reported)."""


class _Walk:
    """Reads a list of layers into flat `Layer` records, expanding each block use."""

    def __init__(self, reader: _Reader, blocks: Blocks, bias: bool):
        self.reader, self.blocks, self.bias = reader, blocks, bias
        self.layers: list[Layer] = []
        self.instances: list[BlockInstance | None] = []  # None while being expanded
        self.outputs: dict[str, str] = {}  # instance name → the layer it ends with
        self.names = {NETWORK_INPUT}
        self.count = 0  # layers read so far, with or without errors: the next one's index

    def run(self, items: list) -> tuple[tuple[Layer, ...], tuple[BlockInstance, ...]]:
        try:
            self.sequence(items, _Scope(), NETWORK_INPUT)
        except _TooMany:
            return (), ()  # reported: the spec is invalid
        # A layer may name a block instance: it reads the instance's last layer.
        layers = tuple(replace(layer, inputs=tuple(map(self.resolve, layer.inputs)))
                       if any(name in self.outputs for name in layer.inputs) else layer
                       for layer in self.layers)
        instances = tuple(replace(i, input=self.resolve(i.input)) for i in self.instances)
        return layers, instances

    def resolve(self, name: str) -> str:
        while name in self.outputs:
            name = self.outputs[name]
        return name

    def sequence(self, items: list, scope: _Scope, previous: str) -> str:
        """Read `items` in `scope`; the first reads `previous`. Returns the last one's name."""
        for number, item in enumerate(items):
            position = _pos(items, number)
            label = "" if scope.block else f"layer {self.count + 1}: "
            parsed = self.reader.item(item, position, label, self.blocks.kinds)
            if parsed is None:
                continue
            kind, raw, raw_position = parsed
            if scope.block:
                raw = substitute(raw, scope.args)
            elif not all([self.blocks.check_references(value, None, _pos(raw, key), key,
                                                       index=self.count + 1)
                          for key, value in raw.items()]):
                continue
            if kind in self.blocks.declared:
                previous = self.use(kind, raw, position, scope, previous)
            else:
                layer = self.layer(kind, raw, (position, raw_position), scope, previous)
                previous = layer.name if layer else previous
        return previous

    def claim(self, name: str, position, where) -> str:
        """`name` if no layer or instance has it yet."""
        if name in self.names:
            self.reader.error(f"the name {name!r} is already used", position, key="name",
                              **where)
        self.names.add(name)
        return name

    def layer(self, kind: str, raw, positions, scope: _Scope, previous: str) -> Layer | None:
        self.count = index = self.count + 1
        if index > MAX_LAYERS:
            inside = f" (inside {SEPARATOR.join(scope.path)})" if scope.path else ""
            self.reader.error(f"more than {MAX_LAYERS:,} layers once blocks are expanded"
                              f"{inside}; is a repeat: too large?", positions[0],
                              code="too-many")
            raise _TooMany
        name = scope.qualify(self.reader.name(raw, scope.auto(kind), {"index": index}))
        where = {"layer": name, "index": index}
        self.claim(name, positions[0], where)
        inputs = (previous,)
        if "inputs" in raw:
            written = self.reader.inputs(raw, where)
            inputs = written and tuple(map(scope.qualify, written))
        layer = self.reader.layer(kind, raw, index, name, inputs, positions, self.bias,
                                  scope.path)
        if layer is not None:
            self.layers.append(layer)
        return layer

    def use(self, kind: str, raw, position, scope: _Scope, previous: str) -> str:
        """Expand one use of a block (`repeat:` instances, each reading the one before);
        returns the name of the last instance's last layer."""
        if kind in self.blocks.broken:
            return previous  # its definition's errors are reported already
        given = self.reader.name(raw, None, {})
        label = scope.qualify(given or f"{kind}{scope.counters.get(kind, 0) + 1}")
        use = self.blocks.bind(self.blocks.definitions[kind], raw, position, {"layer": label})
        if use is None:
            return previous
        source = scope.qualify(use.inputs) if use.inputs else previous
        for number in range(1, use.repeat + 1):
            local = scope.auto(kind)
            if given:
                local = given if use.repeat == 1 else f"{given}.{number}"
            name = self.claim(scope.qualify(local), position, {"layer": scope.qualify(local)})
            inner = _Scope(scope.path + (local,), source, use.block, use.args)
            errors, first = len(self.reader.diagnostics), self.count + 1
            slot = len(self.instances)
            self.instances.append(None)  # the outer instance is listed before the inner ones
            output = self.sequence(use.block.items, inner, source)
            self.instances[slot] = BlockInstance(inner.path, kind, source, output, first,
                                                 self.count)
            self.outputs[name] = output
            source = output
            if len(self.reader.diagnostics) > errors:
                break  # the next instances would only repeat the same mistakes
        return source


# ---- the inline form: `--input 39x31x1 conv:filters=20,kernel=4 maxpool:size=2 flatten`

_SIZES = re.compile(r"\d+(?:x\d+)+")


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
    """`3x3` → [3, 3], `4` → 4, `0.5` → 0.5, `true`/`false` → booleans, else text."""
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
