"""A JSON list with one SPEC.md §5 document per spec, even when there is only one.

The list is written as `json_text` writes one (json.dumps with indent=2): each spec's
document is its own text one level in, which is the same text with every newline followed
by two more spaces (a newline inside a JSON string is written `\\n`, never raw)."""

from __future__ import annotations

from ...core.printable import json_text


def piece(report) -> str:
    return json_text(report.to_json()).replace("\n", "\n  ")


def document(pieces: list[str], valid: int) -> str:
    if not pieces:
        return "[]"
    return "[" + ",".join("\n  " + piece for piece in pieces) + "\n]"
