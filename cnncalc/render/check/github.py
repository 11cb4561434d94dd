"""GitHub Actions workflow commands: each error and warning becomes an annotation on the
line of the pull request it is about (`::error file=specs/a.yaml,line=9,col=5::…`).

Escaping follows GitHub's rules for workflow commands (actions/toolkit, command.ts): in the
message `%`, CR and LF are encoded; in a property `:` and `,` as well, since they separate
properties. Other control characters are written out (`printable`): GitHub's log shows the
annotation's text, and a terminal escape sequence in it must stay inert."""

from __future__ import annotations

from ...core.printable import printable
from . import tally

_NEWLINES = "\r\n"  # escaped by GitHub's rules; every other control character by printable
_DATA = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY = _DATA + ((":", "%3A"), (",", "%2C"))


def piece(report) -> str:
    """Every error and warning of one spec, a line each (none for a clean spec)."""
    return "\n".join(annotation(d) for d in report.errors + report.warnings)


def document(pieces: list[str], valid: int) -> str:
    return "\n".join([*filter(None, pieces), tally(len(pieces), valid)])


def annotation(diagnostic) -> str:
    properties = ",".join(f"{key}={_property(value)}" for key, value in (
        ("file", diagnostic.file), ("line", diagnostic.line), ("col", diagnostic.column))
        if value is not None)
    return (f"::{diagnostic.severity}{' ' + properties if properties else ''}::"
            f"{_escape(diagnostic.detail(keep=_NEWLINES), _DATA)}")


def _property(value) -> str:
    return _escape(printable(str(value), _NEWLINES), _PROPERTY)


def _escape(text: str, table) -> str:
    for char, code in table:
        text = text.replace(char, code)
    return text
