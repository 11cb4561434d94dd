"""`cnncalc sizes` and `cnncalc solve`: the design queries (cnncalc/solve/) on the command
line. Registered on the command group in cli/__init__.py; what they compute is imported
only when they run."""

from __future__ import annotations

import sys

import click

from ..core.messages import EVERY_AXIS, say
from ..core.records import Framework
from .language import Command
from .options import format_option, framework_option, rounding_option, stdin_once


def _size_range(ctx, param, value: str) -> tuple[int, int]:
    from ..solve.sizes import MAX_SIZES

    low, colon, high = value.partition(":")
    if not (colon and low.isdigit() and high.isdigit()) or not 1 <= int(low) <= int(high):
        raise click.BadParameter(say("cli.range", value=repr(value)))
    if int(high) - int(low) + 1 > MAX_SIZES:
        raise click.BadParameter(say("cli.range-size", most=f"{MAX_SIZES:,}", value=repr(value)))
    return int(low), int(high)


@click.command(cls=Command)
@click.argument("specs", nargs=-1, required=True, callback=stdin_once)
@click.option("--range", "size_range", metavar="MIN:MAX", default="1:4096", show_default=True,
              callback=_size_range, help="Input sizes tried on each axis, both ends included.")
@rounding_option()
@framework_option("Whose rules apply where Keras and PyTorch differ (default: the spec's "
                  "framework:, else keras).")
@format_option(("table", "json"), "table")
def sizes(specs, size_range, rounding, framework, fmt):
    """Every network input size, axis by axis, for which each spec is valid.

    An axis is tried alone, the others at the spec's own sizes. The valid sizes are written
    compactly (16·k + 12 for k ≥ 2), with the output size as a function of the input where
    it is one, the nearest valid sizes around the spec's own, and the first layer to reject
    the nearest invalid size.

    \b
    cnncalc sizes specs/zoo/unet.yaml
    cnncalc sizes specs/zoo/resnet50.yaml --range 32:1024 --format json

    Exit status: 0 every spatial axis of every spec has a valid size in the range, 1 one
    has none or a spec cannot be read, 2 the command line is wrong.
    """
    from ..solve.sizes import sizes as valid_sizes
    from ..solve.text import document, table
    from ..core.errors import SpecError
    from ..core.printable import json_text
    from ..run.models import load

    results, documents, ok = [], [], True
    for path in specs:
        try:
            spec = load(path)
        except SpecError as exc:
            ok = False
            documents.append({"file": path, "errors": [d.to_json() for d in exc.diagnostics]})
            for diagnostic in exc.diagnostics:
                click.echo(diagnostic.one_line(), err=True)
            continue
        try:
            result = valid_sizes(spec, *size_range, rounding=rounding, framework=framework)
        except ValueError as exc:  # too much work for the range asked
            ok = False
            documents.append({"file": path, "errors": [{"message": str(exc)}]})
            click.echo(f"{path}: {say('error')}: {exc}", err=True)
            continue
        ok = ok and result.valid
        results.append(result)
        documents.append(document(result))
    if fmt == "json":
        click.echo(json_text(documents[0] if len(documents) == 1 else documents))
    elif results:
        click.echo(table(results))
    if not ok:
        sys.exit(1)


def _axis_sizes(ctx, param, value: str | None) -> tuple[int, ...] | None:
    if value is None:
        return None
    parts = value.split("x")
    if not all(part.isdigit() and int(part) > 0 for part in parts) or len(parts) > 4:
        raise click.BadParameter(say("cli.axis-sizes", value=repr(value)))
    return tuple(int(part) for part in parts)


def _assignments(ctx, param, values) -> dict:
    from ..read.spec import inline_value

    fixed = {}
    for text in values:
        key, equals, value = text.partition("=")
        if not equals:
            raise click.BadParameter(say("cli.assignment", value=repr(text)))
        fixed[key] = inline_value(value)
    return fixed


@click.command(cls=Command)
@click.argument("target", metavar="KIND|SPEC")
@click.option("--input", "size", callback=_axis_sizes, metavar="SIZES",
              help="KIND: the layer's input size: 224, or one per axis, 224x160.")
@click.option("--output", "wanted", callback=_axis_sizes, metavar="SIZES",
              help="KIND: the output size wanted, as --input.")
@click.option("--set", "fixed", multiple=True, callback=_assignments, metavar="KEY=VALUE",
              help="KIND: keep a parameter at a value instead of searching it (repeatable).")
@click.option("--free", "free_text", metavar="LAYER.PARAM,...",
              help="SPEC: the parameters to solve for; LAYER.PARAM=MIN:MAX gives the range.")
