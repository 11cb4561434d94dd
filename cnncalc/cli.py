"""The command line: parse options, call the library, pick a renderer, set the exit code.

Exit codes (SPEC.md §6): 0 every spec valid, 1 at least one invalid, 2 usage error.
Results go to stdout, problems to stderr, one line each.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from dataclasses import replace

import click

from . import __version__
from .backends import BACKENDS, DEVICES
from .constraints import CONSTRAINTS, given
from .errors import CnnCalcError
from .printable import printable
from .layers import REGISTRY
from .engine import DTYPE_BYTES
from .layers.params import ParamError
from .render import FORMATS, Options, render
from .render.check import FORMATS as CHECK_FORMATS
from .render.columns import names as column_names, parse as parse_columns
from .spec import FRAMEWORKS, LAYOUTS, ROUNDINGS, inline_value

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Commands(click.Group):
    """The command group; Ctrl-C (say on a search of a huge tree) ends any command with
    one line and the shell's status for an interrupt, 130, instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("cnncalc: interrupted", err=True)
            ctx.exit(130)


def _stdin_once(ctx, param, paths):
    """Standard input can be read once: a second `-` would be an empty spec."""
    if paths.count("-") > 1:
        raise click.BadParameter("- (standard input) can be given only once")
    return paths


@click.group(cls=_Commands, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="cnncalc")
def cli():
    """Shape and parameter arithmetic for convolutional networks.

    \b
    cnncalc summary specs/taewan_39x31x1.yaml
    cnncalc summary --input 28x28x1 conv:filters=32,kernel=3 maxpool:size=2 flatten dense:units=10
    cnncalc check specs/
    cnncalc verify specs/taewan_39x31x1.yaml --backend torch
    cnncalc kinds
    """


class _LimitValue(click.ParamType):
    """A constraint's value written as on the command line (`50000`, `10x10x3`), checked by
    the constraint's own parameter type."""

    def __init__(self, param):
        self.param = param
        self.name = param.type.describe()

    def convert(self, value, param, ctx):
        try:
            return self.param.type.parse(inline_value(value) if isinstance(value, str) else value)
        except ParamError as exc:
            self.fail(str(exc), param, ctx)


def _quiet(text: str = "Show errors only: no warnings or notes."):
    return click.option("--quiet", "-q", is_flag=True, help=text)


def _limit_options(command):
    """One option per entry of CONSTRAINTS (`--max-params N`, ...), so a new constraint
    needs no CLI code."""
    for name, constraint in reversed(CONSTRAINTS.items()):
        command = click.option(constraint.option, name, type=_LimitValue(constraint.param),
                               metavar=constraint.metavar,
                               help=f"Limit: {constraint.param.doc} (replaces the spec's "
                                    f"constraints.{name}).")(command)
    return command


def _reports(specs, input_text, top, rounding, limits, **walk):
    """Reports for the files named, or for the inline spec when --input is given; `top` are
    the inline spec's top-level keys, `walk` the framework, dtype and portability options of
    `report_of`. With files, --bias/--no-bias replaces each file's default; --name and
    --layout say what only the file may say, so they are refused rather than ignored."""
    from .check import check, report_of
    from .spec import inline

    if input_text is not None:
        top = {**top, "framework": walk["framework"]}  # it decides how the input is read
        return [report_of(lambda: inline(input_text, list(specs), **top), "<command line>",
                          rounding, limits, **walk)]
    if not specs:
        raise click.UsageError("give spec files (- for stdin), or --input and inline layers")
    for key in ("name", "layout"):
        if top[key] is not None:
            raise click.UsageError(f"--{key} is for an inline spec (--input ...); a spec "
                                   f"file says its own `{key}:`")
    return check(specs, rounding, limits, bias=top["bias"], **walk)


def _console_options(explain: bool, depth: int | None = None, **chosen) -> Options:
    """Colour for a terminal, or wherever a non-empty FORCE_COLOR asks for it (a CI log
    that shows colours), as rich does; NO_COLOR always wins. Width only for a terminal."""
    tty = sys.stdout.isatty()
    color = (tty or bool(os.environ.get("FORCE_COLOR"))) and "NO_COLOR" not in os.environ
    width = os.get_terminal_size().columns if tty else 120
    return Options(explain=explain, color=color, width=width, depth=depth, **chosen)


