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
from ..core.params import ParamError
from ..core.records import NETWORK_INPUT, SEPARATOR, Layer
from ..layers import REGISTRY
from .yamltree import key_position as _pos

COMMON_KEYS = ("name", "inputs")  # keys every layer accepts besides its kind's own


class Reader:
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
