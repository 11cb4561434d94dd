"""The command line: parse options, call the library, pick a renderer, set the exit code.

Exit codes (SPEC.md §6): 0 every spec valid, 1 at least one invalid, 2 usage error.
Results go to stdout, problems to stderr, one line each.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from .. import __version__
from ..backends import BACKENDS, DEVICES
from ..core.constraints import given
from ..core.errors import CnnCalcError
from ..core.messages import DEFAULT, language as chosen_language, say
from ..core.printable import printable
from ..core.records import DTYPE_BYTES
from ..render import FORMATS, PICTURES, STYLES, Options, render, render_chunks
from ..render.check import FORMATS as CHECK_FORMATS
from ..render.columns import names as column_names, parse as parse_columns
from ..render.notes import portability_note
from .design import sizes, solve
from .explain import explain
from .language import Context, chosen_for, command_rows, lang_option, run_localised
from .options import (format_option, framework_option, limit_options,
                      quiet_option, rounding_option, spec_options, stdin_once)

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Commands(click.Group):
    """The command group; Ctrl-C (say on a search of a huge tree) ends any command with
    one line and the shell's status for an interrupt, 130, instead of a traceback. The
    language is chosen before click reads the arguments (`language.choose`), so that help
    and usage errors are worded in it too."""

    def main(self, args=None, **extra):
        args = sys.argv[1:] if args is None else list(args)
        with chosen_for(args) as language:
            if language == DEFAULT or extra.get("standalone_mode") is False:
                return super().main(args, **extra)
            return run_localised(super().main, args, **extra)

    def format_commands(self, ctx, formatter):
        if chosen_language() == DEFAULT:
            return super().format_commands(ctx, formatter)
        with formatter.section("Commands"):
            formatter.write_dl(command_rows(self, ctx))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(say("interrupted"), err=True)
            ctx.exit(130)


@click.group(cls=_Commands, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="cnncalc")
def cli():
    """Shape and parameter arithmetic for convolutional networks.

    \b
    cnncalc summary specs/taewan_39x31x1.yaml
    cnncalc summary --input 28x28x1 conv:filters=32,kernel=3 maxpool:size=2 flatten dense:units=10
    cnncalc check specs/
    cnncalc verify specs/taewan_39x31x1.yaml --backend torch
    cnncalc draw specs/resnet_block_demo.yaml -o resnet.svg
    cnncalc explain conv --input 7 --kernel 3 --stride 2 --padding 1
    cnncalc kinds
    """


def _reports(specs, input_text, top, rounding, limits, **walk):
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
    _files_only(specs, top)
    return check(specs, rounding, limits, bias=top["bias"], **walk)


def _files_only(specs, top) -> None:
    """Spec files are given, and no option that only an inline spec may take."""
    if not specs:
        raise click.UsageError(say("cli.no-specs"))
    for key in ("name", "layout"):
        if top[key] is not None:
            raise click.UsageError(say("cli.inline-only", key=key))


def _one_spec(command: str, specs, input_text, top, rounding):
    """The spec a command that takes one reads (a file, or inline), and its report; the
    spec is None when it could not be read."""
    from ..read.spec import INLINE, inline, load
    from ..run.check import collect
    from ..run.pipeline import report_of

    if input_text is not None:
        read, source = (lambda: inline(input_text, list(specs), **top)), INLINE
    else:
        _files_only(specs, top)
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
    reports = _reports(specs, input_text, top, rounding, given(limits), framework=framework,
                       dtype=dtype, portable=portability)
    chosen = {"columns": columns, "portability": portability}
    options = (_console_options(explain, depth, **chosen) if fmt == "table"
               else Options(explain=explain, depth=depth, **chosen))
    written = False
    for text in render_chunks(fmt, reports, options):  # JSON: as the layers are written
        # color=: click would strip the colour off a pipe
        click.echo(text, nl=False, color=options.color)
        written = written or bool(text)
    if written:
        click.echo()
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
        note = None if portability or quiet else portability_note(report)
        if note:
            click.echo(note, err=True)


@cli.command()
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
    reports = _reports(specs, input_text, top, rounding, (), framework=framework)
    if len(reports) > 1:
        raise click.UsageError(say("cli.one-spec", command="draw", specs=" ".join(specs),
                                   count=len(reports)))
    report = reports[0]
    _echo_problems([report], quiet, portability=True)  # no --portability note: no such option
    if not report.valid:
        sys.exit(1)
    _write(render(fmt, [report], Options(depth=depth, style=style)), output)


@cli.command("export")
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
    spec, report = _one_spec("export", specs, input_text, top, rounding)
    _echo_problems([report], quiet, portability=True)
    if not report.valid:
        sys.exit(1)
    try:
        text = export(spec, report, target)
    except ExportRefused as exc:
        click.echo(say("cli.export-refused", title=report.title, target=target, reason=exc),
                   err=True)
        sys.exit(1)
    _write(text, output)


def _write(text: str, output: str | None) -> None:
    """The text to stdout (no -o, or -o -) or to the file, a failure as one line."""
    if output in (None, "-"):
        click.echo(text)
        return
    try:
        with open(output, "w", encoding="utf-8") as file:
            file.write(text + "\n")
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror}") from None


def _memory_size(ctx, param, value: str) -> int:
    from ..run.verify import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("specs", nargs=-1, required=True, callback=stdin_once)
@click.option("--backend", type=click.Choice(BACKENDS), default="numpy", show_default=True,
              help="numpy is built in; torch needs pip install 'cnncalc[torch]'.")
@click.option("--batch", type=click.IntRange(1), default=1, show_default=True,
              help="Items in the random batch.")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True,
              help="Seed of the random input and weights.")
@click.option("--device", type=click.Choice(DEVICES), default="cpu", show_default=True,
              help="Where the torch backend runs.")
@rounding_option()
@click.option("--max-memory", metavar="SIZE", default="2G", show_default=True,
              callback=_memory_size,
              help="Refuse a run estimated to need more memory, e.g. 512M or 8G.")
@format_option(("table", "json"), "table")
@quiet_option()
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
    from ..render.progress import layer_progress
    from ..run.verify import prepare

    if device != "cpu" and backend != "torch":
        raise click.UsageError(say("cli.device", device=device))
    try:
        jobs = prepare(list(specs), backend, batch=batch, seed=seed, device=device,
                       rounding=rounding, max_memory=max_memory)
    except CnnCalcError as exc:  # the backend cannot run here: no spec can be verified
        if fmt == "json":  # a script still gets a document to read
            import json

            click.echo(json.dumps({"backend": backend, "agrees": False, "error": str(exc)},
                                  indent=2))
        raise click.ClickException(str(exc)) from None
    show_progress = fmt == "table" and sys.stdout.isatty()
    results = []
    for job in jobs:
        with layer_progress(job.report.title, job.layer_count, show_progress) as on_layer:
            results.append(job.run(on_layer))
    options = _console_options(False) if fmt == "table" else Options()
    click.echo(render("verify_table" if fmt == "table" else "json", results, options),
               color=options.color)
    if fmt == "table":
        _echo_problems([job.report for job in jobs], quiet)
    for result in results:
        if result.error:
            click.echo(f"{say('error')}: {printable(result.error)}", err=True)
    if not all(result.agrees for result in results):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, callback=stdin_once)
@rounding_option("Override every spec's rounding mode.")
@format_option(CHECK_FORMATS, "text", "text for people, github for Actions annotations, "
                                      "junit for GitLab/Jenkins, json for scripts.")
@framework_option("Whose rules apply where Keras and PyTorch differ (default: each spec's "
                  "framework:, else keras).")
@click.option("--strict", is_flag=True,
              help="Warnings are errors: a spec with a warning is invalid (exit 1).")
@quiet_option("Show errors only: no warnings (json keeps them).")
@limit_options
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
    from ..render.check import DOCUMENTS, render as render_check, tally
    from ..run.check import check as check_all

    reports = check_all(paths, rounding, given(limits), framework=framework, strict=strict)
    shown = [report._replace(warnings=()) for report in reports] if quiet and fmt != "json" \
        else reports
    click.echo(render_check(fmt, shown))
    if fmt in DOCUMENTS:
        click.echo(tally(reports), err=True)
    if not all(report.valid for report in reports):
        sys.exit(1)


def _sizes(ctx, param, value):
    """`--input 3x224x224` → (3, 224, 224); each size a positive integer."""
    if value is None:
        return None
    parts = value.lower().split("x")
    if not all(part.isdigit() and 0 < int(part) < 2**31 for part in parts):
        raise click.BadParameter(say("cli.sizes", value=repr(value)))
    return tuple(int(part) for part in parts)


@cli.command(name="import")
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


@cli.command()
def schema():
    """Print the JSON Schema of the spec format, for editors and other validators.

    \b
    cnncalc schema > cnncalc.schema.json
    then start a spec with:  # yaml-language-server: $schema=cnncalc.schema.json
    """
    from ..read.schema import text

    click.echo(text(), nl=False)


def _kind_names(ctx, param, names):
    """The kinds named, each known to the registry; an unknown one is a usage error."""
    from ..layers import REGISTRY

    for name in names:
        if name not in REGISTRY:
            from difflib import get_close_matches  # only on this error path

            close = get_close_matches(name.lower(), REGISTRY, n=1, cutoff=0.75)
            raise click.BadParameter(say("cli.unknown-kind", name=repr(name), hint=say(
                "hint.close", close=repr(close[0])) if close else say("cli.kinds-lists")))
    return names


@cli.command()
@click.argument("names", nargs=-1, metavar="[KIND]...", callback=_kind_names)
@format_option(["text", "markdown"], "text", "markdown is the table in the README.")
def kinds(names, fmt):
    """Every layer kind with its parameters, or each KIND named in full.

    The list marks required parameters with * and gives defaults in brackets. A KIND named
    is shown with every parameter, its output size and its learnable parameters.

    \b
    cnncalc kinds
    cnncalc kinds conv maxpool
    """
    from ..layers import REGISTRY
    from ..render.kinds import render as render_kinds

    chosen = [REGISTRY[name] for name in names] or list(REGISTRY.values())
    click.echo(render_kinds(chosen, fmt, full=bool(names) and fmt == "text"))


cli.add_command(explain)
cli.add_command(sizes)
cli.add_command(solve)
for _command in (cli, *cli.commands.values()):
    _command.context_class = Context  # help and usage errors in the chosen language
    lang_option(_command)


def main() -> None:
    # A run is short and allocates many small acyclic objects (a 10,000-layer spec makes
    # ~50,000 YAML nodes): the cyclic collector's repeated passes over them would cost more
    # than the parse itself, and reference counting frees them all the same.
    gc.disable()
    cli(prog_name="cnncalc")
