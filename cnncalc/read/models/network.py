"""What every reader builds, and the YAML a person would write for it.

A reader (Keras config, ONNX graph, torch.fx graph) walks its model in order of computation
and adds one `Node` per layer, in cnncalc's kinds, to a `Network`. An op with no kind is
recorded as unsupported, by its source type name, never dropped. `Network.yaml()` then
writes the spec: the model's layer names, `inputs:` only where a layer does not read the
one written before it, the source's framework, layout and rounding.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from ...core.errors import Diagnostic, SpecError
from ...core.messages import say
from ...core.records import NETWORK_INPUT, SEPARATOR


class Unsupported(Exception):
    """A source op cnncalc has no kind for; `what` names it as the source does
    (`Lambda`, `LSTM`, `Conv1D(padding=causal)`)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def failure(source: str, text: str, fixes: tuple[str, ...] = ()) -> SpecError:
    """A model file that cannot be read: one diagnostic naming the file."""
    return SpecError([Diagnostic(text, code="import", file=source, fixes=fixes)])


@dataclass
class Node:
    name: str
    kind: str
    params: dict[str, Any]
    inputs: tuple[str, ...]


@dataclass
class Network:
    """The layers read so far. `source` names the model (a path or `module:factory`),
    `input` is its input shape as the source's layout writes it, without the batch."""

    source: str
    framework: str
    layout: str
    measure: Callable  # (spec text, rounding) → cnncalc's Report of it
    input: tuple[int, ...] | None = None
    name: str | None = None
    rounding: str = "floor"
    origin: str = ""  # e.g. "Keras 3.15.1", for the header comment
    nodes: list[Node] = field(default_factory=list)
    unsupported: list[tuple[str, str, int]] = field(default_factory=list)  # what, name, position
    _names: dict[str, str] = field(default_factory=dict)  # the source's tensor → a layer name
    _taken: set[str] = field(default_factory=lambda: {NETWORK_INPUT})
    _tainted: set[str] = field(default_factory=set)  # made by (or from) an unsupported op
    pools: dict[str, bool] = field(default_factory=dict)  # pooling layer → ceil_mode
    shared: dict[str, list[str]] = field(default_factory=dict)  # source layer → its calls

    def bind(self, tensor: str, layer: str) -> None:
        """Say that the source's `tensor` is the output of `layer` (or of `input`)."""
        self._names[tensor] = layer

    def layer(self, tensor: str) -> str | None:
        """The layer whose output the source's `tensor` is (None if none is)."""
        return self._names.get(tensor)

    def alias(self, tensor: str, same_as: str) -> None:
        """`tensor` is `same_as` (an op that changes nothing, a nested model's output)."""
        if same_as in self._tainted:
            self._tainted.add(tensor)
        else:
            self._names[tensor] = self._names[same_as]

    def declare(self, sizes: tuple) -> None:
        """The input size the model declares (None or a name where it is symbolic); a
        size given on the command line (`input` already set) must have its rank."""
        if self.input is not None:
            if len(self.input) != len(sizes):
                raise failure(self.source, say("import.input-rank", given=len(self.input),
                                               rank=len(sizes)))
        elif all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes):
            self.input = tuple(sizes)

    def add(self, name: str, kind: str, params: dict[str, Any], inputs, outputs=(),
            weights: str | None = None) -> None:
        """Append a layer reading the source's tensors `inputs`; each of `outputs` (its own
        name when none is given) becomes its output. `weights` names the source layer whose
        weights it uses, when one layer may be called several times. A layer reading what
        an unsupported op made is left out: the spec could only stop before it."""
        outputs = tuple(outputs) or (name,)
        if any(tensor in self._tainted for tensor in inputs):
            self._tainted.update(outputs)
            return
        missing = [tensor for tensor in inputs if tensor not in self._names]
        if missing:
            raise failure(self.source, say("import.dangling", name=name,
                                           tensor=repr(missing[0].split('@')[0])))
        layer = self._unique(name)
        self.nodes.append(Node(layer, kind, {k: v for k, v in params.items() if v is not None},
                               tuple(self._names[t] for t in inputs)))
        for tensor in outputs:
            self.bind(tensor, layer)
        if weights is not None:
            self.shared.setdefault(weights, []).append(layer)

    def recast(self, kind: str, name: str) -> None:
        """Make the last layer a `kind` named `name` (two source ops that are one kind)."""
        node = self.nodes[-1]
        self._taken.discard(node.name)
        renamed = self._unique(name)
        for tensor, layer in self._names.items():
            if layer == node.name:
                self._names[tensor] = renamed
        node.kind, node.name = kind, renamed

    def skip(self, name: str, what: str, outputs=()) -> None:
        """An op cnncalc cannot express: remembered in order, by its source type (`what`,
        worded: `Lambda`, or the catalog's `a model with several outputs`); what reads its
        outputs is left out."""
        self.unsupported.append((what, name, len(self.nodes)))
        self._tainted.update(tuple(outputs) or (name,))

    def padded(self, label: str, tensor: str, begins: list[int], ends: list[int]):
        """A layer's `padding` for per-side pads, and the tensor it then reads: even pads
        are the layer's own; uneven ones become a `pad` layer before it, so per-side
        padding stays exact."""
        if begins == ends:
            return one(list(begins)), tensor
        pad = f"{label}.pad"
        self.add(pad, "pad", {"padding": [[b, e] for b, e in zip(begins, ends)]}, (tensor,))
        return 0, pad

    def report(self, rounding: str | None = None):
        """cnncalc's report of the spec read so far (the engine's, as for any spec)."""
        return self.measure(self.yaml(), rounding)

    def shape(self, tensor: str) -> tuple[int, ...]:
        """The shape of a tensor read so far, as the spec's layout writes it, computed by
        cnncalc's engine on the layers it depends on (for ops whose parameters depend on
        the size they meet: SAME padding with a stride, a crop given by slice bounds)."""
        layer = self._names.get(tensor)
        if layer is None:
            raise Unsupported(say("unsupported.no-tensor", tensor=tensor))
        if layer == NETWORK_INPUT:
            return self.input
        upto = next(i for i, n in enumerate(self.nodes) if n.name == layer)
        part = Network(self.source, self.framework, self.layout, self.measure, self.input,
                       rounding=self.rounding, nodes=_needed(self.nodes[:upto + 1]))
        rows = part.report().rows
        if not rows or rows[-1].output_shape is None:
            raise Unsupported(say("unsupported.after", layer=layer))
        return rows[-1].output_shape

    def _unique(self, name: str) -> str:
        base = re.sub(r"\s+", "_", name.replace(SEPARATOR, ".").strip(".")) or "layer"
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}_{n}"
        self._taken.add(candidate)
        return candidate

    # --- the end of reading -------------------------------------------------------------

    def finish(self, allow_unsupported: bool) -> tuple[str, Diagnostic | None]:
        """The spec's YAML text, and a note when it stops before an unsupported op.
        Raises SpecError listing every unsupported op unless `allow_unsupported`."""
        if self.unsupported and not allow_unsupported:
            counts = Counter(what for what, _, _ in self.unsupported)
            listed = ", ".join(f"{what} ×{n}" if n > 1 else what for what, n in counts.items())
            first = self.unsupported[0]
            raise SpecError([Diagnostic(
                say("import.unsupported", listed=listed, first=first[1]),
                code="unsupported", file=self.source, fixes=(say("fix.allow-unsupported"),))])
        note = None
        if self.unsupported:
            what, name, position = self.unsupported[0]
            self.nodes = _needed(self.nodes[:position])
            note = Diagnostic(say("import.stops", name=name, what=what,
                                  count=len(self.unsupported)),
                              severity="warning", code="unsupported", file=self.source)
            if not self.nodes:
                raise failure(self.source, say("import.nothing", name=name, what=what))
        if self.input is None:
            raise self.sizes_needed(say("import.no-input-size"),
                                    "224x224x3" if self.layout == "channels_last"
                                    else "3x224x224")
        self._refuse_shared_weights()
        self.choose_rounding()
        return self.yaml(), note

    def sizes_needed(self, said: str, example: str) -> SpecError:
        """The input sizes are not in the model: they must be given on the command line."""
        from ...core.printable import printable

        return failure(self.source, said, (say("fix.import-input", source=printable(self.source),
                                               example=example),))

    def _refuse_shared_weights(self) -> None:
        """A layer called several times uses one set of weights, which a spec would count
        at each use: fine for a layer without weights, refused for one with them."""
        groups = [names for names in self.shared.values() if len(names) > 1]
        if not groups:
            return
        learned = {row.name for row in self.report().rows if row.params}
        shared = [f"{names[0]} ×{len(names)}" for names in groups if learned & set(names)]
        if shared:
            raise failure(self.source, say("import.shared-weights", shared=", ".join(shared)))

    def choose_rounding(self) -> None:
        """`rounding: ceil` when a pool with ceil_mode (PyTorch, ONNX) rounds up a size.
        A spec has one rounding: if a floor-mode pool would then round up too, the model
        cannot be written as one spec, and the import says so."""
        if not any(self.pools.values()):
            return
        need = {True: [], False: []}  # ceil_mode → pools whose mode changes their output
        for a, b in zip(*(self.report(mode).rows for mode in ("floor", "ceil"))):
            if a.name in self.pools and a.input_shapes == b.input_shapes \
                    and a.output_shape != b.output_shape:
                need[self.pools[a.name]].append(a.name)
        if need[True] and need[False]:
            raise failure(self.source, say("import.rounding-both", ceil=need[True][0],
                                           floor=need[False][0]))
        self.rounding = "ceil" if need[True] else "floor"

    def yaml(self) -> str:
        from ...core.printable import printable

        lines = [f"# Imported by `cnncalc import` from {printable(self.source)}"
                 + (f" ({self.origin})" if self.origin else "") + "."]
        if self.name:
            lines.append(f"name: {_scalar(self.name)}")
        lines += [f"framework: {self.framework}", f"layout: {self.layout}",
                  f"rounding: {self.rounding}", f"input: {_value(list(self.input))}", "layers:"]
        previous = NETWORK_INPUT
        for node in self.nodes:
            params = {"name": node.name, **_written(node.kind, node.params)}
            if node.inputs != (previous,):
                params["inputs"] = node.inputs[0] if len(node.inputs) == 1 else list(node.inputs)
            lines.append(f"  - {node.kind}: {_value(params)}")
            previous = node.name
        return "\n".join(lines) + "\n"


