"""Numbers: one rule for YAML and the command line (ASCII digits 0-9; `８` is text whose
character the error names), and a number no size can be is "too large" however it is
written (5,000 digits, beyond Python's 4,300-digit conversion limit; a float that
overflows), never `inf` and never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from cnncalc.cli import cli

HUGE = "9" * 5000
TOO_LARGE = "99999999999999999999… (5,000 characters) is too large (at most 2,147,483,647)"


def summary(*args, input=None):
    result = CliRunner().invoke(cli, ["summary", *args], input=input)
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) \
        or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr.splitlines()


def yaml_spec(filters: str, sizes: str = "[3, 3, 1]") -> str:
    return f"input: {sizes}\nlayers:\n  - conv: {{filters: {filters}, kernel: 1}}\n"


@pytest.mark.parametrize("args, line", [
    (["--input", "3x3x1", f"conv:filters={HUGE},kernel=1"],
     f"<command line>: error: layer 1 (conv1): filters: {TOO_LARGE}"),
    (["--input", f"{HUGE}x3x1", "flatten"], f"<command line>: error: input: {TOO_LARGE}"),
    (["--input", HUGE, "flatten"], f"<command line>: error: input: {TOO_LARGE}"),
    (["--input", "3x3x1", "conv:filters=1e400,kernel=1"],
     "<command line>: error: layer 1 (conv1): filters: 1e400 is too large (at most "
     "2,147,483,647)"),
    (["-"], f"-:3:12: error: layer 1 (conv1): filters: {TOO_LARGE}"),
])
def test_a_number_too_large_for_python_is_too_large(args, line):
    assert summary(*args, input=yaml_spec(HUGE)) == (1, [line])


def test_a_float_that_overflows_in_yaml_is_too_large():
    assert summary("-", input=yaml_spec("-1.5e+999")) == (
        1, ["-:3:12: error: layer 1 (conv1): filters: -1.5e+999 is too large (at most "
            "2,147,483,647)"])


@pytest.mark.parametrize("option", ["--max-params", "--max-macs"])
def test_a_limit_too_large_is_a_usage_error(option):
    result = CliRunner().invoke(cli, ["summary", option, HUGE, "--input", "3x3x1", "flatten"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '{option}': {TOO_LARGE}"


@pytest.mark.parametrize("digit, name", [("８", "fullwidth digit eight"),
                                         ("٣", "arabic-indic digit three"),
                                         ("३", "devanagari digit three")])
def test_unicode_digits_are_text_in_both_forms_and_named(digit, name):
    note = f"('{digit}' is {name}; write numbers with the digits 0-9)"
    inline = summary("--input", "3x3x1", f"conv:filters={digit},kernel=1")
    written = summary("-", input=yaml_spec(digit))
    detail = f"layer 1 (conv1): filters: expected an integer, got the text '{digit}' {note}"
    assert inline == (1, [f"<command line>: error: {detail}"])
    assert written == (1, [f"-:3:12: error: {detail}"])
    sizes = summary("--input", f"{digit}x3x1", "flatten")
    assert sizes == (1, [f"<command line>: error: input: expected a list of 1 to 4 sizes, got "
                         f"the text '{digit}x3x1' {note}. Fix: input: [39, 31, 1] (spatial sizes, "
                         f"then channels)"])


def _detail(line: str) -> str:
    return line.split(" error: ", 1)[1]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=4))
def test_digits_mean_the_same_inline_and_in_yaml(digits):
    inline = summary("--input", "3x3x1", f"conv:filters={digits},kernel=1")
    written = summary("-", input=yaml_spec(digits))
    assert inline[0] == written[0]
    assert list(map(_detail, inline[1])) == list(map(_detail, written[1]))
    # valid: ASCII decimal digits without a leading 0 (`01` is refused as YAML 1.1's octal
    # look-alike), at least 1
    assert (inline[0] == 0) == (digits.isascii() and not digits.startswith("0")
                                and int(digits) >= 1)


NOT_DECIMAL = "write whole numbers in plain decimal digits (no leading 0, _, 0x, 0o, 0b or :)"


@pytest.mark.parametrize("literal", ["010", "0x10", "0o10", "0b11", "1_000", "1:30", "+010"])
def test_a_whole_number_is_plain_decimal_in_both_forms(literal):
    """YAML 1.1 reads `010` as 8 and `1:30` as 90: refused, as on the command line, where
    each of these is an error too (`0x10` even reads as the sizes 0 and 10)."""
    written = summary("-", input=yaml_spec(literal))
    assert written[1] == ([f"-:3:12: error: layer 1 (conv1): filters: expected an integer, "
                           f"got the text '{literal}'"] if literal == "0o10" else  # YAML 1.1
                          [f"-:3:12: error: layer 1 (conv1): filters: '{literal}': "
                           f"{NOT_DECIMAL}"])
    inline = summary("--input", "3x3x1", f"conv:filters={literal},kernel=1")
    assert (written[0], inline[0]) == (1, 1)
    assert summary("--input", "010x3x1", "flatten") == (
        1, [f"<command line>: error: input: '010': {NOT_DECIMAL}"])


@pytest.mark.parametrize("digits", ["00", "01", "0010"])
def test_a_leading_zero_is_refused_alike_in_both_forms(digits):
    """What hypothesis drew in the oldest-dependencies run: the property above with `01`."""
    inline = summary("--input", "3x3x1", f"conv:filters={digits},kernel=1")
    written = summary("-", input=yaml_spec(digits))
    assert inline[0] == written[0] == 1
    assert list(map(_detail, inline[1])) == list(map(_detail, written[1])) == [
        f"layer 1 (conv1): filters: '{digits}': {NOT_DECIMAL}"]
