"""`cnncalc schema` and `cnncalc kinds`: the spec format's JSON Schema and the layer
kinds, from the registry."""

from __future__ import annotations

import click

from ..core.messages import say
from .language import Command
from .options import format_option


@click.command(cls=Command)
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


@click.command(cls=Command)
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
