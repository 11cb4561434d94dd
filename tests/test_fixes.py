"""Fixes that make sense: an error says what the user wrote (not the scoped name it was
taken for) and a fix that can be written as given."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from cnncalc.cli import cli

BLOCK = """\
input: [8, 8, 1]
blocks:
  b:
    params: {{filters: null}}
    layers:
      - conv:
          filters: {value}
          kernel: 1
      - add: {{inputs: [{read}, conv1]}}
layers:
  - conv: {{filters: 2, kernel: 1, name: stem}}
  - b: {{filters: 2, name: u1}}
  - b: {{filters: 2, repeat: 3, name: s}}
  - add: {{inputs: [{top}, stem]}}
"""


def errors(value="$filters", read="input", top="s.3") -> list[str]:
    result = CliRunner().invoke(cli, ["summary", "-"], input=BLOCK.format(
        value=value, read=read, top=top))
    return [line for line in result.stderr.splitlines() if " error: " in line]


@pytest.mark.parametrize("value, line", [
    ("${width}", "filters: ${width} is not a $parameter: write $ and the name (letters, digits "
                 "and _). Fix: write $width and declare it in block b: params: {width: null}"),
    ("${filters}", "filters: ${filters} is not a $parameter: write $ and the name (letters, "
                   "digits and _). Fix: $filters"),
    ("$(filters)", "filters: $(filters) is not a $parameter: write $ and the name (letters, "
                   "digits and _). Fix: $filters"),
    ("$filtres", "filters: $filtres is not a parameter of block b. Fix: $filters; or declare "
                 "it in block b: params: {filtres: null}"),
    ("$", "filters: $ is not a $parameter: write $ and the name (letters, digits and _). Fix: "
          "$ and a name declared under block b's params:"),
])
def test_a_parameter_written_wrong_gets_a_fix_that_can_be_written(value, line):
    assert errors(value=value) == [f"-:7:11: error: {line}"]


def test_every_declaration_suggested_is_yaml_for_the_block():
    fix = errors(value="${width}")[0].split("params: ", 1)[1]
    assert yaml.safe_load(fix) == {"width": None}


def test_a_block_reading_a_layer_outside_it_is_told_how_to_pass_it_in():
    assert errors(read="stem") == [
        f"-:9:15: error: layer {i} ({name}/add1): inputs: no layer is named 'stem' in block "
        f"instance {name}: a block's layers read only each other and 'input'; 'stem' is "
        f"outside it. Fix: give the use that makes {name} `inputs: stem`, and read it here as "
        f"'input'" for i, name in ((3, "u1"), (5, "s.1"), (7, "s.2"), (9, "s.3"))]


def test_a_misspelt_name_in_a_block_is_said_as_written():
    assert errors(read="con1")[0] == (
        "-:9:15: error: layer 3 (u1/add1): inputs: no layer is named 'con1' in block instance "
        "u1. Fix: did you mean 'conv1'?")


def test_reading_a_repeat_by_its_name_points_at_its_instances():
    assert errors(top="s") == [
        "-:14:11: error: layer 10 (add1): inputs: no layer is named 's': the repeat s made the "
        "instances s.1 … s.3. Fix: did you mean 's.3' (the last)?"]


def test_a_name_nothing_is_close_to_says_what_can_be_read():
    assert errors(top="zzz") == [
        "-:14:11: error: layer 10 (add1): inputs: no layer is named 'zzz'. Fix: name a layer "
        "written above add1, or 'input'"]
