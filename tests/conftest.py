"""Shared test helpers: the CLI runner and golden files.

Golden files hold the exact rendered output; regenerate them after a deliberate change with
`CNNCALC_UPDATE_GOLDEN=1 python -m pytest` and review the diff.
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


@pytest.fixture
def golden():
    def check(name: str, text: str):
        path = GOLDEN / name
        if os.environ.get("CNNCALC_UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8")

    return check


def assert_refused(invoke, source, listed: str, first: str, *options: str) -> None:
    """`cnncalc import SOURCE [options]` fails (exit 1) with the one line listing the ops
    that have no cnncalc kind, as the importer words it."""
    result = invoke("import", str(source), *options)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{source}: error: cannot import: no cnncalc kind for {listed} (first: {first}). "
        f"Fix: --allow-unsupported writes the spec up to the first of them")
