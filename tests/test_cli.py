"""The command line: formats, exit codes, stdin and the documented behaviour of `summary`."""

import csv
import io
import json
import subprocess
import sys

import pytest

WORKED = "specs/taewan_39x31x1.yaml"
INLINE = ["--input", "39x31x1", "conv:filters=20,kernel=4", "maxpool:size=2",
          "conv:filters=40,kernel=3", "maxpool:size=2", "conv:filters=60,kernel=3",
          "maxpool:size=2", "conv:filters=80,kernel=2", "flatten",
          "dense:units=100,activation=softmax", "--name", "taewan-39x31x1"]


@pytest.mark.parametrize("fmt, suffix", [("table", "txt"), ("markdown", "md"),
                                         ("csv", "csv"), ("json", "json")])
def test_each_format_of_the_worked_example(invoke, golden, fmt, suffix):
    result = invoke("summary", WORKED, "--format", fmt)
    assert result.exit_code == 0
    golden(f"taewan.{suffix}", result.stdout)


def test_explain_output(invoke, golden):
    result = invoke("summary", WORKED, "--explain")
    assert result.exit_code == 0
    golden("taewan_explain.txt", result.stdout)


def test_inline_form_prints_the_same_table(invoke):
    assert invoke("summary", *INLINE).stdout == invoke("summary", WORKED).stdout


def test_stdin(invoke):
    from conftest import ROOT

    text = (ROOT / WORKED).read_text(encoding="utf-8")
    result = invoke("summary", "-", "--format", "json", input=text)
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["file"] == "-"
    macs = (36 * 28 * 20 * 4 * 4 * 1 + 16 * 12 * 40 * 3 * 3 * 20 + 6 * 4 * 60 * 3 * 3 * 40
            + 2 * 1 * 80 * 2 * 2 * 60 + 160 * 100)
    outputs = (36 * 28 * 20 + 18 * 14 * 20 + 16 * 12 * 40 + 8 * 6 * 40 + 6 * 4 * 60
               + 3 * 2 * 60 + 2 * 1 * 80 + 160 + 100)
    biases = 36 * 28 * 20 + 16 * 12 * 40 + 6 * 4 * 60 + 2 * 1 * 80 + 100
    assert document["totals"] == {"params": 64_620, "params_without_bias": 64_320,
                                  "trainable": 64_620, "non_trainable": 0,
                                  "macs": macs, "flops": 2 * macs + biases,
                                  "activation_bytes": 4 * outputs, "param_bytes": 4 * 64_620,
                                  "partial": False}


def test_json_follows_the_contract(invoke):
    document = json.loads(invoke("summary", WORKED, "--format", "json").stdout)
    assert document["name"] == "taewan-39x31x1"
    assert document["input_shape"] == [39, 31, 1]
    assert document["valid"] is True
    assert document["layers"][0] == {
        "index": 1, "name": "conv1", "kind": "conv", "input_shape": [39, 31, 1],
        "output_shape": [36, 28, 20], "params": 340, "params_without_bias": 320,
        "trainable": 340, "non_trainable": 0, "inputs": ["input"],
        "macs": 36 * 28 * 20 * 4 * 4, "flops": 2 * 36 * 28 * 20 * 4 * 4 + 36 * 28 * 20,
        "activation_elements": 36 * 28 * 20, "activation_bytes": 4 * 36 * 28 * 20,
        "param_bytes": 4 * 340, "receptive_field": [{"size": 4, "jump": 1, "start": 2}] * 2,
        "valid": True}
    assert document["totals"]["params"] == sum(layer["params"] for layer in document["layers"])
    assert document["errors"] == [] and document["warnings"] == []


def test_several_specs_in_json_are_a_list_and_one_bad_one_sets_the_exit_code(invoke):
    result = invoke("summary", WORKED, "specs/mnist_seed003.yaml", "missing.yaml",
                    "--format", "json")
    assert result.exit_code == 1
    documents = json.loads(result.stdout)
    assert [d["valid"] for d in documents] == [True, True, False]
    assert documents[2]["errors"][0]["message"] == "no such file"


def test_csv_rows_add_up(invoke):
    rows = list(csv.DictReader(io.StringIO(invoke("summary", WORKED, "--format", "csv").stdout)))
    assert sum(int(r["params"]) for r in rows) == 64_620
    assert rows[0]["output_shape"] == "36x28x20"


