"""An `.onnx` file's graph read from the protobuf wire format with the standard library.

ONNX is protobuf; the reader needs a small part of it (onnx.proto's field numbers are
below). Weight bytes are skipped by their length, never copied or decoded; the file is
memory-mapped, so a 100 MB model costs what its structure costs (a tenth of a second,
where `import onnx` alone takes one to three). External data is never followed. Every
read is bounds-checked: a truncated or foreign file is a `WireError`, not a crash.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass, field
from typing import Any

from ...core.messages import say

MAX_VALUES = 1024  # a constant a layer reads is a handful of numbers; weights are not read
# TensorProto.data_type → struct format, for the constants read from raw_data.
_FORMATS = {1: "f", 2: "B", 3: "b", 5: "h", 6: "i", 7: "q", 9: "?", 11: "d", 12: "I", 13: "Q"}


@dataclass
class Node:
    op: str
    name: str
    inputs: list[str]
    outputs: list[str]
    attrs: dict[str, Any]


@dataclass
class Graph:
    """What the reader needs of a model: its one input, nodes, outputs, the dims of every
    initializer and the values of the small constant ones."""

    inputs: dict[str, list]  # name → dims (int, or a name/None where symbolic)
    nodes: list[Node]
    outputs: list[str]
    dims: dict[str, list[int]] = field(default_factory=dict)
    values: dict[str, list] = field(default_factory=dict)
    opset: int = 0


class WireError(ValueError):
    """The bytes are not the protobuf message expected."""


def _varint(buf, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise WireError(say("wire.number-end"))
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def fields(buf, start: int = 0, end: int | None = None):
    """(field number, wire type, value) of one message; a length-delimited value is a
    (start, end) span of `buf`, not a copy."""
    pos, end = start, len(buf) if end is None else end
    while pos < end:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value = (pos, pos + size)
            pos += size
        elif wire in (1, 5):
            value = (pos, pos + (8 if wire == 1 else 4))
            pos = value[1]
        else:
            raise WireError(say("wire.type", wire=wire, byte=pos))
        if pos > end:
            raise WireError(say("wire.field-end"))
        yield number, wire, value


def _span(value) -> tuple[int, int]:
    """A length-delimited field's span; a number where a message or text belongs is a
    foreign or damaged file."""
    if not isinstance(value, tuple):
        raise WireError(say("wire.number-not-message"))
    return value


class Reader:
    def __init__(self, buf):
        self.buf = buf

    def message(self, value):
        return fields(self.buf, *_span(value))

    def text(self, value) -> str:
        start, end = _span(value)
        return bytes(self.buf[start:end]).decode("utf-8", "replace")

    def numbers(self, wire: int, value, form: str = "q", raw: bool = False) -> list:
        """A repeated scalar field, packed (one span) or not (one value); `raw` bytes
        (TensorProto.raw_data) hold fixed-size little-endian numbers of `form`."""
        if wire == 0:
            return [_signed(value)]
        if wire in (1, 5):
            return list(struct.unpack_from("<" + ("d" if wire == 1 else "f"), self.buf, value[0]))
        if form == "q" and not raw:
            out, pos = [], value[0]
            while pos < value[1]:
                number, pos = _varint(self.buf, pos)
                out.append(_signed(number))
            return out
        count = (value[1] - value[0]) // struct.calcsize(form)
        return list(struct.unpack_from(f"<{count}{form}", self.buf, value[0]))

    def tensor(self, span) -> tuple[str, list[int], list | None]:
        """A TensorProto's name, dims and (when small and inline) values."""
        name, dims, kind, raw, values, external = "", [], 1, None, [], False
        for number, wire, value in self.message(span):
            if number == 1:
                dims += self.numbers(wire, value)
            elif number == 2:
                kind = value
            elif number == 8:
                name = self.text(value)
            elif number == 9:
                raw = _span(value)
            elif number in (4, 5, 7, 10, 11):  # float, int32, int64, double, uint64 data
                values += self.numbers(wire, value, {4: "f", 10: "d"}.get(number, "q"))
            elif number == 14:
                external = value == 1
        count = 1
        for d in dims:
            count *= d
        if external or count > MAX_VALUES:
            return name, dims, None
        if raw is not None and kind in _FORMATS:
            values = self.numbers(2, raw, _FORMATS[kind], raw=True)
        if len(values) != count:
            return name, dims, None
        return name, dims, values if dims else values[0]  # a 0-d tensor is its number

    def attribute(self, span) -> tuple[str, object]:
        name, kind, found = "", 0, {}
        for number, wire, value in self.message(span):
            if number == 1:
                name = self.text(value)
            elif number == 20:
                kind = value
            elif number in (2, 3, 4, 5):  # f, i, s, t
                found[number] = value if number != 2 else self.numbers(wire, value, "f")[0]
            elif number in (7, 8):  # floats, ints
                found.setdefault(number, []).extend(
                    self.numbers(wire, value, "f" if number == 7 else "q"))
            elif number == 9:  # strings
                found.setdefault(9, []).append(self.text(value))
        # AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7, STRINGS 8
        field = {1: 2, 2: 3, 3: 4, 4: 5, 6: 7, 7: 8, 8: 9}.get(kind) or next(iter(found), None)
        value = found.get(field, [] if kind in (6, 7, 8) else None)
        if field == 3:
            value = _signed(value)
        elif field == 4:
            value = self.text(value)
        elif field == 5:
            value = self.tensor(value)[2]
        return name, value

    def shape(self, span) -> list:
        """A ValueInfoProto's name and dims (int, or the symbolic name)."""
        name, dims = "", []
        for number, _, value in self.message(span):
            if number == 1:
                name = self.text(value)
            elif number == 2:  # TypeProto → tensor_type (1) → shape (2) → dim (1)
                for t, _, tensor in self.message(value):
                    for s, _, shape in self.message(tensor) if t == 1 else ():
                        for d, _, dim in self.message(shape) if s == 2 else ():
                            dims += [self.dim(dim)] if d == 1 else []
        return [name, dims]

    def dim(self, span):
        for number, _, value in self.message(span):
            if number == 1:
                return _signed(value)
            if number == 2:
                return self.text(value)
        return None


