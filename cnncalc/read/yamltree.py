"""Safe YAML reading that remembers where every value came from.

The text is parsed into events by libyaml's parser when it is there (`SafeLoader`
otherwise), and the events are turned into plain dicts, lists and scalars here (not by
PyYAML's composer, whose recursion and alias expansion are what this avoids), so that:
- every mapping and list keeps the line and column of each entry, for error messages;
- only the plain YAML types are accepted: a `!!python/...` tag is an error, not code;
- alias expansion has a budget, so an alias bomb stops at once instead of eating memory
  (the values written out in the file are bounded by its size, so only what aliases add
  to them counts against it);
- files are read with a size limit and decoded as UTF-8 with a clear error.
"""

from __future__ import annotations

import math
import os
import stat
import sys
from functools import cached_property

import yaml

from ..core.errors import Diagnostic, SpecError
from ..core.messages import say
from ..core.params import DECIMAL, BadNumber, not_decimal, shown, too_large

# What turns the text into events: libyaml's bare parser (the C base of `CSafeLoader`, whose
# constructor and resolver set-up this module never uses: `check` makes one per file), else
# PyYAML's pure-Python `SafeLoader`. Either has `get_event` and `dispose`.
Loader = yaml.cyaml.CParser if yaml.__with_libyaml__ else yaml.SafeLoader

MAX_BYTES = 16 * 1024 * 1024  # a 10,000-layer spec is about 400 kB
MAX_NODES = 1_000_000  # values that aliases add, beyond those written in the file
MAX_DEPTH = 64  # nesting of mappings and lists; a spec with blocks needs about 8
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}
_MAP, _SEQ, _MERGE = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge"
_STR, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float"))
# The first characters of a plain scalar that YAML may read as something else than text
# (a number, a boolean, null, a date, `<<`): any other plain scalar is text, without the
# resolver's regular expressions, as most of a spec's kinds, keys and names are.
_TYPED_FIRST = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
# PyYAML's implicit types of plain scalars; `resolve` only reads its class's tables, so one
# serves every document.
_RESOLVER = yaml.resolver.Resolver()
_SHORT_INT = 18  # digits of a decimal int that int() reads well below its 4,300-digit limit


class YamlMap(dict):
    """A mapping that knows the (line, column) of each key and of itself (slots: a spec
    has a mapping per layer, and an instance dict each would double the cost of making
    them)."""

    __slots__ = ("positions", "position")
    positions: dict
    position: tuple[int, int] | None


class YamlList(list):
    """A list that knows the (line, column) of each item and of itself."""

    __slots__ = ("positions", "position")
    positions: list
    position: tuple[int, int] | None


def key_position(container, key) -> tuple[int, int] | None:
    """Where an entry of a parsed mapping or list was written, when it is known."""
    positions = getattr(container, "positions", None)
    try:
        return positions[key] if positions is not None else None
    except (KeyError, IndexError, TypeError):
        return None


