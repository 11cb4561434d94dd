"""The outputs of `cnncalc check`: a line per spec for people, workflow commands for GitHub
Actions, JUnit XML for GitLab and Jenkins, JSON for scripts; imported on demand like the
summary formats.

Each format's module has `piece(report) -> str`, what one spec adds to the output, and
`document(pieces, valid) -> str`, the whole output around the pieces (the tally, the JSON
list, the JUnit suite). A spec's piece is made where its report is: `check` may split the
files among processes (run/jobs.py), and then only these strings cross between them,
never the reports."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "github", "junit")
DOCUMENTS = ("json", "junit")  # whole documents: nothing else may share their stdout


def format_module(fmt: str):
    """The module of one format, with its `piece` and `document`."""
    return importlib.import_module(f".{fmt}", __name__)


def tally(count: int, valid: int) -> str:
    """`12 specs, 11 valid, 1 invalid`."""
    from ...core.messages import say

    return say("check.tally" if count == 1 else "check.tallies", count=count, valid=valid,
               invalid=count - valid)
