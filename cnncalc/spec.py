"""Spec text (a YAML file or command-line tokens) into frozen `Spec` and `Layer` records.

Both forms are first turned into the same tree of mappings and lists and then read by one
function, `build`, so they cannot drift apart. All checking of user input happens here or
in a kind's `validate`; every problem of a spec is collected before it is reported.

A list of layers is read by the walk in expand.py, which also expands block uses; this
module reads what one item says (its kind, name, parameters and inputs).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .blocks import SEPARATOR, BlockInstance, Blocks
from .constraints import CONSTRAINTS, Limit
from .errors import Diagnostic, LayerError, SpecError
from .layers import REGISTRY
from .layers.base import from_layout
from .expand import NETWORK_INPUT, Walk
from .framework_names import KEYS as FRAMEWORK_KEYS, key_hint, kind_hint
from .layers.params import (MAX_INT, SIZES, Bool, Choice, ParamError, integer, shown,
                            sizes_text, too_large)
from . import reading
from .yamltree import key_position as _pos
from .yamltree import YamlMap, parse_yaml, read_source

ROUNDINGS = ("strict", "floor", "ceil")
LAYOUTS = ("channels_last", "channels_first")
FRAMEWORKS = ("keras", "pytorch")  # whose rules decide where the two differ; keras first
INLINE = "<command line>"  # the source of a spec typed as --input and layer arguments
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
    framework: str | None = None  # None: the spec does not say (Keras's rules apply)
    # What reading found that is no error: how an input without `layout:` was read.
    notes: tuple[Diagnostic, ...] = ()


def load(path: str, bias: bool | None = None) -> Spec:
    """Read a spec file (`-` for stdin); raises SpecError with every problem found.
    `bias` replaces the file's default (`--no-bias`); a layer's own `bias:` still wins."""
    try:
        return build(parse_yaml(read_source(path)), source=path, bias=bias)
    except SpecError as exc:
        raise SpecError([d.located(path) for d in exc.diagnostics]) from None


def loads(text: str, source: str = "<string>") -> Spec:
    try:
        return build(parse_yaml(text), source=source)
    except SpecError as exc:
        raise SpecError([d.located(source) for d in exc.diagnostics]) from None


def build(tree: Any, source: str | None = None, bias: bool | None = None) -> Spec:
    """Check and normalise a parsed spec tree; `bias`, when given, replaces its `bias:`."""
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
    layout = reader.top(tree, "layout", Choice(LAYOUTS), None)  # None: see reading.py
    written = reader.top(tree, "bias", Bool(), True)  # checked even when replaced
    bias = written if bias is None else bias
    framework = reader.top(tree, "framework", Choice(FRAMEWORKS), None)
    name = tree.get("name")
    if name is not None and not isinstance(name, str):
        reader.error(f"name: expected text, got {shown(name)}", _pos(tree, "name"), key="name")
    constraints = reader.constraints(tree)
    blocks = Blocks(reader, tree)
    items = tree.get("layers")
    layers, instances = (), ()
    if not isinstance(items, list) or not items:
        reader.error("layers: expected a non-empty list of layers", _pos(tree, "layers")
                     or getattr(tree, "position", None), key="layers",
                     fixes=("layers: [{conv: {filters: 20, kernel: 4}}]",))
    else:
        layers, instances = Walk(reader, blocks, bias).run(items)
    if reader.diagnostics:
        # A block's layers share their lines: a mistake in one is reported once.
        unique: dict[tuple, Diagnostic] = {}
        for d in reader.diagnostics:
            unique.setdefault((d.code, d.text, d.key, d.line, d.column), d)
        raise SpecError(list(unique.values()))
    layout, said = reading.read(shape, layout, framework, source == INLINE,
                                _pos(tree, "input"))
    return Spec(from_layout(shape, layout), layers, name, rounding, layout, bias, source,
                constraints, instances, framework, (said,) if said else ())


class _Reader:
    """Reads one spec tree, collecting diagnostics instead of stopping at the first."""

    def __init__(self):
        self.diagnostics: list[Diagnostic] = []

    def error(self, text: str, position, *, layer: str | None = None, index: int | None = None,
              key: str | None = None, fixes: tuple[str, ...] = (), code: str = "schema"):
        line, column = position if position else (None, None)
        self.diagnostics.append(Diagnostic(text, code=code, layer=layer, index=index, key=key,
                                           line=line, column=column, fixes=fixes))

    def unknown(self, key: str, known, what: str, position, label: str = "", names=key_hint,
                **where) -> str | None:
        """An unknown key or kind: what a framework user meant by it (`names`), else the
        closest known name when one is close, else every known name. Returns that close
        name (None when there is none)."""
        from difflib import get_close_matches  # only on this error path

        close = next(iter(get_close_matches(str(key), known, n=1, cutoff=0.75)), None)
        hint = names(str(key), known) or (f"did you mean {close!r}?" if close else
                                          f"expected one of {', '.join(known)}")
        self.error(f"{label}unknown {what} {key!r}; {hint}", position, key=str(key), **where)
        return close

    def invalid(self, key: str, exc: ParamError, position, **where):
        """A value its type refused, with the value to write when the type knows it."""
        fixes = (f"{key}: {exc.fix}",) if exc.fix else ()
        self.error(f"{key}: {exc}", position, key=key, fixes=fixes, **where)

    def top(self, tree, key: str, kind, default):
        if key not in tree:
            return default
        try:
            return kind.parse(tree[key])
        except ParamError as exc:
            self.invalid(key, exc, _pos(tree, key))
            return default

    def constraints(self, tree) -> tuple[Limit, ...]:
        """`constraints: {max_params: 50000, ...}`: limits `cnncalc check` holds the spec to."""
        table = tree.get("constraints")
        if table is None:
            return ()
        if not isinstance(table, dict):
            self.error(f"constraints: expected a mapping like {{max_params: 50000}}, got "
                       f"{shown(table)}", _pos(tree, "constraints"), key="constraints")
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
        position = _pos(tree, "input")
        example = "input: [39, 31, 1] (spatial sizes, then channels)"
        if "input" not in tree:
            if "input_shape" not in tree:  # else its own error says to write `input:`
                self.error("input is required", getattr(tree, "position", None), key="input",
                           fixes=(example,))
            return ()
        try:
            value = sizes_text(tree["input"])
        except ParamError as exc:
            self.invalid("input", exc, position)
            return ()
        if not isinstance(value, list) or not 1 <= len(value) <= 4:
            self.error(f"input: expected a list of 1 to 4 sizes, got {shown(value)}", position,
                       key="input", fixes=(example,))
            return ()
        sizes = []
        for size in value:
            if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_INT:
                self.error(f"input: every size must be a whole number from 1 to {MAX_INT:,}, "
                           f"got {shown(size)}", position, key="input", fixes=(example,))
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
            self.unknown(kind, kinds, "layer kind", position, label, kind_hint, **where)
            return None
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.error(f"{label}{kind}: parameters must be a mapping like {{key: value}}, "
                       f"got {shown(raw)}", raw_position, key=kind, **where)
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
                       f"{SEPARATOR!r}, got {shown(value)}", _pos(raw, "name"), key="name", **where)
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
        raw = _rejoined(raw)
        ok = True
        misspelt = set()  # `kernal` is reported as a misspelling, not also `kernel` missing
        for key in raw:
            if key not in declared and key not in COMMON_KEYS:
                close = self.unknown(key, tuple(declared) + COMMON_KEYS,
                                     f"{kind.name} parameter", _pos(raw, key), **where)
                misspelt.update((close, FRAMEWORK_KEYS.get(key)))
                ok = False
        params = {}
        for name, param in declared.items():
            if name in raw:
                try:
                    params[name] = param.type.parse(raw[name])
                except ParamError as exc:
                    self.invalid(name, exc, _pos(raw, name), **where)
                    ok = False
            elif param.required:
                if name not in misspelt:
                    self.error(f"{name} is required ({param.doc})", position, key=name,
                               fixes=(f"add `{name}: …` to {where['layer']}",), **where)
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
            self.error(f"inputs: expected a layer name or a list of names, got {shown(value)}",
                       _pos(raw, "inputs"), key="inputs", **where)
            return None
        return tuple(names)


def _rejoined(raw: Mapping) -> Mapping:
    """A flow mapping `{kernel: (3, 3)}` is read by YAML as `kernel: "(3"` and a key `"3)"`
    without a value: join the pieces back into the text `(3, 3)`, so that the message is
    the tuple's (write [3, 3]) rather than one about an unknown key `3)`."""
    def opens(value) -> bool:
        return isinstance(value, str) and value.startswith("(") and ")" not in value

    if not any(opens(value) for value in raw.values()):
        return raw
    joined = YamlMap()
    joined.positions, joined.position = {}, getattr(raw, "position", None)
    opened = None
    for key, value in raw.items():
        if opened is not None and value is None:
            joined[opened] += ", " + key
            opened = None if key.endswith(")") else opened
            continue
        joined[key], joined.positions[key] = value, _pos(raw, key)
        opened = key if opens(value) else None
    return joined


