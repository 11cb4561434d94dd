"""Unfolding a list of layers: the spec's own, and each block's for every use of it.

It gives every layer its index and its name (`conv1`, or the `name:` given), scoped by
the path of block instances it sits in (`stage2/basic1/conv1`), and turns the names in
`inputs:` into such whole names; `input` names what the current block instance reads (the
network's input at the top). A block use becomes `repeat:` instances, each reading the one
before, its layers read with the use's arguments bound to the block's `$parameters`. What
one item says is read by the `Reader` (reader.py); the definitions are in blocks.py.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from ..core.messages import say
from ..core.records import NETWORK_INPUT, SEPARATOR, BlockInstance, Layer
from .blocks import Block, Blocks, refers, substitute
from .reader import Reader, plain_key
from .yamltree import key_position as _pos

MAX_LAYERS = 100_000  # once blocks are expanded; more is a runaway `repeat:`, not a network


class _Scope:
    """Where a list of layers is read: the top of the spec, or one block instance."""

    __slots__ = ("path", "prefix", "input", "block", "args", "counters", "origins")

    def __init__(self, path: tuple[str, ...] = (), input: str = NETWORK_INPUT,
                 block: Block | None = None, args: Mapping[str, tuple[Any, Any]] | None = None,
                 origins: Mapping[str, _Scope] | None = None):
        self.path = path  # instance names, outermost first
        # What a name written here takes in front: `stage2/basic1/` (made once per scope).
        self.prefix = SEPARATOR.join(path) + SEPARATOR if path else ""
        self.input = input  # what `input` names here
        self.block = block
        self.args = {} if args is None else args  # a use's own, even when empty
        self.counters: dict[str, int] = {}  # for `conv1`, `basic2`, ...
        # Per parameter given by the use, the scope it was written in: a `$parameter`
        # naming a layer (a skip connection) names it there, where the use reads.
        self.origins = origins or {}

    def auto(self, kind: str) -> str:
        count = self.counters[kind] = self.counters.get(kind, 0) + 1
        # `relu6` + 1 would read as `relu61`: a kind ending in a digit takes a separator.
        return f"{kind}_{count}" if kind[-1].isdigit() else f"{kind}{count}"

    def qualify(self, name: str) -> str:
        """A name as written here, as the whole network knows it."""
        if name == NETWORK_INPUT:
            return self.input
        return self.prefix + name

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
        # A block's items read with a use's arguments bound (`prepared`), per pair of
        # items and arguments, keyed by their ids; each entry holds the two objects, so
        # that no other object takes their ids while it is there.
        self.plans: dict[tuple[int, int], tuple[list, Mapping, list]] = {}
        # Whether any name was written in `inputs:` (of a layer or a use): only such a
        # name may be a block instance's, which `run` replaces by its last layer's.
        self.named = False

    def run(self, items: list) -> tuple[tuple[Layer, ...], tuple[BlockInstance, ...]]:
        try:
            self.sequence(items, _Scope(), NETWORK_INPUT)
        except _TooMany:
            return (), ()  # reported: the spec is invalid
        # A layer may name a block instance: it reads the instance's last layer.
        layers, outputs = tuple(self.layers), self.outputs
        if outputs and self.named:
            layers = tuple(layer._replace(inputs=tuple(map(self.resolve, layer.inputs)))
                           if any(map(outputs.__contains__, layer.inputs)) else layer
                           for layer in layers)
        instances = tuple(i._replace(input=self.resolve(i.input)) if i.input in outputs
                          else i for i in self.instances)
        return layers, instances

    def resolve(self, name: str) -> str:
        while name in self.outputs:
            name = self.outputs[name]
        return name

    def sequence(self, items: list, scope: _Scope, previous: str) -> str:
        """Read `items` in `scope`; the first reads `previous`. Returns the last one's name."""
        entries = self.prepared(items, scope.args) if scope.block else self.read(items, scope)
        declared = self.blocks.declared
        for kind, raw, written, positions, plain in entries:
            if kind in declared:
                previous = self.use(kind, raw, positions[0], scope, previous, written)
            else:
                previous = self.layer(kind, raw, plain, positions, scope, previous, written)
        return previous

    def read(self, items: list, scope: _Scope) -> Iterator[tuple]:
        """The top level's items, each as its kind, its parameters (twice: as bound and as
        written, which are one here), where the item and they are, and the `plain_key` of
        its parameters (for a layer; None for a block use). One that cannot be
        read, or that names a `$parameter` outside a block, is reported and left out, still
        taking its place in the numbering (a layer its name too). A generator: an item is
        read as its turn comes, so that the problems are reported in the spec's order."""
        item, kinds, blocks, bias = self.reader.item, self.blocks.kinds, self.blocks, self.bias
        for raw_item, position in zip(items, _positions(items)):
            parsed = item(raw_item, position, "", kinds, self.count + 1)
            if parsed is None:
                self.count += 1
                continue
            kind, raw, raw_position = parsed
            if raw and refers(raw) and not all(
                    [blocks.check_references(value, None, _pos(raw, key), key,
                                             index=self.count + 1)
                     for key, value in raw.items()]):
                if kind not in blocks.declared:  # a layer keeps its number and name
                    self.count += 1
                    scope.auto(kind)
                continue
            plain = None if kind in blocks.declared else plain_key(kind, bias, raw)
            yield kind, raw, raw, (position, raw_position), plain

    def prepared(self, items: list, args: Mapping) -> list[tuple]:
        """A block's items as `read` gives the top level's, with a use's arguments bound:
        made once per use, as its instances differ only by names, numbers, inputs and block
        path. The items were checked with the block's definition: they all read."""
        entry = self.plans.get((id(items), id(args)))
        if entry is None:
            plan = []
            for item, position in zip(items, _positions(items)):
                kind, raw, raw_position = self.reader.item(item, position, "", self.blocks.kinds)
                bound = substitute(raw, args)
                plain = None if kind in self.blocks.declared else plain_key(kind, self.bias,
                                                                            bound)
                plan.append((kind, bound, raw, (position, raw_position), plain))
            entry = self.plans[id(items), id(args)] = (items, args, plan)
        return entry[2]

    def claim(self, name: str, position, index: int | None = None) -> None:
        """Take `name` for a layer or an instance; it must be the first to have it."""
        if name in self.names:
            self.reader.error(say("name.used", name=repr(name)), position, key="name",
                              layer=name, index=index)
        self.names.add(name)

    def layer(self, kind: str, raw, plain, positions, scope: _Scope, previous: str,
              written) -> str:
        """Read one layer reading `previous`; returns its name (`previous` after an error).
        This runs for every layer of a spec: the `where` of an error is made only on one."""
        self.count = index = self.count + 1
        if index > MAX_LAYERS:
            why = say("too-many.blocks", path=SEPARATOR.join(scope.path)) if scope.path else ""
            self.reader.error(say("too-many", most=f"{MAX_LAYERS:,}", why=why),
                              positions[0], code="too-many")
            raise _TooMany
        local = scope.auto(kind)
        if "name" in raw:
            local = self.reader.name(raw, local, index)
        name = scope.prefix + local  # a layer's name is never `input`: no `qualify`
        self.claim(name, positions[0], index)
        inputs = (previous,)
        if "inputs" in raw:
            self.named = True
            where = {"layer": name, "index": index}
            names = self.reader.inputs(raw, where)
            before = written["inputs"]
            before = [before] if isinstance(before, str) else before
            inputs = names and self.qualify(names, before, scope, where, raw)
        layer = self.reader.layer(kind, raw, plain, index, name, inputs, positions, self.bias,
                                  scope.path)
        if layer is None:
            return previous
        self.layers.append(layer)
        return name

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
        given = self.reader.name(raw, None)
        label = scope.qualify(given or f"{kind}{scope.counters.get(kind, 0) + 1}")
        use = self.blocks.bind(self.blocks.definitions[kind], raw, position, {"layer": label})
        if use is None:
            return previous
        self.named = self.named or use.inputs is not None
        source = scope.where(written.get("inputs"))[0].qualify(use.inputs) if use.inputs \
            else previous
        # Where each argument was written: here, or (passed on as `$p`) where p was given.
        origins = {p: scope.where(written[p])[0] for p in use.block.params if p in written}
        for number in range(1, use.repeat + 1):
            local = scope.auto(kind)
            if given:
                local = given if use.repeat == 1 else f"{given}.{number}"
            name = scope.qualify(local)
            self.claim(name, position)
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


def _positions(items: list) -> list:
    """Where each item of a list of layers is (None for one not read from a file)."""
    return getattr(items, "positions", None) or [None] * len(items)
