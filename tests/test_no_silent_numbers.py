"""Issue 9, "no silent wrong numbers": each case printed a plausible table with exit 0 (or
refused a sound request) for what the user did not mean. Written as a user hits them."""

from __future__ import annotations

import json

import pytest

from cnncalc import analyze, inline, loads
from cnncalc.core.errors import Diagnostic

RESNET50_MACS = 4_089_184_256  # torchvision resnet50, as specs/zoo/resnet50.yaml counts


# ---- limits on counts take what a real network reaches (not 2,147,483,647)

def test_a_mac_budget_above_two_billion_is_accepted_and_held(invoke):
    passed = invoke("check", "--max-macs", "5000000000", "specs/zoo/resnet50.yaml")
    assert passed.exit_code == 0, passed.stderr
    broken = invoke("check", "--max-macs", "4000000000", "specs/zoo/resnet50.yaml")
    assert broken.exit_code == 1
    assert broken.stdout.splitlines()[0] == (
        f"✗ specs/zoo/resnet50.yaml: error: {RESNET50_MACS:,} MACs exceed --max-macs "
        f"4,000,000,000 by {RESNET50_MACS - 4_000_000_000:,}")


def test_a_parameter_limit_above_two_billion_is_accepted(invoke):
    result = invoke("check", "--max-params", "3000000000", "specs/taewan_39x31x1.yaml")
    assert result.exit_code == 0, result.stdout


def test_a_spec_may_set_a_large_mac_budget(tmp_path, invoke):
    path = tmp_path / "budget.yaml"
    path.write_text("input: [8, 8, 1]\nconstraints: {max_macs: 20000000000, "
                    "max_params_per_layer: 3000000000}\nlayers:\n  - conv: {filters: 2, "
                    "kernel: 3}\n", encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.stdout


def test_the_schema_takes_the_same_large_limits(invoke):
    import jsonschema

    schema = json.loads(invoke("schema").stdout)
    spec = {"input": [8, 8, 1], "layers": ["relu"],
            "constraints": {"max_macs": 20_000_000_000, "max_params": 3_000_000_000}}
    jsonschema.validate(spec, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**spec, "constraints": {"max_macs": -1}}, schema)


# ---- layers after an unreadable one keep their numbers

def test_layers_after_an_unknown_kind_keep_their_numbers(invoke):
    result = invoke("summary", "--input", "8x8x1", "convv:filters=2,kernel=3", "relu",
                    "conv:filters=2,kernal=3")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "<command line>: error: layer 1: unknown layer kind 'convv'; did you mean 'conv'?",
        "<command line>: error: layer 3 (conv1): unknown conv parameter 'kernal'; did you "
        "mean 'kernel'?"]


def test_a_layer_with_a_stray_parameter_reference_keeps_its_number(tmp_path, invoke):
    path = tmp_path / "ref.yaml"
    path.write_text("input: [8, 8, 1]\nlayers:\n  - conv: {filters: $f, kernel: 3}\n"
                    "  - conv: {filters: 0, kernel: 3}\n", encoding="utf-8")
    lines = invoke("summary", str(path)).stderr.splitlines()
    assert [line.split(": error: ")[1].split(":")[0] for line in lines] == [
        "layer 1", "layer 2 (conv2)"]


# ---- the library

def test_inline_takes_the_layers_as_one_string():
    spec = inline("28x28x1", "conv:filters=32,kernel=3  maxpool:size=2")
    assert [layer.name for layer in spec.layers] == ["conv1", "maxpool1"]
    assert analyze(spec).rows[0].params == 1 * 3 * 3 * 32 + 32


