"""The one-line notes a command prints on stderr beside its result."""

from __future__ import annotations

from ..core.messages import say
from ..core.printable import printable


def portability_note(report) -> str | None:
    """That some layers follow the report's framework where Keras and PyTorch differ, and
    how to list them. None when no layer differs, or when the spec or the run chose the
    framework: then the user knows whose rules apply."""
    differing = {note.layer for note in report.portability}
    if not differing or report.framework_chosen:
        return None
    return say("portability.note.many" if len(differing) > 1 else "portability.note.one",
               title=printable(report.title), count=len(differing), framework=report.framework)
