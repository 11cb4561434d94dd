"""Blocks: named sub-networks with parameters, written once and used like layers.

    blocks:
      basic:
        params: {filters: null, stride: 1}     # null: every use must give it
        layers:
          - conv: {filters: $filters, kernel: 3, stride: $stride, padding: 1}
          - conv: {filters: $filters, kernel: 1, stride: $stride, inputs: input, name: proj}
          - add: {inputs: [conv1, proj]}
    layers:
      - basic: {filters: 64, repeat: 2}

This module reads and checks the definitions once, before any use is expanded: their
shape, the kinds they name, every `$parameter` they refer to, and that no block uses
itself or nests too deep. A definition is checked even when no layer uses it, so a typo
in a block shows on the first run. It also binds the arguments of one use. The expansion
of each use into layers is part of unfolding a list of layers (unfold.py).
"""

import re
from typing import Any, Mapping

from ..core.messages import say
from ..core.params import Int, ParamError, shown
from ..core.record import Record
from ..layers import REGISTRY
from .reader import Reader
from .yamltree import YamlMap, key_position

MAX_DEPTH = 32  # blocks inside blocks inside ...; deeper is a mistake, and costs stack
USE_KEYS = ("repeat", "name", "inputs")  # what every use accepts besides the parameters
BLOCK_KEYS = ("params", "layers")
# Of a block and of a parameter (also in the schema); a pattern text, compiled by `re` on
# the first definition, not at import (most specs define no blocks).
NAME_PATTERN = "[A-Za-z_][A-Za-z0-9_]*"
# One line, as every fix is: a message is one line wherever it is shown (check, CI logs).
EXAMPLE = ("blocks: {basic: {params: {filters: null}, "
           "layers: [{conv: {filters: $filters, kernel: 3}}]}}")


class Block(Record):
    """One definition under `blocks:`; `params` maps each parameter to its default (None
    when a use must give it) and where that default was written."""

    name: str
    params: Mapping[str, tuple[Any, tuple[int, int] | None]]
    items: list


class Use(Record):
    """The bound arguments of one use: `- basic: {filters: 64, repeat: 2, name: stage1}`."""

    block: Block
    args: Mapping[str, tuple[Any, tuple[int, int] | None]]  # value, where it was written
    repeat: int
    name: str | None
    inputs: str | None


def references(value: Any) -> list[str]:
    """The `$names` a parameter value refers to (in a list too: `kernel: [$k, 1]`). A list,
    not a generator: every parameter of every layer is asked, and most name none."""
    if isinstance(value, str):
        return [value[1:]] if value.startswith("$") else []
    if isinstance(value, list):
        return [name for item in value for name in references(item)]
    return []


def refers(raw: Mapping) -> bool:
    """Whether any parameter value of `raw` refers to a `$name`. Asked of every layer of
    the top level, where most values are numbers or words: one loop over the values, a
    call of `references` only for a list."""
    for value in raw.values():
        if isinstance(value, str):
            if value[:1] == "$":
                return True
        elif isinstance(value, list) and references(value):
            return True
    return False


def _unknown_parameter(name: str, block: Block, key: str) -> tuple[str, tuple[str, ...]]:
    """What is wrong with `$name` in a layer of `block`, and the fixes. `${width}` or
    `$(width)` is not a form cnncalc knows (a parameter is `$width`): it is read for the
    name inside, so that the fixes say `$width` and `params: {width: null}`."""
    from difflib import get_close_matches  # only on this error path

    meant = name.strip("{}()")
    form = meant != name or not re.fullmatch(NAME_PATTERN, name)  # not written as $name
    problem = say("block.form" if form else "block.not-param", key=key, name=name,
                  block=block.name)
    if meant in block.params:
        return problem, (f"${meant}",)
    if not re.fullmatch(NAME_PATTERN, meant):
        return problem, (say("fix.block-name", block=block.name),)
    close = get_close_matches(meant, block.params, n=1)
    declare = say("fix.block-declare", block=block.name, name=meant)
    return problem, (*(f"${c}" for c in close),
                     say("fix.block-write", name=meant, declare=declare) if form else declare)


