"""JSON text as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, byte for byte,
made faster and in pieces.

With `indent`, json.dumps takes its pure-Python encoder, a generator per container; the
strings here are joined by recursion instead, and each string is still escaped by json's C
function. An iterator in the value (a report's layers, made one at a time) is written as a
list, item by item, as `chunks` are asked for: a 100,000-layer document is never held
whole, as text or as dicts. tests/test_json_writer.py holds it to json.dumps.
"""

from __future__ import annotations

from collections.abc import Iterator
from json import dumps
from json.encoder import encode_basestring as _string  # the C escaper, for non-ASCII kept


def chunks(value, pad: str = "\n"):
    """The text of `value` in pieces; `pad` is the newline and indentation it sits at."""
    if not _streams(value):
        yield text(value, pad)
        return
    is_map = isinstance(value, dict)
    inner = pad + "  "
    written = False
    for item in (value.items() if is_map else value):
        yield ("," if written else ("{" if is_map else "[")) + inner
        if is_map:
            yield f"{_key(item[0])}: "
        yield from chunks(item[1] if is_map else item, inner)
        written = True
    yield (pad if written else "{" if is_map else "[") + ("}" if is_map else "]")


def text(value, pad: str = "\n") -> str:
    """The whole text of a value without iterators."""
    kind = type(value)  # the exact types first: most values are, and no isinstance is made
    if kind is str:
        return _string(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    inner = pad + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{" + ",".join(f"{inner}{_key(k)}: {text(v, inner)}"
                              for k, v in value.items()) + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + ",".join(inner + text(v, inner) for v in value) + pad + "]"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_SCALARS = frozenset({str, int, float, bool, type(None), tuple})  # hold no iterator to write


def _streams(value) -> bool:
    """Whether an iterator is in `value`, which must then be written in pieces."""
    if type(value) in _SCALARS:
        return False
    if isinstance(value, dict):
        return any(_streams(v) for v in value.values())
    if isinstance(value, list):
        return any(_streams(v) for v in value)
    return isinstance(value, Iterator)


def _key(key) -> str:
    """A key as json writes it: text, or a number, boolean or null written as text."""
    return _string(key if isinstance(key, str) else dumps(key))


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
