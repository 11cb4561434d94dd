"""Diagnostics: every problem cnncalc finds, as data first and as one line of text second.

A `Diagnostic` is what the report carries (and what `--format json` prints); `SpecError`
is the exception that carries a batch of them out of the parser, so that all problems of a
spec are collected and reported together rather than one per run.
"""

from .messages import say, source_name
from .printable import printable
from .record import Record


class Diagnostic(Record):
    """One error or warning, located as precisely as the input allows.

    `text` says what is wrong; `message` prefixes the layer's name, as SPEC.md writes it
    (`maxpool3: width (9 − 2)/2 + 1 = 4.5 is not an integer`)."""

    text: str
    severity: str = "error"  # "error" | "warning" | "note" (a Keras/PyTorch difference)
    code: str = "invalid"
    layer: str | None = None
    index: int | None = None
    key: str | None = None
    axis: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    fixes: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return f"{self.layer}: {self.text}" if self.layer else self.text

    def __str__(self) -> str:
        return self.one_line()

    def located(self, file: str | None) -> "Diagnostic":
        return self._replace(file=file)

    def one_line(self) -> str:
        """`file:line:col: error: layer 6 (maxpool3): … Fix: …`, the form editors and CI
        logs turn into links. Control characters are escaped (`printable`), so it is one
        line whatever the names in it hold."""
        where = printable(":".join(str(p) for p in (source_name(self.file), self.line,
                                                     self.column) if p is not None))
        text = f"{say(self.severity)}: {self.detail()}"
        return f"{where}: {text}" if where else text

    def detail(self, keep: str = "") -> str:
        """`layer 6 (maxpool3): … Fix: …`: the problem without its place, for outputs that
        carry the file, line and severity separately (CI annotations); one line, its
        control characters escaped (`printable`) but for those in `keep`."""
        if self.index is None:
            text = self.message
        elif self.layer is None:
            text = say("where.index", index=self.index, text=self.text)
        else:
            text = say("where.layer", index=self.index, layer=self.layer, text=self.text)
        if self.fixes:
            text += say("fix.lead") + say("fix.or").join(self.fixes)
        return printable(text, keep)

    def to_json(self) -> dict:
        return {
            "layer": self.layer,
            "index": self.index,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "file": self.file,
            "key": self.key,
            "axis": self.axis,
            "code": self.code,
            "severity": self.severity,
            "fixes": list(self.fixes),
        }


class CnnCalcError(Exception):
    """Base of every error cnncalc raises on purpose."""


class SpecError(CnnCalcError):
    """A spec could not be read; carries every diagnostic found while reading it."""

    def __init__(self, diagnostics: list[Diagnostic] | None = None):
        super().__init__(diagnostics)
        self.diagnostics = [] if diagnostics is None else diagnostics

    def __str__(self) -> str:
        return "\n".join(d.one_line() for d in self.diagnostics)


class LayerError(CnnCalcError):
    """Raised by a layer kind's rules; the engine adds the layer's name, index and position."""

    def __init__(self, message: str, *, key: str | None = None, axis: str | None = None,
                 fixes: tuple[str, ...] = (), code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.key = key
        self.axis = axis
        self.fixes = fixes
        self.code = code
