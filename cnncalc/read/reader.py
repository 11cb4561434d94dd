"""What one item of a spec says, read into records, with every problem collected.

A `Reader` is handed down to the definitions of blocks (blocks.py) and to the unfolding
of a list of layers (unfold.py): they ask it what one item says (its kind, name,
parameters and inputs) and report through it, so all problems of a spec are found in one
run. It knows the layer kinds (their declared parameters check the values) and nothing
of blocks or of the spec's top level (spec.py).
"""

from __future__ import annotations

from typing import Any, Mapping

from ..core.errors import Diagnostic, LayerError
from ..core.messages import help_text, say
from ..core.params import ParamError, shown
from ..core.records import NETWORK_INPUT, SEPARATOR, Layer
from ..layers import REGISTRY
from .yamltree import PLAIN_TYPES, YamlMap
from .yamltree import key_position as _pos

COMMON_KEYS = ("name", "inputs")  # keys every layer accepts besides its kind's own


class Reader:
    """Reads one spec tree, collecting diagnostics instead of stopping at the first."""

    def __init__(self, parsed: dict | None = None):
        self.diagnostics: list[Diagnostic] = []
        # Parameters read without a problem (`params`); a run over many specs (`check`)
        # passes one dict to every spec's reader, as their layers repeat each other's.
        self.parsed: dict[tuple, dict] = {} if parsed is None else parsed

    def error(self, text: str, position, *, layer: str | None = None, index: int | None = None,
              key: str | None = None, fixes: tuple[str, ...] = (), code: str = "schema"):
        line, column = position if position else (None, None)
        self.diagnostics.append(Diagnostic(text, code=code, layer=layer, index=index, key=key,
                                           line=line, column=column, fixes=fixes))

    def unknown(self, key: str, known, what: str, position, label: str = "",
                is_kind: bool = False, **where) -> str | None:
        """An unknown key or kind (`is_kind`): what a framework user meant by it, else the
        closest known name when one is close, else every known name. Returns that close
        name (None when there is none)."""
        from difflib import get_close_matches  # only on this error path
        from .framework_names import key_hint, kind_hint  # only on this error path

        close = next(iter(get_close_matches(str(key), known, n=1, cutoff=0.75)), None)
        framework_hint = kind_hint if is_kind else key_hint
        hint = framework_hint(str(key), known) or (say("hint.close", close=repr(close)) if close
                                                   else say("hint.known", known=", ".join(known)))
        self.error(say("unknown", label=label, what=what, key=repr(key), hint=hint), position,
                   key=str(key), **where)
        return close

    def invalid(self, key: str, exc: ParamError, position, **where):
        """A value its type refused, with the value to write when the type knows it."""
        fixes = (f"{key}: {exc.fix}",) if exc.fix else ()  # spec syntax, in every language
        self.error(f"{key}: {exc}", position, key=key, fixes=fixes, **where)




    def item(self, item, position, label: str, kinds,
             index: int | None = None) -> tuple[str, Mapping, Any] | None:
        """The kind of one list item (`flatten` or `conv: {...}`), its parameters and
        where they are; `kinds` are the layer kinds and the spec's blocks. `index` is the
        number an error names (the top level's items have one, a definition's none)."""
        if isinstance(item, str):
            kind, raw, raw_position = item, None, position
        elif isinstance(item, dict) and len(item) == 1:
            kind, raw = next(iter(item.items()))
            raw_position = _pos(item, kind)
        else:
            keys = ", ".join(map(str, item)) if isinstance(item, dict) else repr(item)
            self.error(say("item.kind", label=label, keys=keys), position,
                       fixes=(say("fix.item"),), index=index)
            return None
        if kind not in kinds:
            self.unknown(kind, kinds, say("what.kind"), position, label, is_kind=True,
                         index=index)
            return None
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.error(say("item.params", label=label, kind=kind, got=shown(raw)), raw_position,
                       key=kind, index=index)
            return None
        return kind, raw, raw_position

    def name(self, raw, default: str | None, index: int | None = None) -> str | None:
        """A layer's or block use's `name:`, else `default`."""
        if "name" not in raw:
            return default
        value = raw["name"]
        if not isinstance(value, str) or not value or value == NETWORK_INPUT \
                or SEPARATOR in value:
            self.error(say("item.name", reserved=repr(NETWORK_INPUT), separator=repr(SEPARATOR),
                           got=shown(value)), _pos(raw, "name"), key="name", index=index)
            return default
        return value

    def layer(self, kind: str, raw, plain: tuple | None, index: int, name: str, inputs,
              positions, bias: bool, block: tuple[str, ...]) -> Layer | None:
        """One layer's record; `inputs` are whole names already (None after an error).
        A spec repeats layers (a chain, a block's every instance): the same plain values
        (`plain`, their `plain_key`) are read once, and the kind is looked up (and the
        `where` of errors made) only when they are read."""
        position, raw_position = positions
        params = self.parsed.get(plain)  # one hash of the (long) key
        if params is None:
            params = self._params(REGISTRY[kind], raw, bias, {"layer": name, "index": index},
                                  raw_position)
            if params is not None and plain is not None:
                self.parsed[plain] = dict(params)
        else:
            params = dict(params)
        if params is None or inputs is None:
            return None
        line, column = position if position else (None, None)
        # tuple.__new__ itself: a NamedTuple's own __new__ is a Python function, which
        # costs as much again per layer.
        return _new(Layer, (index, name, kind, params, inputs, line, column,
                            getattr(raw, "positions", _NOWHERE), block))

    def _params(self, kind, raw, bias: bool, where, position) -> dict | None:
        declared = {p.name: p for p in kind.params}
        raw = _rejoined(raw)
        ok = True
        misspelt = set()  # `kernal` is reported as a misspelling, not also `kernel` missing
        for key in raw:
            if key not in declared and key not in COMMON_KEYS:
                close = self.unknown(key, tuple(declared) + COMMON_KEYS,
                                     say("what.parameter", kind=kind.name), _pos(raw, key),
                                     **where)
                from .framework_names import KEYS  # only on this error path

                misspelt.update((close, KEYS.get(key)))
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
                    self.error(say("required", name=name, doc=help_text(param.doc, "DOCS")),
                               position, key=name,
                               fixes=(say("fix.required", name=name, layer=where["layer"]),),
                               **where)
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
            self.error(say("item.inputs", got=shown(value)), _pos(raw, "inputs"), key="inputs",
                       **where)
            return None
        return tuple(names)


_NOWHERE: Mapping = {}  # the key positions of parameters not read from a file
_new = tuple.__new__


def plain_key(kind: str, bias: bool, raw: Mapping) -> tuple | None:
    """What a layer's parameters are read from, when each value is a plain scalar (by
    exact type: a `BadNumber` is text YAML could not read as a number, to be refused
    where the same quoted text may be read); None otherwise. The key of `Reader.parsed`.
    A layer without parameters (`relu`, half of a chain) has the shortest key."""
    if not raw:
        return kind, bias
    types = tuple(map(type, raw.values()))
    if not PLAIN_TYPES.issuperset(types):
        return None
    if float in types:  # -0.0 == 0.0, but each is echoed and exported as it is written
        return kind, bias, tuple((key, repr(value)) for key, value in raw.items()), types
    return kind, bias, tuple(raw.items()), types


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
