"""Plain scalars read without PyYAML's resolver (the fast path of yamltree's builder) read
as PyYAML reads them: the same type and value, whatever the text."""

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from cnncalc.core.errors import SpecError
from cnncalc.core.params import BadNumber
from cnncalc.read import yamltree
from cnncalc.read.yamltree import parse_yaml

# Characters that make numbers, booleans, nulls and dates, and the text around them.
PLAIN = st.text(st.sampled_from("0123456789_+-.:eExXoObBaynNtTfFlLsSuU~<=zZ é"),
                min_size=1, max_size=24)


@given(PLAIN)
@example("0")
@example("7")
@example("123456789012345678")  # the longest int taken without the resolver
@example("1234567890123456789")  # one digit more: the resolver's path
@example("007")
@example("٣")  # a digit, not ASCII: text for YAML
@example("yes")
@example("Null")
@example("same")
@example("é")
@example("0x_")  # PyYAML's int constructor raises ValueError on an empty hex, binary
@example("-0b_")  # or sexagesimal body: a crash of PyYAML, not a reading to match
def test_a_plain_scalar_reads_as_pyyaml_reads_it(text):
    document = f"value: {text}\n"
    try:
        expected = yaml.safe_load(document)
    except (yaml.YAMLError, ValueError):
        return  # not a plain scalar PyYAML reads (ValueError: PyYAML's own crash)
    if not isinstance(expected, dict) or "value" not in expected:
        return  # `value: a: b` and the like: not one scalar
    ours = parse_yaml(document)["value"]
    if isinstance(ours, BadNumber):
        return  # refused with a reason, as before (leading zeros, huge numbers)
    assert (type(ours), ours) == (type(expected["value"]), expected["value"]), text


def test_the_fast_path_keeps_positions():
    tree = parse_yaml("input: [32, 32, 8]\nlayers:\n  - conv: {filters: 8, kernel: 3}\n")
    conv = tree["layers"][0]["conv"]
    assert (conv, conv.positions) == ({"filters": 8, "kernel": 3},
                                      {"filters": (3, 12), "kernel": (3, 24)})
    assert tree["input"].positions == [(1, 9), (1, 13), (1, 17)]


@given(st.lists(PLAIN, min_size=1, max_size=6))
@example(["010", "7", "same"])  # a refused number is refused again where written again
@example(["<<"])  # a merge key's text is read where it is, not remembered
def test_a_plain_scalar_written_again_reads_as_the_first_time(texts):
    """The builder remembers each plain scalar's value: a text's every occurrence reads as
    PyYAML reads it (or is refused as the first was), and carries its own position."""
    document = "".join(f"- {text}\n" for text in texts * 2)
    try:
        expected = yaml.safe_load(document)
        ours = parse_yaml(document)
    except (yaml.YAMLError, ValueError, SpecError):
        return  # not a list of plain scalars (ValueError: PyYAML's own crash)
    n = len(texts)
    if not isinstance(expected, list) or len(expected) != 2 * n or \
            any(isinstance(value, (list, dict)) for value in expected):
        return  # `- - x`, `- a: b` and the like: not a list of scalars
    for first, again, value, (line, column), position in zip(
            ours, ours[n:], expected, ours.positions, ours.positions[n:]):
        assert (type(again), again, position) == (type(first), first, (line + n, column))
        if isinstance(first, BadNumber):
            assert again.problem == first.problem
        elif first == first:  # not NaN
            assert (type(first), first) == (type(value), value)


def test_a_key_whose_text_is_the_merge_tag_is_a_plain_key():
    """Only `<<` merges: a key spelled like the merge tag's URI is text, as PyYAML reads it
    (it was taken for a merge key when the pending key was compared by value)."""
    document = "tag:yaml.org,2002:merge: [{a: 1}]\nb: 2\n"
    tree = parse_yaml(document)
    assert tree == yaml.safe_load(document) == {"tag:yaml.org,2002:merge": [{"a": 1}], "b": 2}
    assert tree.positions == {"tag:yaml.org,2002:merge": (1, 1), "b": (2, 1)}


def test_the_texts_remembered_stay_few(monkeypatch):
    """Plain scalars' values are remembered across documents (the specs `check` reads share
    their keys and kinds), up to a bound: a process reading many names does not keep them."""
    monkeypatch.setattr(yamltree, "_REMEMBERED", 50)
    names = [f"n{i}" for i in range(120)] + ["8", "same"]
    for _ in range(2):
        assert parse_yaml("".join(f"- {name}\n" for name in names)) == names[:-2] + [8, "same"]
        assert 0 < len(yamltree._PLAIN) <= 50
