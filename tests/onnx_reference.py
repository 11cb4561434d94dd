"""The graph of an .onnx file as the `onnx` package reads it, in the form of
cnncalc/importers/onnx_wire.py's `Graph`: the reference the standard-library reader
(onnx_wire.py) is compared with in tests/test_import_onnx.py."""

from __future__ import annotations

import onnx
from onnx import helper, numpy_helper

from cnncalc.read.models.onnx_wire import MAX_VALUES, Graph, Node


def _values(tensor):
    if tensor.data_location == 1 or _count(tensor.dims) > MAX_VALUES:
        return None
    array = numpy_helper.to_array(tensor)
    return array.item() if array.ndim == 0 else array.ravel().tolist()


def _count(dims) -> int:
    total = 1
    for d in dims:
        total *= d
    return total


def _plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, onnx.TensorProto):
        return _values(value)
    return value


def load(path: str) -> Graph:
    model = onnx.load(path, load_external_data=False)
    graph = model.graph
    dims = {t.name: list(t.dims) for t in graph.initializer}
    values = {t.name: v for t in graph.initializer if (v := _values(t)) is not None}
    nodes = [Node(n.op_type, n.name, list(n.input), list(n.output),
                  {a.name: _plain(helper.get_attribute_value(a)) for a in n.attribute})
             for n in graph.node]
    inputs = {i.name: [d.dim_value if d.HasField("dim_value") else (d.dim_param or None)
                       for d in i.type.tensor_type.shape.dim]
              for i in graph.input if i.name not in dims}
    opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
                default=0)
    return Graph(inputs, nodes, [o.name for o in graph.output], dims, values, opset)
