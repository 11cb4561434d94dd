"""`cnncalc sizes` as a user runs it: exact output, the JSON of SPEC.md §7, exit codes."""

import json
from itertools import product

import pytest

from cnncalc import analyze, load, loads
from cnncalc.solve.patterns import Affine, affine, describe
from cnncalc.solve.sizes import sizes


def test_the_worked_example_accepts_eight_k_plus_seven(invoke):
    result = invoke("sizes", "specs/taewan_39x31x1.yaml")
    assert result.exit_code == 0
    assert result.output == (
        "taewan-39x31x1: input 39×31×1, rounding strict, sizes 1–4096\n"
        "  height: 8·k + 7 for k ≥ 3 → 31, 39, 47, … (509 sizes)\n"
        "    39 is valid; nearest valid: 31 below and 47 above\n"
        "    limited by maxpool1 (layer 2), the first layer to reject 40\n"
        "  width: 8·k + 7 for k ≥ 3 → 31, 39, 47, … (509 sizes)\n"
        "    31 is valid; nearest valid: 39 above\n"
        "    limited by maxpool1 (layer 2), the first layer to reject 32\n")


def test_the_tensorflow_tutorial_under_strict_rounding_names_its_nearest_sizes(invoke):
    result = invoke("sizes", "specs/tensorflow_cnn_28x28x1.yaml", "--rounding", "strict",
                    "--range", "1:64", "--format", "json")
    assert result.exit_code == 0
    height = json.loads(result.output)["axes"][0]
    assert height == {
        "axis": 0, "label": "height", "valid": [18, 22, 26, 30, 34, 38, 42, 46, 50, 54, 58, 62],
        "pattern": "4·k + 2 for k ≥ 4", "output": None, "below": 26, "above": 30,
        "limited_by": {"layer": "maxpool2", "index": 4, "size": 28}}


def test_json_has_the_keys_of_spec_section_7(invoke):
    result = invoke("sizes", "specs/taewan_39x31x1.yaml", "--range", "30:50", "--format", "json")
    document = json.loads(result.output)
    assert document == {
        "name": "taewan-39x31x1", "file": "specs/taewan_39x31x1.yaml", "rounding": "strict",
        "input_shape": [39, 31, 1], "range": [30, 50], "coupled": False,
        "axes": [
            {"axis": 0, "label": "height", "valid": [31, 39, 47], "pattern": "31, 39, 47",
             "output": None, "below": 31, "above": 47,
             "limited_by": {"layer": "maxpool1", "index": 2, "size": 40}},
            {"axis": 1, "label": "width", "valid": [31, 39, 47], "pattern": "31, 39, 47",
             "output": None, "below": None, "above": 39,
             "limited_by": {"layer": "maxpool1", "index": 2, "size": 32}}]}


def test_the_output_size_as_a_function_of_the_input(tmp_path, invoke):
    spec = tmp_path / "valid.yaml"
    spec.write_text("input: [64, 64, 1]\nlayers:\n  - conv: {filters: 4, kernel: 3}\n"
                    "  - maxpool: {size: 2}\n  - conv: {filters: 4, kernel: 3}\n")
    result = invoke("sizes", str(spec), "--range", "1:100")
    assert "  height: 2·k for k ≥ 4 → 8, 10, 12, … (47 sizes)\n" \
           "    output height = (input − 6) / 2\n" in result.output


def test_channels_first_counts_axes_as_written(tmp_path, invoke):
    spec = tmp_path / "cf.yaml"
    spec.write_text("input: [3, 32, 20]\nlayout: channels_first\nlayers:\n"
                    "  - conv: {filters: 4, kernel: [3, 1], stride: [1, 4]}\n")
    document = json.loads(invoke("sizes", str(spec), "--range", "1:40", "--format",
                                 "json").output)
    assert document["input_shape"] == [3, 32, 20]
    height, width = document["axes"]
    assert (height["label"], height["pattern"]) == ("height", "every size ≥ 3")
    assert (width["label"], width["pattern"]) == ("width", "4·k + 1 for k ≥ 0")


def test_a_reshape_couples_the_axes(tmp_path, invoke):
    spec = tmp_path / "r.yaml"
    spec.write_text("input: [4, 6, 1]\nlayers:\n  - reshape: {shape: [12, 2]}\n")
    document = json.loads(invoke("sizes", str(spec), "--range", "1:10", "--format",
                                 "json").output)
    assert document["coupled"] is True
    assert [axis["valid"] for axis in document["axes"]] == [[4], [6]]
    assert document["pairs"] == [[3, 8], [4, 6], [6, 4], [8, 3]]
    assert document["pairs_range"] == [1, 10]
    assert "  valid together (height × width, each 1–10): 3×8, 4×6, 6×4, 8×3 (4 " \
           "combinations)\n" in invoke("sizes", str(spec), "--range", "1:10").output


