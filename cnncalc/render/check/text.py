"""One line per spec, then the tally:

    ✓ specs/taewan_39x31x1.yaml  taewan-39x31x1  output (100,)  64,620 params
    ✗ specs/bad.yaml:9:5: error: layer 6 (maxpool3): width (9 − 2)/2 + 1 = 4.5 is not …
    2 specs, 1 valid, 1 invalid
"""

from __future__ import annotations

from ...core.messages import say
from ...core.printable import printable
from ...core.text import shape_text
from . import tally


def document(pieces: list[str], valid: int) -> str:
    return "\n".join([*pieces, tally(len(pieces), valid)])


def piece(report) -> str:
    if report.errors:
        more = len(report.errors) - 1
        return f"✗ {report.errors[0].one_line()}" + (say("check.more", more=more) if more else "")
    parts = [printable(report.source or ""), printable(report.name or ""),
             say("check.output", shape=shape_text(report.output_shape)),
             say("check.params", params=f"{report.totals.params:,}")]
    if report.warnings:
        count = len(report.warnings)
        parts.append(say("check.warning" if count == 1 else "check.warnings", count=count))
    return "✓ " + "  ".join(part for part in parts if part)
