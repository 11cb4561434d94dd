"""The README stays true: its kinds table comes from the registry, its example output is
what the tool prints, and its commands are what CI runs."""

import re
import shlex

import pytest

from conftest import ROOT, generated

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_kinds_table_is_generated_from_the_registry(invoke):
    table = invoke("kinds", "--format", "markdown").stdout
    generated(ROOT / "README.md", table, "<!-- kinds:start -->\n", "<!-- kinds:end -->")


def test_worked_example_output_is_what_the_tool_prints(invoke):
    shown = re.search(r"```text\n(taewan-39x31x1\n.*?)```", README, re.S).group(1)
    assert shown == invoke("summary", "specs/taewan_39x31x1.yaml").stdout


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)
    (test_command,) = [command for command in commands if "pytest" in command]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for step in test_command.split(" && ")[2:]:
        assert step in ci, step


def test_every_spec_in_the_repository_is_listed_and_valid(invoke):
    for path in sorted((ROOT / "specs").glob("*.yaml")):
        assert f"`specs/{path.name}`" in README
        assert invoke("summary", str(path)).exit_code == 0


def _shown_commands():
    """(command, expected lines) for every ```text block of the README that shows a run."""
    for block in re.findall(r"```text\n(\$ cnncalc .*?)```", README, re.S):
        command, *expected = block.rstrip("\n").split("\n")
        yield command[2:], expected


@pytest.mark.parametrize("command, expected", list(_shown_commands()),
                         ids=[c for c, _ in _shown_commands()])
def test_commands_shown_in_the_readme_print_what_it_shows(invoke, command, expected):
    result = invoke(*shlex.split(command)[1:])
    printed = (result.stdout + result.stderr).rstrip("\n").split("\n")
    if "..." in expected:  # an elided run: what is shown begins and ends its output
        cut = expected.index("...")
        head, tail = expected[:cut], expected[cut + 1:]
        assert printed[:len(head)] == head
        assert printed[len(printed) - len(tail):] == tail
    else:
        assert printed == expected


def test_the_bad_yaml_example_prints_what_the_readme_shows(invoke, tmp_path, monkeypatch):
    """Layers after an unknown kind keep their place in the numbering, and a misspelt
    required key is reported once, as the misspelling."""
    spec, shown = re.search(r"For this `bad.yaml`:\n\n```yaml\n(.*?)```.*?```text\n(.*?)```",
                            README, re.S).groups()
    (tmp_path / "bad.yaml").write_text(spec, encoding="utf-8")
    result = invoke("summary", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.replace(f"{tmp_path}/", "") == shown