def _columns(ctx, param, value):
    """`--columns shape,params,macs,rf` → column names; an unknown one is a usage error."""
    if value is None:
        return None
    try:
        return parse_columns(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("specs", nargs=-1, callback=_stdin_once)
@click.option("--input", "input_text", metavar="SIZES",
              help="Inline spec: the input shape, e.g. 39x31x1. The arguments are then layers.")
@click.option("--name", help="Inline spec: the title.")
@click.option("--layout", type=click.Choice(LAYOUTS), help="Inline spec: channels order.")
@click.option("--bias/--no-bias", default=None,
              help="Default for every layer; replaces a spec file's `bias:`.")
@click.option("--rounding", type=click.Choice(ROUNDINGS),
              help="Override the spec's rounding mode.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--explain", is_flag=True, help="Show the arithmetic behind every number.")
@click.option("--depth", type=click.IntRange(min=1), metavar="N",
              help="Table: list N levels of blocks; deeper ones fold into their block's row.")
@click.option("--columns", callback=_columns, metavar="LIST",
              help=f"Table, markdown and CSV columns, comma-separated: "
                   f"{', '.join(column_names())}.")
@click.option("--framework", type=click.Choice(FRAMEWORKS),
              help="Whose rules apply where Keras and PyTorch differ (default: the spec's "
                   "framework:, else keras). With --input, pytorch reads 3x224x224 as C×H×W.")
@click.option("--portability", is_flag=True,
              help="List every layer whose result or validity differs between Keras and "
                   "PyTorch.")
@click.option("--dtype", type=click.Choice(tuple(DTYPE_BYTES)), default="float32",
              show_default=True, help="Bytes per number for activation and parameter memory.")
@_quiet()
@_limit_options
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
    reports = _reports(specs, input_text, top, rounding, given(limits), framework=framework,
                       dtype=dtype, portable=portability)
    chosen = {"columns": columns, "portability": portability}
    options = (_console_options(explain, depth, **chosen) if fmt == "table"
               else Options(explain=explain, **chosen))
    text = render(fmt, reports, options)
    if text:
        click.echo(text, color=options.color)  # click would strip the colour off a pipe
    if fmt != "json":
        _echo_problems(reports, quiet, portability)
    if not all(report.valid for report in reports):
        sys.exit(1)


def _echo_problems(reports, quiet: bool, portability: bool = False) -> None:
    """Every error on stderr; the warnings and notes too, unless --quiet. The note on
    framework differences only when the framework was left to the default: a spec or a run
    that chose it knows whose rules apply."""
    for report in reports:
        for diagnostic in report.errors + (() if quiet else report.warnings + report.notes):
            click.echo(diagnostic.one_line(), err=True)
        differing = {note.layer for note in report.portability}
        if differing and not (portability or quiet or report.framework_chosen):
            layers = (f"{len(differing)} layers follow" if len(differing) > 1 else
                      "1 layer follows")
            click.echo(f"note: {printable(report.title)}: {layers} {report.framework} where Keras "
                       f"and PyTorch differ; --portability lists them", err=True)


def _memory_size(ctx, param, value: str) -> int:
    from .verify import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("specs", nargs=-1, required=True, callback=_stdin_once)
@click.option("--backend", type=click.Choice(BACKENDS), default="numpy", show_default=True,
              help="numpy is built in; torch needs pip install 'cnncalc[torch]'.")
@click.option("--batch", type=click.IntRange(1), default=1, show_default=True,
              help="Items in the random batch.")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True,
              help="Seed of the random input and weights.")
@click.option("--device", type=click.Choice(DEVICES), default="cpu", show_default=True,
              help="Where the torch backend runs.")
@click.option("--rounding", type=click.Choice(ROUNDINGS),
              help="Override the spec's rounding mode.")
