"""A JSON list with one SPEC.md §5 document per spec, even when there is only one."""

from __future__ import annotations

from ...core.printable import json_text


def render(reports) -> str:
    return json_text([report.to_json() for report in reports])
