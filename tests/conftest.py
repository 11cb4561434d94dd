"""Shared test helpers: the CLI runner, golden files and generated files.

Golden files hold the exact rendered output; regenerate them after a deliberate change with
`CNNCALC_UPDATE_GOLDEN=1 python -m pytest` and review the diff. The same flag rewrites the
files generated from the registry (the shipped JSON Schema, the README's kinds table).
"""

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from cnncalc.cli import cli
from cnncalc.core.messages import set_language

# No per-example deadline anywhere: on a shared 2-core CI machine the first example of a test
# can take 300 ms (lazy imports, a busy neighbour) and hypothesis then calls the test flaky.
# What the tests assert is values, never timings; speed is measured under benchmarks/.
settings.register_profile("cnncalc", deadline=None)
settings.load_profile("cnncalc")

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def _english():
    """Every test starts in English, whatever the machine's locale or the test before it
    chose (the language is one setting of the process); tests of Korean ask for it."""
    set_language("en")


@pytest.fixture
def invoke(monkeypatch):
    """Run the CLI in-process from the repository root, as a user would type it: in
    English unless the test sets a locale variable or passes --lang."""
    monkeypatch.chdir(ROOT)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)

    def run(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return run


UPDATE = bool(os.environ.get("CNNCALC_UPDATE_GOLDEN"))


def generated(path: Path, text: str, start: str | None = None, end: str | None = None) -> None:
    """`path` (or its part between the `start` and `end` markers) must be `text`; under
    CNNCALC_UPDATE_GOLDEN it is rewritten to be."""
    whole = path.read_text(encoding="utf-8")
    before, after = "", ""
    if start is not None:
        before = whole[:whole.index(start) + len(start)]
        after = whole[whole.index(end):]
    if UPDATE:
        path.write_text(before + text + after, encoding="utf-8")
        whole = before + text + after
    assert whole[len(before):len(whole) - len(after)] == text, (
        f"{path.name} is generated: run CNNCALC_UPDATE_GOLDEN=1 python -m pytest "
        f"tests/test_docs.py tests/test_schema.py and review the diff")


@pytest.fixture
def golden():
    def check(name: str, text: str):
        path = GOLDEN / name
        if os.environ.get("CNNCALC_UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8")
        assert_columns_add_up(name, text)

    return check


_NUMBER = re.compile(r"\d[\d,]*")


def _count(cell: str) -> int | None:
    """A plain count (`7,240`, also with its readable form after it); None for anything
    else: a shape, `?`, a block's parenthesised subtotal, which is not added again."""
    cell = re.sub(r" \([\d,.]+ [MGT]\)$", "", cell.strip()).strip("*")  # `**N** (1.2 M)`
    return int(cell.replace(",", "")) if _NUMBER.fullmatch(cell) else None


def assert_columns_add_up(name: str, text: str) -> None:
    """Every column of counts adds up to the total printed under it (in every table of a
    golden text or Markdown file, and every total of a JSON report), as torchinfo checks
    its own summaries."""
    if name.endswith(".json"):
        document = json.loads(text)
        for report in document if isinstance(document, list) else [document]:
            for key, total in report["totals"].items():
                if key != "partial":
                    values = [layer[key] for layer in report["layers"] if layer[key] is not None]
                    assert sum(values) == total, (name, key)
    elif name.endswith(".md"):
        rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("|")]
        for index, row in enumerate(rows):
            if any(cell.strip() == "**total**" for cell in row):
                body = [r for r in rows[:index] if not set("".join(r)) <= set("-: ")][1:]
                _sums_match(name, body, row)
    elif name.endswith(".txt"):
        lines = [_cells(line) for line in text.splitlines()]
        rules = [i for i, line in enumerate(lines) if line and set(line) == {"─"}]
        for start, end in zip(rules[::2], rules[1::2]):
            total = lines[end + 1]
            ends = [m.end() for m in _NUMBER.finditer(total)]
            cells = [[re.search(r"\S*$", line[:e]).group() for e in ends]
                     for line in lines[start + 1:end]]
            _sums_match(name, cells, [total[:e].split()[-1] for e in ends])


def _cells(line: str) -> str:
    """The line with a filler after each wide (two-cell) character, so that a character's
    offset is its terminal column, as a table is aligned (a Korean heading or name)."""
    from unicodedata import east_asian_width

    return "".join(c + "\0" if east_asian_width(c) in "WF" else c for c in line)


def _sums_match(name: str, body: list[list[str]], total: list[str]) -> None:
    for column, cell in enumerate(total):
        expected = _count(cell)
        if expected is not None:
            counts = [_count(row[column]) for row in body]
            assert sum(c for c in counts if c is not None) == expected, (name, column)


def assert_refused(invoke, source, listed: str, first: str, *options: str) -> None:
    """`cnncalc import SOURCE [options]` fails (exit 1) with the one line listing the ops
    that have no cnncalc kind, as the importer words it."""
    result = invoke("import", str(source), *options)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{source}: error: cannot import: no cnncalc kind for {listed} (first: {first}). "
        f"Fix: --allow-unsupported writes the spec up to the first of them")
