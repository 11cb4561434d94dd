"""`cnncalc check`: every spec a run names, each read, walked and held to its limits.

The paths a user gives become a sorted list of spec files (directories are searched, glob
patterns expanded here so they work quoted too, as CI configurations write them). Each file
becomes one `Report`: a spec that cannot be read becomes an unreadable report rather than
stopping the run, so one bad file never hides the others.
"""

from __future__ import annotations

import glob
import os
from dataclasses import replace
from typing import Iterable

from ..core.errors import Diagnostic
from ..core.records import Limit
from ..core.report import Report
from ..read.spec import load
from .pipeline import report_of

SUFFIXES = (".yaml", ".yml")
_GLOB_CHARS = frozenset("*?[")


def check(paths: Iterable[str], rounding: str | None = None, limits: Iterable[Limit] = (), *,
          framework: str | None = None, strict: bool = False) -> list[Report]:
    """A report for every spec file the paths name, and one for each path that names none.
    `framework` overrides each spec's; `strict` makes every warning an error."""
    limits = tuple(limits)
    reports = []
    for path, problem in collect(paths):
        if problem:
            reports.append(Report.unreadable(path, [Diagnostic(problem, code="unreadable",
                                                               file=path)]))
        else:
            report = report_of(lambda path=path: load(path), path, rounding, limits,
                               framework=framework)
            reports.append(strictly(report) if strict else report)
    return reports


def strictly(report: Report) -> Report:
    """The report with its warnings as errors, for `check --strict`."""
    promoted = tuple(replace(d, severity="error") for d in report.warnings)
    return replace(report, errors=report.errors + promoted, warnings=())


def collect(paths: Iterable[str]) -> list[tuple[str, str | None]]:
    """`(file, None)` for every spec file found, in order and each once; `(path, problem)`
    for a directory without specs or a pattern that matches nothing. A plain path that does
    not exist is kept: reading it reports the problem like any other unreadable file."""
    found: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for path in paths:
        for item in _expand(path):
            if item[0] not in seen:
                seen.add(item[0])
                found.append(item)
    return found


def _expand(path: str) -> list[tuple[str, str | None]]:
    if path != "-" and not os.path.lexists(path) and _GLOB_CHARS & set(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            return [(path, "no file matches this pattern")]
        return [item for match in matches for item in _expand(match)]
    if path != "-" and os.path.isdir(path):
        files = _spec_files(path)
        if not files:
            return [(os.path.normpath(path),
                     f"a directory without {' or '.join('*' + s for s in SUFFIXES)} files")]
        return [(file, None) for file in files]
    return [(path if path == "-" else os.path.normpath(path), None)]


def _spec_files(directory: str) -> list[str]:
    """Every *.yaml / *.yml file under the directory, sorted by path. Hidden files and
    directories (.git, .venv, .github, .pre-commit-config.yaml) are skipped: they hold
    other tools' YAML."""
    files = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(os.path.normpath(os.path.join(root, name)) for name in names
                     if name.endswith(SUFFIXES) and not name.startswith("."))
    return sorted(files, key=lambda f: f.split(os.sep))
