"""numpy against torch on small random networks: the same seed gives both the same input
and weights, so every layer's output must be numerically equal (and both must agree with
the engine). Covers padding modes (same with strides), strides, dilation, groups, the
three poolings in floor and ceil mode, and 1-D, 2-D and 3-D inputs."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cnncalc import analyze
from cnncalc.backends import load
from cnncalc.backends.base import Unsupported
from cnncalc.layers.activation import ACTIVATIONS
from cnncalc.spec import build
from cnncalc.verify import execute

pytest.importorskip("torch")

MAX_SIZE = {1: 12, 2: 8, 3: 5}  # keeps every example to a few milliseconds


def _axes(draw, rank, lo, hi):
    """A scalar or, half the time, a per-axis list."""
    if draw(st.booleans()):
        return draw(st.integers(lo, hi))
    return [draw(st.integers(lo, hi)) for _ in range(rank)]


@st.composite
def conv(draw, rank, channels):
    groups = draw(st.sampled_from([g for g in (1, 2, 3, 4) if channels % g == 0]))
    params = {"filters": groups * draw(st.integers(1, 3)), "kernel": _axes(draw, rank, 1, 3),
              "stride": _axes(draw, rank, 1, 3), "dilation": _axes(draw, rank, 1, 2),
              "padding": draw(st.one_of(st.just("same"), st.just("valid"),
                                        st.integers(0, 2), st.lists(st.integers(0, 2),
                                                                    min_size=rank,
                                                                    max_size=rank))),
              "groups": groups, "bias": draw(st.booleans()),
              "activation": draw(st.sampled_from(ACTIVATIONS))}
    return {"conv": params}, params["filters"]


@st.composite
def pool(draw, rank):
    size = [draw(st.integers(1, 3)) for _ in range(rank)]
    explicit = [draw(st.integers(0, k // 2)) for k in size]  # torch pads at most half
    params = {"size": size, "padding": draw(st.sampled_from(["same", "valid", explicit]))}
    if draw(st.booleans()):
        params["stride"] = draw(st.integers(1, 3))
    return {draw(st.sampled_from(["maxpool", "avgpool", "minpool"])): params}


@st.composite
def network(draw):
    rank = draw(st.integers(1, 3))
    channels = draw(st.integers(1, 4))
    tree = {"input": [draw(st.integers(3, MAX_SIZE[rank])) for _ in range(rank)] + [channels],
            "rounding": draw(st.sampled_from(["floor", "ceil"])), "layers": []}
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            layer, channels = draw(conv(rank, channels))
        else:
            layer = draw(pool(rank))
        tree["layers"].append(layer)
    if draw(st.booleans()):
        tree["layers"] += ["flatten", {"dense": {"units": draw(st.integers(1, 5)),
                                                 "activation": draw(st.sampled_from(
                                                     ACTIVATIONS))}}]
    return tree


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(network(), st.integers(1, 2), st.integers(0, 2**32 - 1))
def test_numpy_and_torch_compute_the_same_numbers(tree, batch, seed):
    spec = build(tree)
    report = analyze(spec)
    assume(report.valid)
    runs = []
    for name in ("numpy", "torch"):
        backend = load(name, seed=seed, rounding=report.rounding)
        outputs = []
        for (layer, outcome), row in zip(execute(spec, backend, batch), report.rows):
            # torch's own limits (pooling padding, AvgPool3d on a short axis) are tested
            # in test_verify.py; numpy runs everything
            assume(name == "numpy" or not isinstance(outcome, Unsupported))
            assert not isinstance(outcome, Exception), f"{name} {layer.name}: {outcome}"
            assert backend.shape(outcome.array) == row.output_shape, (name, layer.name)
            assert backend.count(outcome.params) == row.params, (name, layer.name)
            outputs.append(backend.numpy(outcome.array))
        runs.append(outputs)
    assert len(runs[0]) == len(runs[1]) == len(spec.layers)
    for layer, ours, theirs in zip(spec.layers, *runs):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5, err_msg=layer.name)
