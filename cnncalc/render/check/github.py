"""GitHub Actions workflow commands: each error and warning becomes an annotation on the
line of the pull request it is about (`::error file=specs/a.yaml,line=9,col=5::…`).

Escaping follows GitHub's rules for workflow commands (actions/toolkit, command.ts): in the
message `%`, CR and LF are encoded; in a property `:` and `,` as well, since they separate
properties."""

from __future__ import annotations

from . import tally

_DATA = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY = _DATA + ((":", "%3A"), (",", "%2C"))


def render(reports) -> str:
    lines = [annotation(d) for report in reports for d in report.errors + report.warnings]
    return "\n".join([*lines, tally(reports)])


def annotation(diagnostic) -> str:
    properties = ",".join(f"{key}={_escape(str(value), _PROPERTY)}" for key, value in (
        ("file", diagnostic.file), ("line", diagnostic.line), ("col", diagnostic.column))
        if value is not None)
    return (f"::{diagnostic.severity}{' ' + properties if properties else ''}::"
            f"{_escape(diagnostic.detail(), _DATA)}")


def _escape(text: str, table) -> str:
    for char, code in table:
        text = text.replace(char, code)
    return text
