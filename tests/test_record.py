"""core.record.Record makes the records as typing.NamedTuple does (issue 15: without its
annotation checks), so every behaviour the code relies on is the same: held here against
typing.NamedTuple itself, one class written both ways."""

import pickle
from typing import NamedTuple

import pytest

from cnncalc.core.record import Record


# One record, written once and made both ways: a docstring, fields with and without
# defaults, a method, a property and a class method.
SOURCE = '''
class R(Base):
    """A record."""

    index: int
    name: str
    shape: tuple[int, ...] = ()
    line: int | None = None

    def where(self) -> str:
        return f"{self.name}:{self.line}"

    @property
    def rank(self) -> int:
        return len(self.shape)

    @classmethod
    def first(cls, name: str):
        return cls(1, name)
'''


def made(base) -> type:
    namespace = {"Base": base, "__name__": __name__}
    exec(SOURCE, namespace)
    return namespace["R"]


ByTyping, ByRecord = made(NamedTuple), made(Record)


def both(show):
    """What `show` makes of the typing class and of the Record class, written out."""
    return [repr(show(cls)) for cls in (ByTyping, ByRecord)]


@pytest.mark.parametrize("show", [
    lambda cls: (cls._fields, cls._field_defaults, cls.__doc__, cls.__module__, cls.__qualname__,
                 cls.__slots__, cls.__mro__[1:], cls.__annotations__),
    lambda cls: cls(2, "conv", (3, 3), line=4),
    lambda cls: cls(2, "conv")._replace(line=7),
    lambda cls: cls(2, "conv", (3,))._asdict(),
    lambda cls: cls._make([5, "pool", (2, 2), None]),
    lambda cls: tuple.__new__(cls, (1, "a", (), None)),  # as the hot paths build them
    lambda cls: (cls(2, "conv").where(), cls(2, "conv", (3, 3)).rank, cls.first("x")),
    lambda cls: (cls(1, "a") == (1, "a", (), None), hash(cls(1, "a")) == hash((1, "a", (), None)),
                 cls(1, "a") < cls(2, "a")),
    lambda cls: sorted(name for name in vars(cls) if not name.startswith("__")),
])
def test_a_record_behaves_as_a_typing_namedtuple(show):
    by_typing, by_record = both(show)
    assert by_record == by_typing


@pytest.mark.parametrize("call", [lambda cls: cls(1), lambda cls: cls(1, "a", nope=2),
                                  lambda cls: cls(1, "a").nope,
                                  lambda cls: cls(1, "a")._replace(nope=1)])
def test_a_record_refuses_what_a_typing_namedtuple_refuses(call):
    errors = []
    for cls in (ByTyping, ByRecord):
        with pytest.raises(Exception) as caught:
            call(cls)
        errors.append((type(caught.value), str(caught.value)))
    assert errors[0] == errors[1]


class Pickled(Record):
    """A record pickle finds by its module and name."""

    index: int
    name: str = ""


def test_a_record_pickles_and_is_immutable():
    record = Pickled(3, "dense")
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(AttributeError):
        record.name = "other"


def test_a_default_before_a_field_without_one_is_refused():
    """namedtuple would give the default to the last field, b, whatever the class says."""
    with pytest.raises(TypeError, match="Wrong: a field without a default follows one"):
        class Wrong(Record):
            a: int = 0
            b: int