def test_rounding_override_on_the_command_line(invoke):
    result = invoke("summary", "specs/tensorflow_cnn_28x28x1.yaml", "--rounding", "strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "specs/tensorflow_cnn_28x28x1.yaml:11:5: error: layer 4 (maxpool2): height "
        "(11 − 2)/2 + 1 = 5.5 is not an integer. Fix: an input height of 12 instead of 11; "
        "or padding: same on maxpool2 (output ceil(X/S)); or a network input of 26×26×1 or "
        "30×30×1 (cnncalc sizes lists every size); or rounding: floor drops 1 row; "
        "or rounding: ceil keeps a partial window",
        "specs/tensorflow_cnn_28x28x1.yaml:11:5: error: layer 4 (maxpool2): width "
        "(11 − 2)/2 + 1 = 5.5 is not an integer. Fix: an input width of 12 instead of 11; "
        "or padding: same on maxpool2 (output ceil(X/S)); or a network input of 26×26×1 or "
        "30×30×1 (cnncalc sizes lists every size); or rounding: floor drops 1 column; "
        "or rounding: ceil keeps a partial window",
    ]


def test_floor_warnings_go_to_stderr_and_exit_zero(invoke):
    result = invoke("summary", "specs/keras_120x60x1.yaml")
    assert result.exit_code == 0
    assert result.stderr.startswith("specs/keras_120x60x1.yaml:12:5: warning: layer 6 "
                                    "(maxpool3): width (9 − 2)/2 + 1 = 4.5 rounded down to 4")


def test_no_colour_codes_when_piped(invoke):
    assert "\x1b[" not in invoke("summary", WORKED).stdout


@pytest.mark.parametrize("args", [[], ["summary"], ["summary", "--format", "xml", WORKED],
                                  ["summary", "--rounding", "up", WORKED], ["nope"]])
def test_usage_errors_exit_two(invoke, args):
    assert invoke(*args).exit_code == 2


def test_help_lists_every_command_with_its_docstring(invoke):
    from cnncalc.cli import cli
    text = invoke("--help").stdout
    for name in cli.list_commands(None):
        command = cli.get_command(None, name)
        assert name in text
        assert command.help and command.help.split("\n")[0] in invoke(name, "-h").stdout


def test_kinds_lists_the_registry(invoke):
    from cnncalc.layers import REGISTRY
    lines = invoke("kinds").stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(REGISTRY)
    conv = next(line for line in lines if line.startswith("conv "))
    assert conv.split(None, 1)[1] == ("filters*, kernel*, stride (1), padding (0), dilation (1), "
                                      "groups (1), bias (—), activation (linear)")


def test_version(invoke):
    assert invoke("--version").stdout.startswith("cnncalc, version ")


def test_a_summary_imports_its_own_command_only():
    """Start-up (issue 15): the group imports a command's module when that command runs, so
    a piped summary loads neither the other commands nor what they need (backends, json,
    fractions, rich, nor unicodedata, which only names a non-ASCII digit). Checked with the import system, in a fresh process."""
    code = ("import sys\nfrom cnncalc.cli import cli\n"
            f"cli(['summary', {WORKED!r}], standalone_mode=False)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('cnncalc.cli', "
            "'cnncalc.backends')) or m in ('json', 'fractions', 'decimal', 'rich', "
            "'unicodedata')), "
            "file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         encoding="utf-8", check=True)
    assert run.stderr.splitlines()[-1] == str(["cnncalc.cli", "cnncalc.cli.language",
                                               "cnncalc.cli.options", "cnncalc.cli.shared",
                                               "cnncalc.cli.summary"])


def fresh_process(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8")


def test_a_summary_imports_the_families_of_its_kinds_only():
    """Start-up (issue 15): the registry imports a family's module when one of its kinds is
    looked up; the worked example's conv, maxpool, flatten and dense (whose `activation:`
    names an activation) need five of the thirteen."""
    run = fresh_process(
        "import sys\nfrom cnncalc.cli import cli\nfrom cnncalc.layers.registry import MODULES\n"
        f"cli(['summary', {WORKED!r}], standalone_mode=False)\n"
        "print(sorted(m for m in MODULES if 'cnncalc.layers.' + m in sys.modules), "
        "file=sys.stderr)")
    assert run.stderr.splitlines()[-1] == str(["activation", "conv", "dense", "pool", "shape"])


def test_an_unknown_kind_is_told_every_kind_before_any_family_is_imported():
    from cnncalc.layers.registry import MODULES

    run = fresh_process("from cnncalc.cli import cli\ncli(['summary', '--input', '8x8x1', "
                        "'pool:size=2'], prog_name='cnncalc')")
    assert run.returncode == 1
    every = ", ".join(name for names in MODULES.values() for name in names)
    assert run.stderr == ("<command line>: error: layer 1: unknown layer kind 'pool'; "
                          f"expected one of {every}\n")
