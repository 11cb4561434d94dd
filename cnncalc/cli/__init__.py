"""The command line: parse options, call the library, pick a renderer, set the exit code.

Exit codes (SPEC.md §6): 0 every spec valid, 1 at least one invalid, 2 usage error.
Results go to stdout, problems to stderr, one line each.

Each command lives in its own module, imported only when that command runs (or when
`--help` lists them all): a summary does not pay for the modules of verify, draw, export,
import, solve, ....
"""

from __future__ import annotations

import gc
import sys
from importlib import import_module

import click

from .. import __version__
from ..core.messages import DEFAULT, language as chosen_language, say
from .language import (Context, GivenHelp, chosen_for, command_rows, lang_option,
                       run_localised)

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Each command's name and where it is defined, "module:function" in this package. The
# group lists them from here (click sorts them by name), and imports one when it is run.
COMMANDS = {
    "check": "check:check",
    "draw": "draw:draw",
    "explain": "explain:explain",
    "export": "export:export_command",
    "import": "import_model:import_",
    "kinds": "reference:kinds",
    "schema": "reference:schema",
    "sizes": "design:sizes",
    "solve": "design:solve",
    "summary": "summary:summary",
    "verify": "verify:verify",
}


def _show_version(ctx, param, value):
    """`--version`, as click's `version_option` shows it; that decorator asks gettext for
    its words even when they are given (language.GivenHelp says what that costs)."""
    if value and not ctx.resilient_parsing:
        click.echo(f"cnncalc, version {__version__}", color=ctx.color)
        ctx.exit()


class _Commands(GivenHelp, click.Group):
    """The command group; Ctrl-C (say on a search of a huge tree) ends any command with
    one line and the shell's status for an interrupt, 130, instead of a traceback. The
    language is chosen before click reads the arguments (`language.choose`), so that help
    and usage errors are worded in it too."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        """The command `name`, its module imported the first time it is asked for; with
        `--lang` and the chosen language's help and usage errors, as the group has."""
        if name not in self.commands and name in COMMANDS:
            module, function = COMMANDS[name].split(":")
            command = getattr(import_module(f".{module}", __name__), function)
            command.context_class = Context
            self.add_command(lang_option(command), name)
        return self.commands.get(name)

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
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_show_version, help="Show the version and exit.")
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


cli.context_class = Context  # help and usage errors in the chosen language
lang_option(cli)


def main() -> None:
    # A run is short and allocates many small acyclic objects (a 10,000-layer spec makes
    # ~50,000 YAML nodes): the cyclic collector's repeated passes over them would cost more
    # than the parse itself, and reference counting frees them all the same.
    gc.disable()
    cli(prog_name="cnncalc")