def one(values: list) -> Any:
    """A number when every axis has the same, as a person writes `kernel: 3`."""
    return values[0] if len(set(values)) == 1 else values


def sides(pairs: list[list[int]]) -> Any:
    """Per-axis (before, after) pairs in the shortest form `pad`/`crop` take."""
    return one([b for b, _ in pairs]) if all(b == a for b, a in pairs) else pairs


def _written(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a person would write: those that differ from the kind's defaults
    (`stride: 1`, `dilation: 1`, `bias: true`, `padding: valid` go without saying)."""
    from ...layers import REGISTRY

    defaults = {p.name: (True if p.name == "bias" else p.default) for p in REGISTRY[kind].params}
    return {k: v for k, v in params.items()
            if not (k in defaults and (v == defaults[k] or (k == "padding" and v == "valid")))}


def _needed(nodes: list[Node]) -> list[Node]:
    """The layers the last one depends on: a spec cut short keeps no dangling branch."""
    if not nodes:
        return nodes
    wanted, by_name = {nodes[-1].name}, {n.name: n for n in nodes}
    for node in reversed(nodes):
        if node.name in wanted:
            wanted.update(i for i in node.inputs if i in by_name)
    return [n for n in nodes if n.name in wanted]


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = _short(value)
        mantissa, _, exponent = text.partition("e")
        if exponent and "." not in mantissa:  # YAML 1.1 reads 1e-05 as text
            text = f"{mantissa}.0e{exponent}"
        return text
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    import json
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _short(value: float) -> str:
    """The shortest text for a float that was a float32 in the model (0.1, not
    0.10000000149011612), else Python's shortest."""
    import struct

    def single(x: float) -> float:
        return struct.unpack("f", struct.pack("f", x))[0]

    if abs(value) < 3e38 and single(value) == value:
        for digits in range(1, 10):
            text = f"{value:.{digits}g}"
            if single(float(text)) == value:
                return repr(float(text))
    return repr(value)


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return _scalar(value)
