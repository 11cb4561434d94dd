"""The language of the command line: `--lang` on every command, the locale variables, and
click's own words (usage line, headings, help, usage errors) in the chosen language.

The language must be known before click parses anything, because `--help` may come before
`--lang ko`: `choose(args)` reads it from the arguments (or the environment) first, and
the eager `--lang` option only checks and records the same choice. Help texts stay in
English in the decorators; the formatter looks each one up in the language's HELP table
(keyed by the English wording, as gettext keys its catalogs), so the commands' code does
not change per language.
"""

from __future__ import annotations

import inspect
import re
import sys
from contextlib import contextmanager

import click

from ..core.messages import (DEFAULT, LANGUAGES, help_text, language, module, say,
                             set_language)

LANG_HELP = "Language of messages and help: en or ko (default: from LC_ALL, LC_MESSAGES, LANG)."


def _record(ctx, param, value):
    if value is not None:
        set_language(value)
    return value


def lang_option(command):
    """`--lang en|ko` on a command (or the group): eager, so that it is set before any
    other value is checked."""
    return click.option("--lang", type=click.Choice(LANGUAGES), is_eager=True,
                        expose_value=False, callback=_record, help=LANG_HELP)(command)


def choose(args) -> str:
    """The language a command line asks for: the last `--lang X` (or `--lang=X`) among
    `args` before a `--`, else the environment's. An unknown value is left for the
    option to refuse, in the environment's language."""
    chosen = None
    for number, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and number + 1 < len(args):
            chosen = args[number + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    set_language(chosen if chosen in LANGUAGES else None)
    return language()


class Formatter(click.HelpFormatter):
    """click's help formatter, its words looked up in the chosen language's HELP table:
    the usage prefix, the headings, the command's text and every option's help (the part
    click adds, `[default: …]`, worded as well)."""

    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, say("click.usage") + " " if prefix is None else prefix)

    def write_heading(self, heading):
        super().write_heading(help_text(heading))

    def write_text(self, text):
        with self._in_cells():
            super().write_text(_filled(paragraphs(text)))

    def write_dl(self, rows, *args, **kwargs):
        with self._in_cells():
            super().write_dl([(term, _filled(_option_help(text))) for term, text in rows],
                             *args, **kwargs)

    @contextmanager
    def _in_cells(self):
        """click wraps by characters, and a Korean character takes two terminal cells: the
        text is written with a filler after each wide character (`_filled`), so that click
        counts it twice, and the fillers are taken out of what was written."""
        start = len(self.buffer)
        yield
        self.buffer[start:] = [part.replace(_FILLER, "") for part in self.buffer[start:]]


_FILLER = "\u2063"  # INVISIBLE SEPARATOR: no space, so click never breaks a line at it


def _filled(text: str) -> str:
    """The text with a filler after each wide (two-cell) character."""
    if text.isascii():
        return text
    from unicodedata import east_asian_width

    return "".join(c + _FILLER if east_asian_width(c) in "WF" else c for c in text)


def paragraphs(text: str) -> str:
    """A command's help, each paragraph in the chosen language but its examples (a `\\b`
    paragraph, which click shows as written)."""
    return "\n\n".join(part if part.startswith("\b") else help_text(part)
                        for part in text.split("\n\n"))


# Pattern texts, compiled by `re` when help is first shown in another language.
_EXTRA = r"^(.*?)(?:(?:^|  )\[(.*)\])?$"
_EXTRA_WORDS = r"\b(default|required)\b"


def _option_help(text: str) -> str:
    """An option's help as click writes it, `Items in the random batch.  [default: 1;
    x>=1]`, with the help and the words of the bracket in the chosen language."""
    if language() == DEFAULT or not text:
        return text
    own, extra = re.match(_EXTRA, text, re.DOTALL).groups()
    own = help_text(own)
    if extra is None:
        return own
    extra = re.sub(_EXTRA_WORDS, lambda m: say("click." + m.group(1)), extra)
    return f"{own}  [{extra}]" if own else f"[{extra}]"


class Context(click.Context):
    formatter_class = Formatter


# click's own wording of its help option, which the HELP tables translate.
HELP_OPTION = "Show this message and exit."


def _show_help(ctx, param, value):
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class GivenHelp:
    """The help option (-h, --help) of a command or group, made as click makes it but for
    one thing: click's `help_option` asks gettext for its text even when the text is given
    (`kwargs.setdefault("help", _(...))`), and gettext's first lookup imports `locale` and
    searches the locale folders for a catalog click does not ship, 1.4 ms of every run
    (issue 15). click makes the option when a command line is parsed and keeps it in
    `_help_option`; here it is made first."""

    def get_help_option(self, ctx):
        names = self.get_help_option_names(ctx)
        if self._help_option is None and names and self.add_help_option:
            self._help_option = click.Option(names, is_flag=True, expose_value=False,
                                             is_eager=True, help=HELP_OPTION,
                                             callback=_show_help)
        return super().get_help_option(ctx)


class Command(GivenHelp, click.Command):
    """A command of cnncalc (`@click.command(cls=Command)`)."""


def show_error(error: click.ClickException) -> None:
    """A usage error as click shows it (the usage line, where to find help, `Error: …`),
    in the chosen language. The message of an error click itself raises (`No such
    option`) is click's English."""
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = say("click.try", command=ctx.command_path,
                       option=max(ctx.command.get_help_option_names(ctx), key=len)) + "\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    click.echo(say("click.error", message=click_message(error.format_message())), err=True)


def click_message(text: str) -> str:
    """A message click words itself (`No such option '--x'.`) in the chosen language: the
    language's CLICK table holds a pattern of each and its wording; a message matching
    none (one of cnncalc's own, already worded) is left as it is."""
    for pattern, wording in getattr(module(language()), "CLICK", {}).items():
        text = re.sub(pattern, wording, text)
    return text


def command_rows(group, ctx) -> list[tuple[str, str]]:
    """The group's commands, each with the first paragraph of its help in the chosen
    language (click would cut the English one to the width)."""
    rows = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            first = inspect.cleandoc(command.help or "").split("\n\n")[0]
            rows.append((name, " ".join(help_text(first).split())))
    return rows


@contextmanager
def chosen_for(args):
    """The language `args` (or the environment) ask for, for the time of one command; the
    one set before is restored after, for a program that runs commands in-process."""
    before = language()
    try:
        yield choose(args)
    finally:
        set_language(before)


def run_localised(main, args, **extra):
    """`main(args, **extra)` with click's error display in the chosen language: click's
    standalone mode shows its errors in English, so here they are caught and shown by
    `show_error`, with the exit codes click would use."""
    try:
        code = main(args, standalone_mode=False, **extra)
    except click.ClickException as error:
        show_error(error)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo(say("click.aborted"), err=True)
        sys.exit(1)
    if isinstance(code, int) and code:  # ctx.exit(code) returns it in this mode
        sys.exit(code)
    return code