def test_a_diagnostic_prints_as_the_line_the_cli_prints():
    report = analyze(inline("9x9x1", ["conv:filters=1,kernel=2,stride=2"]))
    line = ("<command line>: error: layer 1 (conv1): height (9 − 2)/2 + 1 = 4.5 is not an "
            "integer. Fix: an input height of 10 instead of 9; or padding: same on conv1 "
            "(output ceil(X/S)); or rounding: floor drops 1 row")
    assert str(report.errors[0]) == line
    assert str(Diagnostic("input is required")) == "error: input is required"


# ---- options of an inline spec, given with spec files

TAEWAN_WEIGHTS = 4 * 4 * 1 * 20 + 3 * 3 * 20 * 40 + 3 * 3 * 40 * 60 + 2 * 2 * 60 * 80 + 160 * 100


def test_no_bias_applies_to_a_spec_file(invoke):
    result = invoke("summary", "specs/taewan_39x31x1.yaml", "--no-bias")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].split()[-2:] == [f"{TAEWAN_WEIGHTS:,}"] * 2


def test_no_bias_leaves_a_layers_own_bias(tmp_path, invoke):
    path = tmp_path / "own.yaml"
    path.write_text("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2, kernel: 3, bias: true}\n"
                    "  - conv: {filters: 2, kernel: 3}\n", encoding="utf-8")
    data = json.loads(invoke("summary", str(path), "--no-bias", "--format", "json").stdout)
    assert [layer["params"] for layer in data["layers"]] == [1 * 9 * 2 + 2, 2 * 9 * 2]


@pytest.mark.parametrize("option, value", [("--name", "mine"), ("--layout", "channels_first")])
def test_options_only_an_inline_spec_has_are_refused_with_a_file(invoke, option, value):
    result = invoke("summary", "specs/taewan_39x31x1.yaml", option, value)
    assert result.exit_code == 2
    key = option[2:]
    assert result.stderr.splitlines()[-1] == (
        f"Error: {option} is for an inline spec (--input ...); a spec file says its own "
        f"`{key}:`")


# ---- a layer that cannot be computed: unknown is never zero, its row is marked, the total
# says it is partial

KERNEL_TOO_LARGE = ["--input", "28x28x1", "conv:filters=8,kernel=3", "maxpool:size=2",
                    "conv:filters=4,kernel=30", "dense:units=3"]
CONV1, CONV2 = 1 * 3 * 3 * 8 + 8, 8 * 30 * 30 * 4 + 4  # conv2's weights exist all the same


def test_the_table_marks_the_failing_row_and_the_partial_total(invoke):
    result = invoke("summary", *KERNEL_TOO_LARGE)
    assert result.exit_code == 1
    assert result.stdout == f"""\
<command line>

   #  layer            kind     input        output       params (no bias)  params
──────────────────────────────────────────────────────────────────────────────────
   1  conv1            conv     (28, 28, 1)  (26, 26, 8)                72      80
   2  maxpool1         maxpool  (26, 26, 8)  (13, 13, 8)                 0       0
!  3  conv2            conv     (13, 13, 8)  ?                      28,800  {CONV2:,}
──────────────────────────────────────────────────────────────────────────────────
      total (partial)                        ?                      28,872  {CONV1 + CONV2:,}
"""


def test_unknown_numbers_are_question_marks_not_zeros(invoke):
    result = invoke("summary", "--input", "8x8x1", "flatten", "conv:filters=2,kernel=3",
                    "--columns", "output,params,macs,memory")
    header = "   #  layer            kind     output  params  MACs  activation memory"
    assert result.stdout.splitlines()[2:] == [
        header,
        "─" * len(header),
        "   1  flatten1         flatten  (64,)        0     0              256 B",
        "!  2  conv1            conv     ?            ?     ?                  ?",
        "─" * len(header),
        "      total (partial)           ?            0     0              256 B"]


