"""Install instructions that work as written on a machine without torch."""

import re

import pytest

from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CPU_TORCH = ("pip install torch==2.13.0", "--index-url https://download.pytorch.org/whl/cpu")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_the_torch_extra_is_installed_after_a_cpu_build_of_torch(path):
    """A plain `pip install 'cnncalc[torch]'` pulls the CUDA build of torch, several GB."""
    for line in path.read_text(encoding="utf-8").splitlines():
        for command in re.findall(r"pip install [^`&\n]*\[(?:[a-z]+,)*torch\b", line):
            before = line[:line.index(command)]
            assert any(cpu in before for cpu in CPU_TORCH), f"{path.name}: {line}"
