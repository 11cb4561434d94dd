"""`cnncalc export`: one spec as a PyTorch or Keras model in a Python file."""

from __future__ import annotations

import sys

import click

from ..core.messages import say
from .language import Command
from .options import quiet_option, spec_options
from .shared import echo_problems, one_spec, write_out


@click.command("export", cls=Command)
@spec_options
@click.option("--to", "target", type=click.Choice(("pytorch", "keras")), required=True,
              help="The framework whose code is written.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True,
                                                allow_dash=True),
              help="Write the file here instead of stdout.")
@quiet_option()
def export_command(specs, input_text, name, layout, bias, rounding, target, output, quiet):
    """One spec as runnable code: a PyTorch or Keras 3 model in one Python file.

    The PyTorch file holds one nn.Module, the Keras file a functional model; layers are
    named after the spec's (docs/export.md has the mapping).

    \b
    cnncalc export specs/resnet_block_demo.yaml --to pytorch -o resnet.py
    cnncalc export specs/zoo/lenet5.yaml --to keras
    cnncalc export --input 28x28x1 conv:filters=32,kernel=3 flatten dense:units=10 --to pytorch

    An invalid spec, or one the framework cannot express, is not written: the reasons go
    to stderr and the exit status is 1.
    Exit status: 0 written, 1 the spec is invalid or cannot be expressed, 2 the command
    line is wrong.
    """
    from ..export import ExportRefused, export

    top = {"name": name, "layout": layout, "bias": bias}
    spec, report = one_spec("export", specs, input_text, top, rounding)
    echo_problems([report], quiet, portability=True)
    if not report.valid:
        sys.exit(1)
    try:
        text = export(spec, report, target)
    except ExportRefused as exc:
        click.echo(say("cli.export-refused", title=report.title, target=target, reason=exc),
                   err=True)
        sys.exit(1)
    write_out(text, output)