@click.option("--output-shape", "output_shape", callback=_axis_sizes, metavar="SHAPE",
              help="SPEC: the network output wanted, as the spec writes shapes (388x388x2).")
@rounding_option("KIND: floor (default) also lists settings that round down (marked), "
                 "strict only exact ones. SPEC: overrides the spec's.")
@framework_option("Whose rules apply (KIND default: either, marked; SPEC default: its own).")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="Settings shown (per axis); 0 for every one.")
@format_option(("table", "json"), "table")
def solve(target, size, wanted, fixed, free_text, output_shape, rounding, framework, limit,
          fmt):
    """The settings that give a layer a size, or free parameters that fit a spec.

    With KIND (a layer kind with a stride: conv, maxpool, avgpool, minpool, depthwise_conv,
    separable_conv, conv_transpose), every setting in bounded ranges is taken through the
    same arithmetic as `summary`, under Keras's and PyTorch's rules, and those giving
    exactly the output are listed, the usual choices first.

    With SPEC and --free, every combination of the free parameters' values is walked, and
    those with which the spec is valid (and gives --output-shape) are listed, nearest the
    spec's own values first.

    \b
    cnncalc solve conv --input 224 --output 112
    cnncalc solve maxpool --input 224x160 --output 112x80 --rounding strict
    cnncalc solve conv_transpose --input 56 --output 112 --set kernel=4
    cnncalc solve specs/zoo/unet.yaml --free dec1/crop.cropping=0:100

    Exit status: 0 something was found (for every axis), 1 nothing was, or the spec cannot
    be read, 2 the command line is wrong.
    """
    if free_text is not None:
        _solve_spec(target, free_text, output_shape, rounding, framework, limit, fmt)
    elif size is None or wanted is None:
        raise click.UsageError(say("cli.solve-what"))
    else:
        _solve_layer(target, size, wanted, fixed, rounding or "floor", framework, limit, fmt)


def _solve_spec(path, free_text, output_shape, rounding, framework, limit, fmt):
    from ..solve.free import free_parameters, solve_free
    from ..solve.text import solutions_json, solutions_text
    from ..core.errors import SpecError
    from ..core.printable import json_text
    from ..run.models import load

    try:
        spec = load(path)
    except SpecError as exc:
        for diagnostic in exc.diagnostics:
            click.echo(diagnostic.one_line(), err=True)
        sys.exit(1)
    try:
        free = free_parameters(spec, free_text)
        found = solve_free(spec, free, output_shape, rounding=rounding, framework=framework)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--free") from None
    if fmt == "json":
        click.echo(json_text(solutions_json(spec, free, output_shape, found)))
    else:
        click.echo(solutions_text(spec, free, output_shape, found, limit))
    if not found:
        sys.exit(1)


def _solve_layer(kind, size, target, fixed, rounding, framework, limit, fmt):
    from ..layers import REGISTRY
    from ..solve.settings import SEARCH, ranges_text, solvable, solve as settings
    from ..solve.text import settings_json, settings_text
    from ..core.printable import json_text
    from ..layers.windows import axis_names

    if not solvable(kind):
        raise click.BadParameter(say("cli.solve-kind", kind=repr(kind), kinds=", ".join(
            k for k in REGISTRY if solvable(k))), param_hint="KIND")
    searched = {p.name for p in REGISTRY[kind].params} & set(SEARCH)
    unknown = set(fixed) - searched
    if unknown:
        raise click.BadParameter(say("cli.solve-set", kind=kind, searched=", ".join(
            sorted(searched)), unknown=", ".join(sorted(unknown))), param_hint="--set")
    rank = max(len(size), len(target))
    if {len(size), len(target)} - {1, rank}:
        raise click.BadParameter(say("cli.solve-axes"),
                                 param_hint="--output")
    pairs = list(zip(size * rank if len(size) == 1 else size,
                     target * rank if len(target) == 1 else target))
    labels = [EVERY_AXIS] if len(set(pairs)) == 1 else list(axis_names(rank))
    frameworks = (framework,) if framework else tuple(Framework)
    try:
        text = ranges_text(kind, fixed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None
    problems = [(label, x, y, settings(kind, x, y, rounding=rounding, frameworks=frameworks,
                                       fixed=fixed))
                for label, (x, y) in zip(labels, pairs)]
    if fmt == "json":
        click.echo(json_text(settings_json(kind, problems, rounding, text)))
    else:
        click.echo(settings_text(kind, problems, rounding,
                                 ranges_text(kind, fixed, say("pattern.or")), limit))
    if not all(found for *_, found in problems):
        sys.exit(1)
