"""What CI runs: the suite with the newest and with the oldest allowed dependencies."""

import re

from conftest import ROOT

REQUIREMENT = re.compile(r'"([A-Za-z0-9_.-]+)>=([0-9][0-9.]*)"')


def _release(version: str) -> tuple[int, ...]:
    """`6`, `6.0` and `6.0.0` are one release."""
    numbers = [int(part) for part in version.split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _lower_bounds() -> dict[str, str]:
    """Every `name>=version` that pyproject.toml declares, dependencies and extras alike."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = text[text.index("[project]"):text.index("[project.scripts]")]
    return {name.lower(): _release(version) for name, version in REQUIREMENT.findall(project)}


def _pins() -> dict[str, str]:
    lines = (ROOT / ".ci" / "oldest.txt").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {name.lower(): _release(version) for name, version in pairs}


def test_the_oldest_run_pins_every_lower_bound_pyproject_declares():
    bounds = _lower_bounds()
    assert set(bounds) == {"click", "rich", "pyyaml", "numpy", "pytest", "hypothesis",
                           "jsonschema", "keras", "onnx", "ipython", "black", "torch"}
    # torch is the one exception: the CPU build 2.13.0 is the only torch CI can install
    assert _pins() == {**bounds, "torch": _release("2.13.0")}


def test_ci_runs_the_suite_with_the_newest_then_the_oldest_dependencies():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.endswith('failed=0\nsuite newest || failed=1\n'
                           'PIP_CONSTRAINT="$PWD/.ci/oldest.txt" suite oldest || failed=1\n'
                           'exit "$failed"\n')
