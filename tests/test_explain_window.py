"""`cnncalc explain`: the sliding window drawn. Golden pictures of the seeds' layers, the
command's errors, the width bound, and a property test that the drawn windows are exactly
the positions the numpy backend reads."""

import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cnncalc.backends.numpy_backend import NumpyBackend
from cnncalc.core.records import Rounding
from cnncalc.read.spec import build
from cnncalc.render.window import draw_windows
from cnncalc.run.explain import layer_windows, one_layer_tree

GOLDEN_RUNS = {
    # conv1 of the worked example (seed 000): 39×31, kernel 4, no padding
    "explain_taewan_conv1.txt": ("specs/taewan_39x31x1.yaml", "--layer", "conv1"),
    # a stride-2 pool: maxpool1 of the worked example, 36×28 → 18×14
    "explain_taewan_maxpool1.txt": ("specs/taewan_39x31x1.yaml", "--layer", "maxpool1"),
    # a floor that drops a column: the Keras model's third pooling sees a width of 9
    "explain_keras_maxpool3.txt": ("specs/keras_120x60x1.yaml", "--layer", "maxpool3"),
    # `same` padding split 1 + 2: kernel 4 on 8
    "explain_same_1_2.txt": ("conv", "--input", "8", "--kernel", "4", "--padding", "same"),
    # the one-layer example
    "explain_conv_7_3_2_1.txt": ("conv", "--input", "7", "--kernel", "3", "--stride", "2",
                                 "--padding", "1"),
}


@pytest.mark.parametrize("name", GOLDEN_RUNS)
def test_golden_pictures(invoke, golden, name):
    result = invoke("explain", *GOLDEN_RUNS[name], "--width", "80")
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


def test_the_floor_case_shows_the_dropped_column_and_warns(invoke):
    result = invoke("explain", "specs/keras_120x60x1.yaml", "--layer", "maxpool3",
                    "--width", "80")
    assert "width  (9 + 2·0 − 2)/2 + 1 = 4.5 → 4 (floor)" in result.stdout
    assert re.search(r"^  unread +8$", result.stdout, re.M)
    assert "warning: layer 6 (maxpool3): width (9 − 2)/2 + 1 = 4.5 rounded down to 4" \
        in result.stderr


def test_one_layer_form_under_strict_draws_and_exits_1(invoke):
    result = invoke("explain", "maxpool", "--input", "7", "--kernel", "2")
    assert result.exit_code == 1
    assert "length  (7 + 2·0 − 2)/2 + 1 = 3.5 → 3 (strict)" in result.stdout
    assert "error: layer 1 (maxpool1): length (7 − 2)/2 + 1 = 3.5 is not an integer" \
        in result.stderr


def test_ceil_draws_the_partial_window_past_the_end(invoke):
    result = invoke("explain", "maxpool", "--input", "7", "--kernel", "2", "--rounding", "ceil")
    assert result.exit_code == 0
    assert re.search(r"^  out 3 +6 ·$", result.stdout, re.M)
    assert "· after the end: the ceil mode's partial window" in result.stdout


