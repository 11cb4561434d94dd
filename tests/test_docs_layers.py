"""docs/layers.md stays true: every `$ cnncalc …` example shows what the tool prints
(stdout, then stderr, as a terminal shows them)."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

DOC = (ROOT / "docs" / "layers.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```\n\$ cnncalc (.*?)\n(.*?)```", DOC, re.S)


def test_the_examples_are_found():
    assert len(EXAMPLES) == 5


@pytest.mark.parametrize("command, shown", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_example_output_is_what_the_tool_prints(invoke, command, shown):
    result = invoke(*shlex.split(command))
    assert result.stdout + result.stderr == shown
