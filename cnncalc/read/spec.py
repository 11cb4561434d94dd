"""Spec text (a YAML file or command-line tokens) into frozen `Spec` and `Layer` records.

Both forms are first turned into the same tree of mappings and lists and then read by one
function, `build`, so they cannot drift apart. This module reads the top level (input,
rounding, layout, framework, constraints); the list of layers is unfolded by unfold.py,
block definitions are checked by blocks.py, and what one item says is read by reader.py
with the layer kinds' own parameter types and `validate`. Every problem of a spec is
collected before it is reported.
"""

from __future__ import annotations

import math
import re
from typing import Any
from ..core.constraints import CONSTRAINTS
from ..core.errors import Diagnostic, SpecError
from ..core.messages import INLINE, say
from ..core.params import (MAX_INT, SIZES_TEXT, BadNumber, Bool, Choice, ParamError, integer,
                           shown, sizes_text, too_large)
from ..core.records import (ROUNDING, Framework, Layout, Limit, Rounding, Spec,
                            from_layout)

from . import input_layout
from .blocks import Blocks
from .reader import Reader
from .unfold import Unfold
from .yamltree import key_position as _pos
from .yamltree import parse_yaml, read_source

# Every top-level key; the JSON Schema (read/schema.py) is generated from this list too.
TOP_KEYS = ("name", "input", "rounding", "bias", "layout", "framework", "constraints", "blocks",
            "layers")
# The types of the top-level choices, made once: `check` builds a spec per file.
_ROUNDINGS, _LAYOUTS, _FRAMEWORKS = (Choice(tuple(e)) for e in (Rounding, Layout, Framework))


def load(path: str, bias: bool | None = None, parsed: dict | None = None) -> Spec:
    """Read a spec file (`-` for stdin); raises SpecError with every problem found.
    `bias` replaces the file's default (`--no-bias`); a layer's own `bias:` still wins.
    `parsed` is the layer parameters read by earlier specs of the run (`Reader`)."""
    try:
        return build(parse_yaml(read_source(path)), source=path, bias=bias, parsed=parsed)
    except SpecError as exc:
        raise SpecError([d.located(path) for d in exc.diagnostics]) from None


def loads(text: str, source: str = "<string>") -> Spec:
    try:
        return build(parse_yaml(text), source=source)
    except SpecError as exc:
        raise SpecError([d.located(source) for d in exc.diagnostics]) from None


def build(tree: Any, source: str | None = None, bias: bool | None = None,
          parsed: dict | None = None) -> Spec:
    """Check and normalise a spec tree: what YAML parses to, or a plain Python dict of the
    same keys (`{"input": [28, 28, 1], "layers": [{"conv": {"filters": 32, "kernel": 3}},
    "flatten"]}`), for a spec built in code. `bias`, when given, replaces its `bias:`;
    `parsed` is shared with other specs' readers (`Reader`). A SpecError carries every
    problem found, each naming its layer and key."""
    reader = Reader(parsed)
    if not isinstance(tree, dict):
        reader.error(say("spec.mapping"), getattr(tree, "position", None))
        raise SpecError(reader.diagnostics)
    for key in tree:
        if key not in TOP_KEYS:
            reader.unknown(key, TOP_KEYS, say("what.top-key"), _pos(tree, key))
    shape = _input_shape(reader, tree)
    rounding = _top(reader, tree, "rounding", _ROUNDINGS, ROUNDING)
    layout = _top(reader, tree, "layout", _LAYOUTS, None)  # see input_layout.py
    written = _top(reader, tree, "bias", Bool(), True)  # checked even when replaced
    bias = written if bias is None else bias
    framework = _top(reader, tree, "framework", _FRAMEWORKS, None)
    name = tree.get("name")
    if name is not None and not isinstance(name, str):
        reader.error(say("spec.name", got=shown(name)), _pos(tree, "name"), key="name")
    constraints = _constraints(reader, tree)
    blocks = Blocks(reader, tree)
    items = tree.get("layers")
    layers, instances = (), ()
    if not isinstance(items, list) or not items:
        reader.error(say("spec.layers"), _pos(tree, "layers")
                     or getattr(tree, "position", None), key="layers",
                     fixes=("layers: [{conv: {filters: 20, kernel: 4}}]",))
    else:
        layers, instances = Unfold(reader, blocks, bias).run(items)
    if reader.diagnostics:
        # A block's layers share their lines: a mistake in one is reported once.
        unique: dict[tuple, Diagnostic] = {}
        for d in reader.diagnostics:
            unique.setdefault((d.code, d.text, d.key, d.line, d.column), d)
        raise SpecError(list(unique.values()))
    layout, said = input_layout.read(shape, layout, framework, source == INLINE,
                                     _pos(tree, "input"))
    return Spec(input_shape=from_layout(shape, layout), layers=layers, name=name,
                rounding=rounding, layout=layout, bias=bias, source=source,
                constraints=constraints, instances=instances, framework=framework,
                notes=(said,) if said else ())


