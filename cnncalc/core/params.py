"""Parameter types: each checks and normalises one user value, and describes itself.

A layer kind declares its parameters as a tuple of `Param`; the spec reader runs each
value through its type once, so the rules downstream see clean ints and tuples. The same
declarations produce the CLI help, the README table and the JSON Schema.
"""

import re
from typing import Any

from .messages import say
from .record import Record
from .records import PaddingMode

MAX_INT = 2**31 - 1  # what frameworks index with; a larger size is a typo, not a network
# A count (params, MACs) of a real network can pass MAX_INT (ResNet-50: 4.1 G MACs); a limit
# on one takes any value a signed 64-bit integer holds, as JSON readers and frameworks do.
MAX_COUNT = 2**63 - 1
# 3x3 is [3, 3], on the command line and in YAML alike. Pattern texts here and below are
# compiled by `re` on first use, when a value is text (few specs write sizes so), not at import.
SIZES_TEXT = r"-?[0-9]+(?:x-?[0-9]+)+"
SIZES_SCHEMA = {"type": "string", "pattern": f"^{SIZES_TEXT}$"}
# Python's (3, 3); a pattern text, compiled by `re` on the first text that is not sizes
_TUPLE = r"\(\s*(-?[0-9]+(?:\s*,\s*-?[0-9]+)*)\s*,?\s*\)"


