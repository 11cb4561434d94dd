"""`cnncalc check`: many specs at once, for CI."""

from __future__ import annotations

import sys

import click

from ..core.constraints import given
from ..render.check import FORMATS as CHECK_FORMATS
from .language import Command
from .options import (format_option, framework_option, limit_options, quiet_option,
                      rounding_option, stdin_once)


@click.command(cls=Command)
@click.argument("paths", nargs=-1, required=True, callback=stdin_once)
@rounding_option("Override every spec's rounding mode.")
@format_option(CHECK_FORMATS, "text", "text for people, github for Actions annotations, "
                                      "junit for GitLab/Jenkins, json for scripts.")
@framework_option("Whose rules apply where Keras and PyTorch differ (default: each spec's "
                  "framework:, else keras).")
@click.option("--strict", is_flag=True,
              help="Warnings are errors: a spec with a warning is invalid (exit 1).")
@quiet_option("Show errors only: no warnings (json keeps them).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to check with, at most (and by default) one per core this "
                   "process may use.")
@limit_options
def check(paths, rounding, fmt, framework, strict, quiet, jobs, **limits):
    """Check many specs at once, for CI: one line per spec, then a tally.

    PATHS are files (- reads stdin), directories (searched for *.yaml and *.yml, hidden ones
    skipped) and glob patterns (expanded here, so they may be quoted).

    \b
    cnncalc check specs/
    cnncalc check 'models/**/*.yaml' --max-params 1000000
    cnncalc check --format github specs/
    cnncalc check --format junit specs/ > cnncalc.xml

    A spec may set its own limits under `constraints:` (the limit options' names with
    underscores: max_params, ...); the options override them. Exit status: 0 every spec
    valid, 1 a spec is invalid or unreadable, 2 the command line is wrong.
    """
    from ..render.check import DOCUMENTS, format_module, tally
    from ..run.check import check as check_all
    from ..run.jobs import usable_cores

    # More workers than cores would only take turns, each with its copy of what it touches.
    cores = usable_cores()
    output = format_module(fmt)
    hide_warnings = quiet and fmt != "json"

    def kept(report):
        """What the output needs of a spec: its piece of text, and whether it is valid."""
        shown = report._replace(warnings=()) if hide_warnings else report
        return output.piece(shown), report.valid

    results = check_all(paths, rounding, given(limits), framework=framework, strict=strict,
                        kept=kept, jobs=min(jobs or cores, cores))
    valid = sum(ok for _, ok in results)
    click.echo(output.document([text for text, _ in results], valid))
    if fmt in DOCUMENTS:
        click.echo(tally(len(results), valid), err=True)
    if valid < len(results):
        sys.exit(1)
