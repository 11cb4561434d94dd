"""`cnncalc verify`: each spec run on a random batch by a backend, its shapes and
parameter counts compared with the engine's."""

from __future__ import annotations

import sys

import click

from ..backends import BACKENDS, DEVICES
from ..core.errors import CnnCalcError
from ..core.messages import say
from ..core.printable import printable
from ..render import Options, render
from .language import Command
from .options import format_option, quiet_option, rounding_option, stdin_once
from .shared import console_options, echo_problems


def _memory_size(ctx, param, value: str) -> int:
    from ..run.verify import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command(cls=Command)
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
    options = console_options(False) if fmt == "table" else Options()
    click.echo(render("verify_table" if fmt == "table" else "json", results, options),
               color=options.color)
    if fmt == "table":
        echo_problems([job.report for job in jobs], quiet)
    for result in results:
        if result.error:
            click.echo(f"{say('error')}: {printable(result.error)}", err=True)
    if not all(result.agrees for result in results):
        sys.exit(1)