def read_source(path: str) -> str:
    """The text of a spec file (or of stdin for `-`), within the size limit. Only a regular
    file is read: a FIFO or a device could block for ever or never end."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            _regular(os.stat(path).st_mode)  # before opening: opening a device can act
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block here
            try:
                info = os.fstat(fd)
                _regular(info.st_mode)  # what was opened, if it changed meanwhile
                data = _read(fd, info.st_size)
            finally:
                os.close(fd)
    except FileNotFoundError:
        raise _error(say("file.missing")) from None
    except OSError as exc:
        raise _error(say("file.unreadable", reason=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:
        raise _error(say("file.too-large", mib=MAX_BYTES // 2**20))
    if data.startswith(_BOM):  # dropped first: the positions below are the text's
        data = data[len(_BOM):]
    try:
        return data.decode("utf-8")  # C's own decoder ("utf-8-sig" is a Python one)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(say("file.not-utf8", byte=f"0x{data[exc.start]:02x}"), line,
                     column) from None


def _read(fd: int, size: int) -> bytes:
    """The file's bytes, up to one past MAX_BYTES. Asked for the size the file says plus
    one (not MAX_BYTES + 1, a 16 MiB buffer made for every spec a `check` reads), then, when
    there is more (a file may be longer than it says: /proc says 0), for the rest a piece at
    a time. Read from the descriptor: a buffered file object costs more to make than a
    small spec does to read. A read may return less than asked; nothing means the end."""
    chunks, total, wanted = [], 0, min(size, MAX_BYTES) + 1
    while total <= MAX_BYTES:
        chunk = os.read(fd, wanted - total if total < wanted else min(
            _PIECE, MAX_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


_PIECE = 1 << 20  # what is read at a time past the size a file says
_BOM = b"\xef\xbb\xbf"  # UTF-8's byte order mark, which some editors write first


_NOT_REGULAR = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise _error(say("file.directory"))
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
        raise _error(say("file.not-regular", kind=kind))


def parse_yaml(text: str):
    """Plain Python values, mappings and lists carrying their positions."""
    builder = _Builder()
    try:
        _build(text, Loader, builder)
    except yaml.YAMLError as exc:
        raise _first_error(text, exc, len(builder.stack)) from None
    if not builder.documents:
        raise _error(say("spec.empty"))
    return builder.root


def _build(text: str, loader_class, builder: _Builder) -> None:
    """Feeds the parser's events to the builder; the parser's own errors pass through."""
    loader = loader_class(text)
    try:
        builder.feed(iter(loader.get_event, None))
    finally:
        loader.dispose()


def _first_error(text: str, exc: yaml.YAMLError, depth: int) -> SpecError:
    """The parser's error, unless the text nests too deeply before it.

    libyaml's scanner holds back the events of the line it is on, and releases from PyYAML
    6.0.4 on refuse 1,000 nested levels there, in their own words, before the builder (at
    `depth` levels when libyaml failed) has seen the 65th. So when that line could open the
    levels left, the text before the failure is read again with the pure-Python parser,
    which hands out events as it goes: if the builder refuses the depth there, that refusal
    is the error, in cnncalc's words and at the 65th level whatever the PyYAML or libyaml
    version. Other errors cost no second reading."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if Loader is not yaml.SafeLoader and mark is not None and \
            _openers_on_line(text, mark.index) > MAX_DEPTH - depth:
        try:  # a mark's index counts characters
            _build(text[:mark.index], yaml.SafeLoader, _Builder())
        except _TooDeep as refusal:
            return refusal
        except (SpecError, yaml.YAMLError):
            pass  # the cut text can fail where the whole does not: keep libyaml's error
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        if _tab_at(text, mark):
            problem = say("yaml.tab")
        return _error(say("yaml.invalid", problem=problem), *_position(mark))
    return _error(say("yaml.invalid", problem=exc))


def _openers_on_line(text: str, index: int) -> int:
    """Characters that may open a level (`[`, `{`, a block entry `-`, a complex key `?`)
    between the start of the line and `index`: no line opens more levels than that."""
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return sum(text.count(opener, start, index) for opener in "[{-?")


def _tab_at(text: str, mark) -> bool:
    """Whether the parser stopped at a tab (libyaml's words for it, `found character that
    cannot start any token`, do not say so)."""
    if mark is None:
        return False
    lines = text.split("\n", mark.line + 1)
    return mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t"


def _position(mark) -> tuple[int, int] | tuple[()]:
    return (mark.line + 1, mark.column + 1) if mark is not None else ()


def _error(text: str, line: int | None = None, column: int | None = None) -> SpecError:
    return SpecError([Diagnostic(text, code="unreadable", line=line, column=column)])


class _TooDeep(SpecError):
    """The nesting depth refusal, told apart so that it can stand for libyaml's own."""


class _Frame:
    """A mapping or list being filled, and what it will be filed under when complete."""

    __slots__ = ("value", "positions", "is_list", "anchor", "mark", "filed", "key", "merges")

    def __init__(self, value, is_list: bool, anchor, mark, filed: int):
        self.value = value
        self.positions = value.positions
        self.is_list = is_list
        self.anchor = anchor
        self.mark = mark  # where it starts, for its entry in the container it goes in
        self.filed = filed  # the builder's count of values when it started: see `feed`
        self.key = None  # a mapping's key waiting for its value
        self.merges = None  # mappings named by `<<` merge keys, when there are


