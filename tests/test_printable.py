"""Text that stays text: the names in a spec (of the spec, its layers, its block uses, its
file) may hold control characters, and no output may send them to the terminal raw or let
them split what is promised as one line."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from cnncalc.cli import cli
from cnncalc.core.printable import json_text, printable

TITLE = "\x1b]0;pwned\x07"  # retitles a terminal
SHOWN = "\\x1b]0;pwned\\x07"


def spec(name: str = "net", layer: str = "c1", use: str = "u1", size: int = 2) -> str:
    """A spec with the given names; maxpool `size` 3 on 4 is invalid (strict rounding)."""
    return "\n".join([
        f"name: {json.dumps(name)}",
        "input: [8, 8, 1]",
        "blocks:",
        "  pair:",
        "    layers: [relu, {relu: {name: inner}}]",
        "layers:",
        f"  - conv: {{filters: 4, kernel: 5, name: {json.dumps(layer)}}}",
        f"  - pair: {{name: {json.dumps(use)}}}",
        f"  - maxpool: {{size: {size}}}", ""])


def raw_controls(text: str, allowed: str = "\n") -> set[str]:
    """The control characters (and bidi / line separator ones) left in an output."""
    return {c for c in text if c not in allowed and (
        unicodedata.category(c) in ("Cc", "Zl", "Zp") or "\u202a" <= c <= "\u202e"
        or "\u2066" <= c <= "\u2069")}


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture
def write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def write(path: str, text: str) -> str:
        (tmp_path / path).write_text(text, encoding="utf-8")
        return path
    return write


def test_printable_writes_out_every_control_character_and_nothing_else():
    assert printable(f"{TITLE}\n\t\r\x00\x7f\x9b\u202e\u2028 é 합성곱 \\") == (
        f"{SHOWN}\\n\\t\\r\\x00\\x7f\\x9b\\u202e\\u2028 é 합성곱 \\")
    assert printable("a\r\nb\x1b", keep="\r\n") == "a\r\nb\\x1b"


@given(st.text())
def test_printable_output_holds_no_control_character(text):
    assert raw_controls(printable(text), allowed="") == set()


@given(st.text())
def test_json_keeps_the_text_and_escapes_what_a_terminal_obeys(text):
    document = json_text({"name": text})
    assert json.loads(document) == {"name": text}
    assert raw_controls(document) == set()


@pytest.mark.parametrize("field", ["name", "layer", "use"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_summary_formats_escape_names(write, field, fmt):
    write("net.yaml", spec(**{field: f"x{TITLE}\ny"}))
    result = run("summary", "--format", fmt, "--explain", "--portability", "net.yaml")
    assert result.exit_code == 0
    assert raw_controls(result.stdout) == set()
    if fmt == "json":  # exact, in JSON's escapes
        assert "x\\u001b]0;pwned\\u0007\\ny" in result.stdout
        document = json.loads(result.stdout)
        names = [document["name"], *(layer["name"] for layer in document["layers"])]
        assert any(name.split("/")[0] == f"x{TITLE}\ny" for name in names)
    else:
        assert f"x{SHOWN}\\ny" in result.stdout


@pytest.mark.parametrize("field", ["name", "layer", "use"])
def test_errors_escape_names(write, field):
    write("net.yaml", spec(**{field: f"x{TITLE}\ny"}, size=3))
    summary = run("summary", "net.yaml")
    assert summary.exit_code == 1
    assert raw_controls(summary.stderr) == set()
    assert len(summary.stderr.splitlines()) == 2  # height and width, a line each


@pytest.mark.parametrize("fmt", ["text", "github"])
@pytest.mark.parametrize("field", ["name", "layer", "use"])
@pytest.mark.parametrize("size", [2, 3])
def test_check_is_one_line_per_spec_whatever_the_names(write, fmt, field, size):
    write("net.yaml", spec(**{field: f"x{TITLE}\ny"}, size=size))
    lines = run("check", "--format", fmt, "net.yaml").stdout.splitlines()
    assert len(lines) == {"text": 2, "github": 1 if size == 2 else 3}[fmt]
    assert raw_controls("\n".join(lines)) == set()


def test_a_file_name_is_escaped_in_every_check_format(write):
    path = write("odd\x1b[2J\nname.yaml", spec(size=3))
    text = run("check", path).stdout.splitlines()
    assert text[0].startswith("✗ odd\\x1b[2J\\nname.yaml:9:5: error: layer 4 (maxpool1):")
    github = run("check", "--format", "github", path).stdout.splitlines()
    # GitHub's own escapes for a newline; printable's for the rest.
    assert github[0].startswith("::error file=odd\\x1b[2J%0Aname.yaml,line=9,col=5::")
    junit = run("check", "--format", "junit", path).stdout
    assert raw_controls(junit) == set()


def test_own_fixes_are_one_line(write):
    write("nolayers.yaml", "input: [8, 8, 1]\n")
    write("emptyblock.yaml", "input: [8, 8, 1]\nblocks:\n  b: {}\nlayers: [flatten]\n")
    lines = run("check", "nolayers.yaml", "emptyblock.yaml").stdout.splitlines()
    assert lines == [
        "✗ nolayers.yaml:1:1: error: layers: expected a non-empty list of layers. Fix: "
        "layers: [{conv: {filters: 20, kernel: 4}}]",
        "✗ emptyblock.yaml:3:3: error: block b: expected `params:` (optional) and a non-empty "
        "`layers:` list. Fix: blocks: {basic: {params: {filters: null}, layers: [{conv: "
        "{filters: $filters, kernel: 3}}]}}",
        "2 specs, 0 valid, 2 invalid"]


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/"), min_size=1,
               max_size=12).filter(lambda n: n != "input"))
def test_any_layer_name_gives_one_check_line(name):
    text = spec(layer=name, size=3)
    result = run("check", "-", input=text)
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert raw_controls(lines[0]) == set()


@pytest.mark.parametrize("args", [
    ["--input", "3x\x1b]0;x\x07", "flatten"],
    ["--input", "3x3x1", "con\x1bv:filters=2"],
    ["--input", "3x3x1", "--name", TITLE, "flatten", "--format", "markdown"],
])
def test_inline_specs_are_escaped_too(args):
    result = run("summary", *args)
    assert raw_controls(result.output) == set()
    assert "\\x1b" in result.output
