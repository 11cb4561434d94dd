"""The pre-commit hook as another repository would run it: the files pre-commit would pass
(the hook's `files` and `types`), given to the hook's `entry` in a fresh git repository."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

HOOKS = ROOT / ".pre-commit-hooks.yaml"
GOOD = "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4, kernel: 3}\n  - flatten\n"
BAD = "input: [8, 8, 1]\nlayers:\n  - conv: {filters: 4, kernel: 3}\n  - maxpool: {size: 4}\n"
YAML_SUFFIXES = (".yaml", ".yml")  # what pre-commit's `types: [yaml]` selects by name


@pytest.fixture
def hook() -> dict:
    (definition,) = [h for h in yaml.safe_load(HOOKS.read_text()) if h["id"] == "cnncalc-check"]
    assert definition["language"] == "python"
    return definition


def command(entry: str) -> list[str]:
    """The entry as installed: the `cnncalc` console script next to this Python, or
    `python -m cnncalc` when the package is not installed as a script."""
    program, *args = shlex.split(entry)
    script = shutil.which(program, path=os.path.dirname(sys.executable))
    return ([script] if script else [sys.executable, "-m", "cnncalc"]) + args


def staged(repo: Path, hook: dict) -> list[str]:
    """The staged files pre-commit would hand the hook."""
    files = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=repo, check=True,
                           capture_output=True, text=True).stdout.split()
    assert hook["types"] == ["yaml"]
    return sorted(f for f in files if re.search(hook["files"], f) and f.endswith(YAML_SUFFIXES))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_the_hook_fails_on_an_invalid_spec_and_passes_once_it_is_fixed(tmp_path, hook):
    if shutil.which("git") is None:
        pytest.fail("git is needed to exercise the pre-commit hook")
    repo = tmp_path / "repo"
    (repo / "specs" / "nested").mkdir(parents=True)
    (repo / ".github").mkdir()
    git(repo, "init", "-q")
    (repo / "specs" / "good.yaml").write_text(GOOD)
    (repo / "specs" / "nested" / "bad.yml").write_text(BAD)
    (repo / ".github" / "ci.yml").write_text("on: push\n")  # YAML, but not a spec
    (repo / "specs" / "README.md").write_text("specs live here\n")
    git(repo, "add", "-A")

    files = staged(repo, hook)
    assert files == ["specs/good.yaml", "specs/nested/bad.yml"]
    run = subprocess.run(command(hook["entry"]) + files, cwd=repo, capture_output=True,
                         text=True, encoding="utf-8")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0] == f"✓ specs/good.yaml  output ({6 * 6 * 4},)  {3 * 3 * 1 * 4 + 4} params"
    assert lines[1].startswith("✗ specs/nested/bad.yml:4:5: error: layer 2 (maxpool1): height")
    assert lines[2] == "2 specs, 1 valid, 1 invalid"

    (repo / "specs" / "nested" / "bad.yml").write_text(BAD.replace("size: 4", "size: 2"))
    git(repo, "add", "-A")
    run = subprocess.run(command(hook["entry"]) + staged(repo, hook), cwd=repo,
                         capture_output=True, text=True, encoding="utf-8")
    assert (run.returncode, run.stdout.splitlines()[-1]) == (0, "2 specs, 2 valid, 0 invalid")


def test_the_hook_runs_once_for_all_files_so_there_is_one_tally(hook):
    """pre-commit splits the files among parallel runs unless the hook is serial."""
    assert hook["require_serial"] is True


def test_the_documented_local_hook_is_the_shipped_hook(hook):
    doc = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    config = yaml.safe_load(re.search(r"```yaml\n(repos:\n  - repo: local\n.*?)```", doc,
                                      re.S).group(1))
    (local,) = config["repos"][0]["hooks"]
    assert {key: local[key] for key in ("id", "entry", "require_serial")} == {
        key: hook[key] for key in ("id", "entry", "require_serial")}
    paths = ["specs/a.yaml", "specs/n/b.yml", "specs/README.md", ".github/ci.yml"]
    assert [p for p in paths if re.search(local["files"], p)] == [
        p for p in paths if re.search(hook["files"], p) and p.endswith(YAML_SUFFIXES)]


@pytest.mark.parametrize("path", ["README.md", *sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))])
def test_install_instructions_have_no_placeholders_to_fill_in(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert "OWNER" not in text and not re.search(r"rev: v\d", text)