@pytest.mark.parametrize("text", [
    "input: [6, 4, 2]\nlayers:\n  - conv: {filters: 2, kernel: 3, padding: 1}\n"
    "  - reshape: {shape: [-1, 8]}\n  - dense: {units: 2}\n",
    "input: [8, 8, 1]\nlayers:\n  - maxpool: {size: 2}\n  - flatten\n"
    "  - reshape: {shape: [4, 4, 1]}\n  - conv: {filters: 1, kernel: 3}\n",
    "input: [2, 3, 5, 1]\nlayers:\n  - reshape: {shape: [30]}\n"])
def test_the_pairs_of_coupled_axes_are_those_analyze_accepts(text):
    spec = loads(text)
    result = sizes(spec, 1, 16)
    low, top = result.pairs_range
    rank = len(spec.input_shape) - 1
    brute = tuple(c for c in product(range(low, top + 1), repeat=rank)
                  if analyze(spec._replace(input_shape=c + spec.input_shape[-1:])).valid)
    assert result.coupled and result.pairs == brute and brute


def test_an_axis_without_a_valid_size_exits_1(tmp_path, invoke):
    spec = tmp_path / "miswired.yaml"
    spec.write_text("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2, kernel: 3}\n"
                    "  - add: {inputs: [conv1, nowhere]}\n")
    result = invoke("sizes", str(spec), "--range", "1:16")
    assert result.exit_code == 1
    assert "  height: none\n    8 is not valid\n    limited by add1 (layer 2)" in result.output


def test_an_unreadable_spec_is_one_line_and_exit_1(tmp_path, invoke):
    result = invoke("sizes", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "error:" in result.output


def test_a_wrong_range_is_a_usage_error(invoke):
    for text in ("5:3", "0:10", "a:b", "10", "1:100000000"):
        result = invoke("sizes", "specs/taewan_39x31x1.yaml", "--range", text)
        assert result.exit_code == 2, text
        assert "--range" in result.output


def test_the_resnet_stages_accept_every_size_under_floor():
    result = sizes(load("specs/zoo/resnet50.yaml"), 1, 512)
    assert [axis.pattern.text() for axis in result.axes] == ["every size ≥ 1"] * 2


def test_patterns_and_maps_read_as_a_person_writes_them():
    assert describe(list(range(188, 4097, 16)), 1, 4096).text() == "16·k + 12 for k ≥ 11"
    assert describe([1, 2, 3, 9], 1, 100).text() == "1–3, 9"
    assert describe([], 1, 100).text() == "none"
    assert describe([5] + list(range(33, 101)), 1, 100).text() == "5, every size ≥ 33"
    assert affine([(572, 388), (588, 404)]).text() == "input − 184"
    assert affine([(64, 2), (96, 3), (128, 4)]).text() == "input / 32"
    assert affine([(10, 21), (11, 23)]).text() == "2·input + 1"
    assert affine([(10, 5), (11, 5), (12, 6)]) is None
    assert Affine(0, 7).text() == "7"


def test_a_spec_without_spatial_axes_has_no_size_to_choose(tmp_path, invoke):
    spec = tmp_path / "mlp.yaml"
    spec.write_text("input: [16]\nlayers:\n  - dense: {units: 4}\n")
    result = invoke("sizes", str(spec))
    assert result.exit_code == 0
    assert result.output.endswith("  no spatial axes: the input is a vector of features\n")


def test_more_work_than_it_walks_is_refused_with_the_range_that_fits(tmp_path, invoke):
    spec = tmp_path / "long.yaml"
    spec.write_text("input: [64, 64, 3]\nlayers:\n" + "  - relu\n" * 200)
    result = invoke("sizes", str(spec), "--range", "1:65536")
    assert result.exit_code == 1
    assert result.output == (f"{spec}: error: 200 layers × 65,536 sizes is more than cnncalc "
                             f"sizes walks; give a --range of at most 40,000 sizes\n")
    assert invoke("sizes", str(spec), "--range", "1:40001").exit_code == 1
    assert invoke("sizes", str(spec), "--range", "1:100").exit_code == 0


def test_a_long_invalid_spec_is_not_slowed_by_the_network_fix(tmp_path, invoke):
    spec = tmp_path / "long.yaml"
    spec.write_text("input: [63, 63, 3]\nlayers:\n  - maxpool: {size: 2}\n" + "  - relu\n" * 8000)
    result = invoke("summary", str(spec), "--format", "json")
    assert result.exit_code == 1
    error = json.loads(result.output)["errors"][0]
    assert not any("network input" in fix for fix in error["fixes"])


def test_a_model_file_is_read_as_summary_reads_it(invoke):
    """SPEC §8: `sizes` takes model files wherever it takes a spec (a Keras 2 config here,
    whose 3×3 `same` convs and global pooling accept every size)."""
    result = invoke("sizes", "tests/keras2/functional_keras2.2.json", "--format", "json")
    document = json.loads(result.stdout)
    assert (result.exit_code, document["input_shape"], document["rounding"]) == (
        0, [32, 32, 3], "floor")
    assert [axis["pattern"] for axis in document["axes"]] == ["every size ≥ 1"] * 2
