"""ONNX files through the optional `onnx` package (`pip install 'cnncalc[onnx]'`).

The file is parsed, never run: weights are not loaded (`load_external_data=False`, so an
external data file is neither needed nor followed); every weight shape comes from the
initializer's declared dims, and the few values a layer needs (Reshape's shape, Pad's
pads, Resize's scales, Slice's bounds) from small initializers or Constant nodes. Nodes
are read in the graph's order, which ONNX requires to be topological; each op_type maps to
a cnncalc kind in `onnx_ops.OPS`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .network import Network, Unsupported, failure

MAX_VALUES = 1024  # a constant a layer reads is a handful of numbers; weights are not read


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


def load(path: str) -> Graph:
    try:
        import onnx
        from onnx import helper, numpy_helper
    except ImportError:
        raise failure(path, "reading .onnx files needs the onnx package",
                      ("pip install 'cnncalc[onnx]'",)) from None
    try:
        model = onnx.load(path, load_external_data=False)
    except FileNotFoundError:
        raise failure(path, "no such file") from None
    except OSError as exc:
        raise failure(path, f"cannot read: {exc.strerror or exc}") from None
    except Exception as exc:  # protobuf's DecodeError and friends: the bytes are no model
        raise failure(path, f"not an ONNX model ({type(exc).__name__}: {exc})") from None
    graph = model.graph
    if not graph.node:
        raise failure(path, "not an ONNX model: its graph has no nodes")
    dims = {t.name: list(t.dims) for t in graph.initializer}
    values = {}
    for tensor in graph.initializer:
        if _count(tensor.dims) <= MAX_VALUES and tensor.data_location != 1:
            values[tensor.name] = numpy_helper.to_array(tensor).tolist()
    nodes = []
    for node in graph.node:
        attrs = {a.name: _plain(helper.get_attribute_value(a)) for a in node.attribute}
        if node.op_type == "Constant":
            value = attrs.get("value")
            if hasattr(value, "dims"):
                attrs["value"] = numpy_helper.to_array(value).tolist() \
                    if _count(value.dims) <= MAX_VALUES else None
        nodes.append(Node(node.op_type, node.name, list(node.input), list(node.output), attrs))
    inputs = {i.name: [d.dim_value if d.HasField("dim_value") else (d.dim_param or None)
                       for d in i.type.tensor_type.shape.dim]
              for i in graph.input if i.name not in dims}
    opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
                default=0)
    return Graph(inputs, nodes, [o.name for o in graph.output], dims, values, opset)


def _count(dims) -> int:
    total = 1
    for d in dims:
        total *= d
    return total


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read(path: str, network: Network) -> None:
    from .onnx_ops import Context, OPS

    graph = load(path)
    network.origin = f"ONNX opset {graph.opset}"
    if len(graph.inputs) != 1:
        raise failure(path, f"the model has {len(graph.inputs)} inputs; a cnncalc spec has one")
    (name, dims), = graph.inputs.items()
    network.declare(tuple(dims[1:]))
    network.bind(name, "input")
    if network.input is None:
        raise failure(path, f"the input {name!r} has symbolic sizes {dims}",
                      ("give them with --input, e.g. --input " +
                       "x".join(str(d) if isinstance(d, int) else "224" for d in dims[1:]),))
    context = Context(network, graph, len(dims))
    labels = _labels(graph.nodes)
    for node, label in zip(graph.nodes, labels):
        if node.op == "Constant":
            context.constants[node.outputs[0]] = node.attrs.get("value")
            continue
        if all(i in graph.dims or i in context.constants or not i for i in node.inputs):
            context.fold(node, label)  # an op on constants only is a constant
            continue
        try:
            OPS.get(node.op, _unsupported)(node, label, context)
        except Unsupported as exc:
            network.skip(label, exc.what, node.outputs)
        except KeyError as exc:
            raise failure(path, f"node {label} reads {exc.args[0]!r}, which no node before "
                                f"it makes") from None
    if len(graph.outputs) != 1:
        network.skip(f"{len(graph.outputs)} outputs", "a model with several outputs",
                     ("(outputs)",))


def _labels(nodes: list[Node]) -> list[str]:
    """Layer names from node names. torch's exporter names a node by its module's scopes
    and op, `/blocks/blocks.0/depthwise/depthwise.0/Conv`: that is the module
    `blocks.0.depthwise.0`, with `.Conv` kept only where one module made several nodes."""
    paths = []
    for index, node in enumerate(nodes):
        parts = [p for p in node.name.split("/") if p]
        if len(parts) > 1 and parts[-1].split("_")[0] == node.op:
            parts = parts[:-1]
            kept = [p for p, after in zip(parts, parts[1:] + [""])
                    if not after.startswith(p + ".")]
            paths.append(".".join(kept))
        else:
            paths.append(".".join(parts) or f"{node.op}_{index}")
    counts = Counter(paths)
    labels, seen = [], Counter()
    for path, node in zip(paths, nodes):
        label = f"{path}.{node.op}" if counts[path] > 1 and node.name.startswith("/") else path
        seen[label] += 1
        labels.append(label if seen[label] == 1 else f"{label}_{seen[label]}")
    return labels


def _unsupported(node: Node, label: str, context) -> None:
    raise Unsupported(node.op)
