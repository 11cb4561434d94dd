"""Totals against their definition: each a sum of the rows' known numbers, partial when a
row's number is unknown (hypothesis). `Totals.of` sums a column at a time, once per spec
and block of every `check`, so it is written for speed; this holds it to the plain sum."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnncalc import analyze, loads
from cnncalc.core.report import Row, Totals

SUMMED = [name for name in Totals._fields if name != "partial"]
number = st.one_of(st.none(), st.integers(0, 10**12))
rows = st.lists(st.fixed_dictionaries({name: number for name in SUMMED}), max_size=6)


@given(rows)
def test_totals_are_the_sums_of_the_known_numbers_and_partial_when_one_is_unknown(numbers):
    table = tuple(Row(index, f"layer{index}", "conv", ((4, 4, 1),), (4, 4, 1), **row)
                  for index, row in enumerate(numbers, start=1))
    expected = {name: sum(row[name] for row in numbers if row[name] is not None)
                for name in SUMMED}
    partial = any(row[name] is None for row in numbers for name in SUMMED)
    assert Totals.of(table) == Totals(**expected, partial=partial)


NESTED = """
input: [16, 16, 3]
blocks:
  pair:
    params: {width: 8}
    layers:
      - conv: {filters: $width, kernel: 3, padding: same}
      - relu
  stage:
    params: {width: 8, kernel: 3}
    layers:
      - pair: {width: $width, repeat: 2}
      - conv: {filters: $width, kernel: $kernel}
layers:
  - conv: {filters: 4, kernel: 1}
  - stage: {width: 8, kernel: 3}
  - stage: {width: 16, kernel: KERNEL}
  - flatten
  - dense: {units: 10}
"""


@pytest.mark.parametrize("kernel", [3, 15])  # 15: the second stage's last conv fails (14 − 15 + 1)
def test_a_block_instances_totals_are_those_of_the_rows_inside_it(kernel):
    """Every instance (nested ones too) totals the rows whose block path starts with its
    own, also when the walk stops inside one (the rows after the error are not there)."""
    report = analyze(loads(NESTED.replace("KERNEL", str(kernel))))
    assert len(report.blocks) == 6 and bool(report.errors) == (kernel == 15)
    for block in report.blocks:
        inside = tuple(row for row in report.rows if row.block[:len(block.path)] == block.path)
        assert block.totals == Totals.of(inside), block.path
    stage2 = report.blocks[3]
    assert stage2.path == ("stage2",) and stage2.totals.partial == (kernel == 15)
    pairs = (8 * 9 * 16 + 16) + (16 * 9 * 16 + 16)  # 8 → 16 → 16 channels
    assert stage2.totals.params == pairs + 16 * kernel * kernel * 16 + 16  # a too-large
    # kernel's weights exist all the same (PyTorch builds the module): they are counted
