"""specs/README.md says which numbers of the tutorials each seed spec reproduces: every
row's cnncalc column is what cnncalc computes for that spec, and every seed spec has rows."""

import re

import pytest

from cnncalc import analyze, load
from conftest import ROOT

TABLE = (ROOT / "specs" / "README.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\| `(\w+\.yaml)` \(seed \d+\) \| (\w+) \| (\w+) \| [^|]+ \| ([^|]+) \|",
                  TABLE, re.M)
NUMBER = {"weights": "params_without_bias", "params": "params"}


def _shown(row_or_totals, number: str) -> str:
    if number == "output":
        return str(row_or_totals.output_shape)
    return f"{getattr(row_or_totals, NUMBER[number]):,}"


@pytest.mark.parametrize("spec, layer, number, cnncalc", ROWS,
                         ids=[" ".join(row[:3]) for row in ROWS])
def test_each_number_quoted_is_what_cnncalc_computes(spec, layer, number, cnncalc):
    report = analyze(load(ROOT / "specs" / spec))
    assert report.valid
    if layer == "total":
        target = report.totals if number != "output" else report
    else:
        (target,) = [row for row in report.rows if row.name == layer]
    assert _shown(target, number) == cnncalc.strip()


def test_every_seed_spec_has_rows():
    seed_specs = {p.name for p in (ROOT / "specs").glob("*.yaml")} - {"resnet_block_demo.yaml"}
    assert {row[0] for row in ROWS} == seed_specs
    assert len(ROWS) >= 30
