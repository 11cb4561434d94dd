"""`cnncalc check`: which files a run finds, what each format prints, the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from cnncalc.cli import cli
from cnncalc.core.errors import Diagnostic
from cnncalc.render.check.github import annotation

# conv (8 − 3)/1 + 1 = 6 → (6, 6, 4); maxpool → (3, 3, 4); flatten 36; dense 10.
GOOD = """\
name: tiny
input: [8, 8, 1]
layers:
  - conv: {filters: 4, kernel: 3}
  - maxpool: {size: 2}
  - flatten
  - dense: {units: 10}
"""
GOOD_PARAMS = (3 * 3 * 1 * 4 + 4) + (3 * 3 * 4 * 10 + 10)

# maxpool 4 on 6: (6 − 4)/4 + 1 = 1.5 on height (line 5) and on width.
BAD = """\
name: broken
input: [8, 8, 1]
layers:
  - conv: {filters: 4, kernel: 3}
  - maxpool: {size: [4, 2]}
  - flatten
"""
BAD_LINE = ("✗ bad.yaml:5:5: error: layer 2 (maxpool1): height (6 − 4)/4 + 1 = 1.5 is not an "
            "integer. Fix: an input height of 8 instead of 6; or padding: same on maxpool1 "
            "(output ceil(X/S)); or size: 3 on maxpool1 (divides the input); or a network input "
            "of 6×8×1 or 10×8×1 (cnncalc sizes lists every size); or rounding: floor drops 2 "
            "rows; or rounding: ceil keeps a partial window")
GOOD_LINE = f"✓ good.yaml  tiny  output (10,)  {GOOD_PARAMS:,} params"


def run(*args):
    return CliRunner().invoke(cli, ["check", *args])


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A working directory to write spec files into; paths in the output are relative."""
    monkeypatch.chdir(tmp_path)

    def write(path: str, text: str | bytes = GOOD):
        file = tmp_path / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            file.write_bytes(text)
        else:
            file.write_text(text, encoding="utf-8")
        return path
    return write


