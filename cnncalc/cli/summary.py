"""`cnncalc summary`: the table (or JSON, markdown, CSV, HTML) of each spec."""

from __future__ import annotations

import sys

import click

from ..core.constraints import given
from ..core.records import DTYPE_BYTES
from ..render import FORMATS, Options, render_chunks
from ..render.columns import names as column_names, parse as parse_columns
from .language import Command
from .options import (format_option, framework_option, limit_options, quiet_option,
                      spec_options)
from .shared import console_options, echo_problems, spec_reports


def _columns(ctx, param, value):
    """`--columns shape,params,macs,rf` → column names; an unknown one is a usage error."""
    if value is None:
        return None
    try:
        return parse_columns(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command(cls=Command)
@spec_options
@format_option(FORMATS, "table")
@click.option("--explain", is_flag=True, help="Show the arithmetic behind every number.")
@click.option("--depth", type=click.IntRange(min=1), metavar="N",
              help="Table: list N levels of blocks; deeper ones fold into their block's row. "
                   "HTML: one node per block at level N in the picture.")
@click.option("--columns", callback=_columns, metavar="LIST",
              help=f"Table, markdown, CSV and HTML columns, comma-separated: "
                   f"{', '.join(column_names())}.")
@framework_option("Whose rules apply where Keras and PyTorch differ (default: the spec's "
                  "framework:, else keras). With --input, pytorch reads 3x224x224 as C×H×W.")
@click.option("--portability", is_flag=True,
              help="List every layer whose result or validity differs between Keras and "
                   "PyTorch.")
@click.option("--dtype", type=click.Choice(tuple(DTYPE_BYTES)), default="float32",
              show_default=True, help="Bytes per number for activation and parameter memory.")
@quiet_option()
@limit_options
def summary(specs, input_text, name, layout, bias, rounding, fmt, explain, depth, columns,
            framework, portability, dtype, quiet, **limits):
    """Shapes and parameter counts of each layer of each spec.

    SPECS are YAML files (- reads stdin), directories and glob patterns, found as `check`
    finds them. With --input, they are inline layers instead, KIND[:key=value,...], where
    3x3 is a list and true/false are booleans.

    \b
    cnncalc summary specs/taewan_39x31x1.yaml --explain
    cnncalc summary specs/resnet_block_demo.yaml --depth 1
    cnncalc summary --input 39x31x1 conv:filters=20,kernel=4 maxpool:size=2 flatten dense:units=100
    cnncalc summary --format json specs/*.yaml
    cnncalc summary specs/zoo/vgg16.yaml --columns output,params,macs,memory,rf
    cnncalc summary specs/zoo/vgg16.yaml --framework pytorch --portability

    Exit status: 0 every spec valid, 1 a spec is invalid, 2 the command line is wrong.
    """
    top = {"name": name, "layout": layout, "bias": bias}
    reports = spec_reports(specs, input_text, top, rounding, given(limits), framework=framework,
                       dtype=dtype, portable=portability)
    chosen = {"columns": columns, "portability": portability}
    options = (console_options(explain, depth, **chosen) if fmt == "table"
               else Options(explain=explain, depth=depth, **chosen))
    written = False
    for text in render_chunks(fmt, reports, options):  # JSON: as the layers are written
        # color=: click would strip the colour off a pipe
        click.echo(text, nl=False, color=options.color)
        written = written or bool(text)
    if written:
        click.echo()
    if fmt != "json":
        echo_problems(reports, quiet, portability)
    if not all(report.valid for report in reports):
        sys.exit(1)
