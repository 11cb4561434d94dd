"""`padding: same` is exact by definition (SPEC.md §3), also where it needs no padding."""

from __future__ import annotations

import pytest

from cnncalc import analyze, inline


@pytest.mark.parametrize("tokens, size, out", [
    (["conv:filters=8,kernel=1,stride=2,padding=same"], 32, -(-32 // 2)),
    (["conv:filters=8,kernel=1,stride=3,padding=same"], 32, -(-32 // 3)),
    (["maxpool:size=1,stride=2,padding=same"], 10, -(-10 // 2)),
    (["conv:filters=8,kernel=3,stride=2,padding=same"], 33, -(-33 // 2)),
])
def test_same_is_ceil_of_size_over_stride_in_strict_mode(tokens, size, out):
    report = analyze(inline(f"{size}x{size}x3", tokens))
    assert report.valid and not report.warnings
    assert report.rows[0].output_shape[:2] == (out, out)


def test_explain_still_shows_the_formula_and_where_it_lands():
    report = analyze(inline("32x32x3", ["conv:filters=8,kernel=1,stride=2,padding=same"]))
    assert report.rows[0].explain[0] == "height (32 + 2·0 − 1)/2 + 1 = 16.5 → 16"
