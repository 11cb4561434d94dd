"""The README stays true: its kinds table comes from the registry, its example output is
what the tool prints, and its commands are what CI runs."""

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_kinds_table_is_generated_from_the_registry(invoke):
    table = invoke("kinds", "--format", "markdown").stdout
    start, end = "<!-- kinds:start -->\n", "<!-- kinds:end -->"
    assert README[README.index(start) + len(start):README.index(end)] == table


def test_worked_example_output_is_what_the_tool_prints(invoke):
    shown = re.search(r"```text\n(taewan-39x31x1\n.*?)```", README, re.S).group(1)
    assert shown == invoke("summary", "specs/taewan_39x31x1.yaml").stdout


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)
    test_command = commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for step in test_command.split(" && ")[2:]:
        assert step in ci, step


def test_every_spec_in_the_repository_is_listed_and_valid(invoke):
    for path in sorted((ROOT / "specs").glob("*.yaml")):
        assert f"`specs/{path.name}`" in README
        assert invoke("summary", str(path)).exit_code == 0