# The value of each plain scalar's text read so far, by every document read here: a spec
# repeats its keys, kinds and small numbers on every layer, the specs `check` reads share
# most of theirs, and a plain scalar's value is a function of its text alone (but `<<`,
# whose meaning depends on where it is, and the numbers cnncalc refuses, which are read
# anew each time). Emptied when it holds _REMEMBERED texts, so that it stays small in a
# process that reads many names.
_PLAIN: dict[str, object] = {}
_REMEMBERED = 10_000
_UNREAD = object()  # a plain scalar's text not read yet
_MERGE_KEY = object()  # a mapping's pending key when it is `<<` (no text can be it)
# The types of plain YAML values, by exact type (a `BadNumber` is text cnncalc refuses):
# immutable, so one object can stand wherever its text is written (the values remembered
# here), and read the same wherever they are written (the reader's parameter cache).
PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


class _Builder:
    """Builds values from the parser's events with an explicit stack, not recursion, so
    a deeply nested file is an error at the depth limit rather than a crash. An alias
    becomes a second reference to its anchor's value (specs are only read, never changed
    in place), and the values it stands for are counted against the budget, so an alias
    bomb is refused without being expanded."""

    def __init__(self):
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple] = {}  # anchor -> (value, size)
        self.aliased = 0  # values that aliases stand for, counted against MAX_NODES
        self.documents = 0
        self.root = None

    @cached_property
    def constructor(self) -> yaml.constructor.SafeConstructor:
        """PyYAML's, for the few scalars read here that need it (a float, a bool, null):
        made when first needed, as most specs have none. Per document, as it keeps what it
        constructed."""
        return yaml.constructor.SafeConstructor()

    def feed(self, events) -> None:
        """Builds the document from its events. This loop is where reading a spec spends
        its time (a dozen events for every two layers of a chain), so the common cases are
        written out in it, not called: a plain scalar already seen is one dictionary look-up,
        and a mapping's value is stored without the position no one asks for (a key, a list
        item and a container keep theirs). The size of a container, for the alias budget,
        is the count of values filed while it was open (`filed`), plus itself."""
        stack, anchors, plain = self.stack, self.anchors, _PLAIN
        unread, merge_key = _UNREAD, _MERGE_KEY
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        top = None  # the container being filled, stack[-1]
        filed = 0  # values filed so far, counting what aliases stand for
        for event in events:
            kind = event.__class__
            if kind is scalar:
                value = plain.get(event.value, unread) if event.tag is None and \
                    not event.style else unread
                if value is unread:
                    value = self.scalar(event)
                    if value is merge_key:
                        continue
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                mark = event.start_mark
                filed += 1
            elif kind in ends:
                frame = stack.pop()
                top = stack[-1] if stack else None
                if frame.merges:
                    _merge(frame.value, frame.merges)
                value, mark = frame.value, frame.mark
                if frame.anchor is not None:
                    anchors[frame.anchor] = (value, filed - frame.filed + 1)
                filed += 1
            elif kind in starts:
                top = self.start(event, filed)
                continue
            elif kind is alias:
                value, size = self.alias(event)
                mark = event.start_mark
                filed += size
            elif kind is yaml.DocumentStartEvent:
                self.document(event)
                continue
            else:
                continue
            if top is None:
                self.root = value
                continue
            key = top.key
            if key is not None and key is not merge_key:  # a mapping's value: the usual
                top.value[key] = value
                top.key = None
            elif top.is_list:
                top.value.append(value)
                top.positions.append((mark.line + 1, mark.column + 1))
            elif key is None and value.__class__ is str and value not in top.value:
                top.key = value
                top.positions[value] = (mark.line + 1, mark.column + 1)
            else:
                self.place(top, value, (mark.line + 1, mark.column + 1))

    def place(self, frame: _Frame, value, position: tuple[int, int]) -> None:
        """The rarer entries of a mapping: a key that is not plain text (refused, or a str
        subclass), a duplicate key, and the value of a merge key."""
        if frame.key is None:
            if not isinstance(value, str):
                raise _error(say("yaml.key", got=shown(value)), *position)
            if value in frame.value:
                raise _error(say("yaml.duplicate", key=repr(value)), *position)
            frame.key = value
            frame.positions[value] = position
            return
        frame.key = None
        sources = value if isinstance(value, YamlList) else [value]
        if not all(isinstance(source, YamlMap) for source in sources):
            raise _error(say("yaml.merge"), *position)
        frame.merges = (frame.merges or []) + list(sources)

    def document(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _error(say("yaml.invalid", problem=say("yaml.documents")),
                         *_position(event.start_mark))

    def scalar(self, event):
        """The value of a scalar not remembered (`_MERGE_KEY` for a merge key, which the
        mapping it is in takes as its pending key); a plain one's is remembered."""
        result = self._read(event)
        if event.tag is None and not event.style and result.__class__ in PLAIN_TYPES:
            if len(_PLAIN) >= _REMEMBERED:
                _PLAIN.clear()
            _PLAIN[event.value] = result
        return result

    def _read(self, event):
        """A scalar's value, read as PyYAML reads it (its resolver and constructor only
        for what may be other than text or a short decimal int)."""
        tag, value = event.tag, event.value
        if tag is None and not event.style and value:  # plain: the common cases first
            if value.isdigit() and value.isascii() and len(value) <= _SHORT_INT and \
                    (value[0] != "0" or len(value) == 1):  # 007 is refused by _number
                return int(value)
            if value[0] not in _TYPED_FIRST:
                return value
        if tag is None or tag == "!":  # untagged: quoted text is text, plain is resolved
            tag = _STR if event.style else _RESOLVER.resolve(
                yaml.ScalarNode, value, event.implicit)
        if tag == _STR:  # most scalars (kinds, names): no constructor needed
            return value
        if tag == _MERGE and self.stack and self.stack[-1].key is None \
                and isinstance(self.stack[-1].value, YamlMap):
            self.stack[-1].key = _MERGE_KEY
            return _MERGE_KEY
        self._check_tag(tag, event)
        return self._number(tag, event) if tag in (_INT, _FLOAT) else \
            self._construct(tag, event)

    def _number(self, tag: str, event):
        """An int or float; one cnncalc refuses is kept as a `BadNumber`, for the parameter
        that receives it to refuse with its layer and key, as the command line does."""
        if tag == _INT and not DECIMAL.fullmatch(event.value):
            return BadNumber(event.value, not_decimal(event.value))
        try:
            value = self._construct(tag, event)
        except SpecError:
            if tag == _INT:  # beyond the 4,300 digits Python converts
                return BadNumber(event.value, too_large(event.value))
            raise
        if tag == _FLOAT and math.isinf(value) and "inf" not in event.value.lower():
            return BadNumber(event.value, too_large(event.value))
        return value

    def _construct(self, tag: str, event):
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:
            text = event.value if len(event.value) <= 20 else event.value[:20] + "…"
            raise _error(say("yaml.value", text=repr(text), reason=str(exc).split(":")[0]),
                         *_position(event.start_mark)) from None

    def start(self, event, filed: int) -> _Frame:
        """Opens a mapping or list: its frame, now the top of the stack."""
        mapping = event.__class__ is yaml.MappingStartEvent
        if event.tag not in (None, "!"):
            self._check_tag(event.tag, event, {_MAP if mapping else _SEQ})
        mark = event.start_mark
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(_error(say("yaml.deep", depth=MAX_DEPTH), *_position(mark)).diagnostics)
        value = YamlMap() if mapping else YamlList()
        value.positions = {} if mapping else []
        value.position = (mark.line + 1, mark.column + 1)
        frame = _Frame(value, not mapping, event.anchor, mark, filed)
        self.stack.append(frame)
        return frame

    def alias(self, event) -> tuple[object, int]:
        """The value an alias names and its size, counted against the budget."""
        if event.anchor not in self.anchors:
            raise _error(say("yaml.invalid", problem=say("yaml.alias", anchor=event.anchor)),
                         *_position(event.start_mark))
        value, size = self.anchors[event.anchor]
        self.aliased += size
        if self.aliased > MAX_NODES:
            raise _error(say("yaml.bomb", nodes=f"{MAX_NODES:,}"), *_position(event.start_mark))
        return value, size

    def _check_tag(self, tag: str, event, allowed=_PLAIN_TAGS) -> None:
        if tag in allowed:
            return
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise _error(say("yaml.tag", tag=shown), *_position(event.start_mark))


def _merge(mapping: YamlMap, sources: list[YamlMap]) -> None:
    """YAML merge keys (`<<: *defaults`): explicit keys win, then the first source."""
    for source in sources:
        for key, value in source.items():
            if key not in mapping:
                mapping[key] = value
                mapping.positions[key] = source.positions[key]
