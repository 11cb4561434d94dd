"""A JSON list with one SPEC.md §5 document per spec, even when there is only one."""

from __future__ import annotations

import json


def render(reports) -> str:
    return json.dumps([report.to_json() for report in reports], indent=2, ensure_ascii=False)
