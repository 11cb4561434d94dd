"""`summary --format html`: the page `draw --format html` writes, for every spec given."""

from __future__ import annotations


def render(reports, options) -> str:
    from ..draw.html import page

    return page(reports, options.depth, columns=options.columns)
