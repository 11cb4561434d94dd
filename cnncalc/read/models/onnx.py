"""ONNX files, read as data with the standard library (onnx_wire.py; the `onnx` package
is not needed, and the tests check this reader against it).

The file is parsed, never run: weights are not loaded (nor an external data file
followed); every weight shape comes from the initializer's declared dims, and the few
values a layer needs (Reshape's shape, Pad's pads, Resize's scales, Slice's bounds) from
small initializers or Constant nodes. Nodes are read in the graph's order, which ONNX
requires to be topological; each op_type maps to a cnncalc kind in `onnx_ops.OPS`.
"""

from __future__ import annotations

from collections import Counter

import struct

from ...core.messages import say
from .network import Network, Unsupported, failure
from .onnx_wire import Graph, Node, WireError, read as read_wire


def load(path: str) -> Graph:
    """The graph of an .onnx file, read by the standard library (onnx_wire.py)."""
    try:
        return read_wire(path)
    except FileNotFoundError:
        raise failure(path, say("file.missing")) from None
    except OSError as exc:
        raise failure(path, say("import.unreadable", detail=exc.strerror or exc)) from None
    except (WireError, struct.error, IndexError) as exc:
        raise failure(path, say("import.not-onnx", detail=exc)) from None


def constant(attrs: dict):
    """A Constant node's value, whichever attribute holds it."""
    for key in ("value", "value_ints", "value_floats", "value_int", "value_float"):
        if key in attrs:
            return attrs[key]
    return None


def read(path: str, network: Network) -> None:
    from .onnx_ops import Context, OPS

    graph = load(path)
    if not graph.nodes:
        raise failure(path, say("import.onnx-empty"))
    network.origin = f"ONNX opset {graph.opset}"
    if len(graph.inputs) != 1:
        raise failure(path, say("import.inputs", count=len(graph.inputs)))
    (name, dims), = graph.inputs.items()
    network.declare(tuple(dims[1:]))
    network.bind(name, "input")
    if network.input is None:
        raise network.sizes_needed(say("import.symbolic", name=repr(name), dims=dims), "x".join(
            str(d) if isinstance(d, int) else "224" for d in dims[1:]))
    context = Context(network, graph, len(dims))
    labels = _labels(graph.nodes)
    for node, label in zip(graph.nodes, labels):
        if node.op == "Constant":
            context.constants[node.outputs[0]] = constant(node.attrs)
            continue
        if all(i in graph.dims or i in context.constants or not i for i in node.inputs):
            context.fold(node, label)  # an op on constants only is a constant
            continue
        try:
            OPS.get(node.op, _unsupported)(node, label, context)
        except Unsupported as exc:
            network.skip(label, exc.what, node.outputs)
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise failure(path, say("import.onnx-node", label=label, op=node.op,
                                    detail=f"{type(exc).__name__}: {exc}")) from None
    if len(graph.outputs) != 1:
        network.skip(say("import.outputs", count=len(graph.outputs)), say("unsupported.outputs"),
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