def test_one_line_per_spec_then_the_tally(repo):
    repo("good.yaml")
    repo("bad.yaml", BAD)
    result = run("good.yaml", "bad.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [GOOD_LINE, BAD_LINE, "2 specs, 1 valid, 1 invalid"]
    assert result.stderr == ""


def test_all_valid_exits_0(repo):
    repo("good.yaml")
    result = run("good.yaml")
    assert (result.exit_code, result.stdout) == (0, f"{GOOD_LINE}\n1 spec, 1 valid, 0 invalid\n")


def test_more_errors_are_counted_on_the_line(repo):
    repo("bad.yaml", BAD.replace("[4, 2]", "4"))
    line = run("bad.yaml").stdout.splitlines()[0]
    assert line.startswith("✗ bad.yaml:5:5: error: layer 2 (maxpool1): height")
    assert line.endswith("  (+1 more)")


def test_warnings_are_counted_on_a_valid_line(repo):
    repo("floor.yaml", BAD.replace("name: broken", "name: floored\nrounding: floor"))
    result = run("floor.yaml")
    assert result.exit_code == 0
    params = 3 * 3 * 1 * 4 + 4
    assert result.stdout.splitlines()[0] == (
        f"✓ floor.yaml  floored  output ({1 * 3 * 4},)  {params} params  (1 warning)")


def test_directories_are_searched_in_path_order_skipping_hidden_and_other_files(repo):
    for path in ("specs/b.yaml", "specs/a/z.yml", "specs/a.yaml", "specs/.hidden/x.yaml",
                 "specs/.pre-commit-config.yaml", "specs/readme.txt", "other/c.yaml"):
        repo(path)
    lines = run("specs").stdout.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == [
        "specs/a/z.yml", "specs/a.yaml", "specs/b.yaml"]
    assert lines[-1] == "3 specs, 3 valid, 0 invalid"


def test_quoted_globs_are_expanded_recursively_and_sorted(repo):
    for path in ("m/x/two.yaml", "m/one.yaml", "m/skip.yml"):
        repo(path)
    lines = run("m/**/*.yaml").stdout.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == ["m/one.yaml", "m/x/two.yaml"]


def test_a_file_named_twice_is_checked_once(repo):
    repo("specs/good.yaml")
    result = run("specs", "specs/good.yaml", "./specs/good.yaml")
    assert result.stdout.splitlines()[-1] == "1 spec, 1 valid, 0 invalid"


def test_every_spec_is_reported_when_some_are_unreadable(repo):
    repo("good.yaml")
    repo("latin1.yaml", "name: caf\xe9\n".encode("latin-1"))
    repo("broken.yaml", "input: [8, 8, 1\nlayers: []\n")
    repo("empty/readme.txt", "not a spec")
    result = run("missing.yaml", "latin1.yaml", "empty", "nothing*.yaml", "broken.yaml",
                 "good.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "✗ missing.yaml: error: no such file"
    assert lines[1] == "✗ latin1.yaml:1:10: error: not UTF-8 text (byte 0xe9)"
    assert lines[2] == "✗ empty: error: a directory without *.yaml or *.yml files"
    assert lines[3] == "✗ nothing*.yaml: error: no file matches this pattern"
    assert lines[4].startswith("✗ broken.yaml:2:7: error: invalid YAML:")
    assert lines[5] == GOOD_LINE
    assert lines[6] == "6 specs, 1 valid, 5 invalid"


def test_rounding_applies_to_every_spec(repo):
    repo("bad.yaml", BAD)
    repo("good.yaml")
    result = run("--rounding", "floor", "bad.yaml", "good.yaml")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2 specs, 2 valid, 0 invalid"


@pytest.mark.parametrize("args", [(), ("--format", "xml", "x.yaml"),
                                  ("--max-params", "lots", "x.yaml"),
                                  ("--rounding", "up", "x.yaml")])
def test_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_json_is_a_list_of_spec_documents_even_for_one_spec(repo):
    repo("good.yaml")
    repo("bad.yaml", BAD)
    for paths, count in ((["good.yaml"], 1), (["good.yaml", "bad.yaml"], 2)):
        result = run("--format", "json", *paths)
        documents = json.loads(result.stdout)
        assert len(documents) == count
        assert result.stderr == f"{count} spec{'s' * (count > 1)}, 1 valid, {count - 1} invalid\n"
    good, bad = documents
    assert (good["name"], good["valid"], good["totals"]["params"]) == ("tiny", True, GOOD_PARAMS)
    assert sum(layer["params"] for layer in good["layers"]) == good["totals"]["params"]
    assert bad["valid"] is False
    assert [(e["layer"], e["index"], e["line"], e["column"], e["file"]) for e in bad["errors"]] \
        == [("maxpool1", 2, 5, 5, "bad.yaml")]
    assert result.exit_code == 1


def test_github_prints_one_workflow_command_per_problem(repo):
    repo("good.yaml")
    repo("bad.yaml", BAD)
    repo("floor.yaml", BAD.replace("name: broken", "name: floored\nrounding: floor"))
    result = run("--format", "github", "good.yaml", "bad.yaml", "floor.yaml", "gone.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=bad.yaml,line=5,col=5::" + BAD_LINE.split("error: ", 1)[1],
        "::warning file=floor.yaml,line=6,col=5::layer 2 (maxpool1): height (6 − 4)/4 + 1 = "
        "1.5 rounded down to 1; the last 2 rows of the input not covered",
        "::error file=gone.yaml::no such file",
        "4 specs, 2 valid, 2 invalid",
    ]


def test_github_escapes_data_and_properties():
    diagnostic = Diagnostic("100% wrong\r\nsecond line", file="odd,name:1.yaml", line=3,
                            column=1, severity="warning")
    assert annotation(diagnostic) == (
        "::warning file=odd%2Cname%3A1.yaml,line=3,col=1::100%25 wrong%0D%0Asecond line")


def test_junit_has_one_testcase_per_spec_and_a_failure_per_invalid_one(repo):
    repo("good.yaml")
    repo("bad.yaml", BAD)
    result = run("--format", "junit", "good.yaml", "bad.yaml", "gone.yaml")
    assert result.exit_code == 1
    assert result.stderr == "3 specs, 1 valid, 2 invalid\n"
    root = ET.fromstring(result.stdout)
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["good.yaml", "bad.yaml", "gone.yaml"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure.get("message") == BAD_LINE[2:]
    assert failure.get("type") == "inexact"
    assert failure.text == BAD_LINE[2:]
    assert cases[2].find("failure").get("message") == "gone.yaml: error: no such file"


def test_junit_stays_well_formed_with_control_characters(repo):
    repo("odd.yaml", 'name: "a\\x01b"\ninput: [4]\nlayers: [{dense: {units: 2}}]\n')
    root = ET.fromstring(run("--format", "junit", "odd.yaml").stdout)
    assert root.find("testsuite").get("tests") == "1"


def test_check_stays_import_light(tmp_path):
    """CI runs it on every push: no numpy, torch or rich behind any of its formats."""
    (tmp_path / "good.yaml").write_text(GOOD)
    code = ("import sys\nfrom cnncalc.cli import cli\n"
            "for fmt in ('text', 'json', 'github', 'junit'):\n"
            "    cli(['check', '--format', fmt, sys.argv[1]], standalone_mode=False)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'torch', 'rich'}))")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                         text=True, encoding="utf-8", check=True)
    assert run.stdout.splitlines()[-1] == "[]"


def test_a_literal_path_with_glob_characters_is_a_file(repo):
    repo("net[v2].yaml")
    repo("netv.yaml")
    lines = run("net[v2].yaml").stdout.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == ["net[v2].yaml"]
    assert run("net[v]*.yaml").stdout.splitlines()[0].split()[1] == "netv.yaml"


def test_dash_reads_a_spec_from_stdin():
    result = CliRunner().invoke(cli, ["check", "-"], input=GOOD)
    assert result.stdout.splitlines()[0] == GOOD_LINE.replace("good.yaml", "-")


def test_a_run_reports_each_spec_as_it_alone_is_reported(tmp_path):
    """One check run shares the layers its specs read and compute: every report must be
    the one the spec gets alone, whatever the others' rounding, bias, framework, layout
    or errors (the same layers under other choices, a parameter refused in one spec)."""
    from pathlib import Path

    from cnncalc.run.check import check
    from cnncalc.run.models import load
    from cnncalc.run.pipeline import report_of

    body = ("layers:\n  - conv: {filters: 4, kernel: 3, stride: 2}\n  - maxpool: {size: 2}\n"
            "  - conv: {filters: 4, kernel: 3, padding: same, stride: 2}\n  - flatten\n"
            "  - dense: {units: 10}\n")
    tops = ["", "rounding: floor\n", "rounding: ceil\n", "bias: false\n",
            "framework: pytorch\n", "layout: channels_first\n"]
    for number, top in enumerate(tops):
        shape = "[1, 9, 9]" if "channels_first" in top else "[9, 9, 1]"
        (tmp_path / f"s{number}.yaml").write_text(
            f"name: s{number}\ninput: {shape}\n{top}{body}")
    refused = body.replace("units: 10", "units: 0")
    (tmp_path / "wrong.yaml").write_text(f"input: [9, 9, 1]\n{refused}")
    seeds = sorted(Path("specs").glob("**/*.yaml"))
    paths = sorted(str(p) for p in tmp_path.iterdir()) + [str(p) for p in seeds]
    alone = [report_of(lambda p=p: load(p), p) for p in paths]
    assert check(paths) == alone
    assert sum(not report.valid for report in alone) >= 2  # strict and the refused units


def test_equal_numbers_written_differently_are_read_as_written(tmp_path):
    """Layers read alike are read once per run: -0.0 equals 0.0 (and hashes alike), but a
    layer that writes -0.0 is exported with -0.0, as when it is read alone."""
    from cnncalc.read.spec import load

    parsed: dict = {}
    for number, rate in enumerate(["0.0", "-0.0", "0.0", "-0.0"]):
        path = tmp_path / f"s{number}.yaml"
        path.write_text(f"input: [4]\nlayers:\n  - dropout: {{rate: 0.0}}\n"
                        f"  - dropout: {{rate: {rate}}}\n")
        layers = load(path, parsed=parsed).layers
        assert [repr(layer.params["rate"]) for layer in layers] == ["0.0", rate]
