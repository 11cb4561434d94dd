"""What a run prints besides its table: one warning per layer, none with --quiet, warnings
that fail a strict check, the framework note only where it says something new; and tables
that stay aligned and well-formed whatever the layers are called."""

from __future__ import annotations

import pytest

RESNET18 = "specs/zoo/resnet18.yaml"
STEM = ("specs/zoo/resnet18.yaml:51:5: warning: layer 1 (stem): height and width "
        "(224 + 2·3 − 7)/2 + 1 = 112.5 rounded down to 112; only 1 row and 1 column of right "
        "padding unused")
KERAS_WARNING = ("specs/keras_120x60x1.yaml:12:5: warning: layer 6 (maxpool3): width "
                 "(9 − 2)/2 + 1 = 4.5 rounded down to 4; the last 1 column of the input not "
                 "covered")
# Same padding with stride 2: Keras pads the odd pixel after, PyTorch refuses it.
DIFFERS = "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2, kernel: 3, stride: 2, padding: same}\n"
NOTE = "note: net: 1 layer follows keras where Keras and PyTorch differ; --portability " \
       "lists them\n"


def test_a_floor_on_both_axes_is_one_warning_per_layer(invoke):
    result = invoke("summary", RESNET18)
    lines = result.stderr.splitlines()
    assert result.exit_code == 0
    assert len(lines) == 8  # was 16: height and width apart
    assert lines[0] == STEM
    assert lines[3] == ("specs/zoo/resnet18.yaml:41:9: warning: layer 24 "
                        "(layer2/projection1/downsample): height and width (56 − 1)/2 + 1 = 28.5 "
                        "rounded down to 28; the last 1 row and 1 column of the input not covered")
    github = invoke("check", "--format", "github", RESNET18).stdout.splitlines()
    assert len(github) == 8 + 1  # annotations and the tally


def test_axes_that_floor_differently_share_one_line(invoke):
    result = invoke("summary", "--input", "9x7x1", "maxpool:size=2", "--rounding", "floor")
    assert result.stderr == (
        "<command line>: warning: layer 1 (maxpool1): height (9 − 2)/2 + 1 = 4.5 rounded down "
        "to 4, width (7 − 2)/2 + 1 = 3.5 rounded down to 3; the last 1 row and 1 column of the "
        "input not covered\n")
    cube = invoke("summary", "--input", "9x9x9x1", "maxpool:size=2", "--rounding", "floor")
    assert cube.stderr == (
        "<command line>: warning: layer 1 (maxpool1): depth, height and width (9 − 2)/2 + 1 = "
        "4.5 rounded down to 4; the last 1 slice, 1 row and 1 column of the input not covered\n")


@pytest.mark.parametrize("command", [
    ("summary", RESNET18), ("summary", "specs/keras_120x60x1.yaml"),
    ("verify", "specs/keras_120x60x1.yaml"), ("summary", "specs/resnet_block_demo.yaml")])
def test_quiet_hides_warnings_and_notes(invoke, command):
    loud, quiet = invoke(*command), invoke(*command, "--quiet")
    assert loud.stderr and not quiet.stderr
    assert quiet.stdout == loud.stdout and quiet.exit_code == loud.exit_code == 0


def test_quiet_keeps_errors(invoke):
    result = invoke("summary", "-q", "--input", "9x9x1", "maxpool:size=2")
    assert result.exit_code == 1
    assert result.stderr.startswith("<command line>: error: layer 1 (maxpool1): height")


def test_check_quiet_and_strict(invoke):
    spec = "specs/keras_120x60x1.yaml"
    assert invoke("check", spec).stdout == (
        "✓ specs/keras_120x60x1.yaml  keras-120x60x1  output (4,)  133,792 params  (1 warning)\n"
        "1 spec, 1 valid, 0 invalid\n")
    quiet = invoke("check", "-q", "--format", "github", spec)
    assert (quiet.exit_code, quiet.stdout) == (0, "1 spec, 1 valid, 0 invalid\n")
    strict = invoke("check", "--strict", spec)
    assert strict.exit_code == 1
    assert strict.stdout == "✗ " + KERAS_WARNING.replace(": warning: ", ": error: ") + \
        "\n1 spec, 0 valid, 1 invalid\n"


