"""`cnncalc explain`: one layer's sliding windows drawn, from a spec or from numbers."""

from __future__ import annotations

import shutil
import sys

import click

from ..core.errors import CnnCalcError, SpecError
from .language import Command
from .options import framework_option, rounding_option

# The options of the one-layer form, as the layer's keys (values read as inline values).
LAYER_KEYS = ("kernel", "stride", "padding", "dilation")


def _layer_option(key: str, help: str):
    return click.option(f"--{key}", metavar="N", help=help)


@click.command(cls=Command)
@click.argument("source", metavar="SPEC|KIND")
@click.option("--layer", metavar="NAME", help="The spec's layer to draw.")
@click.option("--input", "sizes", metavar="SIZES",
              help="One-layer form: the input's spatial size, e.g. 7 or 39x31.")
@_layer_option("kernel", "One-layer form: the kernel (a pooling's size), e.g. 3 or 3x2.")
@_layer_option("stride", "One-layer form: the stride.")
@_layer_option("padding", "One-layer form: the padding, a number, same or valid.")
@_layer_option("dilation", "One-layer form: the dilation (convolutions).")
@rounding_option("Override the spec's rounding mode (floor draws what it drops).")
@framework_option("Whose rules apply where Keras and PyTorch differ.")
@click.option("--width", type=click.IntRange(min=40), metavar="COLUMNS",
              help="The longest line (default: the terminal's width).")
def explain(source, layer, sizes, rounding, framework, width, **numbers):
    """Draw one layer's sliding window, per axis.

    The input positions with the padding cells, the positions each output's window
    reads, those no window reads (what a floor drops, a stride or a dilation skips), and
    the arithmetic. A wide axis shows its first and last windows.

    \b
    cnncalc explain specs/taewan_39x31x1.yaml --layer conv1
    cnncalc explain conv --input 7 --kernel 3 --stride 2 --padding 1
    cnncalc explain maxpool --input 7 --kernel 2 --rounding floor

    Exit status: 0 drawn, 1 the spec is invalid (what can be drawn still is),
    2 the command line is wrong.
    """
    from ..read.spec import INLINE, build, inline_value
    from ..render.window import draw_windows
    from ..run.explain import ExplainError, layer_windows, one_layer_tree
    from ..run.models import load  # a spec, or a model file (Keras, ONNX)

    given = {key: numbers[key] for key in LAYER_KEYS if numbers[key] is not None}
    try:
        if sizes is None:
            if layer is None:
                raise ExplainError("no-layer-named")
            if given:
                raise ExplainError("one-layer-option", option=next(iter(given)))
            spec = load(source)
        else:
            values = {key: inline_value(value) for key, value in given.items()}
            read = inline_value(sizes)
            tree = one_layer_tree(source, [read] if isinstance(read, int) else list(read),
                                  values)
            try:
                spec = build(tree, source=INLINE)
            except SpecError as exc:  # located as an inline spec's are
                raise SpecError([d.located(INLINE) for d in exc.diagnostics]) from None
            layer = spec.layers[0].name
        drawn, report = layer_windows(spec, layer, rounding, framework)
    except SpecError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except CnnCalcError as exc:
        raise click.UsageError(str(exc)) from None
    if drawn is not None:
        columns = width or shutil.get_terminal_size((80, 24)).columns
        click.echo(draw_windows(drawn.name, drawn.kind, drawn.axes, drawn.rounding,
                                max(columns, 40)))
    index = drawn.index if drawn else None
    own = tuple(w for w in report.warnings if w.index == index)  # not the other layers'
    for diagnostic in report.errors + own:
        click.echo(diagnostic.one_line(), err=True)
    if not report.valid:
        sys.exit(1)