@click.option("--max-memory", metavar="SIZE", default="2G", show_default=True,
              callback=_memory_size,
              help="Refuse a run estimated to need more memory, e.g. 512M or 8G.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True)
@_quiet()
def verify(specs, backend, batch, seed, device, rounding, max_memory, fmt, quiet):
    """Run each spec on a random batch and check every shape and parameter count.

    Each layer is built as a real operation (numpy, or torch.nn modules), a random float32
    batch goes through the network, and the output shape of every layer's array and the
    sizes of the weights it created are compared with what the engine computed.

    \b
    cnncalc verify specs/taewan_39x31x1.yaml
    cnncalc verify specs/*.yaml --backend torch --batch 4
    cnncalc verify big.yaml --max-memory 8G --format json

    Exit status: 0 every layer of every spec agrees, 1 a layer disagrees or a spec is
    invalid or cannot be run, 2 the command line is wrong.
    """
    from .render.progress import layer_progress
    from .verify import prepare

    if device != "cpu" and backend != "torch":
        raise click.UsageError(f"--device {device} needs --backend torch")
    try:
        jobs = prepare(list(specs), backend, batch=batch, seed=seed, device=device,
                       rounding=rounding, max_memory=max_memory)
    except CnnCalcError as exc:  # the backend cannot run here: no spec can be verified
        if fmt == "json":  # a script still gets a document to read
            click.echo(json.dumps({"backend": backend, "agrees": False, "error": str(exc)},
                                  indent=2))
        raise click.ClickException(str(exc)) from None
    show_progress = fmt == "table" and sys.stdout.isatty()
    results = []
    for job in jobs:
        with layer_progress(job.report.title, job.layers, show_progress) as on_layer:
            results.append(job.run(on_layer))
    options = _console_options(False) if fmt == "table" else Options()
    click.echo(render("verify_table" if fmt == "table" else "json", results, options),
               color=options.color)
    if fmt == "table":
        _echo_problems([job.report for job in jobs], quiet)
    for result in results:
        if result.error:
            click.echo(f"error: {printable(result.error)}", err=True)
    if not all(result.agrees for result in results):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, callback=_stdin_once)
@click.option("--rounding", type=click.Choice(ROUNDINGS),
              help="Override every spec's rounding mode.")
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text",
              show_default=True, help="text for people, github for Actions annotations, "
                                      "junit for GitLab/Jenkins, json for scripts.")
@click.option("--framework", type=click.Choice(FRAMEWORKS),
              help="Whose rules apply where Keras and PyTorch differ (default: each spec's "
                   "framework:, else keras).")
@click.option("--strict", is_flag=True,
              help="Warnings are errors: a spec with a warning is invalid (exit 1).")
@_quiet("Show errors only: no warnings (json keeps them).")
@_limit_options
def check(paths, rounding, fmt, framework, strict, quiet, **limits):
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
    from .check import check as check_all
    from .render.check import DOCUMENTS, render as render_check, tally

    reports = check_all(paths, rounding, given(limits), framework=framework, strict=strict)
    shown = [replace(report, warnings=()) for report in reports] if quiet and fmt != "json" \
        else reports
    click.echo(render_check(fmt, shown))
    if fmt in DOCUMENTS:
        click.echo(tally(reports), err=True)
    if not all(report.valid for report in reports):
        sys.exit(1)


def _size_range(ctx, param, value: str) -> tuple[int, int]:
    from .design.sizes import MAX_SIZES

    low, colon, high = value.partition(":")
    if not (colon and low.isdigit() and high.isdigit()) or not 1 <= int(low) <= int(high):
        raise click.BadParameter(f"expected MIN:MAX with 1 ≤ MIN ≤ MAX, e.g. 1:4096; got "
                                 f"{value!r}")
    if int(high) - int(low) + 1 > MAX_SIZES:
        raise click.BadParameter(f"at most {MAX_SIZES:,} sizes at once; got {value!r}")
    return int(low), int(high)


@cli.command()
@click.argument("specs", nargs=-1, required=True, callback=_stdin_once)
@click.option("--range", "size_range", metavar="MIN:MAX", default="1:4096", show_default=True,
              callback=_size_range, help="Input sizes tried on each axis, both ends included.")
@click.option("--rounding", type=click.Choice(ROUNDINGS),
              help="Override the spec's rounding mode.")
@click.option("--framework", type=click.Choice(FRAMEWORKS),
              help="Whose rules apply where Keras and PyTorch differ (default: the spec's "
                   "framework:, else keras).")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True)
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
    from .design.sizes import sizes as valid_sizes
    from .design.text import document, table
    from .errors import SpecError
    from .printable import json_text
    from .spec import load

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
            click.echo(f"{path}: error: {exc}", err=True)
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
        raise click.BadParameter(f"expected a size or one per axis such as 224x224, got "
                                 f"{value!r}")
    return tuple(int(part) for part in parts)


