"""`cnncalc check`: every spec a run names, each read, walked and held to its limits.

The paths a user gives become a sorted list of spec files (directories are searched, glob
patterns expanded here so they work quoted too, as CI configurations write them). Each file
becomes one `Report`: a spec that cannot be read becomes an unreadable report rather than
stopping the run, so one bad file never hides the others.
"""

from __future__ import annotations

import os
import stat
from typing import Any, Callable, Iterable, Iterator

from ..core.errors import Diagnostic
from ..core.messages import say
from ..core.records import Limit, Rounding
from ..core.report import Report
from .models import load
from .pipeline import report_of

SUFFIXES = (".yaml", ".yml")
MAX_ENTRIES = 1_000_000  # directory entries one path may make a run look at
_GLOB_CHARS = frozenset("*?[")


def check(paths: Iterable[str], rounding: Rounding | None = None, limits: Iterable[Limit] = (), *,
          bias: bool | None = None, strict: bool = False,
          kept: Callable[[Report], Any] | None = None, jobs: int = 1, **walk) -> list:
    """A report for every spec file the paths name, and one for each path that names none
    or cannot be searched. `bias` replaces each file's default (`--no-bias`), `strict` makes
    every warning an error, and `walk` is the framework, dtype and portability options of
    `report_of`. `check` and `summary` both read their paths here, so a directory or a
    pattern means the same to both.

    `kept`, when given, turns each report into what the caller keeps of it (its lines of
    output, say) as soon as it is made. With `kept`, `jobs` > 1 splits the files among up
    to that many processes (run/jobs.py), and what `kept` makes must be plain values
    (strings, numbers, tuples): only those come back. Without `kept` the reports are
    returned, and so made in this process whatever `jobs` says."""
    limits = tuple(limits)

    def reports(items: list[tuple[str, str | None]]) -> list:
        # The specs' layers repeat each other's: each is read and computed once in a run.
        parsed: dict = {}
        computed: dict = {}
        made = []
        for path, problem in items:
            if problem:
                report = Report.unreadable(path, [Diagnostic(problem, code="unreadable",
                                                             file=path)])
            else:
                report = report_of(lambda path=path: load(path, bias=bias, parsed=parsed), path,
                                   rounding, limits, computed=computed, **walk)
                if strict:
                    report = strictly(report)
            made.append(kept(report) if kept else report)
        return made

    items = collect(paths)
    # Standard input can be read once: a slice holding it, done again after its worker
    # failed, would read nothing.
    if jobs > 1 and kept and ("-", None) not in items:
        from .jobs import in_order  # here: `summary` of files and `check -j 1` need none

        return in_order(items, reports, jobs)
    return reports(items)


def strictly(report: Report) -> Report:
    """The report with its warnings as errors, for `check --strict`."""
    promoted = tuple(d._replace(severity="error") for d in report.warnings)
    return report._replace(errors=report.errors + promoted, warnings=())


def collect(paths: Iterable[str]) -> list[tuple[str, str | None]]:
    """`(file, None)` for every spec file found, in order and each once however it is
    spelled (`a.yaml`, `./a.yaml`, a link to it); `(path, problem)` for a directory without
    specs, a pattern that matches nothing, and every directory that cannot be read. A plain
    path that does not exist is kept: reading it reports the problem like any other
    unreadable file."""
    found: list[tuple[str, str | None]] = []
    seen: set = set()
    for path in paths:
        for item in _expand(path):
            key = _identity(item[0]) if item[1] is None else item
            if key not in seen:
                seen.add(key)
                found.append(item)
    return found


def _identity(path: str):
    """The file itself (device and inode), so that two spellings of it are one spec."""
    if path == "-":
        return path
    try:
        info = os.stat(path)
    except OSError:
        return os.path.normpath(path)
    return info.st_dev, info.st_ino


def _expand(path: str) -> list[tuple[str, str | None]]:
    if path == "-":
        return [(path, None)]
    walk = _Walk()
    try:
        if not os.path.lexists(path) and _GLOB_CHARS & set(path):
            items = walk.glob(path)
            if not items:
                return [(path, say("check.no-match"))]
            return items
        if os.path.isdir(path):
            items = walk.spec_files(path)
            if not items:
                return [(os.path.normpath(path), say("check.no-specs", suffixes=say(
                    "pattern.or").join('*' + s for s in SUFFIXES)))]
            return items
    except _TooMany:
        return [(path, say("check.too-many", count=f"{MAX_ENTRIES:,}"))]
    return [(os.path.normpath(path), None)]


