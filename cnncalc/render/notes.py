"""The one-line notes a command prints on stderr beside its result."""

from __future__ import annotations


def portability_note(report) -> str | None:
    """That some layers follow the report's framework where Keras and PyTorch differ, and
    how to list them; None when no layer differs."""
    differing = {note.layer for note in report.portability}
    if not differing:
        return None
    layers = f"{len(differing)} layers follow" if len(differing) > 1 else "1 layer follows"
    return (f"note: {report.title}: {layers} {report.framework} where Keras and PyTorch "
            f"differ; --portability lists them")