def _top(reader: Reader, tree, key: str, kind, default):
    if key not in tree:
        return default
    try:
        return kind.parse(tree[key])
    except ParamError as exc:
        reader.invalid(key, exc, _pos(tree, key))
        return default


def _constraints(reader: Reader, tree) -> tuple[Limit, ...]:
    """`constraints: {max_params: 50000, ...}`: limits `cnncalc check` holds the spec to."""
    table = tree.get("constraints")
    if table is None:
        return ()
    if not isinstance(table, dict):
        reader.error(say("spec.constraints", got=shown(table)), _pos(tree, "constraints"),
                     key="constraints")
        return ()
    limits = []
    for key, value in table.items():
        position = _pos(table, key)
        if key not in CONSTRAINTS:
            reader.unknown(key, tuple(CONSTRAINTS), say("what.constraint"), position)
            continue
        try:
            parsed = CONSTRAINTS[key].param.type.parse(value)
        except ParamError as exc:
            reader.error(f"constraints.{key}: {exc}", position, key=key)
            continue
        limits.append(Limit(key, parsed, key, *(position or (None, None))))
    return tuple(limits)


def _input_shape(reader: Reader, tree) -> tuple[int, ...]:
    position = _pos(tree, "input")
    example = say("fix.input")
    if "input" not in tree:
        if "input_shape" not in tree:  # else its own error says to write `input:`
            reader.error(say("spec.input.required"), getattr(tree, "position", None), key="input",
                         fixes=(example,))
        return ()
    try:
        value = sizes_text(tree["input"])
    except ParamError as exc:
        reader.invalid("input", exc, position)
        return ()
    if not isinstance(value, list) or not 1 <= len(value) <= 4:
        reader.error(say("spec.input.list", got=shown(value)), position,
                     key="input", fixes=(example,))
        return ()
    sizes = []
    for size in value:
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_INT:
            reader.error(say("spec.input.size", most=f"{MAX_INT:,}", got=shown(size)), position,
                         key="input", fixes=(example,))
            return ()
        sizes.append(size)
    return tuple(sizes)


# ---- the inline form: `--input 39x31x1 conv:filters=20,kernel=4 maxpool:size=2 flatten`

# Numbers in ASCII digits only, as YAML reads them: Python's int() would also take `８`.
# Pattern texts, compiled (and cached) by `re` the first time an inline spec is read: a
# summary of a file does not pay for them at start-up.
_INT = r"[-+]?[0-9]+"
_FLOAT = r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"

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
                    say("inline.pair", token=repr(token), pair=repr(pair)), index=index,
                    code="schema", fixes=(say("fix.inline"),)))
            else:
                try:
                    params[key] = inline_value(value)
                except ParamError as exc:  # refused by the parameter, as the YAML reader's
                    params[key] = BadNumber(value, exc)
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
    if re.fullmatch(SIZES_TEXT, text):
        return [integer(part) for part in text.split("x")]
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(_INT, text):
        return integer(text)
    if re.fullmatch(_FLOAT, text):
        number = float(text)
        if math.isinf(number):
            raise too_large(text)
        return number
    return text
