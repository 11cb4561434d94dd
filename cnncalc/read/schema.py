"""The JSON Schema of the spec format, generated from the same declarations the reader uses.

Layer kinds and their parameters come from `REGISTRY` and each `Param.schema()`, the
constraints from `CONSTRAINTS`, the top-level keys from `spec.TOP_KEYS`: a new kind,
parameter or constraint appears here without touching this module. A new top-level key
(or a key every layer accepts) needs its schema here; `generate` refuses to run until it
has one.

The schema is draft-07, the newest draft that editors' YAML plugins (yaml-language-server)
fully support. It cannot say everything the reader checks (divisibility, names that
`inputs:` refer to, shapes): it catches typos and types while typing, `cnncalc check`
does the rest. Blocks are where it says least: a layer item cannot see the spec's
`blocks:` keys, so in a spec with blocks any other name is taken for a block use (known
kinds are still checked), and a block's own layers, whose values may be `$parameters`,
are left to the reader. The package ships its output as `cnncalc/spec.schema.json`, which
the tests regenerate (`CNNCALC_UPDATE_GOLDEN=1 python -m pytest tests/test_schema.py`).
"""

from __future__ import annotations

import json
from typing import Any

from ..core.constraints import CONSTRAINTS
from ..core.params import MAX_INT, SIZES_SCHEMA, Bool, Choice
from ..core.records import (FRAMEWORK, LAYOUT, NETWORK_INPUT, ROUNDING, Framework, Layout,
                            Rounding)
from ..layers import REGISTRY
from .blocks import NAME_PATTERN, USE_KEYS
from .reader import COMMON_KEYS
from .spec import TOP_KEYS

DRAFT = "http://json-schema.org/draft-07/schema#"

# The keys every layer accepts besides its kind's own (spec.COMMON_KEYS); each kind refers
# to them under `definitions`.
_COMMON = {
    "name": {"type": "string", "minLength": 1, "pattern": "^[^/]*$",
             "not": {"const": NETWORK_INPUT},
             "description": "the layer's name; defaults to kind + counter (conv1, conv2, …)"},
    "inputs": {"oneOf": [{"type": "string"},
                         {"type": "array", "items": {"type": "string"}, "minItems": 1}],
               "description": "the layers it reads (default: the layer before)"},
}


def generate() -> dict[str, Any]:
    """The schema as a JSON-ready mapping; the same every time for the same registry."""
    top = _top_level()
    _require(TOP_KEYS, top, "_top_level", "top-level key")
    _require(COMMON_KEYS, _COMMON, "_COMMON", "key every layer accepts")
    return {
        "$schema": DRAFT,
        "title": "cnncalc architecture spec",
        "description": "A CNN as an input shape and a list of layers (cnncalc SPEC.md §1).",
        "type": "object",
        "required": ["input", "layers"],
        "properties": {key: top[key] for key in TOP_KEYS},
        "additionalProperties": False,
        # With blocks, a layer item may also be a use of one (see the module's docstring).
        "if": {"required": ["blocks"]},
        "then": {"properties": {"layers": {"items": {"$ref": "#/definitions/layer_or_block"}}}},
        "else": {"properties": {"layers": {"items": {"$ref": "#/definitions/layer"}}}},
        "definitions": {**_COMMON, "layer": _layer(), "layer_or_block": _layer_or_block()},
    }


def _require(keys, table: dict, where: str, what: str) -> None:
    missing = [key for key in keys if key not in table]
    if missing:
        raise RuntimeError(f"cnncalc/schema.py has no schema for the {what} "
                           f"{', '.join(missing)}: add it to {where}")


def text() -> str:
    """The schema as `cnncalc schema` prints it and `spec.schema.json` stores it."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def _top_level() -> dict[str, dict]:
    size = {"type": "integer", "minimum": 1, "maximum": MAX_INT}
    return {
        "name": {"type": "string", "description": "the title of the report"},
        "input": {"oneOf": [{"type": "array", "items": size, "minItems": 1, "maxItems": 4},
                            SIZES_SCHEMA],
                  "description": "spatial sizes, then channels: [39, 31, 1] or 39x31x1"},
        "rounding": {**Choice(tuple(Rounding)).schema(), "default": ROUNDING,
                     "description": "what an inexact conv/pool division means"},
        "bias": {**Bool().schema(), "default": True,
                 "description": "default for every layer that can have a bias"},
        "layout": {**Choice(tuple(Layout)).schema(), "default": LAYOUT,
                   "description": "the order `input` and every shown shape are written in"},
        "framework": {**Choice(tuple(Framework)).schema(), "default": FRAMEWORK,
                      "description": "whose rules apply where Keras and PyTorch differ"},
        "constraints": {
            "type": ["object", "null"],
            "description": "limits `cnncalc check` holds the spec to",
            "properties": {name: c.param.schema() for name, c in CONSTRAINTS.items()},
            "additionalProperties": False,
        },
        "blocks": {
            "type": ["object", "null"],
            "description": "named sub-networks with $parameters, used in a list of layers "
                           "like a kind: `- basic: {filters: 64, repeat: 2}`",
            "propertyNames": {"pattern": f"^{NAME_PATTERN}$", "not": {"enum": list(REGISTRY)}},
            "additionalProperties": {
                "type": "object",
                "required": ["layers"],
                "properties": {
                    "params": {"type": ["object", "null"],
                               "description": "each parameter's default; null: required",
                               "propertyNames": {"pattern": f"^{NAME_PATTERN}$",
                                                 "not": {"enum": list(USE_KEYS)}}},
                    "layers": {"type": "array", "minItems": 1,
                               "description": "layers and block uses; any value may be a "
                                              "$parameter"},
                },
                "additionalProperties": False,
            },
        },
        "layers": {"type": "array", "minItems": 1,
                   "description": "one `- kind: {params}` item (or a bare kind) per layer"},
    }


def _layer_or_block() -> dict:
    """A layer, or a use of a block: a name other than a kind, bare or with arguments."""
    other = {"not": {"enum": list(REGISTRY)}}
    return {"anyOf": [
        {"$ref": "#/definitions/layer"},
        {"type": "string", **other},
        {"type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": other,
         "additionalProperties": {"type": ["object", "null"]}},
    ]}


def _layer() -> dict:
    """A bare kind (`- flatten`) when nothing is required, or a one-key mapping."""
    bare = [name for name, kind in REGISTRY.items() if not any(p.required for p in kind.params)]
    return {"oneOf": [
        {"enum": bare},
        {"type": "object", "minProperties": 1, "maxProperties": 1,
         "properties": {name: _kind(kind) for name, kind in REGISTRY.items()},
         "additionalProperties": False},
    ]}


def _kind(kind) -> dict:
    required = [p.name for p in kind.params if p.required]
    schema = {
        "type": "object" if required else ["object", "null"],
        "properties": {**{p.name: p.schema() for p in kind.params},
                       **{key: {"$ref": f"#/definitions/{key}"} for key in COMMON_KEYS}},
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    if kind.doc:
        schema["description"] = kind.doc
    return schema