def substitute(raw: Mapping, args: Mapping) -> Mapping:
    """A layer's parameters with every `$name` replaced by its argument. A replaced key
    takes the position of the argument, so that a bad value is reported where it was
    written rather than inside the block."""
    if not refers(raw):
        return raw
    bound = YamlMap()
    bound.positions = dict(getattr(raw, "positions", {}))
    bound.position = getattr(raw, "position", None)
    for key, value in raw.items():
        names = references(value)
        bound[key] = _bind(value, args) if names else value
        if names and args[names[0]][1] is not None:
            bound.positions[key] = args[names[0]][1]
    return bound


def _bind(value: Any, args: Mapping) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return args[value[1:]][0]
    if isinstance(value, list):
        return [_bind(item, args) for item in value]
    return value


class Blocks:
    """The checked definitions of one spec. `broken` holds the names of those with an
    error: their uses are skipped rather than reported once per instance."""

    def __init__(self, reader: Reader, tree: Mapping):
        self.reader = reader
        self.definitions: dict[str, Block] = {}
        raw = tree.get("blocks")
        if raw is None:
            self.declared: tuple[str, ...] = ()
            self.broken: set[str] = set()
            # Most specs: the kinds are the registry's own names (`in` asks its table; a
            # copy of its names for every spec `check` reads cost more than the look-ups).
            self.kinds: Mapping[str, None] = REGISTRY
            return
        if not isinstance(raw, dict):
            reader.error(say("blocks.mapping", got=shown(raw)),
                         key_position(tree, "blocks"), key="blocks", fixes=(EXAMPLE,))
            raw = {}
        # A name that is a layer kind stays the kind (the definition is an error).
        self.declared = tuple(name for name in raw if name not in REGISTRY)
        # What an item of a layer list may name: a layer kind or a block (a dict, for its
        # order and a look-up per item).
        self.kinds = dict.fromkeys((*REGISTRY, *self.declared))
        for name, body in raw.items():
            block = self._definition(name, body, key_position(raw, name))
            if block is not None:
                self.definitions[name] = block
        self.broken = set(self.declared) - set(self.definitions)
        uses = {name: self._check_items(block) for name, block in self.definitions.items()}
        self._check_nesting(uses)

    def _definition(self, name: str, body: Any, position) -> Block | None:
        error = self.reader.error
        if not re.fullmatch(NAME_PATTERN, name):
            error(say("block.identifier", name=repr(name)), position, key=name)
            return None
        if name in REGISTRY:
            error(say("block.kind", name=repr(name)), position, key=name,
                  fixes=(say("fix.block-rename", name=name),))
            return None
        if not isinstance(body, dict) or not isinstance(body.get("layers"), list) \
                or not body["layers"]:
            error(say("block.body", name=name), position, key=name, fixes=(EXAMPLE,))
            return None
        ok = True
        for key in body:
            if key not in BLOCK_KEYS:
                self.reader.unknown(key, BLOCK_KEYS, say("what.block-key", name=name),
                                    key_position(body, key))
                ok = False
        params = body.get("params") or {}
        if not isinstance(params, dict):
            error(say("block.params", name=name, got=shown(params)), key_position(body, "params"),
                  key="params")
            return None
        for param in params:
            if not re.fullmatch(NAME_PATTERN, param) or param in USE_KEYS:
                error(say("block.param-name", name=name, param=repr(param),
                          reserved=", ".join(USE_KEYS)), key_position(params, param), key=param)
                ok = False
        if not ok:
            return None
        return Block(name, {p: (v, key_position(params, p)) for p, v in params.items()},
                     body["layers"])

    def _check_items(self, block: Block) -> list[tuple[str, Any]]:
        """Check each item of a definition; the blocks it uses, with their positions."""
        uses = []
        errors = len(self.reader.diagnostics)
        for number, item in enumerate(block.items, start=1):
            position = key_position(block.items, number - 1)
            parsed = self.reader.item(item, position,
                                      say("where.block", block=block.name, number=number),
                                      self.kinds)
            if parsed is None:
                continue
            kind, raw, _ = parsed
            for key, value in raw.items():
                self.check_references(value, block, key_position(raw, key), key)
            if kind in self.declared:
                uses.append((kind, position))
        if len(self.reader.diagnostics) > errors:
            self.broken.add(block.name)
        return uses

    def check_references(self, value: Any, block: Block | None, position, key: str,
                         **where) -> bool:
        """Every `$name` in `value` must be a parameter of the block it is written in."""
        ok = True
        for name in references(value):
            if block is None:
                self.reader.error(say("block.outside", key=key, name=name), position, key=key,
                                  **where)
                ok = False
            elif name not in block.params:
                problem, fixes = _unknown_parameter(name, block, key)
                self.reader.error(problem, position, key=key, fixes=fixes)
                ok = False
        return ok

    def _check_nesting(self, uses: Mapping[str, list]) -> None:
        """No block may use itself, directly or through others, nor nest too deep. A
        depth-first walk over the definitions; a block on a cycle, where the nesting got
        too deep, or that uses a broken block, is marked broken: no use of it is expanded
        (it would expand to nothing, however large its `repeat:`)."""
        depth: dict[str, int] = {}  # levels of blocks, itself included, once known

        def visit(name: str, chain: tuple[str, ...]) -> int:
            if name in depth:
                return depth[name]
            chain += (name,)
            deepest = 0
            for inner, position in uses[name]:
                if inner in chain:
                    loop = " → ".join(chain[chain.index(inner):] + (inner,))
                    self.reader.error(say("block.cycle", name=name, inner=inner, loop=loop),
                                      position, code="block-cycle",
                                      fixes=(say("fix.block-cycle"),))
                    self.broken.update(chain[chain.index(inner):])
                    continue
                if inner not in uses:
                    self.broken.add(name)  # it uses a definition with an error
                    continue
                below = visit(inner, chain) if len(chain) < MAX_DEPTH else MAX_DEPTH
                if inner in self.broken:
                    # Its uses would expand to nothing; skip them, as the inner ones are.
                    self.broken.add(name)
                if len(chain) + below > MAX_DEPTH:
                    self.reader.error(say("block.depth", depth=MAX_DEPTH,
                                          chain=" → ".join(chain + (inner,))), position,
                                      code="block-depth")
                    self.broken.add(name)
                    continue
                deepest = max(deepest, below)
            depth[name] = deepest + 1
            return depth[name]

        for name in uses:
            visit(name, ())

    def bind(self, block: Block, raw: Mapping, position, where: dict) -> Use | None:
        """The arguments of one use, checked: unknown keys, required parameters, repeat."""
        ok = True
        for key in raw:
            if key not in block.params and key not in USE_KEYS:
                self.reader.unknown(key, (*block.params, *USE_KEYS),
                                    say("what.parameter", kind=block.name),
                                    key_position(raw, key), **where)
                ok = False
        args = {}
        for name, (default, default_position) in block.params.items():
            if raw.get(name) is not None:
                args[name] = (raw[name], key_position(raw, name))
            elif default is None:
                self.reader.error(say("block.required", name=name, block=block.name), position,
                                  key=name, fixes=(say("fix.block-required", name=name),),
                                  **where)
                ok = False
            else:
                args[name] = (default, default_position)
        try:
            repeat = Int().parse(raw.get("repeat", 1))
        except ParamError as exc:
            self.reader.error(f"repeat: {exc}", key_position(raw, "repeat"), key="repeat",
                              **where)
            ok = False
        inputs = raw.get("inputs")
        if inputs is not None and not isinstance(inputs, str):
            self.reader.error(say("block.inputs", got=shown(inputs)),
                              key_position(raw, "inputs"), key="inputs",
                              fixes=(say("fix.block-inputs"),), **where)
            ok = False
        return Use(block, args, repeat, raw.get("name"), inputs) if ok else None
