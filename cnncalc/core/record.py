"""Record: the base of cnncalc's records, typing.NamedTuple without the type checks.

Every record is a named tuple written as a class, its fields as annotations
(`class Layer(Record): index: int; name: str = ""`), with methods and docstrings, as
`typing.NamedTuple` writes it: it is made by `collections.namedtuple` and so has the same
behaviour (`_replace`, `_fields`, `_asdict`, `_make`, equality and hash by value, repr, a
hot path may build one with `tuple.__new__`). The difference is the making, once per class
at import: typing.NamedTuple checks each field's annotation (`typing._type_check`,
compiling a string one into a ForwardRef), about 40% of the class's cost, which across the
records a summary imports is ~1 ms of its start-up (issue 15). The annotations are not
checked here; they are the documentation and the type checker's, as everywhere else.
"""

from collections import namedtuple


class _Making(type):
    """The metaclass of `Record`: a class written as a subclass of Record is made as a
    named tuple of its annotated fields (the defaults are their values in the class body),
    with every other name of the body (methods, docstring) set on it."""

    def __new__(cls, name, bases, body):
        fields = tuple(body.get("__annotations__", ()))
        defaulted = [field for field in fields if field in body]
        if defaulted != list(fields[len(fields) - len(defaulted):]):
            # namedtuple gives its defaults to the last fields, whichever had them
            raise TypeError(f"{name}: a field without a default follows one with a default")
        made = namedtuple(name, fields, defaults=[body[field] for field in defaulted],
                          module=body["__module__"])
        for key, value in body.items():
            if key not in fields and key != "__module__":
                setattr(made, key, value)
        return made


Record = type.__new__(_Making, "Record", (), {})
