"""Text from a spec, shown safely: names, file names and values are the user's text, and a
terminal obeys the control characters in them (`\x1b]0;…\x07` retitles it, `\x1b[2J`
clears it) while a newline splits what should be one line.

Every text output (tables, markdown, CSV, `check`'s lines, GitHub annotations, error
messages) passes such text through `printable`, which writes each control character the
way Python writes it in a string: `\n`, `\r`, `\t`, otherwise `\x1b`-style for the C0 and
C1 controls and DEL, and `\u202e`-style for the Unicode line separators and the
bidirectional controls that can make text read in another order than it is stored
("Trojan source"). A backslash is left as it is. JSON keeps the text exact with its own
escapes (`json_text`); JUnit XML replaces what XML cannot hold.
"""

from __future__ import annotations

from typing import Any, Iterator

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
_UNICODE = [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {**{code: f"\\x{code:02x}" for code in _CONTROLS},
            **{code: f"\\u{code:04x}" for code in _UNICODE},
            **{ord(char): text for char, text in _SHORT.items()}}
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in (*_CONTROLS, *_UNICODE) if code >= 0x7F}


def json_text(document: Any) -> str:
    """`document` as indented JSON, non-ASCII text kept readable. json.dumps escapes the
    C0 controls but leaves DEL, the C1 controls (`\x9b` starts an escape sequence on many
    terminals) and the Unicode ones raw: they get JSON's `\u009b` escape here, so the
    document means the same and prints inert."""
    return "".join(json_chunks(document))


def json_chunks(document: Any, size: int = 1 << 16) -> Iterator[str]:
    """`json_text` in pieces of about `size` characters, an iterator in the document (a
    report's layers) written item by item as it makes them (core/json_writer.py)."""
    from .json_writer import chunks  # here: only JSON output needs it

    pieces, length = [], 0
    for piece in chunks(document):
        pieces.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(pieces).translate(_JSON_ESCAPES)
            pieces, length = [], 0
    yield "".join(pieces).translate(_JSON_ESCAPES)


def printable(text: str, keep: str = "") -> str:
    """`text` with every control character written out, so it prints as one inert line;
    those in `keep` stay as they are, for an output with its own escaping for them."""
    if text.isascii() and text.isprintable():  # most text: no control character at all
        return text
    if not keep:  # the common case, without building a table per call
        return text.translate(_ESCAPES)
    return text.translate({code: text for code, text in _ESCAPES.items()
                           if chr(code) not in keep})