# ---- the inline form: `--input 39x31x1 conv:filters=20,kernel=4 maxpool:size=2 flatten`

# Numbers in ASCII digits only, as YAML reads them: Python's int() would also take `８`.
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

def inline(input_text: str, tokens: list[str] | str, **top: Any) -> Spec:
    """A spec from command-line tokens `KIND[:key=value,...]`; same records as YAML.
    `tokens` may be one string, split on whitespace as a shell would split it."""
    if isinstance(tokens, str):
        tokens = tokens.split()
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
                try:
                    params[key] = inline_value(value)
                except ParamError as exc:
                    problems.append(Diagnostic(f"{key}: {exc}", index=index, key=key,
                                               code="schema"))
        layers.append({kind: params} if params else kind)
    try:
        sizes = inline_value(input_text)
    except ParamError as exc:
        problems.append(Diagnostic(f"input: {exc}", key="input", code="schema"))
        sizes = []
    tree = {"input": [sizes] if isinstance(sizes, int) else sizes, "layers": layers}
    tree.update({k: v for k, v in top.items() if v is not None})
    try:
        if problems:  # a token that cannot be split would only cause follow-on errors
            raise SpecError(problems)
        return build(tree, source=INLINE)
    except SpecError as exc:
        raise SpecError([d.located(INLINE) for d in exc.diagnostics]) from None


def inline_value(text: str) -> Any:
    """`3x3` → [3, 3], `-1x3` → [-1, 3], `4` → 4, `0.5` → 0.5, `true`/`false` → booleans,
    else text. A number too large to be one (5,000 digits, `1e400`) raises ParamError."""
    if SIZES.fullmatch(text):
        return [integer(part) for part in text.split("x")]
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return integer(text)
    if _FLOAT.fullmatch(text):
        number = float(text)
        if math.isinf(number):
            raise too_large(text)
        return number
    return text
