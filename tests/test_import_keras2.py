"""Keras 2 configs (tests/keras2/, written by make_keras2.py in Keras 2's forms), imported
without Keras and compared with what Keras 3 itself makes of the same layers: its legacy
loader (the path `.h5` files take) for functional models; for the bare-list Sequential,
which that loader refuses, a Keras 3 Sequential of the same layer configs."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")
from keras.src.legacy.saving import saving_utils  # noqa: E402

from cnncalc import analyze, load  # noqa: E402

FOLDER = Path(__file__).parent / "keras2"
sys.path.insert(0, str(FOLDER))
import make_keras2  # noqa: E402


def _report(name):
    report = analyze(load(str(FOLDER / name)))
    assert report.valid, [d.one_line() for d in report.errors]
    return report


def _compare(report, model):
    assert report.totals.params == model.count_params()
    rows = {row.name: row.output_shape for row in report.rows}
    for layer in model.layers:
        inner = getattr(layer, "layers", None)
        for part in inner or [layer]:
            name = f"{layer.name}.{part.name}" if inner else part.name
            if not isinstance(part, keras.layers.InputLayer):
                assert rows[name] == tuple(part.output.shape[1:]), name


def test_the_files_are_what_the_script_writes():
    for name, config in make_keras2.FILES.items():
        assert json.loads((FOLDER / name).read_text()) == json.loads(json.dumps(config))


def test_functional_model_as_keras_reads_it():
    model = saving_utils.model_from_config(make_keras2.FUNCTIONAL)
    _compare(_report("functional_keras2.2.json"), model)


def test_nested_model_counts_its_construction_as_node_zero():
    legacy = copy.deepcopy(make_keras2.NESTED["model_config"])
    # Keras 3's legacy loader numbers a nested model's calls from 0, as Keras 3 does.
    legacy["config"]["layers"][2]["inbound_nodes"] = [[["features", 0, 0, {}]]]
    # and misreads a batch_input_shape on a layer other than an InputLayer (batch twice).
    legacy["config"]["layers"][1]["config"]["layers"][0]["config"].pop("batch_input_shape")
    _compare(_report("nested_tf_keras2.4.json"), saving_utils.model_from_config(legacy))


def test_bare_list_sequential_as_keras_3_reads_its_dict_form():
    layers = copy.deepcopy(make_keras2.SEQUENTIAL_LIST["config"])
    shape = layers[0]["config"].pop("batch_input_shape")  # misread off an InputLayer
    legacy = {"class_name": "Sequential", "config": {"name": "mnist", "layers": [
        {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": shape}},
        *layers]}}
    model = saving_utils.model_from_config(legacy)
    report = _report("sequential_list_keras2.1.json")
    assert model.count_params() == 1_199_882  # Keras' MNIST CNN example
    _compare(report, model)
