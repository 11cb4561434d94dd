"""`cnncalc kinds KIND`: one kind in full, from the registry, as the README's table says."""

import re

import pytest

from conftest import ROOT

from cnncalc.layers import REGISTRY
from cnncalc.layers.activation import ACTIVATIONS

CONV = """\
conv: convolution over 1, 2 or 3 spatial axes
  filters*             output channels
  kernel*              kernel size
  stride (1)
  padding (0)          zeros added on each side, valid (0), same, or `causal` (1-D: D·(K − 1) before)
  dilation (1)         spacing between kernel taps
  groups (1)           channel groups; filters and input channels must divide
  bias (—)             learn a bias; defaults to the spec's bias
  activation (linear)  applied to the output; shape and counts unchanged
output size per spatial axis: `(X + 2P − D·(K − 1) − 1)/S + 1`; channels = filters
learnable parameters: `C_in/groups · Π K · filters` weights, `filters` bias
"""


def test_kinds_conv_shows_its_parameters_and_rules(invoke):
    result = invoke("kinds", "conv")
    assert (result.exit_code, result.stdout, result.stderr) == (0, CONV, "")


def test_kinds_shows_several_kinds_in_full_in_order(invoke):
    result = invoke("kinds", "conv", "relu")
    assert result.exit_code == 0
    assert result.stdout == CONV + "\nrelu: relu activation\n  no parameters\n" \
        "output size per spatial axis: unchanged\nlearnable parameters: 0\n"


@pytest.mark.parametrize("name", REGISTRY)
def test_every_kind_can_be_shown_in_full(invoke, name):
    kind = REGISTRY[name]
    lines = invoke("kinds", name).stdout.splitlines()
    assert lines[0] == f"{name}: {kind.doc}"
    assert [line.split()[0] for line in lines[1:-2]] == (
        [p.describe().split()[0] for p in kind.params] or ["no"])
    assert lines[-2:] == [f"output size per spatial axis: {kind.output_rule}",
                          f"learnable parameters: {kind.count_rule}"]


@pytest.mark.parametrize("name, message", [
    ("convv", "unknown layer kind 'convv'; did you mean 'conv'?"),
    ("attention", "unknown layer kind 'attention'; `cnncalc kinds` lists them"),
])
def test_an_unknown_kind_is_a_usage_error(invoke, name, message):
    result = invoke("kinds", name)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '[KIND]...': {message}\n")


def test_the_readme_rules_table_is_the_registrys():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| kind | output size per spatial axis |"):]
    rows = re.findall(r"^\| (.+?) \| (.+) \| (.+?) \|$", table[:table.index("\n\n")], re.M)[1:]
    listed = []
    for kinds, output, count in rows:
        names = re.findall(r"`(\w+)`", kinds) + (
            list(ACTIVATIONS) if kinds.startswith("activations") else [])
        for name in names:
            assert (REGISTRY[name].output_rule, REGISTRY[name].count_rule) == (output, count)
        listed += names
    assert sorted(listed) == sorted(REGISTRY)
