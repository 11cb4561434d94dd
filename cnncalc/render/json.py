"""SPEC.md §5: one document for one spec, a list of documents for several."""

from __future__ import annotations

from ..core.printable import json_text


def render(reports, options) -> str:
    documents = [report.to_json(explain=options.explain) for report in reports]
    return json_text(documents[0] if len(documents) == 1 else documents)
