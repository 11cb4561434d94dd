"""The network as a graph: which layer reads which, and what is wrong with the wiring.

The written order is the walk's order: a layer may read only the network input and layers
written above it, so the spec itself is a topological order and the engine stays one pass.
These helpers explain the ways the wiring can break: a name that no layer has, a name of
a layer written further down (a cycle, when that layer in turn reads this one), and a
branch whose output nobody reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..core.errors import Diagnostic, LayerError
from ..core.messages import say
from ..core.records import NETWORK_INPUT, SEPARATOR, Layer


def wiring(layers: tuple[Layer, ...]) -> Iterator[tuple[Layer, Diagnostic]]:
    """An error for every layer that reads a name no layer above it has: a name that no
    layer has, a layer written further down, or one that closes a cycle."""
    above = {NETWORK_INPUT}
    for layer in layers:
        if not above.issuperset(layer.inputs):  # the rare case: no generator per layer
            missing = next(name for name in layer.inputs if name not in above)
            exc = _missing(missing, layer, {each.name: each for each in layers})
            yield layer, Diagnostic(exc.message, code=exc.code, layer=layer.name,
                                    index=layer.index, key=exc.key, fixes=exc.fixes)
        above.add(layer.name)


def _missing(name: str, layer: Layer, layers: Mapping[str, Layer]) -> LayerError:
    later = layers.get(name)
    if later is None:
        return _unknown(name, layer, layers)
    if later is layer:
        return LayerError(say("graph.self"), key="inputs", code="cycle",
                          fixes=(say("fix.graph-self"),))
    cycle = _path(later, layer.name, layers)
    if cycle:
        loop = " → ".join([*cycle, layer.name])
        return LayerError(say("graph.cycle", name=repr(name), loop=loop), key="inputs",
                          code="cycle", fixes=(say("fix.graph-cycle"),))
    return LayerError(say("graph.forward", name=repr(name), index=later.index), key="inputs",
                      code="forward-input", fixes=(say("fix.graph-forward", layer=layer.name,
                                                       name=name),))


def _unknown(name: str, layer: Layer, layers: Mapping[str, Layer]) -> LayerError:
    """`inputs:` names nothing. Said as it was written (`stem` inside the block instance
    u1, not the `u1/stem` it was taken for), with the hint that fits: the instances of a
    repeat (`s.1` … `s.3` for `s`), a layer outside the block (which only its input
    brings in), or the nearest name the layer could read."""
    from difflib import get_close_matches  # only on this error path

    scope = layer.name.rpartition(SEPARATOR)[0]  # the block instance it is in; "" at the top
    prefix = scope + SEPARATOR if scope else ""
    written = name.removeprefix(prefix)
    # What a layer here can name: the layers and block instances of its scope, and input.
    paths = {SEPARATOR.join(parts[:i]) for whole in layers
             for parts in [whole.split(SEPARATOR)] for i in range(1, len(parts) + 1)}
    here = sorted(p.removeprefix(prefix) for p in paths if p.startswith(prefix))
    numbers = sorted(int(number) for group, _, number in (n.rpartition(".") for n in here)
                     if group == written and number.isdecimal())
    repeat = [f"{written}.{number}" for number in numbers]

    def fail(text: str, fix: str) -> LayerError:
        return LayerError(say("graph.inputs", text=text), key="inputs", code="unknown-input",
                          fixes=(fix,))

    if repeat:
        return fail(say("graph.repeat", name=repr(written), repeat=written,
                        instances=" … ".join(dict.fromkeys([repeat[0], repeat[-1]]))),
                    say("fix.graph-last", name=repr(repeat[-1])))
    outside = scope.rpartition(SEPARATOR)[0]
    if scope and SEPARATOR.join(filter(None, (outside, written))) in paths:
        return fail(say("graph.outside", name=repr(written), scope=scope,
                        input=repr(NETWORK_INPUT)),
                    say("fix.graph-outside", scope=scope, written=written,
                        input=repr(NETWORK_INPUT)))
    # Matched whole (`res1/c3` to `res1/c2`): two short names alone look too unalike.
    close = [n.removeprefix(prefix) for n in get_close_matches(
        name, [NETWORK_INPUT, *(prefix + n for n in here)], n=1)]
    return fail(say("graph.unknown.block", name=repr(written), scope=scope) if scope
                else say("graph.unknown", name=repr(written)),
                say("hint.close", close=repr(close[0])) if close else
                say("fix.graph-above", layer=layer.name, input=repr(NETWORK_INPUT)))


def _path(start: Layer, goal: str, layers: Mapping[str, Layer]) -> list[str]:
    """The layers through which `goal` feeds `start`, in the direction data flows (from
    `goal` to `start`), or [] when it does not (depth-first, each layer visited once)."""
    parents: dict[str, str | None] = {start.name: None}
    stack = [start.name]
    while stack:
        name = stack.pop()
        for source in layers[name].inputs if name in layers else ():
            if source in parents:
                continue
            parents[source] = name
            if source == goal:
                path = [source]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return path
            stack.append(source)
    return []


def unread(layers: tuple[Layer, ...]) -> Iterator[tuple[Layer, Diagnostic]]:
    """A warning for every layer but the last whose output no layer reads: a branch that
    was written and then forgotten (its parameters still count). A block's layers share
    their lines in the file, so each line is reported once."""
    read = {name for layer in layers for name in layer.inputs}
    unread_at: dict[tuple, list[Layer]] = {}
    for layer in layers[:-1]:
        if layer.name not in read:
            unread_at.setdefault((layer.line, layer.column) if layer.line else layer.name,
                                 []).append(layer)
    for group in unread_at.values():
        first = group[0]
        more = say("graph.unused.more", count=len(group) - 1) if len(group) > 1 else ""
        yield first, Diagnostic(
            say("graph.unused", more=more), severity="warning", code="unused",
            layer=first.name, index=first.index,
            fixes=(say("fix.unused-merge", name=first.name), say("fix.unused-remove")))
