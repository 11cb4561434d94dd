"""A table stays proportional to its spec: one wide cell (a 10,000-way concat's inputs, a
very long name) is summarised, not padded into every row."""

import subprocess
import sys
import textwrap

import pytest

from cnncalc.render import CELL_WIDTH, listed

MAX_ADDRESS_SPACE = 1024**3  # the old table of a 10,000-way concat: 1.1 GB of text


def fan_in(ways: int) -> str:
    branches = "".join(f"  - relu: {{inputs: input, name: conv{i}}}\n" for i in range(ways))
    return (f"input: [4, 4, 1]\nlayers:\n{branches}"
            f"  - concat: {{inputs: [{', '.join(f'conv{i}' for i in range(ways))}]}}\n")


def long_name(layers: int) -> str:
    return "input: [4, 4, 1]\nlayers:\n  - relu: {name: " + "n" * 100_000 + "}\n" + \
        "  - relu\n" * layers


def run_limited(*args: str) -> subprocess.CompletedProcess:
    """cnncalc in a process that may not map more than MAX_ADDRESS_SPACE."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({MAX_ADDRESS_SPACE}, {MAX_ADDRESS_SPACE}))
        from cnncalc.cli import main
        sys.argv = ["cnncalc", *{list(args)!r}]
        main()
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("text", [fan_in(10_000), long_name(5_000)],
                         ids=["10,000-way concat", "a 100,000-character name"])
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_output_is_proportional_to_the_spec(tmp_path, text, fmt):
    path = tmp_path / "wide.yaml"
    path.write_text(text)
    result = run_limited("summary", str(path), "--format", fmt,
                         "--columns", "input,output,params,rf")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = text.count("\n  - ")
    assert len(result.stdout) < 2 * len(text) + 200 * rows  # was 1.1 GB for the concat
    assert max(map(len, result.stdout.splitlines())) < 4 * CELL_WIDTH + 100


def test_a_wide_merge_lists_what_fits_and_counts_the_rest(invoke, tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_text(fan_in(10_000))
    result = invoke("summary", str(path))
    assert result.exit_code == 0
    last = result.stdout.splitlines()[-3].split("  ")
    assert "(4, 4, 1), (4, 4, 1), (4, 4, 1), (4, 4, 1), (4, 4, 1), … (+9,995 more)" in last
    assert "(4, 4, 10000)" in result.stdout.splitlines()[-3]


@pytest.mark.parametrize("count, expected", [
    (0, ""), (1, "conv1"), (3, "conv1, conv2, conv3"),
    (10_000, "conv1, conv2, conv3, … (+9,997 more)"),
])
def test_listed(count, expected):
    items = (f"conv{i}" for i in range(1, count + 1))
    assert listed(items, count, width=36) == expected
    assert len(listed(items, count, width=36)) <= 36
