"""`cnncalc solve SPEC --free LAYER.PARAM,...`: the combinations listed are exactly those
with which the spec, rewritten with them and analyzed, is valid (and gives the output
shape asked for)."""

import json
from itertools import product

from cnncalc import analyze, loads
from cnncalc.solve.free import free_parameters, solve_free
from cnncalc.core.errors import SpecError

TEMPLATE = """\
input: [28, 28, 1]
rounding: {rounding}
layers:
  - conv: {{filters: 4, kernel: 3, stride: {stride}}}
  - maxpool: {{size: {size}}}
  - conv: {{filters: 4, kernel: 3, padding: {padding}}}
  - crop: {{cropping: {crop}}}
  - flatten
"""
OWN = {"stride": 1, "size": 2, "padding": 0, "crop": 1}


def spec_with(rounding: str, **values):
    return loads(TEMPLATE.format(rounding=rounding, **{**OWN, **values}))


def test_the_combinations_are_exactly_the_valid_ones():
    ranges = {"conv1.stride": range(1, 5), "maxpool1.size": range(1, 6),
              "crop1.cropping": range(0, 8)}
    for rounding in ("strict", "floor"):
        spec = spec_with(rounding)
        free = free_parameters(spec, ",".join(f"{k}={min(r)}:{max(r)}"
                                              for k, r in ranges.items()))
        found = {tuple(v for _, v in s.values): s.output_shape for s in solve_free(spec, free)}
        brute = {}
        for stride, size, crop in product(*ranges.values()):
            try:
                report = analyze(spec_with(rounding, stride=stride, size=size, crop=crop))
            except SpecError:
                continue
            if report.valid:
                brute[(stride, size, crop)] = report.rows[-1].output_shape
        assert found == brute and found, rounding


def test_an_output_shape_narrows_the_combinations(invoke, tmp_path):
    path = tmp_path / "net.yaml"
    path.write_text(TEMPLATE.format(rounding="strict", **OWN))
    result = invoke("solve", str(path), "--free", "crop1.cropping=0:10,conv2.padding=0:3",
                    "--output-shape", "196", "--format", "json")
    assert result.exit_code == 0
    solutions = json.loads(result.output)["solutions"]
    assert [s["values"] for s in solutions] == [
        {"crop1.cropping": 2, "conv2.padding": 0}, {"crop1.cropping": 3, "conv2.padding": 1},
        {"crop1.cropping": 4, "conv2.padding": 2}, {"crop1.cropping": 5, "conv2.padding": 3}]
    for s in solutions:
        spec = spec_with("strict", crop=s["values"]["crop1.cropping"],
                         padding=s["values"]["conv2.padding"])
        assert analyze(spec).rows[-1].output_shape == (196,)


def test_the_table_lists_the_nearest_first(invoke):
    result = invoke("solve", "specs/tensorflow_cnn_28x28x1.yaml", "--rounding", "strict",
                    "--free", "conv1.padding=0:3", "--limit", "2")
    assert result.exit_code == 0
    assert result.output == (
        "tensorflow-cnn-28x28x1: conv1.padding that make it valid; searched conv1.padding "
        "0–3\n"
        "   1. conv1.padding 1  → output 10\n"
        "   2. conv1.padding 3  → output 10\n")


def test_nothing_found_exits_1_and_bad_names_exit_2(invoke):
    spec = "specs/taewan_39x31x1.yaml"
    assert invoke("solve", spec, "--free", "conv1.kernel=1:2").exit_code == 1
    for free in ("nope.kernel", "conv1.nope", "conv1", "conv1.kernel=5:1", "conv1.kernel=a:b",
                 "conv1.kernel=1:1000,conv2.kernel=1:1000"):
        result = invoke("solve", spec, "--free", free)
        assert result.exit_code == 2, free
        assert "--free" in result.output
