"""The JSON Schema: generated from the registry, shipped in the package, accepting every
spec the reader accepts and rejecting what it rejects (as far as a schema can tell)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, generated
from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc import loads
from cnncalc.cli import cli
from cnncalc.core.errors import SpecError
from cnncalc.layers import REGISTRY, LayerKind
from cnncalc.core.params import Choice, Int, Param
from cnncalc.read.schema import generate, text
from cnncalc.read.spec import TOP_KEYS

VALIDATOR = jsonschema.Draft7Validator(generate())


def schema_accepts(spec_text: str) -> bool:
    return VALIDATOR.is_valid(yaml.safe_load(spec_text))


def reader_accepts(spec_text: str) -> bool:
    try:
        loads(spec_text)
    except SpecError:
        return False
    return True


def test_the_shipped_schema_is_the_generated_one():
    generated(Path(str(resources.files("cnncalc").joinpath("spec.schema.json"))), text())


def test_the_command_prints_a_valid_draft7_schema():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == text()
    jsonschema.Draft7Validator.check_schema(json.loads(result.stdout))


def test_every_top_level_key_and_kind_is_in_it():
    schema = generate()
    assert list(schema["properties"]) == list(TOP_KEYS)
    kinds = schema["definitions"]["layer"]["oneOf"][1]["properties"]
    assert list(kinds) == list(REGISTRY)
    assert list(kinds["conv"]["properties"])[:2] == ["filters", "kernel"]
    assert kinds["conv"]["required"] == ["filters", "kernel"]


def test_a_new_kind_appears_without_schema_code(monkeypatch):
    class Shuffle(LayerKind, register=False):
        name = "shuffle"
        doc = "permutes channels in groups"
        params = (Param("groups", Int(), required=True),
                  Param("order", Choice(("forward", "reverse")), "forward"))

    monkeypatch.setitem(REGISTRY, "shuffle", Shuffle())
    validator = jsonschema.Draft7Validator(generate())
    spec = {"input": [4, 4, 8], "layers": [{"shuffle": {"groups": 2, "order": "reverse"}}]}
    assert validator.is_valid(spec)
    assert not validator.is_valid({"input": [4, 4, 8], "layers": [{"shuffle": {"order": "x"}}]})
    assert not validator.is_valid({"input": [4, 4, 8], "layers": ["shuffle"]})


@pytest.mark.parametrize("path", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_spec_validates(path):
    errors = [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []


LAYERS = "layers:\n  - conv: {filters: 4, kernel: 3}\n  - flatten\n"
BLOCKS = ("input: [8, 8, 1]\nblocks:\n  res:\n    params: {filters: 4}\n    layers:\n"
          "      - conv: {filters: $filters, kernel: 1}\n      - add: {inputs: [conv1, input]}\n"
          "layers:\n")
GOOD = [
    "input: [8, 8, 1]\n" + LAYERS,
    "name: n\ninput: [8, 8, 1]\nrounding: floor\nbias: false\nlayout: channels_first\n" + LAYERS,
    "input: [8, 8, 1]\nconstraints: {max_params: 0, max_params_per_layer: 9, output_shape: 4}\n"
    + LAYERS,
    "input: [8, 8, 1]\nconstraints:\n" + LAYERS,
    "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4, kernel: [3, 2], padding: same, "
    "stride: [1, 2], name: c, inputs: input}\n  - relu:\n  - leaky_relu: {negative_slope: 0.2}\n"
    "  - maxpool: {size: 2, padding: [0, 1]}\n  - dropout: {rate: 0.5}\n"
    "  - dense: {units: 3, bias: false, activation: softmax}\n",
    "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4, kernel: 1}\n"
    "  - add: {inputs: [conv1, input]}\n  - concat: {inputs: [add1, input], axis: -1}\n",
    BLOCKS + "  - conv: {filters: 4, kernel: 1}\n  - res: {filters: 4, repeat: 2, name: s}\n"
    "  - res\n",
    "input: [8]\nblocks:\nlayers: [relu]\n",
]
BAD = {
    "unknown kind": "input: [8, 8, 1]\nlayers:\n  - convolution: {filters: 4, kernel: 3}\n",
    "unknown top-level key": "input: [8, 8, 1]\nlayer:\n  - flatten\n",
    "unknown parameter": "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4, kernel: 3, "
                         "strides: 2}\n",
    "unknown constraint": "input: [8]\nconstraints: {max_weights: 5}\nlayers: [relu]\n",
    "text for an int": "input: [8, 8, 1]\nlayers:\n  - conv: {filters: '4', kernel: 3}\n",
    "float for an int": "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4.5, kernel: 3}\n",
    "bool for an int": "input: [8, 8, 1]\nlayers:\n  - dense: {units: true}\n",
    "text for a bool": "input: [8]\nbias: 'yes'\nlayers: [relu]\n",
    "unknown choice": "input: [8]\nrounding: round\nlayers: [relu]\n",
    "unknown activation": "input: [8]\nlayers:\n  - dense: {units: 2, activation: rleu}\n",
    "zero size": "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4, kernel: 0}\n",
    "negative size": "input: [8, 8, 1]\nlayers:\n  - conv: {filters: -4, kernel: 3}\n",
    "zero in the input": "input: [8, 0, 1]\nlayers: [relu]\n",
    "negative padding": "input: [8, 8, 1]\nlayers:\n  - maxpool: {size: 2, padding: -1}\n",
    "rate above 1": "input: [8]\nlayers:\n  - dropout: {rate: 1.5}\n",
    "too many axes": "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4, kernel: [3, 3, 3, 3]}\n",
    "too many input sizes": "input: [2, 2, 2, 2, 2]\nlayers: [relu]\n",
    "empty layer list": "input: [8]\nlayers: []\n",
    "missing input": "layers: [relu]\n",
    "missing layers": "input: [8]\n",
    "missing required parameter": "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4}\n",
    "bare kind with required parameters": "input: [8]\nlayers:\n  - dense\n",
    "two kinds in one item": "input: [8]\nlayers:\n  - {relu: {}, flatten: {}}\n",
    "layer named input": "input: [8]\nlayers:\n  - relu: {name: input}\n",
    "constraint of the wrong type": "input: [8]\nconstraints: {max_params: many}\n"
                                    "layers: [relu]\n",
    "zero output shape": "input: [8]\nconstraints: {output_shape: [0]}\nlayers: [relu]\n",
    "a block use without blocks": "input: [8]\nlayers:\n  - res: {filters: 4}\n",
    "a kind's bad value beside blocks": BLOCKS + "  - conv: {filters: 0, kernel: 1}\n",
    "a block named like a kind": "input: [8]\nblocks:\n  relu:\n    layers: [relu]\n"
                                 "layers: [relu]\n",
    "a block without layers": "input: [8]\nblocks:\n  b:\n    params: {}\nlayers: [b]\n",
    "a parameter named repeat": "input: [8]\nblocks:\n  b:\n    params: {repeat: 1}\n"
                                "    layers: [relu]\nlayers: [b]\n",
    "a name with a slash": "input: [8]\nlayers:\n  - relu: {name: a/b}\n",
}


@pytest.mark.parametrize("spec_text", GOOD)
def test_good_specs_pass_both_the_schema_and_the_reader(spec_text):
    assert (schema_accepts(spec_text), reader_accepts(spec_text)) == (True, True)


@pytest.mark.parametrize("spec_text", BAD.values(), ids=BAD.keys())
def test_bad_specs_fail_both_the_schema_and_the_reader(spec_text):
    assert (schema_accepts(spec_text), reader_accepts(spec_text)) == (False, False)


def test_what_only_the_reader_can_tell():
    """A schema sees values, not arithmetic between them: these pass it and fail the reader."""
    groups = "input: [8, 8, 4]\nlayers:\n  - conv: {filters: 6, kernel: 3, groups: 4}\n"
    twice = "input: [8]\nlayers:\n  - relu: {name: a}\n  - relu: {name: a}\n"
    for spec_text in (groups, twice):
        assert (schema_accepts(spec_text), reader_accepts(spec_text)) == (True, False)


# JSON Schema counts 2.0 as an integer and the reader does not; leave such floats out.
VALUES = st.one_of(
    st.integers(-3, 5), st.sampled_from([2**31, "3", "same", "valid", True, None, 1.5]),
    st.lists(st.integers(-1, 4), max_size=4))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["filters", "kernel", "stride", "padding",
                                        "dilation", "bias", "activation", "size"]),
                       VALUES, max_size=5))
def test_schema_and_reader_agree_on_conv_parameters(params):
    """The reader's per-value checks and the schema come from the same Param types, so for
    a kind whose `validate` adds nothing (conv without groups) they accept the same."""
    spec_text = json.dumps({"input": [16, 16, 2], "layers": [{"conv": params}]})
    assert schema_accepts(spec_text) == reader_accepts(spec_text)
