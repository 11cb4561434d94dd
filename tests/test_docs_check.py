"""docs/check.md stays true: every `$ ...` line of its console examples is run, and what it
shows is what the tool prints (stdout then stderr; with `> FILE`, stderr, the file being
shown by a later `$ cat FILE`)."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT

DOC = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", DOC, re.S)


def _steps(block: str) -> list[tuple[str, str]]:
    """(command, the lines shown after it) for each `$ ` line of a block."""
    parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


def test_the_examples_are_found():
    assert [len(_steps(block)) for block in BLOCKS] == [2, 1, 2, 1, 1]


@pytest.mark.parametrize("block", BLOCKS, ids=[_steps(b)[0][0][:60] for b in BLOCKS])
def test_console_example_shows_what_the_tool_prints(invoke, block):
    files: dict[str, str] = {}
    status = None
    for command, shown in _steps(block):
        words = shlex.split(command)
        if words[0] == "echo":
            assert shown == f"{status}\n", command
            continue
        if words[0] == "cat":
            assert shown == files[words[1]], command
            continue
        assert words[0] == "cnncalc", command
        target = words[words.index(">") + 1] if ">" in words else None
        result = invoke(*(words[1:words.index(">")] if target else words[1:]))
        status = result.exit_code
        if target:
            files[target] = result.stdout
            assert shown == result.stderr, command
        else:
            assert shown == result.stdout + result.stderr, command
