"""Shared test helpers: the CLI runner, golden files and generated files.

Golden files hold the exact rendered output; regenerate them after a deliberate change with
`CNNCALC_UPDATE_GOLDEN=1 python -m pytest` and review the diff. The same flag rewrites the
files generated from the registry (the shipped JSON Schema, the README's kinds table).
"""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.cli import cli

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def invoke(monkeypatch):
    """Run the CLI in-process from the repository root, as a user would type it."""
    monkeypatch.chdir(ROOT)

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

    return check
