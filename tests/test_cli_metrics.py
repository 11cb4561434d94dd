"""`cnncalc summary` with --columns, --dtype, --framework and --portability."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from cnncalc.cli import cli

NET = ["--input", "16x16x3", "conv:filters=8,kernel=3,stride=2,padding=same", "batchnorm",
       "global_avgpool", "dense:units=10"]


def run(*args, input=None):
    return CliRunner().invoke(cli, ["summary", *args], input=input)


def test_default_columns_are_unchanged():
    result = run("specs/taewan_39x31x1.yaml")
    header = result.output.splitlines()[2]
    assert header.split() == ["#", "layer", "kind", "input", "output", "params", "(no", "bias)",
                              "params"]
    assert "MACs" not in result.output


def test_chosen_columns_in_the_table():
    result = run("specs/taewan_39x31x1.yaml", "--columns", "shape,params,macs,rf,jump,start")
    lines = result.output.splitlines()
    assert lines[2].split() == ["#", "layer", "kind", "output", "params", "MACs", "RF", "jump",
                                "start"]
    assert lines[4].split() == ["1", "conv1", "conv", "(36,", "28,", "20)", "340",
                                f"{36 * 28 * 20 * 4 * 4:,}", "4×4", "1×1", "2,", "2"]
    macs = (36 * 28 * 20 * 4 * 4 * 1 + 16 * 12 * 40 * 3 * 3 * 20 + 6 * 4 * 60 * 3 * 3 * 40
            + 2 * 1 * 80 * 2 * 2 * 60 + 100 * 160)
    assert lines[-2].split() == ["total", "(100,)", "64,620", f"{macs:,}"]
    assert lines[-1].split() == ["2.28", "M"]  # MACs as people say them; 64,620 is < 1 M
    assert lines[-1].endswith("2.28 M") and len(lines[-1]) == len(lines[-2])


def test_unknown_column_is_a_usage_error():
    result = run("specs/taewan_39x31x1.yaml", "--columns", "params,gflops")
    assert result.exit_code == 2
    assert "unknown column 'gflops'; choose from input, output, nobias, params" in result.output


def test_csv_and_markdown_follow_the_columns():
    rows = list(csv.reader(io.StringIO(run(*NET, "--format", "csv", "--columns",
                                           "macs,flops,memory,rf").output)))
    assert rows[0] == ["spec", "index", "name", "kind", "macs", "flops", "activation_bytes",
                       "receptive_field", "valid"]
    assert rows[1][4:] == [str(8 * 8 * 8 * 3 * 3 * 3), str(2 * 8 * 8 * 8 * 27 + 8 * 8 * 8),
                           str(8 * 8 * 8 * 4), "3x3", "true"]
    markdown = run(*NET, "--format", "markdown", "--columns", "output,macs").output
    assert "| # | layer | kind | output | MACs |" in markdown
    assert f"| **{8 * 8 * 8 * 27 + 8 * 10:,}** |" in markdown


def test_json_carries_every_number():
    document = json.loads(run(*NET, "--format", "json", "--dtype", "int8").output)
    conv = document["layers"][0]
    assert {k: conv[k] for k in ("macs", "flops", "activation_elements", "activation_bytes",
                                 "param_bytes")} == {
        "macs": 8 * 8 * 8 * 27, "flops": 2 * 8 * 8 * 8 * 27 + 8 * 8 * 8,
        "activation_elements": 8 * 8 * 8, "activation_bytes": 8 * 8 * 8,
        "param_bytes": 3 * 3 * 3 * 8 + 8}
    assert conv["receptive_field"] == [{"size": 3, "jump": 2, "start": 1.5}] * 2
    assert document["layers"][2]["receptive_field"] == [
        {"size": 3 + 7 * 2, "jump": 16, "start": 8.5}] * 2
    assert document["layers"][3]["receptive_field"] == document["layers"][2]["receptive_field"]
    totals = document["totals"]
    assert totals["macs"] == 8 * 8 * 8 * 27 + 8 * 10
    assert totals["param_bytes"] == 3 * 3 * 3 * 8 + 8 + 4 * 8 + 8 * 10 + 10
    assert totals["activation_bytes"] == 8 * 8 * 8 * 2 + 8 + 10
    assert (document["dtype"], document["framework"]) == ("int8", "keras")
    assert [n["layer"] for n in document["portability"]] == ["conv1", "batchnorm1"]


def test_a_note_says_when_layers_differ():
    result = run(*NET)
    assert result.exit_code == 0
    assert ("note: <command line>: 2 layers follow keras where Keras and PyTorch differ; "
            "--portability lists them") in result.output


def test_portability_lists_the_layers():
    result = run(*NET, "--portability")
    lines = result.output.splitlines()
    start = lines.index("Portability (<command line>; shown as keras): 2 layers differ "
                        "between Keras and PyTorch")
    assert lines[start + 1].split()[:2] == ["conv1", "padding"]
    assert lines[start + 2].split()[:3] == ["batchnorm1", "Keras", "counts"]
    assert "note:" not in result.output


def test_pytorch_framework_refuses_same_with_stride():
    result = run(*NET, "--framework", "pytorch", "--portability")
    assert result.exit_code == 1
    assert ("error: layer 1 (conv1): padding: PyTorch refuses padding='same' with stride > 1; "
            "write the padding. Fix: padding: 1") in result.output
    assert "batchnorm1  Keras counts" in result.output  # found by the Keras walk


def test_framework_in_a_yaml_spec():
    spec = "input: [8, 8, 4]\nframework: pytorch\nlayers:\n  - batchnorm\n"
    document = json.loads(run("-", "--format", "json", input=spec).output)
    assert document["totals"]["params"] == 2 * 4
    document = json.loads(run("-", "--format", "json", "--framework", "keras",
                              input=spec).output)
    assert document["totals"]["params"] == 4 * 4
