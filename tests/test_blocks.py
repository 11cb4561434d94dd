"""Blocks: definitions, $parameters, repeat, nesting, scoped names, and where errors point."""

from __future__ import annotations

import textwrap
import time

import pytest

from cnncalc import analyze, loads
from cnncalc.read import unfold
from cnncalc.core.errors import SpecError

RESIDUAL = """
    input: [8, 8, 4]
    blocks:
      res:
        params: {filters: null, kernel: 3}
        layers:
          - conv: {filters: $filters, kernel: $kernel, padding: same, name: c1}
          - relu
          - conv: {filters: $filters, kernel: [$kernel, 1], padding: same, name: c2}
          - add: {inputs: [c2, input]}
    layers:
"""


def build(text: str):
    return loads(textwrap.dedent(text).lstrip("\n"))


def residual(*uses: str):
    return build(RESIDUAL + "".join(f"      - {use}\n" for use in uses))


def errors(text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        build(text)
    return [d.one_line() for d in caught.value.diagnostics]


def test_parameters_are_substituted_and_defaults_filled():
    spec = residual("res: {filters: 4}")
    c1, relu, c2, add = spec.layers
    assert (c1.params["filters"], c1.params["kernel"]) == (4, 3)
    assert c2.params["kernel"] == (3, 1)  # a $parameter inside a list
    assert [layer.name for layer in spec.layers] == [
        "res1/c1", "res1/relu1", "res1/c2", "res1/add1"]
    assert add.inputs == ("res1/c2", "input")  # `input` is what the instance reads
    assert {layer.block for layer in spec.layers} == {("res1",)}
    report = analyze(spec)
    assert report.valid
    assert report.totals.params == (4 * 3 * 3 * 4 + 4) + (4 * 3 * 1 * 4 + 4)


def test_repeat_chains_instances_each_reading_the_one_before():
    spec = residual("res: {filters: 4, kernel: 1, repeat: 3}")
    assert len(spec.layers) == 3 * 4
    assert [(i.path, i.input, i.output, i.first, i.last) for i in spec.instances] == [
        (("res1",), "input", "res1/add1", 1, 4),
        (("res2",), "res1/add1", "res2/add1", 5, 8),
        (("res3",), "res2/add1", "res3/add1", 9, 12),
    ]
    assert spec.layers[4].inputs == ("res1/add1",)
    assert spec.layers[7].inputs == ("res2/c2", "res1/add1")


def test_named_uses_and_references_to_an_instance_from_outside():
    spec = residual("res: {filters: 4, kernel: 1, repeat: 2, name: stage}",
                    "res: {filters: 4, kernel: 1, name: single}",
                    "add: {inputs: [stage.1, single, stage.2/c1]}")
    assert [i.path for i in spec.instances] == [("stage.1",), ("stage.2",), ("single",)]
    # naming an instance reads its last layer; a path reads a layer inside it
    assert spec.layers[-1].inputs == ("stage.1/add1", "single/add1", "stage.2/c1")
    assert analyze(spec).valid


def test_a_use_may_name_its_input():
    spec = residual("conv: {filters: 4, kernel: 1, name: stem}",
                    "relu: {name: side}",
                    "res: {filters: 4, kernel: 1, inputs: stem}",
                    "add: {inputs: [res1, side]}")
    assert spec.instances[0].input == "stem"
    assert spec.layers[2].inputs == ("stem",)
    assert analyze(spec).valid


def test_a_use_naming_an_instance_reads_its_last_layer_when_no_layer_names_one():
    # No layer has `inputs:`: the use's own `inputs:` is the only name to resolve.
    spec = build("""
        input: [8, 8, 4]
        blocks:
          pair:
            layers: [{conv: {filters: 4, kernel: 1}}, relu]
        layers:
          - pair: {name: a}
          - pair: {name: b}
          - pair: {inputs: a}
    """)
    assert [(i.path, i.input, i.output) for i in spec.instances] == [
        (("a",), "input", "a/relu1"), (("b",), "a/relu1", "b/relu1"),
        (("pair3",), "a/relu1", "pair3/relu1")]
    assert spec.layers[4].inputs == ("a/relu1",)
    assert analyze(spec).valid


NESTED = """
    input: [16, 16, 4]
    blocks:
      unit:
        params: {filters: null}
        layers:
          - conv: {filters: $filters, kernel: 3, padding: same}
      stage:
        params: {filters: null, units: 1}
        layers:
          - maxpool: {size: 2}
          - unit: {filters: $filters, repeat: $units}
    layers:
      - stage: {filters: 8, units: 2}
      - stage: {filters: 16}
"""


def test_blocks_nest_with_scoped_paths():
    spec = build(NESTED)
    assert [(layer.name, layer.block) for layer in spec.layers] == [
        ("stage1/maxpool1", ("stage1",)),
        ("stage1/unit1/conv1", ("stage1", "unit1")),
        ("stage1/unit2/conv1", ("stage1", "unit2")),
        ("stage2/maxpool1", ("stage2",)),
        ("stage2/unit1/conv1", ("stage2", "unit1")),
    ]
    assert [(i.path, i.kind, i.first, i.last) for i in spec.instances] == [
        (("stage1",), "stage", 1, 3), (("stage1", "unit1"), "unit", 2, 2),
        (("stage1", "unit2"), "unit", 3, 3), (("stage2",), "stage", 4, 5),
        (("stage2", "unit1"), "unit", 5, 5)]
    assert spec.layers[3].inputs == ("stage1/unit2/conv1",)
    report = analyze(spec)
    totals = {b.path: b.totals.params for b in report.blocks}
    unit8, unit16 = 4 * 3 * 3 * 8 + 8, 8 * 3 * 3 * 16 + 16
    assert totals == {("stage1",): unit8 + (8 * 3 * 3 * 8 + 8), ("stage1", "unit1"): unit8,
                      ("stage1", "unit2"): 8 * 3 * 3 * 8 + 8, ("stage2",): unit16,
                      ("stage2", "unit1"): unit16}
    assert report.totals.params == totals[("stage1",)] + totals[("stage2",)]
    assert [(b.input_shape, b.output_shape) for b in report.blocks][::3] == [
        ((16, 16, 4), (8, 8, 8)), ((8, 8, 8), (4, 4, 16))]


def test_use_errors_point_at_the_use():
    assert errors(RESIDUAL + "      - res: {filter: 4}\n") == [
        "<string>:11:11: error: res1: unknown res parameter 'filter'; did you mean 'filters'?",
        "<string>:11:5: error: res1: filters is required by block res. "
        "Fix: add `filters: …` to this use",
    ]
    assert errors(RESIDUAL + "      - res: {filters: 4, repeat: 0, inputs: [a, b]}\n") == [
        "<string>:11:23: error: res1: repeat: must be ≥ 1, got 0",
        "<string>:11:34: error: res1: inputs: a block reads one layer, got the list ['a', 'b']. "
        "Fix: merge the layers first, then give the block the merge",
    ]


def test_a_bad_value_points_where_it_was_written():
    # Given at the use (through $filters): the use's line, once for both layers that read
    # it; written in the block: the block's line.
    text = RESIDUAL.replace("padding: same, name: c1", "padding: -1, name: c1")
    assert errors(text + "      - res: {filters: 0}\n") == [
        "<string>:11:11: error: layer 1 (res1/c1): filters: must be ≥ 1, got 0",
        "<string>:6:52: error: layer 1 (res1/c1): padding: must be ≥ 0, got -1",
    ]


def test_a_mistake_in_a_block_is_reported_once_for_all_its_uses():
    text = RESIDUAL.replace("padding: same, name: c1", "padding: -1, name: c1")
    assert len(errors(text + "      - res: {filters: 4, repeat: 5}\n"
                             "      - res: {filters: 4}\n")) == 1


def test_shape_errors_name_the_instance_path_and_the_line_in_the_block():
    report = analyze(residual("res: {filters: 4, kernel: 1}", "res: {filters: 8, kernel: 1}"))
    (error,) = report.errors
    assert error.one_line() == (
        "<string>:9:15: error: layer 8 (res2/add1): cannot add (8, 8, 8) from res2/c2 and "
        "(8, 8, 4) from res1/add1: channels 8 ≠ 4 (sizes must be equal, or one of them 1). "
        "Fix: a 1×1 conv with filters: 8 after res1/add1 (a projection shortcut)")


DEFINITIONS = """
    input: [8, 8, 4]
    blocks:
      conv:
        layers: [relu]
      unused:
        params: {filters: null, repeat: 2}
        layers: [relu]
      typo:
        params: {filters: null}
        layers:
          - conv: {filters: $filtres, kernel: 1}
          - cnv: {filters: 3}
      shape:
        layer: [relu]
    layers:
      - conv: {filters: $filters, kernel: 1}
"""


def test_definitions_are_checked_even_when_unused():
    assert errors(DEFINITIONS) == [
        "<string>:3:3: error: block name 'conv' is already a layer kind. "
        "Fix: call the block conv_block",
        "<string>:6:29: error: block unused: 'repeat' cannot be a parameter name (letters, "
        "digits and _, other than repeat, name, inputs)",
        "<string>:13:3: error: block shape: expected `params:` (optional) and a non-empty "
        "`layers:` list. Fix: blocks: {basic: {params: {filters: null}, "
        "layers: [{conv: {filters: $filters, kernel: 3}}]}}",
        "<string>:11:16: error: filters: $filtres is not a parameter of block typo. "
        "Fix: $filters; or declare it in block typo: params: {filtres: null}",
        "<string>:12:9: error: block typo, layer 2: unknown layer kind 'cnv'; did you mean "
        "'conv'?",
        "<string>:16:12: error: layer 1: filters: $filters: only the layers of a block can "
        "use $parameters",
    ]


def test_a_block_that_contains_itself_is_an_error_not_a_hang():
    assert errors("""
        input: [8, 8, 4]
        blocks:
          a:
            layers: [relu, b]
          b:
            layers: [c]
          c:
            layers: [a]
          selfish:
            layers: [selfish]
        layers: [a, selfish]
        """) == [
        "<string>:8:14: error: block c uses a, which contains it: a → b → c → a. "
        "Fix: a block cannot contain itself",
        "<string>:10:14: error: block selfish uses selfish, which contains it: selfish → "
        "selfish. Fix: a block cannot contain itself",
    ]


def test_nesting_is_bounded():
    from cnncalc.read.blocks import MAX_DEPTH

    chain = "".join(f"  b{n}:\n    layers: [b{n + 1}]\n" for n in range(MAX_DEPTH + 5))
    text = f"input: [8]\nblocks:\n{chain}  b{MAX_DEPTH + 5}:\n    layers: [relu]\nlayers: [b0]\n"
    (message,) = [line for line in errors(text)]
    assert f"blocks nest more than {MAX_DEPTH} deep (through b0 → b1 → " in message
    # exactly MAX_DEPTH levels are fine
    chain = "".join(f"  b{n}:\n    layers: [b{n + 1}]\n" for n in range(MAX_DEPTH - 1))
    text = f"input: [8]\nblocks:\n{chain}  b{MAX_DEPTH - 1}:\n    layers: [relu]\nlayers: [b0]\n"
    assert len(build(text).layers[0].block) == MAX_DEPTH


def test_expansion_is_bounded(monkeypatch):
    monkeypatch.setattr(unfold, "MAX_LAYERS", 1000)
    started = time.perf_counter()
    nested = "".join(f"  x{n}:\n    layers: [{{x{n + 1}: {{repeat: 1000}}}}]\n"
                     for n in range(5))
    text = f"input: [8]\nblocks:\n{nested}  x5:\n    layers: [relu]\nlayers:\n" \
           f"  - x0: {{repeat: 2000000000}}\n"
    # the first layer past the bound: x5's relu, in the second x4 instance
    assert errors(text) == ["<string>:14:14: error: more than 1,000 layers, the limit of a "
                            "spec, once blocks are expanded (inside x0_1/x1_1/x2_1/x3_1/x4_2/"
                            "x5_1); is a repeat: too large?"]
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("params", ["", "params: {filters: 4}, "])
def test_a_blocks_items_are_read_once_per_use_not_per_instance(monkeypatch, params):
    calls = []
    read = unfold.Reader.item
    monkeypatch.setattr(unfold.Reader, "item", lambda self, item, *rest: (
        calls.append(item), read(self, item, *rest))[1])
    spec = build(f"""
        input: [8, 8, 4]
        blocks:
          pair: {{{params}layers: [{{conv: {{filters: 4, kernel: 1}}}}, relu]}}
        layers:
          - pair: {{repeat: 500}}
          - pair: {{repeat: 2}}
    """)
    assert len(spec.layers) == 2 * 502
    # the definition's check, then each use: not 2 per instance
    assert calls.count("relu") == 1 + 2


NESTED_MISTAKE = """
    input: [8]
    blocks:
      outer:
        layers: [inner]
      inner:
        layers: [relu, MISTAKE]
    layers:
      - outer: {repeat: 2000000000}
"""


@pytest.mark.parametrize("mistake, message", [
    # found while expanding: named by the instance path; the repeat stops there
    ("{relu: {bad: 1}}", "<string>:6:28: error: layer 2 (outer1/inner1/relu2): unknown relu "
                         "parameter 'bad'; expected one of name, inputs"),
    # found in the definition: inner is broken, so outer is too, and no use is expanded
    ("cnv", "<string>:6:20: error: block inner, layer 2: unknown layer kind 'cnv'; did you "
            "mean 'conv'?"),
])
def test_a_mistake_in_an_inner_block_stops_a_huge_repeat(mistake, message):
    started = time.perf_counter()
    assert errors(NESTED_MISTAKE.replace("MISTAKE", mistake)) == [message]
    assert time.perf_counter() - started < 2


def test_names_are_unique_across_instances_and_layers():
    assert errors(RESIDUAL + "      - relu: {name: res1}\n"
                             "      - res: {filters: 4}\n") == [
        "<string>:12:5: error: res1: the name 'res1' is already used"]
    assert errors(RESIDUAL + "      - relu: {name: a/b}\n") == [
        "<string>:11:12: error: layer 1: name: expected non-empty text other than "
        "'input', without '/', got the text 'a/b'"]


def test_wiring_inside_blocks_is_checked_with_scoped_names():
    text = RESIDUAL.replace("inputs: [c2, input]", "inputs: [c3, input]")
    report = analyze(build(text + "      - res: {filters: 4}\n"))
    assert [e.message for e in report.errors] == ["res1/add1: inputs: no layer is named "
                                                  "'c3' in block instance res1"]
    assert report.errors[0].fixes == ("did you mean 'c2'?",)


def test_an_unread_layer_in_a_block_is_reported_once_for_all_instances():
    text = RESIDUAL.replace("inputs: [c2, input]", "inputs: [c1, input]")
    report = analyze(build(text + "      - res: {filters: 4, repeat: 3}\n"))
    assert report.valid
    assert [w.message for w in report.warnings] == [
        "res1/c2: its output is never read (and in 2 more block instances): no later layer "
        "names it in inputs, and only the last layer is the network's output"]
