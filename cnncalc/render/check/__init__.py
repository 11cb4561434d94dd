"""The outputs of `cnncalc check`: a line per spec for people, workflow commands for GitHub
Actions, JUnit XML for GitLab and Jenkins, JSON for scripts. Each module's
`render(reports) -> str`; imported on demand like the summary formats."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "github", "junit")
DOCUMENTS = ("json", "junit")  # whole documents: nothing else may share their stdout


def render(fmt: str, reports: list) -> str:
    return importlib.import_module(f".{fmt}", __name__).render(reports)


def tally(reports: list) -> str:
    """`12 specs, 11 valid, 1 invalid`."""
    valid = sum(report.valid for report in reports)
    from ...core.messages import say

    return say("check.tally" if len(reports) == 1 else "check.tallies", count=len(reports),
               valid=valid, invalid=len(reports) - valid)
