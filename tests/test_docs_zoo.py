"""docs/zoo.md stays true: its table holds each spec's totals, and its examples show what
the tool prints."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import ROOT

from cnncalc import analyze, load
from cnncalc.cli import cli

DOC = (ROOT / "docs" / "zoo.md").read_text(encoding="utf-8")
TABLE = re.findall(r"^\| [^|]+ \| \[\w+\.yaml\]\(\.\./(specs/zoo/\w+\.yaml)\) \| ([\d×]+) \| "
                   r"([\d,]+) \| ([\d.]+ [MG]) \|", DOC, re.M)
EXAMPLES = dict(re.findall(r"```\n\$ cnncalc (.*?)\n(.*?)```", DOC, re.S))


def macs_text(macs: int) -> str:
    return f"{macs / 1e9:.2f} G" if macs >= 10**7 else f"{macs / 1e6:.2f} M"


README_TABLE = re.findall(r"^\| [^|]+ \| `(specs/zoo/\w+\.yaml)` \| ([\d×]+) \| ([\d,]+) \| "
                          r"([\d.]+ [MG]) \|", (ROOT / "README.md").read_text(encoding="utf-8"),
                          re.M)
ZOO = sorted(f"specs/zoo/{p.name}" for p in (ROOT / "specs" / "zoo").glob("*.yaml"))


def test_every_zoo_spec_is_listed_in_the_readme_and_here():
    assert sorted(row[0] for row in TABLE) == ZOO
    assert sorted(row[0] for row in README_TABLE) == ZOO


def test_the_table_holds_every_total():
    assert README_TABLE == TABLE
    for path, size, params, macs in TABLE:
        report = analyze(load(str(ROOT / path)))
        assert size == "×".join(map(str, report.input_shape))
        assert params == f"{report.totals.params:,}"
        assert macs == macs_text(report.totals.macs)


def test_resnet18_example_is_what_summary_prints(invoke):
    command = "summary specs/zoo/resnet18.yaml --depth 1"
    assert invoke(*command.split()).stdout == EXAMPLES[command]


def test_jumps_example_is_what_summary_prints(tmp_path, monkeypatch):
    spec = re.search(r"```yaml\n(input: \[16, 16, 4\].*?)```", DOC, re.S).group(1)
    (tmp_path / "jumps.yaml").write_text(spec, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    command = "summary jumps.yaml --columns output,rf,jump,start"
    result = CliRunner().invoke(cli, command.split(), catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout + result.stderr == EXAMPLES[command]
