"""SPEC.md §5: one document for one spec, a list of documents for several."""

from __future__ import annotations

from ..core.printable import json_chunks


def render(reports, options) -> str:
    return "".join(chunks(reports, options))


def chunks(reports, options):
    """The text in pieces, each layer's entry made as it is written: the document of a
    100,000-layer spec is never held whole."""
    documents = [report.to_json(explain=options.explain, lazy=True) for report in reports]
    return json_chunks(documents[0] if len(documents) == 1 else documents)
