"""The words of every human-facing text, one catalog per language, keyed by message codes.

Code says *what* it reports (`say("inexact", axis=..., formula=...)`); the catalog of the
chosen language says it in words. A language is one module beside this one (`en.py`,
`ko.py`) holding `MESSAGES`, a dict from code to a `str.format` template, and optionally
`HELP`, the command line's help texts keyed by their English wording (as gettext keys
them): a third language is a file, not a code change.

Only the chosen language's module is imported, and only when the first text is worded, so
that a run's start-up pays for one small dict. Machine-readable output (JSON keys, codes,
shapes, numbers) never passes through here.
"""

from __future__ import annotations

import importlib
import os
from typing import Mapping

LANGUAGES = ("en", "ko")
DEFAULT = "en"
_ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX precedence: the first set one wins

_chosen: str | None = None  # None: read from the environment at the first text
_messages: dict[str, str] | None = None  # the chosen language's MESSAGES, once loaded
_catalogs: dict[str, dict[str, str]] = {}


def from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The language the locale variables ask for: the first non-empty of LC_ALL,
    LC_MESSAGES and LANG decides (`ko_KR.UTF-8` → `ko`; `C`, `en_US` or anything else →
    English), as POSIX programs read them."""
    for name in _ENVIRONMENT:
        value = environ.get(name)
        if value:
            code = value.split("_", 1)[0].split(".", 1)[0].lower()
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT


def set_language(language_code: str | None) -> None:
    """Word every text from now on in `language_code` (`en`, `ko`); None: as the
    environment says now. ValueError for a language with no catalog."""
    global _chosen, _messages
    if language_code is not None and language_code not in LANGUAGES:
        raise ValueError(f"unknown language {language_code!r}; choose from "
                         f"{', '.join(LANGUAGES)}")
    _chosen, _messages = language_code or from_environment(), None


def language() -> str:
    if _chosen is None:
        set_language(None)
    return _chosen


def module(language_code: str):
    return importlib.import_module(f".{language_code}", __name__)


def catalog(language_code: str) -> dict[str, str]:
    """The MESSAGES of one language, imported the first time it is asked for."""
    if language_code not in _catalogs:
        _catalogs[language_code] = module(language_code).MESSAGES
    return _catalogs[language_code]


def say(code: str, **fields) -> str:
    """The message `code` in the chosen language, its `{placeholders}` filled."""
    global _messages
    if _messages is None:
        _messages = catalog(language())
    return _messages[code].format(**fields) if fields else _messages[code]


def axis_name(axis: str) -> str:
    """A spatial axis's label (`height`, `axis 4`) in the chosen language; one the catalog
    does not know as it is."""
    if axis in AXES:
        return say(f"axis.{axis}")
    if axis == EVERY_AXIS:
        return say("axis.every")
    number = axis.removeprefix("axis ")
    return say("axis.numbered", number=number) if number.isdigit() else axis


AXES = ("length", "height", "width", "depth", "channels", "features")
EVERY_AXIS = "every axis"  # `cnncalc solve`'s label when every axis asks the same


INLINE = "<command line>"  # the source of a spec typed as --input and layer arguments (JSON)


def source_name(source: str | None) -> str | None:
    """Where a spec came from, as a person reads it: a file's name as it is; the command
    line's inline spec (`<command line>` in JSON) in the chosen language."""
    return say("source.inline") if source == INLINE else source


def help_text(english: str, table: str = "HELP") -> str:
    """A text keyed by its English wording in the chosen language: the language's `table`
    entry for it (HELP: the command line's help; DOCS: the layer kinds' and parameters'
    descriptions), or the wording itself (English, or a text the table lacks)."""
    if language() == DEFAULT:
        return english
    return getattr(module(language()), table, {}).get(english, english)
