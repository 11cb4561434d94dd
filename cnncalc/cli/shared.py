"""What several commands share: reading the specs a command names (files, or an inline
spec), the console's options, the problems on stderr, and writing to stdout or a file."""

from __future__ import annotations

import os
import sys

import click

from ..core.messages import say
from ..render import Options
from ..render.notes import portability_note


def spec_reports(specs, input_text, top, rounding, limits, **walk):
    """Reports for the files named, or for the inline spec when --input is given; `top` are
    the inline spec's top-level keys, `walk` the framework, dtype and portability options of
    `report_of`. With files, --bias/--no-bias replaces each file's default; --name and
    --layout say what only the file may say, so they are refused rather than ignored."""
    from ..read.spec import INLINE, inline
    from ..run.check import check
    from ..run.pipeline import report_of

    if input_text is not None:
        top = {**top, "framework": walk["framework"]}  # it decides how the input is read
        return [report_of(lambda: inline(input_text, list(specs), **top), INLINE,
                          rounding, limits, **walk)]
    files_only(specs, top)
    return check(specs, rounding, limits, bias=top["bias"], **walk)


def files_only(specs, top) -> None:
    """Spec files are given, and no option that only an inline spec may take."""
    if not specs:
        raise click.UsageError(say("cli.no-specs"))
    for key in ("name", "layout"):
        if top[key] is not None:
            raise click.UsageError(say("cli.inline-only", key=key))


def one_spec(command: str, specs, input_text, top, rounding):
    """The spec a command that takes one reads (a file, or inline), and its report; the
    spec is None when it could not be read."""
    from ..read.spec import INLINE, inline, load
    from ..run.check import collect
    from ..run.pipeline import report_of

    if input_text is not None:
        read, source = (lambda: inline(input_text, list(specs), **top)), INLINE
    else:
        files_only(specs, top)
        found = collect(specs)
        if len(found) != 1:
            raise click.UsageError(say("cli.one-spec", command=command, specs=" ".join(specs),
                                       count=len(found)))
        source, problem = found[0]
        if problem:
            click.echo(f"{source}: {problem}", err=True)
            sys.exit(1)
        read = lambda: load(source, bias=top["bias"])  # noqa: E731
    held = []
    report = report_of(lambda: held.append(read()) or held[0], source, rounding)
    return (held[0] if held else None), report


def console_options(explain: bool, depth: int | None = None, **chosen) -> Options:
    """Colour for a terminal, or wherever a non-empty FORCE_COLOR asks for it (a CI log
    that shows colours), as rich does; NO_COLOR always wins. Width only for a terminal."""
    tty = sys.stdout.isatty()
    color = (tty or bool(os.environ.get("FORCE_COLOR"))) and "NO_COLOR" not in os.environ
    width = os.get_terminal_size().columns if tty else 120
    return Options(explain=explain, color=color, width=width, depth=depth, **chosen)


def echo_problems(reports, quiet: bool, portability: bool = False) -> None:
    """Every error on stderr; the warnings and notes too, unless --quiet. The note on
    framework differences only when the framework was left to the default: a spec or a run
    that chose it knows whose rules apply."""
    for report in reports:
        for diagnostic in report.errors + (() if quiet else report.warnings + report.notes):
            click.echo(diagnostic.one_line(), err=True)
        note = None if portability or quiet else portability_note(report)
        if note:
            click.echo(note, err=True)


def write_out(text: str, output: str | None) -> None:
    """The text to stdout (no -o, or -o -) or to the file, a failure as one line."""
    if output in (None, "-"):
        click.echo(text)
        return
    try:
        with open(output, "w", encoding="utf-8") as file:
            file.write(text + "\n")
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror}") from None
