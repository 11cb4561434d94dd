"""Unfolding a list of layers: the spec's own, and each block's for every use of it.

It gives every layer its index and its name (`conv1`, or the `name:` given), scoped by
the path of block instances it sits in (`stage2/basic1/conv1`), and turns the names in
`inputs:` into such whole names; `input` names what the current block instance reads (the
network's input at the top). A block use becomes `repeat:` instances, each reading the one
before, its layers read with the use's arguments bound to the block's `$parameters`. What
one item says is read by the `Reader` (reader.py); the definitions are in blocks.py.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..core.messages import say
from ..core.records import NETWORK_INPUT, SEPARATOR, BlockInstance, Layer
from .blocks import Block, Blocks, references, substitute
from .reader import Reader
from .yamltree import key_position as _pos

MAX_LAYERS = 100_000  # once blocks are expanded; more is a runaway `repeat:`, not a network


class _Scope:
    """Where a list of layers is read: the top of the spec, or one block instance."""

    __slots__ = ("path", "input", "block", "args", "counters", "origins")

    def __init__(self, path: tuple[str, ...] = (), input: str = NETWORK_INPUT,
                 block: Block | None = None, args: Mapping[str, tuple[Any, Any]] | None = None,
                 origins: Mapping[str, _Scope] | None = None):
        self.path = path  # instance names, outermost first
        self.input = input  # what `input` names here
        self.block = block
        self.args = args or {}
        self.counters: dict[str, int] = {}  # for `conv1`, `basic2`, ...
        # Per parameter given by the use, the scope it was written in: a `$parameter`
        # naming a layer (a skip connection) names it there, where the use reads.
        self.origins = origins or {}

    def auto(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        # `relu6` + 1 would read as `relu61`: a kind ending in a digit takes a separator.
        separator = "_" if kind[-1].isdigit() else ""
        return f"{kind}{separator}{self.counters[kind]}"

    def qualify(self, name: str) -> str:
        """A name as written here, as the whole network knows it."""
        if name == NETWORK_INPUT:
            return self.input
        return SEPARATOR.join((*self.path, name))

    def where(self, written: Any) -> tuple[_Scope, str | None]:
        """The scope a value written here names layers in, and the `$parameter` it came
        through when that is the caller's scope (None when written here)."""
        if isinstance(written, str) and written.startswith("$") and written[1:] in self.origins:
            return self.origins[written[1:]], written[1:]
        return self, None


class _TooMany(Exception):
    """The expansion passed MAX_LAYERS (already reported)."""


