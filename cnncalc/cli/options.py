"""The options several commands share, each declared once as a decorator.

A command lists what it takes (`@rounding_option`, `@limit_options`, ...); the help text,
the choices and the parsing of a value are written here, so two commands cannot describe
the same option differently.
"""

from __future__ import annotations

import click

from ..core.constraints import CONSTRAINTS
from ..core.messages import say
from ..core.params import ParamError
from ..core.records import Framework, Layout, Rounding


def _choice(enum) -> click.Choice:
    return click.Choice([member.value for member in enum])


def rounding_option(help: str = "Override the spec's rounding mode."):
    return click.option("--rounding", type=_choice(Rounding), help=help)


def framework_option(help: str):
    return click.option("--framework", type=_choice(Framework), help=help)


def quiet_option(help: str = "Show errors only: no warnings or notes."):
    return click.option("--quiet", "-q", is_flag=True, help=help)

layout_option = click.option("--layout", type=_choice(Layout), help="Inline spec: channels order.")


def format_option(choices, default: str, help: str | None = None):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help=help)


class _LimitValue(click.ParamType):
    """A constraint's value written as on the command line (`50000`, `10x10x3`), checked by
    the constraint's own parameter type."""

    def __init__(self, param):
        self.param = param
        self.name = param.type.describe()

    def convert(self, value, param, ctx):
        from ..read.spec import inline_value  # the reader is loaded only when a limit is given

        try:
            return self.param.type.parse(inline_value(value) if isinstance(value, str) else value)
        except ParamError as exc:
            self.fail(str(exc), param, ctx)


def limit_options(command):
    """One option per entry of CONSTRAINTS (`--max-params N`, ...), so a new constraint
    needs no CLI code."""
    for name, constraint in reversed(CONSTRAINTS.items()):
        command = click.option(constraint.option, name, type=_LimitValue(constraint.param),
                               metavar=constraint.metavar,
                               help=f"Limit: {constraint.param.doc} (replaces the spec's "
                                    f"constraints.{name}).")(command)
    return command


def stdin_once(ctx, param, paths):
    """The callback of a command's spec paths: standard input can be read once, a second
    `-` would be an empty spec."""
    if paths.count("-") > 1:
        raise click.BadParameter(say("cli.stdin-once"))
    return paths


def spec_options(command):
    """SPECS, or --input and inline layers, with what may be said of them: the options
    `summary` and `draw` share."""
    for option in reversed((
            click.argument("specs", nargs=-1, callback=stdin_once),
            click.option("--input", "input_text", metavar="SIZES",
                         help="Inline spec: the input shape, e.g. 39x31x1. The arguments are "
                              "then layers."),
            click.option("--name", help="Inline spec: the title."),
            layout_option,
            click.option("--bias/--no-bias", default=None,
                         help="Default for every layer; replaces a spec file's `bias:`."),
            rounding_option())):
        command = option(command)
    return command
