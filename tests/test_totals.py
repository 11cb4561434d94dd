"""Totals against their definition: each a sum of the rows' known numbers, partial when a
row's number is unknown (hypothesis). `Totals.of` sums a column at a time, once per spec
and block of every `check`, so it is written for speed; this holds it to the plain sum."""

from hypothesis import given
from hypothesis import strategies as st

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
