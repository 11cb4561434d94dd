"""Constraints: limits from the command line or the spec's `constraints:`, and what breaking
them says."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from cnncalc import analyze, load, loads
from cnncalc.cli import cli
from cnncalc.core.constraints import CONSTRAINTS, Constraint, Limit, each_at_most, enforce
from cnncalc.core.errors import SpecError
from cnncalc.core.params import Int, Param

TAEWAN = str(ROOT / "specs" / "taewan_39x31x1.yaml")
CONV1, CONV2, CONV3, CONV4 = (4 * 4 * 1 * 20 + 20, 3 * 3 * 20 * 40 + 40,
                              3 * 3 * 40 * 60 + 60, 2 * 2 * 60 * 80 + 80)
DENSE1 = 2 * 1 * 80 * 100 + 100
TOTAL = CONV1 + CONV2 + CONV3 + CONV4 + DENSE1  # 64,620

SMALL = """\
name: small
input: [8, 8, 1]
constraints:
  max_params: 300
layers:
  - conv: {filters: 4, kernel: 3}
  - maxpool: {size: 2}
  - flatten
  - dense: {units: 10}
"""
SMALL_PARAMS = (3 * 3 * 1 * 4 + 4) + (3 * 3 * 4 * 10 + 10)


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    return path


def check(*args):
    return CliRunner().invoke(cli, ["check", *args])


def errors(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("::error")]


def test_total_params_over_the_limit_says_by_how_much():
    result = check("--format", "github", "--max-params", "50000", TAEWAN)
    assert result.exit_code == 1
    assert TOTAL == 64_620
    assert errors(result) == [f"::error file={TAEWAN}::{TOTAL:,} params exceed --max-params "
                              f"50,000 by {TOTAL - 50_000:,}"]


def test_a_limit_equal_to_the_count_holds():
    assert check("--max-params", str(TOTAL), TAEWAN).exit_code == 0
    assert check("--max-params", str(TOTAL - 1), TAEWAN).exit_code == 1


def test_each_layer_over_the_per_layer_limit_is_an_error_on_its_line():
    result = check("--format", "github", "--max-params-per-layer", "10000", TAEWAN)
    assert errors(result) == [
        f"::error file={TAEWAN},line={line},col=5::layer {index} ({name}): {count:,} params "
        f"exceed --max-params-per-layer 10,000 by {count - 10_000:,}"
        for line, index, name, count in ((12, 5, "conv3", CONV3), (14, 7, "conv4", CONV4),
                                         (16, 9, "dense1", DENSE1))]


@pytest.mark.parametrize("shape, ok", [("100", True), ("10", False), ("10x10", False)])
def test_output_shape(shape, ok):
    result = check("--output-shape", shape, TAEWAN)
    assert result.exit_code == (0 if ok else 1)
    if not ok:
        wanted = "(" + ", ".join(shape.split("x")) + ("," if "x" not in shape else "") + ")"
        assert result.stdout.splitlines()[0] == (
            f"✗ {TAEWAN}:16:5: error: layer 9 (dense1): output shape (100,) differs from "
            f"--output-shape {wanted}")


def test_a_spec_carries_its_own_limits_located_at_their_key(small):
    result = check(str(small))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"✗ {small}:4:3: error: {SMALL_PARAMS} params exceed max_params 300 by "
        f"{SMALL_PARAMS - 300}")


def test_the_command_line_overrides_the_spec(small):
    assert check("--max-params", str(SMALL_PARAMS), str(small)).exit_code == 0
    assert check("--max-params", str(SMALL_PARAMS - 1), str(small)).stdout.startswith(
        f"✗ {small}: error: {SMALL_PARAMS} params exceed --max-params")


def test_summary_holds_the_spec_limits_too(small):
    result = CliRunner().invoke(cli, ["summary", "--format", "csv", str(small)])
    assert result.exit_code == 1
    assert result.stderr == (f"{small}:4:3: error: {SMALL_PARAMS} params exceed max_params 300 "
                             f"by {SMALL_PARAMS - 300}\n")


def test_summary_takes_the_limit_options():
    result = CliRunner().invoke(cli, ["summary", "--format", "csv", "--max-params", "9",
                                      "--input", "4", "dense:units=2"])
    assert result.exit_code == 1
    assert result.stderr == (f"<command line>: error: {4 * 2 + 2} params exceed --max-params 9 "
                             f"by 1\n")


@pytest.mark.parametrize("table, message", [
    ("{max_parms: 5}", "unknown constraint 'max_parms'; did you mean 'max_params'?"),
    ("{max_params: -1}", "constraints.max_params: must be ≥ 0, got -1"),
    ("{max_params: 1.5}", "constraints.max_params: expected an integer, got the number 1.5"),
    ("{output_shape: [0, 3]}", "constraints.output_shape: must be ≥ 1, got 0"),
    ("[max_params]", "constraints: expected a mapping like {max_params: 50000}, got "
                     "the list ['max_params']"),
])
def test_bad_constraints_are_spec_errors(table, message):
    with pytest.raises(SpecError) as caught:
        loads(f"input: [4]\nconstraints: {table}\nlayers: [{{dense: {{units: 2}}}}]\n")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.message, diagnostic.line) == (message, 2)


def test_limits_are_not_applied_to_a_report_that_already_failed():
    spec = loads("input: [5, 5, 1]\nconstraints: {max_params: 0}\n"
                 "layers: [{conv: {filters: 2, kernel: 2}}, {maxpool: {size: 3}}]\n")
    report = analyze(spec)
    assert [d.code for d in report.errors] == ["inexact", "inexact"]
    assert enforce(report, spec) is report


def test_enforce_returns_a_new_report_and_leaves_the_old_one_alone():
    spec = load(TAEWAN)
    report = analyze(spec)
    held = enforce(report, spec, [Limit("max_params", 1000, "--max-params")])
    assert report.valid and not held.valid
    assert held.rows == report.rows and held.totals == report.totals
    assert [(d.code, d.key) for d in held.errors] == [("constraint", "max_params")]


def test_a_new_constraint_is_one_entry(monkeypatch):
    """What `max_macs` will be once rows carry `macs`: here a ceiling on bias-free params
    (its noun is a message code, worded in each language's catalog)."""
    entry = Constraint(Param("max_weights_per_layer", Int(0), doc="most weights per layer"),
                       each_at_most("params_without_bias", "column.nobias"))
    monkeypatch.setitem(CONSTRAINTS, entry.name, entry)
    spec = loads("input: [4]\nconstraints: {max_weights_per_layer: 7}\n"
                 "layers: [{dense: {units: 2}}]\n")
    (error,) = enforce(analyze(spec), spec).errors
    assert error.message == (f"dense1: {4 * 2} params (no bias) exceed max_weights_per_layer 7 "
                             f"by 1")
    assert entry.option == "--max-weights-per-layer"


def test_max_macs_counts_every_multiply_accumulate(invoke):
    macs = (36 * 28 * 20 * 1 * 4 * 4 + 16 * 12 * 40 * 20 * 3 * 3 + 6 * 4 * 60 * 40 * 3 * 3
            + 2 * 1 * 80 * 60 * 2 * 2 + 160 * 100)
    result = invoke("check", "--max-macs", str(macs - 1), "specs/taewan_39x31x1.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"✗ specs/taewan_39x31x1.yaml: error: {macs:,} MACs exceed --max-macs {macs - 1:,} by 1")
    assert invoke("check", "--max-macs", str(macs), "specs/taewan_39x31x1.yaml").exit_code == 0