def _assignments(ctx, param, values) -> dict:
    fixed = {}
    for text in values:
        key, equals, value = text.partition("=")
        if not equals:
            raise click.BadParameter(f"expected KEY=VALUE, got {text!r}")
        fixed[key] = inline_value(value)
    return fixed


@cli.command()
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
@click.option("--rounding", type=click.Choice(ROUNDINGS),
              help="KIND: floor (default) also lists settings that round down (marked), "
                   "strict only exact ones. SPEC: overrides the spec's.")
@click.option("--framework", type=click.Choice(FRAMEWORKS),
              help="Whose rules apply (KIND default: either, marked; SPEC default: its own).")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="Settings shown (per axis); 0 for every one.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True)
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
        raise click.UsageError("give --input and --output for a layer KIND, or --free for "
                               "a SPEC")
    else:
        _solve_layer(target, size, wanted, fixed, rounding or "floor", framework, limit, fmt)


def _solve_spec(path, free_text, output_shape, rounding, framework, limit, fmt):
    from .design.free import free_parameters, solve_free
    from .design.text import solutions_json, solutions_text
    from .errors import SpecError
    from .printable import json_text
    from .spec import load

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
    from .design.solve import SEARCH, ranges_text, solvable, solve as settings
    from .design.text import settings_json, settings_text
    from .printable import json_text
    from .shapes import axis_names

    if not solvable(kind):
        raise click.BadParameter(f"{kind!r} is not a layer kind with a stride; one of "
                                 f"{', '.join(k for k in REGISTRY if solvable(k))} (or give a "
                                 f"spec with --free)", param_hint="KIND")
    searched = {p.name for p in REGISTRY[kind].params} & set(SEARCH)
    unknown = set(fixed) - searched
    if unknown:
        raise click.BadParameter(f"{kind} searches {', '.join(sorted(searched))}; not "
                                 f"{', '.join(sorted(unknown))}", param_hint="--set")
    rank = max(len(size), len(target))
    if {len(size), len(target)} - {1, rank}:
        raise click.BadParameter("--input and --output need the same number of axes",
                                 param_hint="--output")
    pairs = list(zip(size * rank if len(size) == 1 else size,
                     target * rank if len(target) == 1 else target))
    labels = ["every axis"] if len(set(pairs)) == 1 else list(axis_names(rank))
    frameworks = (framework,) if framework else FRAMEWORKS
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
        click.echo(settings_text(kind, problems, rounding, text, limit))
    if not all(found for *_, found in problems):
        sys.exit(1)


@cli.command()
def schema():
    """Print the JSON Schema of the spec format, for editors and other validators.

    \b
    cnncalc schema > cnncalc.schema.json
    then start a spec with:  # yaml-language-server: $schema=cnncalc.schema.json
    """
    from .schema import text

    click.echo(text(), nl=False)


def _kind_names(ctx, param, names):
    """The kinds named, each known to the registry; an unknown one is a usage error."""
    for name in names:
        if name not in REGISTRY:
            from difflib import get_close_matches  # only on this error path

            close = get_close_matches(name.lower(), REGISTRY, n=1, cutoff=0.75)
            raise click.BadParameter(f"unknown layer kind {name!r}" + (
                f"; did you mean {close[0]!r}?" if close else "; `cnncalc kinds` lists them"))
    return names


@cli.command()
@click.argument("names", nargs=-1, metavar="[KIND]...", callback=_kind_names)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="markdown is the table in the README.")
def kinds(names, fmt):
    """Every layer kind with its parameters, or each KIND named in full.

    The list marks required parameters with * and gives defaults in brackets. A KIND named
    is shown with every parameter, its output size and its learnable parameters.

    \b
    cnncalc kinds
    cnncalc kinds conv maxpool
    """
    from .render.kinds import render as render_kinds

    chosen = [REGISTRY[name] for name in names] or list(REGISTRY.values())
    click.echo(render_kinds(chosen, fmt, full=bool(names) and fmt == "text"))


def main() -> None:
    # A run is short and allocates many small acyclic objects (a 10,000-layer spec makes
    # ~50,000 YAML nodes): the cyclic collector's repeated passes over them would cost more
    # than the parse itself, and reference counting frees them all the same.
    gc.disable()
    cli(prog_name="cnncalc")
