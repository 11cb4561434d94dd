"""The command line: parse options, call the library, pick a renderer, set the exit code.

Exit codes (SPEC.md §6): 0 every spec valid, 1 at least one invalid, 2 usage error.
Results go to stdout, problems to stderr, one line each.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import SpecError
from .layers import REGISTRY
from .engine import DTYPE_BYTES
from .render import FORMATS, Options, render
from .render.columns import names as column_names, parse as parse_columns
from .spec import FRAMEWORKS, LAYOUTS, ROUNDINGS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="cnncalc")
def cli():
    """Shape and parameter arithmetic for convolutional networks.

    \b
    cnncalc summary specs/taewan_39x31x1.yaml
    cnncalc summary --input 28x28x1 conv:filters=32,kernel=3 maxpool:size=2 flatten dense:units=10
    cnncalc kinds
    """


def _reports(specs, input_text, top, rounding, framework=None, dtype="float32",
             portable=False):
    """Reports for the files named, or for the inline spec when --input is given; with
    `portable`, each report lists the Keras/PyTorch differences of both frameworks' walks."""
    from dataclasses import replace

    from .engine import analyze, portability
    from .report import Report
    from .spec import inline, load

    if input_text is not None:
        sources = [lambda: inline(input_text, list(specs), **top)]
        names = ["<command line>"]
    elif specs:
        sources = [lambda path=path: load(path) for path in specs]
        names = list(specs)
    else:
        raise click.UsageError("give spec files (- for stdin), or --input and inline layers")
    reports = []
    for name, source in zip(names, sources):
        try:
            spec = source()
            report = analyze(spec, rounding, framework=framework, dtype=dtype)
            if portable:
                report = replace(report, portability=portability(spec, rounding))
            reports.append(report)
        except SpecError as exc:
            reports.append(Report.unreadable(name, exc.diagnostics))
    return reports


def _console_options(explain: bool, **chosen) -> Options:
    """Colour and width only for a terminal; NO_COLOR always wins."""
    tty = sys.stdout.isatty()
    color = tty and "NO_COLOR" not in os.environ
    width = os.get_terminal_size().columns if tty else 120
    return Options(explain=explain, color=color, width=width, **chosen)


def _columns(ctx, param, value):
    """`--columns shape,params,macs,rf` → column names; an unknown one is a usage error."""
    if value is None:
        return None
    try:
        return parse_columns(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("specs", nargs=-1)
@click.option("--input", "input_text", metavar="SIZES",
              help="Inline spec: the input shape, e.g. 39x31x1. The arguments are then layers.")
@click.option("--name", help="Inline spec: the title.")
@click.option("--layout", type=click.Choice(LAYOUTS), help="Inline spec: channels order.")
@click.option("--bias/--no-bias", default=None, help="Inline spec: default for every layer.")
@click.option("--rounding", type=click.Choice(ROUNDINGS),
              help="Override the spec's rounding mode.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--explain", is_flag=True, help="Show the arithmetic behind every number.")
@click.option("--columns", callback=_columns, metavar="LIST",
              help=f"Table, markdown and CSV columns, comma-separated: "
                   f"{', '.join(column_names())}.")
@click.option("--framework", type=click.Choice(FRAMEWORKS),
              help="Whose rules apply where Keras and PyTorch differ (default: the spec's "
                   "framework:, else keras).")
@click.option("--portability", is_flag=True,
              help="List every layer whose result or validity differs between Keras and "
                   "PyTorch.")
@click.option("--dtype", type=click.Choice(tuple(DTYPE_BYTES)), default="float32",
              show_default=True, help="Bytes per number for activation and parameter memory.")
def summary(specs, input_text, name, layout, bias, rounding, fmt, explain, columns, framework,
            portability, dtype):
    """Shapes and parameter counts of each layer of each spec.

    SPECS are YAML files (- reads stdin). With --input, they are inline layers instead,
    KIND[:key=value,...], where 3x3 is a list and true/false are booleans.

    \b
    cnncalc summary specs/taewan_39x31x1.yaml --explain
    cnncalc summary --input 39x31x1 conv:filters=20,kernel=4 maxpool:size=2 flatten dense:units=100
    cnncalc summary --format json specs/*.yaml
    cnncalc summary specs/zoo/vgg16.yaml --columns output,params,macs,memory,rf
    cnncalc summary specs/zoo/vgg16.yaml --framework pytorch --portability

    Exit status: 0 every spec valid, 1 a spec is invalid, 2 the command line is wrong.
    """
    top = {"name": name, "layout": layout, "bias": bias}
    reports = _reports(specs, input_text, top, rounding, framework, dtype, portability)
    chosen = {"columns": columns, "portability": portability}
    text = render(fmt, reports, _console_options(explain, **chosen) if fmt == "table" else
                  Options(explain=explain, **chosen))
    if text:
        click.echo(text)
    if fmt != "json":
        for report in reports:
            for diagnostic in report.errors + report.warnings:
                click.echo(diagnostic.one_line(), err=True)
            differing = {note.layer for note in report.portability}
            if differing and not portability:
                layers = (f"{len(differing)} layers follow" if len(differing) > 1 else
                          "1 layer follows")
                click.echo(f"note: {report.title}: {layers} {report.framework} where Keras "
                           f"and PyTorch differ; --portability lists them", err=True)
    if not all(report.valid for report in reports):
        sys.exit(1)


@cli.command()
def kinds():
    """Every layer kind with its parameters (* = required, default in brackets)."""
    width = max(len(name) for name in REGISTRY)
    for name, kind in REGISTRY.items():
        params = ", ".join(p.describe() for p in kind.params) or "—"
        click.echo(f"{name:<{width}}  {params}")


def main() -> None:
    cli(prog_name="cnncalc")
