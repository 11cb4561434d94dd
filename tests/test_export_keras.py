"""`cnncalc export --to keras`: every spec file, and random specs over every kind, graphs
and blocks, exported and built with Keras 3 on the torch backend: count_params and every
layer's output shape equal the engine's."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

os.environ["KERAS_BACKEND"] = "torch"  # before keras is imported anywhere
keras = pytest.importorskip("keras")

from cnncalc import analyze, load  # noqa: E402
from cnncalc.export import ExportRefused, export  # noqa: E402
from cnncalc.export.plan import steps  # noqa: E402
from cnncalc.read.spec import build  # noqa: E402
from export_harness import import_file  # noqa: E402
from test_export_pytorch import SPECS, _small, graph  # noqa: E402
from test_fuzz import layers  # noqa: E402
from test_verify_differential import network  # noqa: E402


def build_locals(module) -> tuple:
    """The model and every local of the file's `build` when it returns (one per layer)."""
    code, seen = module.build.__code__, {}

    def watch(frame, event, arg):
        if event == "return" and frame.f_code is code:
            seen.update(frame.f_locals)

    sys.setprofile(watch)
    try:
        model = module.build()
    finally:
        sys.setprofile(None)
    return model, seen


def check_keras(spec, report):
    module = import_file(export(spec, report, "keras"))
    model, seen = build_locals(module)
    assert model.count_params() == sum(row.trainable + row.non_trainable for row in report.rows)
    for step in steps(spec, report, "keras"):
        assert tuple(seen[step.name].shape) == (None, *step.shape), step.layer.name


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_spec_file_exports_to_a_keras_model_with_the_engines_numbers(path):
    spec = load(str(path))
    check_keras(spec, analyze(spec))


def _checked(spec):
    report = analyze(spec)
    assume(_small(report))
    try:
        check_keras(spec, report)
    except ExportRefused:
        assume(False)  # what Keras cannot express: see test_keras_refusals


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(network())
def test_random_chains_export_to_keras_with_the_engines_numbers(tree):
    _checked(build(tree))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(graph())
def test_random_graphs_and_blocks_export_to_keras_with_the_engines_numbers(tree):
    _checked(build(tree))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.sampled_from([[8, 8, 3], [9, 3], [4, 4, 4, 2], [16]]),
       st.lists(layers(wild=False), min_size=1, max_size=4),
       st.sampled_from(["floor", "ceil", "strict"]), st.sampled_from(["keras", "pytorch"]))
def test_any_kind_exports_to_keras_with_the_engines_numbers(shape, items, rounding, framework):
    try:
        spec = build({"input": shape, "layers": items, "rounding": rounding,
                      "framework": framework})
    except Exception:  # noqa: BLE001  a refused tree is test_fuzz's business
        assume(False)
    _checked(spec)


@pytest.mark.parametrize("tree, reason", [
    ({"input": [9, 9, 1], "rounding": "ceil", "layers": [{"maxpool": {"size": 2}}]},
     "layer maxpool1 \\(maxpool\\): Keras pooling has no ceil mode"),
    ({"input": [4, 4, 4, 2], "layers": [{"separable_conv": {"filters": 2, "kernel": 1}}]},
     "Keras has no 3-D separable convolution"),
])
def test_keras_refusals_say_why(tree, reason):
    spec = build(tree)
    with pytest.raises(ExportRefused, match=reason):
        export(spec, analyze(spec), "keras")