def test_json_marks_the_failing_layer_and_the_partial_totals(invoke):
    document = json.loads(invoke("summary", *KERNEL_TOO_LARGE, "--format", "json").stdout)
    assert [(layer["valid"], layer["params"]) for layer in document["layers"]] == [
        (True, CONV1), (True, 0), (False, CONV2)]
    conv2 = document["layers"][2]
    assert (conv2["output_shape"], conv2["macs"], conv2["activation_bytes"]) == (None,) * 3
    assert document["totals"]["partial"] is True
    assert document["totals"]["params"] == CONV1 + CONV2
    flat = json.loads(invoke("summary", "--input", "8x8x1", "flatten", "conv:filters=2,kernel=3",
                             "--format", "json").stdout)
    assert [flat["layers"][1][key] for key in ("params", "trainable", "param_bytes")] == \
        [None] * 3
    valid = json.loads(invoke("summary", "specs/taewan_39x31x1.yaml", "--format", "json").stdout)
    assert valid["totals"]["partial"] is False
    assert all(layer["valid"] for layer in valid["layers"])


def test_markdown_and_csv_mark_the_failing_row(invoke):
    markdown = invoke("summary", *KERNEL_TOO_LARGE, "--format", "markdown").stdout
    assert markdown.splitlines()[2:8] == [
        "|  | # | layer | kind | input | output | params (no bias) | params |",
        "|  | --: | --- | --- | --- | --- | --: | --: |",
        "|  | 1 | conv1 | conv | (28, 28, 1) | (26, 26, 8) | 72 | 80 |",
        "|  | 2 | maxpool1 | maxpool | (26, 26, 8) | (13, 13, 8) | 0 | 0 |",
        f"| ! | 3 | conv2 | conv | (13, 13, 8) | ? | 28,800 | {CONV2:,} |",
        f"|  |  | **total (partial)** |  |  |  | **28,872** | **{CONV1 + CONV2:,}** |"]
    csv = invoke("summary", *KERNEL_TOO_LARGE, "--format", "csv", "--columns", "output,params,macs")
    assert csv.stdout.splitlines() == [
        "spec,index,name,kind,output_shape,params,macs,valid",
        f"<command line>,1,conv1,conv,26x26x8,{CONV1},{26 * 26 * 8 * 9},true",
        "<command line>,2,maxpool1,maxpool,13x13x8,0,0,true",
        f"<command line>,3,conv2,conv,,{CONV2},,false"]


def test_a_layer_refused_by_its_framework_has_unknown_counts(invoke):
    """PyTorch cannot build the module at all: its count is unknown, not 0."""
    result = invoke("summary", "--input", "8x8x1", "conv:filters=2,kernel=3,stride=2,padding=same",
                    "--framework", "pytorch", "--columns", "params")
    header = "   #  layer            kind  params"
    assert result.stdout.splitlines()[2:] == [
        header,
        "─" * len(header),
        "!  1  conv1            conv       ?",
        "─" * len(header),
        "      total (partial)             0"]


# ---- how the input's sizes are read (cnncalc/reading.py)

def test_a_leading_channel_count_is_read_channels_last_with_a_warning(invoke):
    result = invoke("summary", "--input", "1x28x28", "conv:filters=32,kernel=3,padding=1")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].split()[-2:] == [f"{28 * 3 * 3 * 32:,}",
                                                          f"{28 * 3 * 3 * 32 + 32:,}"]
    assert result.stderr == (
        "<command line>: warning: input (1, 28, 28) is read channels-last, as 28 channels of "
        "1×28, but its first size looks like a channel count. Fix: --layout channels_first "
        "for 1 channel of 28×28, as PyTorch writes C×H×W; or --layout channels_last keeps "
        "this reading\n")


def test_the_layout_written_reads_it_without_a_word(invoke):
    first = invoke("summary", "--input", "1x28x28", "--layout", "channels_first",
                   "conv:filters=32,kernel=3,padding=1")
    assert (first.exit_code, first.stderr) == (0, "")
    assert first.stdout.splitlines()[-1].split() == [
        "total", "(32,", "28,", "28)", f"{1 * 3 * 3 * 32:,}", f"{1 * 3 * 3 * 32 + 32:,}"]
    last = invoke("summary", "--input", "1x28x28", "--layout", "channels_last", "relu")
    assert (last.exit_code, last.stderr) == (0, "")