class Unfold:
    """Reads a list of layers into flat `Layer` records, expanding each block use."""

    def __init__(self, reader: Reader, blocks: Blocks, bias: bool):
        self.reader, self.blocks, self.bias = reader, blocks, bias
        self.layers: list[Layer] = []
        self.instances: list[BlockInstance | None] = []  # None while being expanded
        self.outputs: dict[str, str] = {}  # instance name → the layer it ends with
        self.names = {NETWORK_INPUT}
        self.count = 0  # layers read so far, with or without errors: the next one's index
        # A block's items with a use's arguments bound: every instance of a `repeat:` binds
        # the same arguments to the same items. Keyed by identity, each entry holding the
        # two objects, so that an id is not reused while its entry is there.
        self.bound: dict[tuple[int, int], tuple[Mapping, Mapping, Mapping]] = {}

    def run(self, items: list) -> tuple[tuple[Layer, ...], tuple[BlockInstance, ...]]:
        try:
            self.sequence(items, _Scope(), NETWORK_INPUT)
        except _TooMany:
            return (), ()  # reported: the spec is invalid
        # A layer may name a block instance: it reads the instance's last layer.
        layers = tuple(layer._replace(inputs=tuple(map(self.resolve, layer.inputs)))
                       if any(name in self.outputs for name in layer.inputs) else layer
                       for layer in self.layers) if self.outputs else tuple(self.layers)
        instances = tuple(i._replace(input=self.resolve(i.input)) for i in self.instances)
        return layers, instances

    def bind(self, raw: Mapping, args: Mapping) -> Mapping:
        """`raw` with `args` substituted for its `$parameters`, made once per pair."""
        entry = self.bound.get((id(raw), id(args)))
        if entry is None or entry[0] is not raw or entry[1] is not args:
            entry = self.bound[id(raw), id(args)] = (raw, args, substitute(raw, args))
        return entry[2]

    def resolve(self, name: str) -> str:
        while name in self.outputs:
            name = self.outputs[name]
        return name

    def sequence(self, items: list, scope: _Scope, previous: str) -> str:
        """Read `items` in `scope`; the first reads `previous`. Returns the last one's name."""
        positions = getattr(items, "positions", None) or [None] * len(items)
        for item, position in zip(items, positions):
            # a block's items were checked with its definition; a failure here is the spec's
            parsed = self.reader.item(item, position, "", self.blocks.kinds,
                                      index=self.count + 1)
            if parsed is None:
                self.count += 1  # an unreadable item still takes its place in the numbering
                continue
            kind, raw, raw_position = parsed
            written = raw  # before substitution: which values came through `$parameters`
            if scope.block:
                raw = self.bind(raw, scope.args)
            elif any(map(references, raw.values())) and not all(
                    [self.blocks.check_references(value, None, _pos(raw, key), key,
                                                  index=self.count + 1)
                     for key, value in raw.items()]):
                if kind not in self.blocks.declared:  # a layer keeps its number and name
                    self.count += 1
                    scope.auto(kind)
                continue
            if kind in self.blocks.declared:
                previous = self.use(kind, raw, position, scope, previous, written)
            else:
                layer = self.layer(kind, raw, (position, raw_position), scope, previous,
                                   written)
                previous = layer.name if layer else previous
        return previous

    def claim(self, name: str, position, where) -> None:
        """Take `name` for a layer or an instance; it must be the first to have it."""
        if name in self.names:
            self.reader.error(say("name.used", name=repr(name)), position, key="name", **where)
        self.names.add(name)

    def layer(self, kind: str, raw, positions, scope: _Scope, previous: str,
              written) -> Layer | None:
        self.count = index = self.count + 1
        if index > MAX_LAYERS:
            why = say("too-many.blocks", path=SEPARATOR.join(scope.path)) if scope.path else ""
            self.reader.error(say("too-many", most=f"{MAX_LAYERS:,}", why=why),
                              positions[0], code="too-many")
            raise _TooMany
        name = scope.qualify(self.reader.name(raw, scope.auto(kind), {"index": index}))
        where = {"layer": name, "index": index}
        self.claim(name, positions[0], where)
        inputs = (previous,)
        if "inputs" in raw:
            names = self.reader.inputs(raw, where)
            before = written["inputs"]
            before = [before] if isinstance(before, str) else before
            inputs = names and self.qualify(names, before, scope, where, raw)
        layer = self.reader.layer(kind, raw, index, name, inputs, positions, self.bias,
                                  scope.path)
        if layer is not None:
            self.layers.append(layer)
        return layer

    def qualify(self, names, before: list, scope: _Scope, where: dict,
                raw) -> tuple[str, ...] | None:
        """Names from `inputs:` as the network knows them. One that came through a
        `$parameter` is the caller's: it names a layer written above the use, in the
        caller's scope; an error names both the parameter and the use (None then)."""
        found = []
        for name, written in zip(names, before):
            origin, param = scope.where(written)
            whole = origin.qualify(name)
            if param is not None and whole not in self.names:
                use = SEPARATOR.join(scope.path)
                self.reader.error(
                    say("block.input", param=param, name=repr(name), use=use),
                    _pos(raw, "inputs"), key="inputs", code="unknown-input",
                    fixes=(say("fix.block-input", use=use, param=param,
                               input=repr(NETWORK_INPUT)),), **where)
                return None
            found.append(whole)
        return tuple(found)

    def use(self, kind: str, raw, position, scope: _Scope, previous: str, written) -> str:
        """Expand one use of a block (`repeat:` instances, each reading the one before);
        returns the name of the last instance's last layer."""
        if kind in self.blocks.broken:
            return previous  # its definition's errors are reported already
        given = self.reader.name(raw, None, {})
        label = scope.qualify(given or f"{kind}{scope.counters.get(kind, 0) + 1}")
        use = self.blocks.bind(self.blocks.definitions[kind], raw, position, {"layer": label})
        if use is None:
            return previous
        source = scope.where(written.get("inputs"))[0].qualify(use.inputs) if use.inputs \
            else previous
        # Where each argument was written: here, or (passed on as `$p`) where p was given.
        origins = {p: scope.where(written[p])[0] for p in use.block.params if p in written}
        for number in range(1, use.repeat + 1):
            local = scope.auto(kind)
            if given:
                local = given if use.repeat == 1 else f"{given}.{number}"
            name = scope.qualify(local)
            self.claim(name, position, {"layer": name})
            inner = _Scope(scope.path + (local,), source, use.block, use.args,
                           origins=origins)
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
