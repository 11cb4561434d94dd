"""Verify on graphs: merges and blocks run on both backends, agree with the engine, and
give numpy and torch the same numbers; concat's `axis` is read in the spec's layout."""

from __future__ import annotations

import numpy as np
import pytest

from cnncalc import analyze, loads
from cnncalc.backends import load
from cnncalc.run.verify import execute, verify

BRANCHES = """
input: {shape}
layout: {layout}
layers:
  - conv: {{filters: 4, kernel: 3, padding: same, name: a}}
  - avgpool: {{size: [6, 4], inputs: input, name: gate}}
  - conv: {{filters: 4, kernel: 1, inputs: gate, name: g}}
  - multiply: {{inputs: [a, g]}}
  - add: {{inputs: [multiply1, a]}}
  - concat: {{inputs: [add1, a]{axis}}}
"""
CASES = {  # layout, input, concat's axis, the output in the spec's layout
    "channels last": ("channels_last", "[6, 4, 3]", "", (6, 4, 4 + 4)),
    "height": ("channels_last", "[6, 4, 3]", ", axis: 0", (6 + 6, 4, 4)),
    "channels first": ("channels_first", "[3, 6, 4]", "", (4 + 4, 6, 4)),
    "channels first, width": ("channels_first", "[3, 6, 4]", ", axis: -1", (4, 6, 4 + 4)),
}


def spec_of(case: str):
    layout, shape, axis, _ = CASES[case]
    return loads(BRANCHES.format(layout=layout, shape=shape, axis=axis))


@pytest.mark.parametrize("backend", ["numpy", "torch"])
@pytest.mark.parametrize("case", CASES)
def test_merges_verify_in_both_layouts(backend, case):
    if backend == "torch":
        pytest.importorskip("torch")
    spec = spec_of(case)
    report = analyze(spec)
    assert report.valid and report.output_shape == CASES[case][-1]
    result = verify(spec, report, load(backend, layout=spec.layout))
    assert result.agrees, [(c.row.name, c.status, c.actual_output_shape) for c in result.checks]


@pytest.mark.parametrize("case", CASES)
def test_numpy_and_torch_compute_the_same_numbers(case):
    pytest.importorskip("torch")
    spec = spec_of(case)
    outputs = []
    for name in ("numpy", "torch"):
        backend = load(name, layout=spec.layout)
        *_, (_, last) = execute(spec, backend, batch=2)
        outputs.append(backend.numpy(last.array))
    np.testing.assert_allclose(outputs[0], outputs[1], rtol=1e-5, atol=1e-5)
