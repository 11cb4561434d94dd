"""The graph: layers read layers above them; unknown, forward and cyclic names are errors,
a branch whose output nobody reads is a warning."""

from __future__ import annotations

import json
import textwrap

from cnncalc import analyze, loads
from cnncalc.render import Options, render


def summary(text: str):
    return analyze(loads(textwrap.dedent(text).lstrip("\n")))


def test_a_residual_graph_walks_in_written_order():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 3, padding: 1, name: a}
          - relu
          - conv: {filters: 4, kernel: 3, padding: 1, name: b}
          - add: {inputs: [b, input]}
        """)
    assert report.valid and not report.warnings
    assert [row.inputs for row in report.rows] == [
        ("input",), ("a",), ("relu1",), ("b", "input")]
    assert report.totals.params == 2 * (4 * 3 * 3 * 4 + 4)
    document = json.loads(render("json", [report], Options()))
    assert document["layers"][3]["inputs"] == ["b", "input"]
    assert document["layers"][3]["input_shapes"] == [[8, 8, 4], [8, 8, 4]]
    assert "input_shapes" not in document["layers"][0]
    assert "| 4 | add1 | add | (8, 8, 4), (8, 8, 4) | (8, 8, 4) |" in render(
        "markdown", [report], Options())
    assert ",4,add1,add,8x8x4;8x8x4,8x8x4," in render("csv", [report], Options())


def test_unknown_input_suggests_the_closest_name():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 1, name: stem}
          - relu: {inputs: stme}
        """)
    (error,) = report.errors
    assert error.message == "relu1: inputs: no layer is named 'stme'"
    assert error.fixes == ("did you mean 'stem'?",)
    assert (error.line, error.column, error.key, error.code) == (4, 12, "inputs", "unknown-input")
    assert report.rows[-1].output_shape is None


def test_forward_reference_without_a_cycle_says_to_move_the_layer():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 1, name: a}
          - add: {inputs: [a, b]}
          - conv: {filters: 4, kernel: 1, inputs: a, name: b}
        """)
    (error,) = report.errors
    assert error.message == ("add1: inputs: 'b' is layer 3, written below this one; a layer "
                             "reads only layers above it")
    assert error.fixes == ("move add1 below b",)
    assert error.code == "forward-input"


def test_cycle_is_shown_in_the_direction_data_flows():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 1, name: a, inputs: c}
          - conv: {filters: 4, kernel: 1, name: b}
          - conv: {filters: 4, kernel: 1, name: c}
        """)
    (error,) = report.errors
    assert error.message == ("a: inputs: 'c' is written below this layer and reads it: the "
                             "cycle a → b → c → a")
    assert error.code == "cycle"
    assert report.rows[0].output_shape is None and len(report.rows) == 1


def test_a_layer_reading_itself():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - relu: {inputs: relu1}
        """)
    assert [e.message for e in report.errors] == ["relu1: inputs: a layer cannot read its own output"]


def test_every_wiring_error_is_reported_not_only_the_first():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 1, name: a}
          - relu: {inputs: nope}
          - relu: {inputs: [a, later]}
          - relu: {name: later}
        """)
    assert [(e.layer, e.code) for e in report.errors] == [
        ("relu1", "unknown-input"), ("relu2", "cycle")]


def test_an_unread_branch_is_a_warning_and_the_last_layer_is_not():
    report = summary("""
        input: [8, 8, 4]
        layers:
          - conv: {filters: 4, kernel: 1, name: a}
          - conv: {filters: 8, kernel: 1, inputs: input, name: forgotten}
          - relu: {inputs: a}
        """)
    assert report.valid
    (warning,) = report.warnings
    assert warning.message == ("forgotten: its output is never read: no later layer names it "
                               "in inputs, and only the last layer is the network's output")
    assert (warning.code, warning.line, warning.index) == ("unused", 4, 2)
    assert report.totals.params == (4 * 4 + 4) + (4 * 8 + 8)  # it still counts


def test_a_plain_chain_has_no_wiring_warnings():
    report = summary("""
        input: [8, 8, 4]
        layers: [relu, {conv: {filters: 2, kernel: 1}}, flatten, {dense: {units: 3}}]
        """)
    assert report.valid and not report.warnings