def read(path: str):
    """The file's `Graph`, read without the onnx package."""
    with open(path, "rb") as handle:
        try:
            buf = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            raise WireError(say("wire.empty")) from None
    with buf:
        reader, graph, opset = Reader(memoryview(buf)), None, 0
        try:
            for number, wire, value in fields(reader.buf):
                if number == 7 and wire == 2:
                    graph = value
                elif number == 8 and wire == 2:
                    domain, version = "", 0
                    for n, _, v in reader.message(value):
                        domain, version = (reader.text(v), version) if n == 1 else (domain, v)
                    opset = max(opset, version) if domain in ("", "ai.onnx") else opset
            if graph is None:
                raise WireError(say("wire.no-graph"))
            nodes, dims, values, inputs, outputs = [], {}, {}, [], []
            for number, wire, value in reader.message(graph):
                if wire != 2:
                    continue
                if number == 1:
                    nodes.append(_node(reader, value))
                elif number == 5:
                    name, shape, data = reader.tensor(value)
                    dims[name] = shape
                    if data is not None:
                        values[name] = data
                elif number in (11, 12):
                    (inputs if number == 11 else outputs).append(reader.shape(value))
            return Graph({n: d for n, d in inputs if n not in dims}, nodes,
                         [n for n, _ in outputs], dims, values, opset)
        finally:
            reader.buf.release()


def _node(reader: Reader, span) -> Node:
    parts = {1: [], 2: [], 3: "", 4: "", 5: {}}
    for number, _, value in reader.message(span):
        if number in (1, 2):
            parts[number].append(reader.text(value))
        elif number in (3, 4):
            parts[number] = reader.text(value)
        elif number == 5:
            name, attribute = reader.attribute(value)
            parts[5][name] = attribute
    return Node(parts[4], parts[3], parts[1], parts[2], parts[5])
