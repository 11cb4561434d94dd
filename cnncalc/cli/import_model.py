"""`cnncalc import`: the spec of a Keras, ONNX or PyTorch model."""

from __future__ import annotations

import sys

import click

from ..core.errors import CnnCalcError
from ..core.messages import say
from ..core.printable import printable
from .language import Command


def _sizes(ctx, param, value):
    """`--input 3x224x224` → (3, 224, 224); each size a positive integer."""
    if value is None:
        return None
    parts = value.lower().split("x")
    if not all(part.isdigit() and 0 < int(part) < 2**31 for part in parts):
        raise click.BadParameter(say("cli.sizes", value=repr(value)))
    return tuple(int(part) for part in parts)


@click.command(name="import", cls=Command)
@click.argument("source")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the spec to this file (default: stdout).")
@click.option("--input", "input_sizes", metavar="SIZES", callback=_sizes,
              help="The input without the batch, in the model's layout (Keras 224x224x3, "
                   "ONNX/PyTorch 3x224x224). Needed for PyTorch and symbolic sizes.")
@click.option("--allow-unsupported", is_flag=True,
              help="Write the spec up to the first op cnncalc has no kind for.")
def import_(source, output, input_sizes, allow_unsupported):
    """Write the spec of a Keras, ONNX or PyTorch model.

    SOURCE is a .keras file, a Keras model.to_json() file (or legacy .h5), an .onnx file,
    or a PyTorch module as package.module:factory or file.py:Class (which runs that
    Python code, and needs torch and --input).

    \b
    cnncalc import model.keras -o model.yaml
    cnncalc import resnet50.onnx --input 3x224x224
    cnncalc import mynet.py:Net --input 3x32x32

    Keras and ONNX files are read as data: nothing in them is executed. Exit status: 0
    written, 1 the model cannot be read or holds an unsupported op, 2 the command line
    is wrong.
    """
    from ..run.models import import_model

    try:
        imported = import_model(source, input_sizes, allow_unsupported)
    except CnnCalcError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(imported.yaml)
        except OSError as exc:
            click.echo(say("cli.cannot-write", output=printable(output), error=say("error"),
                           reason=exc.strerror or exc),
                       err=True)
            sys.exit(1)
    else:
        click.echo(imported.yaml, nl=False)
    if imported.note:
        click.echo(imported.note.one_line(), err=True)
