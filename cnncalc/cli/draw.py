"""`cnncalc draw`: a picture of one spec's network."""

from __future__ import annotations

import sys

import click

from ..core.messages import say
from ..render import PICTURES, STYLES, Options, render
from .language import Command
from .options import format_option, framework_option, quiet_option, spec_options
from .shared import echo_problems, spec_reports, write_out


@click.command(cls=Command)
@spec_options
@framework_option("Whose rules apply where Keras and PyTorch differ (default: the spec's "
                  "framework:, else keras).")
@format_option(PICTURES, "svg", "svg and html are drawn by cnncalc; mermaid and dot are text "
                                "for Mermaid and Graphviz.")
@click.option("--style", type=click.Choice(STYLES), default="graph", show_default=True,
              help="SVG and HTML: the wiring top to bottom, or each layer's output as a "
                   "cuboid of feature maps, left to right.")
@click.option("--depth", type=click.IntRange(min=1), metavar="N",
              help="One node per block at level N: deeper layers fold into it.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True,
                                                allow_dash=True),
              help="Write the picture to this file instead of stdout.")
@quiet_option()
def draw(specs, input_text, name, layout, bias, rounding, framework, fmt, style, depth, output,
         quiet):
    """A picture of one spec's network: each layer with its kind, output shape and
    parameters, the wiring, and blocks around their layers.

    \b
    cnncalc draw specs/resnet_block_demo.yaml -o resnet.svg
    cnncalc explain conv --input 7 --kernel 3 --stride 2 --padding 1
    cnncalc draw specs/taewan_39x31x1.yaml --style maps -o taewan.svg
    cnncalc draw specs/zoo/resnet50.yaml --format mermaid --depth 1
    cnncalc draw specs/zoo/vgg16.yaml --format html -o vgg16.html
    cnncalc draw --input 28x28x1 conv:filters=32,kernel=3 maxpool:size=2 --format dot

    An invalid spec is not drawn: its errors go to stderr and the exit status is 1.
    Exit status: 0 drawn, 1 the spec is invalid, 2 the command line is wrong.
    """
    if style != "graph" and fmt not in ("svg", "html"):
        raise click.UsageError(say("cli.style", style=style))
    top = {"name": name, "layout": layout, "bias": bias}
    reports = spec_reports(specs, input_text, top, rounding, (), framework=framework)
    if len(reports) > 1:
        raise click.UsageError(say("cli.one-spec", command="draw", specs=" ".join(specs),
                                   count=len(reports)))
    report = reports[0]
    echo_problems([report], quiet, portability=True)  # no --portability note: no such option
    if not report.valid:
        sys.exit(1)
    write_out(render(fmt, [report], Options(depth=depth, style=style)), output)
