"""docs/library.md stays true: its Python examples run, in order, in one namespace, from
the repository's root, and each prints what the text block under it shows."""

import contextlib
import io
import re

from conftest import ROOT

DOC = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```python\n(.*?)```\n\n```text\n(.*?)```", DOC, re.S)


def test_every_python_block_shows_its_output():
    assert len(EXAMPLES) == DOC.count("```python") >= 6


def test_the_examples_print_what_the_page_shows(monkeypatch):
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for code, shown in EXAMPLES:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "docs/library.md", "exec"), namespace)
        assert printed.getvalue() == shown, code
