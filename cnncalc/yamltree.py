"""Safe YAML reading that remembers where every value came from.

The text is composed into nodes by libyaml's `CSafeLoader` when it is there (`SafeLoader`
otherwise) and turned into plain dicts, lists and scalars here, so that:
- every mapping and list keeps the line and column of each entry, for error messages;
- only the plain YAML types are accepted: a `!!python/...` tag is an error, not code;
- alias expansion has a budget, so an alias bomb stops at once instead of eating memory;
- files are read with a size limit and decoded as UTF-8 with a clear error.
"""

from __future__ import annotations

import sys

import yaml

from .errors import Diagnostic, SpecError

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 16 * 1024 * 1024  # a 10,000-layer spec is about 400 kB
MAX_NODES = 1_000_000  # values visited, counting every alias expansion
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}
_MAP, _SEQ, _MERGE = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge"


class YamlMap(dict):
    """A mapping that knows the (line, column) of each key and of itself."""

    positions: dict
    position: tuple[int, int] | None = None


class YamlList(list):
    """A list that knows the (line, column) of each item and of itself."""

    positions: list
    position: tuple[int, int] | None = None


def key_position(container, key) -> tuple[int, int] | None:
    """Where an entry of a parsed mapping or list was written, when it is known."""
    positions = getattr(container, "positions", None)
    try:
        return positions[key] if positions is not None else None
    except (KeyError, IndexError, TypeError):
        return None


def read_source(path: str) -> str:
    """The text of a spec file (or of stdin for `-`), within the size limit."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise _error("is a directory, not a spec file") from None
    except FileNotFoundError:
        raise _error("no such file") from None
    except OSError as exc:
        raise _error(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _error(f"larger than {MAX_BYTES // 2**20} MiB; a spec is a few kB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", line, column) from None


def parse_yaml(text: str):
    """Plain Python values, mappings and lists carrying their positions."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise _error(f"invalid YAML: {problem}", *_position(mark)) from None
    except yaml.YAMLError as exc:
        raise _error(f"invalid YAML: {exc}") from None
    if node is None:
        raise _error("empty spec: it needs at least `input:` and `layers:`")
    return _Builder().value(node)


def _position(mark) -> tuple[int, int] | tuple[()]:
    return (mark.line + 1, mark.column + 1) if mark is not None else ()


def _error(text: str, line: int | None = None, column: int | None = None) -> SpecError:
    return SpecError([Diagnostic(text, code="unreadable", line=line, column=column)])


class _Builder:
    """Turns composed nodes into values, within the node budget."""

    def __init__(self):
        self.budget = MAX_NODES
        self.constructor = yaml.constructor.SafeConstructor()

    def value(self, node):
        self.budget -= 1
        if self.budget < 0:
            raise _error(f"more than {MAX_NODES:,} values once aliases are expanded "
                         f"(an alias bomb?)", *_position(node.start_mark))
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self.mapping(node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return self.sequence(node)
        if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS:
            try:
                return self.constructor.construct_object(node)
            except (ValueError, yaml.YAMLError) as exc:
                shown = node.value if len(node.value) <= 20 else node.value[:20] + "…"
                raise _error(f"cannot read the value {shown!r}: {str(exc).split(':')[0]}",
                             *_position(node.start_mark)) from None
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _error(f"the YAML tag {tag} is not allowed: a spec holds only plain "
                     f"mappings, lists, numbers, text and booleans", *_position(node.start_mark))

    def sequence(self, node) -> YamlList:
        result = YamlList(self.value(item) for item in node.value)
        result.positions = [_position(item.start_mark) for item in node.value]
        result.position = _position(node.start_mark)
        return result

    def mapping(self, node) -> YamlMap:
        result = YamlMap()
        result.positions = {}
        result.position = _position(node.start_mark)
        merged = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.append(value_node)
                continue
            key = self.value(key_node)
            if not isinstance(key, str):
                raise _error(f"keys must be text, got {key!r}", *_position(key_node.start_mark))
            if key in result:
                raise _error(f"duplicate key {key!r}", *_position(key_node.start_mark))
            result[key] = self.value(value_node)
            result.positions[key] = _position(key_node.start_mark)
        for source in merged:  # YAML merge keys (`<<: *defaults`): explicit keys win
            for base in source.value if isinstance(source, yaml.SequenceNode) else [source]:
                values = self.value(base)
                if not isinstance(values, YamlMap):
                    raise _error("`<<` merges mappings only", *_position(base.start_mark))
                for key, value in values.items():
                    if key not in result:
                        result[key] = value
                        result.positions[key] = values.positions[key]
        return result
