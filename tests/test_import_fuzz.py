"""Damaged model files never crash the importer: a Keras config with keys dropped or values
of the wrong type, an ONNX file with bytes cut or flipped, give a SpecError (one line, exit
1) or a spec, and nothing else."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cnncalc import import_model
from cnncalc.core.errors import SpecError

KERAS2 = Path(__file__).parent / "keras2"
CONFIGS = [json.loads(p.read_text()) for p in sorted(KERAS2.glob("*.json"))]
ODD = st.sampled_from([None, 0, -1, 2**70, 1.5, "", "x", [], {}, [None], {"a": 1}, True])


def _paths(tree, path=()):
    yield path
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _paths(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _paths(value, path + (index,))


def _damaged(tree, path, value, drop):
    tree = copy.deepcopy(tree)
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    if drop and isinstance(parent, dict):
        parent.pop(path[-1])
    else:
        parent[path[-1]] = value
    return tree


def _imports_or_says_why(source: str) -> None:
    try:
        import_model(source)
    except SpecError as exc:
        assert len(exc.diagnostics) == 1 and str(exc).count("\n") == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=ODD, drop=st.booleans())
def test_a_damaged_keras_config(tmp_path, data, value, drop):
    config = data.draw(st.sampled_from(CONFIGS))
    paths = [p for p in _paths(config) if p]
    tree = _damaged(config, data.draw(st.sampled_from(paths)), value, drop)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(tree))
    _imports_or_says_why(str(path))


def _onnx_model() -> bytes:
    """A small Conv–Relu–MaxPool model with one initializer, as ONNX writes it."""
    pytest.importorskip("onnx")  # to write the file; the reader does not need it
    from onnx import TensorProto, helper, numpy_helper
    import numpy as np

    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="c", pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["c"], ["r"], name="r"),
         helper.make_node("MaxPool", ["r"], ["y"], name="p", kernel_shape=[2, 2], strides=[2, 2])],
        "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.zeros((4, 2, 3, 3), np.float32), "w")])
    return helper.make_model(graph).SerializeToString()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_onnx_file(tmp_path, data):
    good = _onnx_model()
    cut = data.draw(st.integers(0, len(good)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)),
                               max_size=4))
    damaged = bytearray(good[:cut] if data.draw(st.booleans()) else good)
    for where, byte in flips:
        if where < len(damaged):
            damaged[where] = byte
    path = tmp_path / "m.onnx"
    path.write_bytes(bytes(damaged))
    _imports_or_says_why(str(path))


def test_a_number_where_an_initializers_raw_bytes_belong(tmp_path):
    """One flipped bit turns the raw_data field's key (field 9, bytes: 0x4a) into a varint
    (0x48): the 288 bytes' length is then read as a number. The fuzz test above drew it; it
    was a TypeError traceback."""
    good = _onnx_model()
    key = good.index(b"\x4a\xa0\x02")  # raw_data, 288 bytes (4·2·3·3 floats)
    path = tmp_path / "m.onnx"
    path.write_bytes(good[:key] + b"\x48" + good[key + 1:])
    with pytest.raises(SpecError) as refused:
        import_model(str(path))
    assert len(refused.value.diagnostics) == 1 and "\n" not in str(refused.value)