def test_pytorch_on_the_command_line_reads_channels_first_and_says_so(invoke):
    result = invoke("summary", "--input", "3x224x224", "--framework", "pytorch",
                    "conv:filters=64,kernel=3,padding=1")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].split() == [
        "total", "(64,", "224,", "224)", f"{3 * 3 * 3 * 64:,}", f"{3 * 3 * 3 * 64 + 64:,}"]
    assert result.stderr == (
        "<command line>: note: input (3, 224, 224) is read channels-first, as PyTorch writes "
        "it: 3 channels of 224×224 (write --layout channels_first to say so)\n")


def test_a_spec_file_is_read_by_the_same_rule(tmp_path, invoke):
    keras = tmp_path / "keras.yaml"
    keras.write_text("input: [3, 32, 32]\nlayers:\n  - conv: {filters: 8, kernel: 3}\n",
                     encoding="utf-8")
    result = invoke("summary", str(keras), "--format", "json")
    document = json.loads(result.stdout)
    assert (document["input_shape"], document["layout"]) == ([3, 32, 32], "channels_last")
    assert [w["message"] for w in document["warnings"]] == [
        "input (3, 32, 32) is read channels-last, as 32 channels of 3×32, but its first size "
        "looks like a channel count"]
    assert document["warnings"][0]["fixes"] == [
        "layout: channels_first for 3 channels of 32×32, as PyTorch writes C×H×W",
        "layout: channels_last keeps this reading"]
    assert (document["warnings"][0]["line"], document["warnings"][0]["column"]) == (1, 1)
    torch = tmp_path / "torch.yaml"
    torch.write_text("framework: pytorch\n" + keras.read_text(encoding="utf-8"),
                     encoding="utf-8")
    document = json.loads(invoke("summary", str(torch), "--format", "json").stdout)
    assert (document["layout"], document["layers"][0]["params"]) == (
        "channels_first", 3 * 3 * 3 * 8 + 8)
    assert [n["message"] for n in document["notes"]] == [
        "input (3, 32, 32) is read channels-first, as PyTorch writes it: 3 channels of 32×32 "
        "(write layout: channels_first to say so)"]
    assert document["warnings"] == []


def test_inline_and_yaml_read_the_input_alike():
    for framework in ("keras", "pytorch"):
        typed = inline("1x28x28", ["relu"], framework=framework)
        written = loads(f"framework: {framework}\ninput: [1, 28, 28]\nlayers: [relu]\n")
        assert (typed.input_shape, typed.layout) == (written.input_shape, written.layout)
        assert [n.text for n in typed.notes] == [n.text.replace("layout: ", "--layout ")
                                                 for n in written.notes]


def test_two_sizes_like_an_image_are_read_as_1d_with_a_warning(invoke):
    result = invoke("summary", "--input", "28x28", "conv:filters=64,kernel=3")
    assert result.exit_code == 0
    assert result.stderr == (
        "<command line>: warning: input (28, 28) is read as a 1-D signal: 28 channels of "
        "length 28. Fix: 28x28x1 for a grey 28×28 image; or --layout channels_last keeps "
        "this reading\n")
    written = loads("input: [28, 28]\nlayers: [relu]\n")
    assert written.notes[0].fixes == ("input: [28, 28, 1] for a grey 28×28 image",
                                      "layout: channels_last keeps this reading")


@pytest.mark.parametrize("sizes, framework", [
    ("39x31x1", "keras"), ("28x28x1", "keras"), ("224x224x3", "pytorch"),
    ("4x4x512", "keras"), ("1x1x512", "keras"), ("1000x12", "keras"), ("128x9", "pytorch"),
    ("16x112x112x3", "keras"), ("784", "keras")])
