"""One line per spec, then the tally:

    ✓ specs/taewan_39x31x1.yaml  taewan-39x31x1  output (100,)  64,620 params
    ✗ specs/bad.yaml:9:5: error: layer 6 (maxpool3): width (9 − 2)/2 + 1 = 4.5 is not …
    2 specs, 1 valid, 1 invalid
"""

from __future__ import annotations

from ...core.printable import printable
from ...core.text import shape_text
from . import tally


def render(reports) -> str:
    return "\n".join([*(_line(report) for report in reports), tally(reports)])


def _line(report) -> str:
    if report.errors:
        more = len(report.errors) - 1
        return f"✗ {report.errors[0].one_line()}" + (f"  (+{more} more)" if more else "")
    parts = [printable(report.source or ""), printable(report.name or ""),
             f"output {shape_text(report.output_shape)}",
             f"{report.totals.params:,} params"]
    if report.warnings:
        count = len(report.warnings)
        parts.append(f"({count} warning{'s' if count > 1 else ''})")
    return "✓ " + "  ".join(part for part in parts if part)