class ParamError(ValueError):
    """A value of the wrong type or range; the message says what was expected, and `fix`,
    when there is one, the value to write instead."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.fix = fix


def sizes_text(value: Any) -> Any:
    """`3x3` → [3, 3] (the one rule for both spec forms); a tuple `(3, 3)` is refused
    with the list to write; anything else unchanged."""
    if not isinstance(value, str):
        return value
    if re.fullmatch(SIZES_TEXT, value):
        return [integer(part) for part in value.split("x")]
    tuple_ = re.fullmatch(_TUPLE, value.strip())
    if tuple_:
        listed = "[" + ", ".join(n.strip() for n in tuple_.group(1).split(",")) + "]"
        raise ParamError(say("param.tuple", value=value, listed=listed), fix=listed)
    return value


class BadNumber(str):
    """A number in YAML that cnncalc refuses (`010`, `0x10`, 5,000 digits, `1.0e+400`), kept
    as its text with the reason, so that the parameter receiving it refuses it with its layer
    and key, exactly as the same token is refused on the command line."""

    problem: str

    def __new__(cls, text: str, problem: ParamError) -> "BadNumber":
        number = super().__new__(cls, text)
        number.problem = str(problem)
        return number


def _int(value: Any, minimum: int, maximum: int = MAX_INT) -> int:
    if isinstance(value, BadNumber):
        raise ParamError(value.problem)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParamError(say("param.integer", got=shown(value)))
    if value < minimum:
        raise ParamError(say("param.minimum", minimum=minimum, value=value))
    if value > maximum:
        raise too_large(str(value), maximum)
    return value


def too_large(literal: str, maximum: int = MAX_INT) -> ParamError:
    """A number as written that no size can be: an integer beyond the maximum (even beyond
    the 4,300 digits Python converts) or a float that overflows to infinity."""
    shown = literal if len(literal) <= 20 else say("param.long", start=literal[:20],
                                                    length=f"{len(literal):,}")
    return ParamError(say("param.too-large", shown=shown, maximum=f"{maximum:,}"))


# A whole number as both forms accept it. YAML 1.1 also reads `010` as 8, `0x10`, `1_0` and
# `1:30` (90): a size written so is refused rather than silently read as another number.
DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def not_decimal(literal: str) -> ParamError:
    return ParamError(say("param.decimal", literal=repr(literal)))


def integer(text: str) -> int:
    """A whole number written in decimal ASCII digits, as both spec forms accept it."""
    if not DECIMAL.fullmatch(text):
        raise not_decimal(text)
    try:
        return int(text)
    except ValueError:  # beyond the 4,300 digits Python converts
        raise too_large(text) from None


def digit_note(text: str) -> str:
    """Why text that looks like a number is text: numbers are written with the ASCII digits
    0-9, in YAML and on the command line alike, so `８` (fullwidth) or `٣` is named."""
    for char in text:
        if char.isdigit() and not char.isascii():
            from unicodedata import name  # only on this error path
            return say("param.digit", char=repr(char), name=name(char, "a digit").lower())
    return ""


def shown(value: Any) -> str:
    """A value as a message names it, in YAML's terms rather than Python's types."""
    if isinstance(value, bool):
        return say("shown.boolean", value=str(value).lower())
    if isinstance(value, BadNumber):
        return value.problem
    if isinstance(value, str):
        return say("shown.text", value=repr(value), note=digit_note(value))
    if isinstance(value, (int, float)):
        return say("shown.number", value=value)
    if value is None:
        return say("shown.nothing")
    noun = "mapping" if isinstance(value, dict) else "list"
    text = repr(value if isinstance(value, list) else dict(value))
    return say(f"shown.{noun}", text=text) if len(text) <= 40 else say(
        f"shown.{noun}.long", count=len(value))


class Int(Record):
    minimum: int = 1
    maximum: int = MAX_INT  # MAX_COUNT for a limit on a count

    def parse(self, value: Any) -> int:
        return _int(value, self.minimum, self.maximum)

    def describe(self) -> str:
        return "int" if self.minimum <= 0 else f"int ≥ {self.minimum}"

    def schema(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Axes(Record):
    """An int for every axis, or a list with one int per axis."""

    minimum: int = 1
    max_len: int = 3

    def parse(self, value: Any) -> int | tuple[int, ...]:
        value = sizes_text(value)
        if isinstance(value, (list, tuple)):
            if not 1 <= len(value) <= self.max_len:
                raise ParamError(say("param.entries", most=self.max_len, count=len(value)))
            return tuple(_int(v, self.minimum) for v in value)
        return _int(value, self.minimum)

    def describe(self) -> str:
        return f"int{' ≥ 1' if self.minimum else ''} or per-axis list"

    def schema(self) -> dict:
        item = Int(self.minimum).schema()
        return {"oneOf": [item, {"type": "array", "items": item,
                                 "minItems": 1, "maxItems": self.max_len}, SIZES_SCHEMA]}


class Choice(Record):
    values: tuple[str, ...]

    def parse(self, value: Any) -> str:
        """The value as this choice holds it (the member itself when `values` are enum
        members, which compare equal to their text)."""
        if value not in self.values:
            meant = [str(v) for v in self.values
                     if isinstance(value, str) and _plain(v) == _plain(value)]
            if meant:  # `SAME`, `ReLU`, `LeakyReLU`: the framework's spelling of a value
                raise ParamError(say("param.spelling", value=repr(value), meant=repr(meant[0])),
                                 fix=meant[0])
            raise ParamError(say("param.choice", values=", ".join(self.values), got=shown(value)))
        return self.values[self.values.index(value)]

    def describe(self) -> str:
        return " | ".join(self.values)

    def schema(self) -> dict:
        return {"enum": list(self.values)}


class Padding(Record):
    """Explicit padding (int or per-axis list) or a named mode: `valid` and `same`, and
    `causal` where the kind takes it (a convolution). The modes' Choice is made once, as
    every conv and pooling parses padding."""

    modes: Choice = Choice((PaddingMode.VALID, PaddingMode.SAME))

    def parse(self, value: Any) -> int | tuple[int, ...] | str:
        value = sizes_text(value)
        if isinstance(value, str):
            return self.modes.parse(value)
        return Axes(minimum=0).parse(value)

    def describe(self) -> str:
        names = self.modes.values
        return f"int, per-axis list, {', '.join(names[:-1])} or {names[-1]}"

    def schema(self) -> dict:
        return {"oneOf": [*Axes(minimum=0).schema()["oneOf"], self.modes.schema()]}


class Bool:
    __slots__ = ()

    def parse(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ParamError(say("param.boolean", got=shown(value)))
        return value

    def describe(self) -> str:
        return "bool"

    def schema(self) -> dict:
        return {"type": "boolean"}


class Float(Record):
    minimum: float
    maximum: float

    def parse(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(say("param.number", got=shown(value)))
        if not self.minimum <= value <= self.maximum:
            raise ParamError(say("param.between", minimum=self.minimum, maximum=self.maximum,
                                 value=value))
        return float(value)

    def describe(self) -> str:
        return f"number in [{self.minimum}, {self.maximum}]"

    def schema(self) -> dict:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


class Sizes(Record):
    """A tensor shape: a list of sizes, or one size for a flat vector (`100` is `[100]`)."""

    max_len: int = 4

    def parse(self, value: Any) -> tuple[int, ...]:
        sizes = Axes(1, self.max_len).parse(value)
        return sizes if isinstance(sizes, tuple) else (sizes,)

    def describe(self) -> str:
        return "size or list of sizes"

    def schema(self) -> dict:
        return Axes(1, self.max_len).schema()


class Param(Record):
    """One named parameter of a layer kind."""

    name: str
    type: Any
    default: Any = None
    required: bool = False
    doc: str = ""

    def schema(self) -> dict:
        """The JSON Schema of the values this parameter accepts, with the doc and default
        an editor shows while completing it."""
        schema = dict(self.type.schema())
        if self.doc:
            schema["description"] = self.doc
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def describe(self) -> str:
        if self.required:
            return f"{self.name}*"
        return f"{self.name} ({self.default if self.default is not None else '—'})"


class Sides(Record):
    """Padding or cropping per side: an int for every side, an int per axis, or a
    [before, after] pair per axis (Keras ZeroPadding2D's three forms)."""

    max_len: int = 3

    def parse(self, value: Any) -> int | tuple:
        value = sizes_text(value)
        if not isinstance(value, (list, tuple)):
            return _int(value, 0)
        if not 1 <= len(value) <= self.max_len:
            raise ParamError(say("param.entries", most=self.max_len, count=len(value)))
        return tuple(self._axis(v) for v in value)

    @staticmethod
    def _axis(value: Any) -> tuple[int, int]:
        if isinstance(value, (list, tuple)):
            if len(value) != 2:
                raise ParamError(say("param.pair", count=len(value)))
            return _int(value[0], 0), _int(value[1], 0)
        size = _int(value, 0)
        return size, size

    def describe(self) -> str:
        return "int, per-axis list, or [before, after] per axis"

    def schema(self) -> dict:
        item = Int(0).schema()
        pair = {"type": "array", "items": item, "minItems": 2, "maxItems": 2}
        return {"oneOf": [item, {"type": "array", "items": {"oneOf": [item, pair]},
                                 "minItems": 1, "maxItems": self.max_len}, SIZES_SCHEMA]}


class Dims:
    """A target shape: positive sizes, one of which may be -1 (inferred, as in Keras
    Reshape and torch.reshape)."""

    __slots__ = ()

    def parse(self, value: Any) -> tuple[int, ...]:
        value = sizes_text(value)
        if not isinstance(value, (list, tuple)) or not value:
            raise ParamError(say("param.sizes", got=shown(value)))
        sizes = tuple(-1 if v == -1 and not isinstance(v, bool) else _int(v, 1)
                      for v in value)
        if sizes.count(-1) > 1:
            raise ParamError(say("param.one-minus-one"))
        return sizes

    def describe(self) -> str:
        return "list of sizes, one may be -1"

    def schema(self) -> dict:
        size = {"oneOf": [Int(1).schema(), {"const": -1}]}
        return {"oneOf": [{"type": "array", "items": size, "minItems": 1}, SIZES_SCHEMA]}


def _plain(name: str) -> str:
    """A spelling without case or underscores: `LeakyReLU` and `leaky_relu` agree."""
    return name.lower().replace("_", "")