def test_inputs_that_read_one_way_only_pass_without_a_word(invoke, sizes, framework):
    result = invoke("summary", "--input", sizes, "--framework", framework, "relu")
    assert (result.exit_code, result.stderr) == (0, "")
    shape = "(" + ", ".join(sizes.split("x")) + ("," if "x" not in sizes else "") + ")"
    assert result.stdout.splitlines()[-1].split() == ["total", *shape.split(), "0", "0"]


# ---- dense on a tensor that still has spatial axes (a forgotten flatten)

FORGOT_FLATTEN = ["--input", "28x28x1", "conv:filters=8,kernel=3", "dense:units=10"]


def test_dense_on_a_spatial_tensor_says_what_it_acts_on(invoke):
    result = invoke("summary", *FORGOT_FLATTEN)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-3].split()[-1] == f"{8 * 10 + 10}"
    assert result.stderr.splitlines()[0] == (
        "<command line>: note: layer 2 (dense1): acts on the last axis, the 8 channels, at "
        "each of the 26×26 positions (as Keras's Dense), giving (26, 26, 10); a classifier "
        "usually needs flatten before it")


def test_dense_on_a_spatial_tensor_is_a_portability_entry(invoke):
    result = invoke("summary", *FORGOT_FLATTEN, "--portability", "--framework", "pytorch")
    assert result.stdout.splitlines()[-2:] == [
        "Portability (<command line>; shown as pytorch): 1 layer differs between Keras and "
        "PyTorch",
        "  dense1  on the spatial tensor (26, 26, 8), Keras's Dense acts on the 8 channels at "
        "each position (cnncalc computes this under either framework); PyTorch's nn.Linear on "
        "the channels-first tensor (8, 26, 26) acts on its last axis, the width 26, unless "
        "the channels are moved last"]
    document = json.loads(invoke("summary", *FORGOT_FLATTEN, "--format", "json").stdout)
    assert [n["code"] for n in document["notes"]] == ["dense-per-position"]


def test_dense_after_flatten_says_nothing(invoke):
    result = invoke("summary", "--input", "28x28x1", "conv:filters=8,kernel=3", "flatten",
                    "dense:units=10", "--portability")
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == (
        "Portability (<command line>): no layer differs between Keras and PyTorch.")


def test_verify_shows_an_unknown_count_of_an_invalid_spec(tmp_path, invoke):
    path = tmp_path / "flat.yaml"
    path.write_text("input: [8, 8, 1]\nlayers:\n  - flatten\n  - conv: {filters: 2, kernel: 3}\n",
                    encoding="utf-8")
    result = invoke("verify", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[5].split() == ["✗", "2", "conv1", "conv", "?", "not",
                                                     "run", "?", "—"]
    document = json.loads(invoke("verify", str(path), "--format", "json").stdout)
    assert [(layer["valid"], layer["params"]) for layer in document["layers"]] == [
        (True, 0), (False, None)]


def test_a_framework_key_for_a_required_one_is_reported_once(tmp_path, invoke):
    path = tmp_path / "ks.yaml"
    path.write_text("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2, kernel_size: 3}\n",
                    encoding="utf-8")
    assert invoke("summary", str(path)).stderr == (
        f"{path}:3:24: error: layer 1 (conv1): unknown conv parameter 'kernel_size'; cnncalc "
        f"calls it 'kernel'\n")


def test_a_folded_block_holding_a_failing_layer_is_marked(invoke):
    result = invoke("summary", "specs/resnet_block_demo.yaml", "--depth", "1",
                    "--max-params-per-layer", "9000", "--columns", "params")
    assert result.exit_code == 1
    marked = [line.split()[2] for line in result.stdout.splitlines()[4:13]
              if line.startswith("!")]
    assert marked == ["stage2", "stage3"]  # 3·3·32·32 + 32 = 9,248 params in their convs