def test_check_takes_the_framework(invoke, tmp_path):
    (tmp_path / "net.yaml").write_text(DIFFERS, encoding="utf-8")
    path = str(tmp_path / "net.yaml")
    assert invoke("check", path).exit_code == 0
    pytorch = invoke("check", "--framework", "pytorch", path)
    assert pytorch.exit_code == 1
    assert pytorch.stdout.startswith(f"✗ {path}:3:46: error: layer 1 (conv1): padding: PyTorch "
                                     f"refuses padding='same' with stride > 1")


def test_the_framework_note_only_when_the_default_applied(invoke, tmp_path):
    (tmp_path / "net.yaml").write_text("name: net\n" + DIFFERS, encoding="utf-8")
    (tmp_path / "keras.yaml").write_text("name: net\nframework: keras\n" + DIFFERS,
                                         encoding="utf-8")
    assert invoke("summary", str(tmp_path / "net.yaml")).stderr == NOTE
    assert invoke("summary", str(tmp_path / "keras.yaml")).stderr == ""
    assert invoke("summary", str(tmp_path / "net.yaml"), "--framework", "keras").stderr == ""
    assert "note:" not in invoke("summary", RESNET18).stderr  # it says framework: pytorch


KOREAN = """\
input: [28, 28, 1]
layers:
  - conv: {filters: 8, kernel: 3, name: 합성곱1}
  - conv: {filters: 8, kernel: 3, name: "a|b"}
  - flatten: {name: ｆｌａｔ}
"""


def test_wide_names_keep_the_table_aligned(invoke, tmp_path):
    (tmp_path / "net.yaml").write_text(KOREAN, encoding="utf-8")
    result = invoke("summary", str(tmp_path / "net.yaml"))
    assert result.stdout.splitlines()[2:7] == [
        "#  layer     kind     input        output       params (no bias)  params",
        "────────────────────────────────────────────────────────────────────────",
        "1  합성곱1   conv     (28, 28, 1)  (26, 26, 8)                72      80",
        "2  a|b       conv     (26, 26, 8)  (24, 24, 8)               576     584",
        "3  ｆｌａｔ  flatten  (24, 24, 8)  (4608,)                     0       0",
    ]


def test_a_bar_in_a_name_does_not_break_the_markdown_table(invoke, tmp_path):
    (tmp_path / "net.yaml").write_text(KOREAN, encoding="utf-8")
    lines = invoke("summary", str(tmp_path / "net.yaml"), "--format", "markdown").stdout
    assert "| 2 | a\\|b | conv | (26, 26, 8) | (24, 24, 8) | 576 | 584 |" in lines.splitlines()


def test_wide_names_align_in_explain_and_portability(invoke, tmp_path):
    (tmp_path / "net.yaml").write_text(DIFFERS.replace("same}", "same, name: 합성곱}")
                                       + "  - conv: {filters: 2, kernel: 1, name: c}\n",
                                       encoding="utf-8")
    result = invoke("summary", str(tmp_path / "net.yaml"), "--explain", "--portability")
    explain = result.stdout[result.stdout.index("How each number"):].splitlines()
    assert explain[1:5] == ["  합성곱  height same: ceil(8/2) = 4, padding 0 + 1",
                            "          width same: ceil(8/2) = 4, padding 0 + 1",
                            "          params 1·3·3·2 = 18 (+2 bias)",
                            "  c       height (4 + 2·0 − 1)/1 + 1 = 4"]
    assert "  합성곱  padding same with stride 2: Keras pads" in result.stdout
