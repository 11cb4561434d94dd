"""Spec text (a YAML file or command-line tokens) into frozen `Spec` and `Layer` records.

Both forms are first turned into the same tree of mappings and lists and then read by one
function, `build`, so they cannot drift apart. All checking of user input happens here or
in a kind's `validate`; every problem of a spec is collected before it is reported.

A list of layers is read by the walk in expand.py, which also expands block uses; this
module reads what one item says (its kind, name, parameters and inputs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .blocks import SEPARATOR, BlockInstance, Blocks
from .constraints import CONSTRAINTS, Limit
from .errors import Diagnostic, LayerError, SpecError
from .layers import REGISTRY
from .layers.base import from_layout
from .expand import NETWORK_INPUT, Walk
from .layers.params import MAX_INT, Bool, Choice, ParamError
from .yamltree import key_position as _pos
from .yamltree import parse_yaml, read_source

ROUNDINGS = ("strict", "floor", "ceil")
LAYOUTS = ("channels_last", "channels_first")
FRAMEWORKS = ("keras", "pytorch")  # whose rules decide where the two differ; keras first
# Every top-level key; the JSON Schema (cnncalc/schema.py) is generated from this list too.
TOP_KEYS = ("name", "input", "rounding", "bias", "layout", "framework", "constraints", "blocks",
            "layers")
COMMON_KEYS = ("name", "inputs")  # keys every layer accepts besides its kind's own


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
    constraints: tuple[Limit, ...] = ()
    instances: tuple[BlockInstance, ...] = ()  # every block use, outer before inner
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
        reader.error("a spec is a mapping with `input:` and `layers:`",
                     getattr(tree, "position", None))
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
    constraints = reader.constraints(tree)
    blocks = Blocks(reader, tree)
    items = tree.get("layers")
    layers, instances = (), ()
    if not isinstance(items, list) or not items:
        reader.error("layers: expected a non-empty list of layers", _pos(tree, "layers")
                     or getattr(tree, "position", None), key="layers",
                     fixes=("layers:\n  - conv: {filters: 20, kernel: 4}",))
    else:
        layers, instances = Walk(reader, blocks, bias).run(items)
    if reader.diagnostics:
        # A block's layers share their lines: a mistake in one is reported once.
        unique: dict[tuple, Diagnostic] = {}
        for d in reader.diagnostics:
            unique.setdefault((d.code, d.text, d.key, d.line, d.column), d)
        raise SpecError(list(unique.values()))
    shape = from_layout(shape, layout)
    return Spec(shape, layers, name, rounding, layout, bias, source, constraints, instances,
                framework)


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

    def constraints(self, tree) -> tuple[Limit, ...]:
        """`constraints: {max_params: 50000, ...}`: limits `cnncalc check` holds the spec to."""
        table = tree.get("constraints")
        if table is None:
            return ()
        if not isinstance(table, dict):
            self.error(f"constraints: expected a mapping like {{max_params: 50000}}, got "
                       f"{table!r}", _pos(tree, "constraints"), key="constraints")
            return ()
        limits = []
        for key, value in table.items():
            position = _pos(table, key)
            if key not in CONSTRAINTS:
                self.unknown(key, tuple(CONSTRAINTS), "constraint", position)
                continue
            try:
                parsed = CONSTRAINTS[key].param.type.parse(value)
            except ParamError as exc:
                self.error(f"constraints.{key}: {exc}", position, key=key)
                continue
            limits.append(Limit(key, parsed, key, *(position or (None, None))))
        return tuple(limits)

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

    def item(self, item, position, label: str, kinds, **where) -> tuple[str, Mapping, Any] | None:
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
                       f"got {keys}", position, fixes=("one `- kind: {params}` item per layer",),
                       **where)
            return None
        if kind not in kinds:
            self.unknown(kind, kinds, "layer kind", position, label, **where)
            return None
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.error(f"{label}{kind}: parameters must be a mapping like {{key: value}}, "
                       f"got {raw!r}", raw_position, key=kind, **where)
            return None
        return kind, raw, raw_position

    def name(self, raw, default: str | None, where) -> str | None:
        """A layer's or block use's `name:`, else `default`."""
        if "name" not in raw:
            return default
        value = raw["name"]
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
                    f"{token!r}: expected key=value, got {pair!r}", index=index,
                    code="schema", fixes=("write layers as kind:key=value,key=value",)))
            else:
                params[key] = inline_value(value)
        layers.append({kind: params} if params else kind)
    sizes = inline_value(input_text)
    tree = {"input": [sizes] if isinstance(sizes, int) else sizes, "layers": layers}
    tree.update({k: v for k, v in top.items() if v is not None})
    try:
        if problems:  # a token that cannot be split would only cause follow-on errors
            raise SpecError(problems)
        return build(tree, source="<command line>")
    except SpecError as exc:
        raise SpecError([d.located("<command line>") for d in exc.diagnostics]) from None


def inline_value(text: str) -> Any:
    """`3x3` → [3, 3], `-1x3` → [-1, 3], `4` → 4, `0.5` → 0.5, `true`/`false` → booleans,
    else text."""
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