@pytest.mark.parametrize("width", [40, 60, 80, 132])
@pytest.mark.parametrize("args", [
    ("specs/zoo/resnet18.yaml", "--layer", "stem"),
    ("conv", "--input", "500", "--kernel", "200"),
    ("conv", "--input", "224", "--kernel", "7", "--stride", "2", "--padding", "3",
     "--rounding", "floor"),
    ("conv", "--input", "99", "--kernel", "3", "--dilation", "7"),
])
def test_no_line_is_wider_than_asked(invoke, args, width):
    result = invoke("explain", *args, "--width", str(width))
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    assert "out 0" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("specs/taewan_39x31x1.yaml", "--layer", "dense1"),
     "dense1 is a dense layer, which has no sliding window; the layers with one are: conv1,"),
    (("specs/taewan_39x31x1.yaml", "--layer", "conv9"), "no layer named 'conv9'"),
    (("specs/taewan_39x31x1.yaml",), "give --layer NAME with a spec"),
    (("specs/taewan_39x31x1.yaml", "--layer", "conv1", "--kernel", "3"),
     "--kernel is for the one-layer form"),
    (("dense", "--input", "7", "--kernel", "2"), "'dense' has no sliding window"),
])
def test_usage_errors_are_one_line_and_exit_2(invoke, args, message):
    result = invoke("explain", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_kernel_larger_than_the_input_is_an_error_and_no_picture(invoke):
    result = invoke("explain", "conv", "--input", "3", "--kernel", "5")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error: layer 1 (conv1): length: the kernel spans 5 but the padded input is only 3" \
        in result.stderr


def test_one_layer_errors_are_located_on_the_command_line(invoke):
    result = invoke("explain", "conv", "--input", "7")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("<command line>: error: layer 1 (conv1): kernel is required")


def test_a_spec_that_cannot_be_read_exits_1(invoke, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("input: [7, 7, 1]\nlayers:\n  - conv: {filters: 2}\n", encoding="utf-8")
    result = invoke("explain", str(path), "--layer", "conv1")
    assert result.exit_code == 1
    assert "kernel" in result.stderr and "Traceback" not in result.stderr


def _drawn_reads(text: str) -> dict[int, list[str]]:
    """Each `out N` row's cells (input positions and `·` padding), as drawn."""
    rows = re.findall(r"^  out (\d+) +(.*)$", text, re.M)
    return {int(o): [c for c in cells.split() if c != "-"] for o, cells in rows}


def _numpy_reads(layer, size: int, rounding: Rounding) -> list[set[int]]:
    """Which input positions each output reads, by the numpy backend: a batch of impulses
    (item n is 1 at position n, 0 elsewhere); output o of item n is non-zero exactly when
    window o reads position n (random weights are never zero; max pooling pads with −∞)."""
    x = np.eye(size, dtype=np.float64).reshape(size, size, 1)
    out = NumpyBackend(seed=1, rounding=rounding).run(layer, (x,)).array
    return [set(np.flatnonzero(out[:, o, 0])) for o in range(out.shape[1])]


DRAWN = []


@settings(max_examples=150, deadline=None)
@given(size=st.integers(1, 30), kernel=st.integers(1, 7), stride=st.integers(1, 4),
       padding=st.one_of(st.integers(0, 3), st.just("same")), dilation=st.integers(1, 3),
       kind=st.sampled_from(["conv", "maxpool"]),
       rounding=st.sampled_from([Rounding.FLOOR, Rounding.CEIL]))
def test_drawn_windows_are_what_the_numpy_backend_reads(size, kernel, stride, padding,
                                                         dilation, kind, rounding):
    params = {"kernel": kernel, "stride": stride, "padding": padding}
    if kind == "conv":
        params.update(dilation=dilation, bias=False)
    elif padding != "same" and padding > kernel // 2:
        padding = params["padding"] = kernel // 2  # what PyTorch pooling allows
    spec = build(one_layer_tree(kind, [size], params))
    drawn, report = layer_windows(spec, spec.layers[0].name, rounding)
    if drawn is None:  # a kernel larger than the padded input: no window at all
        assert [d.code for d in report.errors] == ["kernel-too-large"]
        return
    assert report.valid, report.errors
    DRAWN.append(kind)
    text = draw_windows(drawn.name, drawn.kind, drawn.axes, drawn.rounding, width=10_000,
                        shown=10_000)
    drawn_rows = _drawn_reads(text)
    reads = _numpy_reads(spec.layers[0], size, rounding)
    assert sorted(drawn_rows) == list(range(len(reads)))
    for o, cells in drawn_rows.items():
        assert {int(c) for c in cells if c != "·"} == reads[o], (o, text)
        assert len(cells) == kernel  # every tap drawn, padding ones as ·


def test_the_property_test_drew_windows_of_both_kinds():
    """Runs after it: most draws were drawn and compared, not skipped as invalid."""
    assert DRAWN.count("conv") > 30 and DRAWN.count("maxpool") > 30


def test_the_default_width_is_the_terminal_s(invoke, monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")  # what shutil.get_terminal_size reads first
    result = invoke("explain", "specs/taewan_39x31x1.yaml", "--layer", "conv1")
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 50
    assert any(line.startswith("  … ") and "more windows" in line for line in lines)