class _TooMany(Exception):
    """A search looked at more than MAX_ENTRIES directory entries."""


class _Walk:
    """The search one path starts: it counts the entries it looks at (a pattern such as
    `/**/*.yaml` must not run for ever), never follows a symbolic link to a directory while
    descending (as `find` and bash's `**`: a link to `..` would make the walk endless) and
    reports every directory it cannot read, so a spec it did not see cannot pass for
    checked."""

    def __init__(self):
        self.entries = 0
        self.problems: list[tuple[str, str]] = []

    def spec_files(self, directory: str) -> list[tuple[str, str | None]]:
        """Every *.yaml / *.yml file under the directory, sorted by path, then every
        directory that could not be read."""
        return [(file, None) for file in self._files(directory)] + self._reported()

    def glob(self, pattern: str) -> list[tuple[str, str | None]]:
        """What the pattern matches, sorted, each matching directory searched for specs,
        then every directory that could not be read. `**` stands for any number of
        directories; as in the shell, `*` and `?` match a leading dot only when the
        pattern writes it."""
        paths = [os.sep if pattern.startswith(os.sep) else os.curdir]
        for part in filter(None, pattern.split(os.sep)):
            paths = [found for path in paths for found in self._step(path, part)]
        files = []
        for match in sorted({os.path.normpath(path) for path in paths}):
            files += self._files(match) if os.path.isdir(match) else [match]
        return [(file, None) for file in files] + self._reported()

    def _files(self, directory: str) -> list[str]:
        """Hidden files and directories (.git, .venv, .github, .pre-commit-config.yaml)
        are skipped: they hold other tools' YAML."""
        files = [os.path.normpath(os.path.join(root, entry.name))
                 for root, entries in self._tree(directory) for entry in entries
                 if _is_spec(entry)]
        return sorted(files, key=lambda f: f.split(os.sep))

    def _step(self, path: str, part: str) -> list[str]:
        """The paths one component of a pattern leads to from `path`."""
        if part == "**":
            return [directory for directory, _ in self._tree(path)]
        if not _GLOB_CHARS & set(part):
            joined = os.path.join(path, part)
            try:
                os.lstat(joined)
            except (FileNotFoundError, NotADirectoryError):
                return []
            except OSError as exc:
                self.problems.append((os.path.normpath(path), _unreadable(exc)))
                return []
            return [joined]
        from fnmatch import fnmatchcase  # here: only a pattern needs it

        return [os.path.join(path, entry.name) for entry in self._scan(path, missing_ok=True)
                if fnmatchcase(entry.name, part)
                and (part.startswith(".") or not entry.name.startswith("."))]

    def _tree(self, top: str) -> Iterator[tuple[str, list[os.DirEntry]]]:
        """The directory and every directory under it that is not hidden, each once (a
        bind mount can make a loop too), without following links; each with its
        entries."""
        visited, stack = set(), [top]
        while stack:
            directory = stack.pop()
            try:
                info = os.stat(directory)
            except OSError:
                continue
            if not stat.S_ISDIR(info.st_mode) or (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            entries = self._scan(directory)
            yield directory, entries
            stack.extend(sorted((os.path.join(directory, entry.name) for entry in entries
                                 if not entry.name.startswith(".") and _is_real_dir(entry)),
                                reverse=True))

    def _scan(self, directory: str, missing_ok: bool = False) -> list[os.DirEntry]:
        """The entries of a directory, counted; one that cannot be read is noted."""
        try:
            with os.scandir(directory) as entries:
                found = []
                for entry in entries:
                    self.entries += 1
                    if self.entries > MAX_ENTRIES:
                        raise _TooMany
                    found.append(entry)
                return found
        except (FileNotFoundError, NotADirectoryError):
            if not missing_ok:
                self.problems.append((os.path.normpath(directory),
                                      say("check.vanished")))
        except OSError as exc:
            self.problems.append((os.path.normpath(directory), _unreadable(exc)))
        return []

    def _reported(self) -> list[tuple[str, str]]:
        problems, self.problems = self.problems, []
        return problems


def _unreadable(exc: OSError) -> str:
    return say("check.unreadable", reason=exc.strerror or exc)


def _is_real_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_spec(entry: os.DirEntry) -> bool:
    """A *.yaml or *.yml entry that is not a directory or a link to one: FIFOs and other
    files that are not regular ones are kept, so that reading them reports them."""
    if entry.name.startswith(".") or not entry.name.endswith(SUFFIXES):
        return False
    try:
        return not entry.is_dir()
    except OSError:
        return True
