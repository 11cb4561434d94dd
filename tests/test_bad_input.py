"""Bad input: every case is a one-line error (file, line, column, layer, key), exit 1,
no traceback, in bounded time and memory."""

import time

import pytest

from cnncalc.layers import REGISTRY

BOMB = "".join(f"{a}: &{a} [{', '.join([f'*{p}' if p else '0'] * 9)}]\n"
               for a, p in zip("abcdefghi", [None, *"abcdefgh"]))

CASES = {
    "unknown kind": ("input: [8, 8, 1]\nlayers:\n  - convv: {filters: 2, kernel: 3}\n",
                     ["bad.yaml:3:5: error: layer 1: unknown layer kind 'convv'; "
                      "did you mean 'conv'?"]),
    "unknown key": ("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2, kernel: 3, strid: 2}\n",
                    ["bad.yaml:3:35: error: layer 1 (conv1): unknown conv parameter 'strid'; "
                     "did you mean 'stride'?"]),
    "missing key": ("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2}\n",
                    ["bad.yaml:3:5: error: layer 1 (conv1): kernel is required (kernel size). "
                     "Fix: add `kernel: …` to conv1"]),
    "boolean for an int": ("input: [8, 8, 1]\nlayers:\n  - conv: {filters: true, kernel: 3}\n",
                           ["bad.yaml:3:12: error: layer 1 (conv1): filters: expected an "
                            "integer, got the boolean true"]),
    "float for an int": ("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2, kernel: 2.5}\n",
                         ["bad.yaml:3:24: error: layer 1 (conv1): kernel: expected an integer, "
                          "got the number 2.5"]),
    "zero size": ("input: [8, 8, 1]\nlayers:\n  - maxpool: {size: 0}\n",
                  ["bad.yaml:3:15: error: layer 1 (maxpool1): size: must be ≥ 1, got 0"]),
    "negative size": ("input: [8, 8, 1]\nlayers:\n  - flatten\n  - dense: {units: -3}\n",
                      ["bad.yaml:4:13: error: layer 2 (dense1): units: must be ≥ 1, got -3"]),
    "absurd number": ("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 1.0e+400, kernel: 3}\n",
                      ["bad.yaml:3:12: error: layer 1 (conv1): filters: 1.0e+400 is too large "
                       "(at most 2,147,483,647)"]),
    "absurd integer": ("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 99999999999, kernel: 3}\n",
                       ["bad.yaml:3:12: error: layer 1 (conv1): filters: 99999999999 is too "
                        "large (at most 2,147,483,647)"]),
    "endless digits": (f"input: [8, 8, 1]\nlayers:\n  - conv: {{filters: {'9' * 5000}}}\n",
                       ["bad.yaml:3:12: error: layer 1 (conv1): filters: 99999999999999999999… "
                        "(5,000 characters) is too large (at most 2,147,483,647)",
                        "bad.yaml:3:5: error: layer 1 (conv1): kernel is required (kernel size). "
                        "Fix: add `kernel: …` to conv1"]),
    "empty file": ("", ["bad.yaml: error: empty spec: it needs at least `input:` and `layers:`"]),
    "not a mapping": ("- conv\n", ["bad.yaml:1:1: error: a spec is a mapping with `input:` and "
                                   "`layers:`"]),
    "no layers": ("input: [8, 8, 1]\n", ["bad.yaml:1:1: error: layers: expected a non-empty "
                                          "list of layers. Fix: layers: [{conv: {filters: "
                                          "20, kernel: 4}}]"]),
    "bad input shape": ("input: [8, 0]\nlayers: [flatten]\n",
                        ["bad.yaml:1:1: error: input: every size must be a whole number from 1 "
                         "to 2,147,483,647, got the number 0. Fix: input: [39, 31, 1] (spatial "
                         "sizes, then "
                         "channels)"]),
    "two kinds in one item": ("input: [8, 8, 1]\nlayers:\n  - conv: {filters: 2, kernel: 3}\n"
                              "    maxpool: {size: 2}\n",
                              ["bad.yaml:3:5: error: layer 1: expected a kind such as `flatten` "
                               "or `conv: {...}`, got conv, maxpool. Fix: one `- kind: {params}` "
                               "item per layer"]),
    "duplicate name": ("input: [8, 8, 1]\nlayers:\n  - relu: {name: a}\n  - relu: {name: a}\n",
                       ["bad.yaml:4:5: error: layer 2 (a): the name 'a' is already used"]),
    "duplicate key": ("input: [8, 8, 1]\ninput: [4, 4, 1]\nlayers: [flatten]\n",
                      ["bad.yaml:2:1: error: duplicate key 'input'"]),
    "python tag": ("input: !!python/object/apply:os.system ['echo hacked']\nlayers: [flatten]\n",
                   ["bad.yaml:1:8: error: the YAML tag !!python/object/apply:os.system is not "
                    "allowed: a spec holds only plain mappings, lists, numbers, text and "
                    "booleans"]),
    "alias bomb": (BOMB, ["bad.yaml:7:8: error: aliases add more than 1,000,000 values once "
                          "expanded (an alias bomb?)"]),
    "two documents": ("input: [8, 8, 1]\nlayers: [flatten]\n---\nx: 1\n",
                      ["bad.yaml:3:1: error: invalid YAML: expected a single document in the "
                       "stream but found another document"]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_spec_is_one_line_per_problem_and_exit_one(invoke, tmp_path, case):
    text, expected = CASES[case]
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    start = time.perf_counter()
    result = invoke("summary", str(tmp_path / "bad.yaml"))
    assert time.perf_counter() - start < 10  # bounded: a hang would fail, not time out CI
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert result.stderr.replace(str(tmp_path) + "/", "").rstrip("\n").split("\n") == \
        "\n".join(expected).split("\n")


def test_non_utf8_bytes(invoke, tmp_path):
    (tmp_path / "bad.yaml").write_bytes(b"input: [8, 8, 1]\nname: caf\xe9\n")
    result = invoke("summary", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}/bad.yaml:2:10: error: not UTF-8 text (byte 0xe9)\n"


def test_a_directory_and_a_missing_file(invoke, tmp_path):
    result = invoke("summary", str(tmp_path), str(tmp_path / "none.yaml"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path}: error: a directory without *.yaml or *.yml files",  # searched as check does
        f"{tmp_path}/none.yaml: error: no such file"]


def test_a_huge_file_is_refused_without_reading_it_all(invoke, tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(64 * 2**20)
    result = invoke("summary", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}: error: larger than 16 MiB; a spec is a few kB\n"


def test_all_problems_of_a_spec_are_reported_together(invoke, tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "input: [8, 8, 1]\nrounding: round\nlayers:\n  - conv: {filters: 0, kernel: 3}\n"
        "  - maxpool: {size: 2, stride: -1}\n  - dense: 10\n", encoding="utf-8")
    lines = invoke("summary", str(tmp_path / "bad.yaml")).stderr.splitlines()
    assert len(lines) == 4
    assert [line.split(": error: ")[0].rsplit(":", 2)[1:] for line in lines] == [
        ["2", "1"], ["4", "12"], ["5", "24"], ["6", "5"]]


@pytest.mark.parametrize("tokens, expected", [
    (["conv:filters=2,kernel"], "<command line>: error: layer 1: 'conv:filters=2,kernel': "
                                "expected key=value, got 'kernel'. Fix: write layers as "
                                "kind:key=value,key=value"),
    (["maxpool:size=0"], "<command line>: error: layer 1 (maxpool1): size: must be ≥ 1, got 0"),
    (["pool:size=2"], "<command line>: error: layer 1: unknown layer kind 'pool'; expected one "
                      "of " + ", ".join(REGISTRY)),
])
def test_bad_inline_layers_exit_one(invoke, tokens, expected):
    result = invoke("summary", "--input", "8x8x1", *tokens)
    assert result.exit_code == 1
    assert result.stderr.rstrip("\n") == expected


def test_bad_inline_input(invoke):
    result = invoke("summary", "--input", "8xax1", "flatten")
    assert result.exit_code == 1
    assert result.stderr.startswith("<command line>: error: input: expected a list of 1 to 4 "
                                    "sizes, got the text '8xax1'")


@pytest.mark.parametrize("text, position", [
    ("input: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:71"),  # once a crash in libyaml
    ("input: " + "[" * 70 + "]" * 70 + "\nlayers: [relu]\n", "1:71"),
    ("a:\n" + "".join("  " * depth + "b:\n" for depth in range(1, 80)), "65:129"),
])
def test_deep_nesting_is_refused_without_recursion(invoke, tmp_path, text, position):
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    result = invoke("summary", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path}/bad.yaml:{position}: error: nested more than 64 "
                             f"levels deep; a spec needs a few\n")


def test_an_alias_must_name_an_anchor_above_it(invoke, tmp_path):
    (tmp_path / "bad.yaml").write_text("input: *size\nlayers: [relu]\n", encoding="utf-8")
    result = invoke("summary", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path}/bad.yaml:1:8: error: invalid YAML: ")


def test_anchors_aliases_and_merge_keys_are_plain_yaml_features(invoke, tmp_path):
    (tmp_path / "ok.yaml").write_text(
        "input: [8, 8, 3]\nlayers:\n  - conv: &c3 {filters: 4, kernel: 3, padding: same}\n"
        "  - conv: *c3\n  - conv: {<<: *c3, filters: 8}\n", encoding="utf-8")
    result = invoke("summary", str(tmp_path / "ok.yaml"), "--format", "csv")
    assert result.exit_code == 0
    rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
    assert [(r[2], r[5], int(r[7])) for r in rows] == [
        ("conv1", "8x8x4", 3 * 3 * 3 * 4 + 4), ("conv2", "8x8x4", 3 * 3 * 4 * 4 + 4),
        ("conv3", "8x8x8", 3 * 3 * 4 * 8 + 8)]
