"""Whole-process timings of `cnncalc summary`, as ratios against baselines run in the same
session (absolute times depend on the machine; ratios do not, much).

    python benchmarks/startup.py [--runs 15]

Reports:
- the worked example against `python -c pass` and against the import floor of a rich table
  (`import click, rich.console, rich.table, yaml`); target: within 1.3x of that floor;
- a generated 10,000-layer spec against a 1,000-layer one; target: linear growth, and
  10,000 layers in under 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("cnncalc")
FLOOR = "import click, rich.console, rich.table, yaml"


def seconds(command: list[str]) -> float:
    """Wall time of one run of the command."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def median_seconds(command: list[str], runs: int) -> float:
    """Median wall time of `runs` runs after one warm-up run."""
    seconds(command)
    return statistics.median(seconds(command) for _ in range(runs))


def chain_spec(layers: int) -> str:
    """A long valid chain: conv/relu pairs with same padding keep the shape constant."""
    body = "".join("  - conv: {filters: 8, kernel: 3, padding: same}\n  - relu\n"
                   for _ in range(layers // 2))
    return f"name: chain-{layers}\ninput: [32, 32, 8]\nlayers:\n{body}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    summary = [str(CLI), "summary", "specs/taewan_39x31x1.yaml"]
    empty = median_seconds([sys.executable, "-c", "pass"], runs)
    floor = median_seconds([sys.executable, "-c", FLOOR], runs)
    worked = median_seconds(summary, runs)
    print(f"python -c pass            {empty * 1000:7.1f} ms")
    print(f"import floor              {floor * 1000:7.1f} ms   ({FLOOR})")
    print(f"summary worked example    {worked * 1000:7.1f} ms")
    print(f"  ratio to python -c pass {worked / empty:7.2f}x")
    print(f"  ratio to import floor   {worked / floor:7.2f}x   (target ≤ 1.3x)")
    with tempfile.TemporaryDirectory() as tmp:
        timings = {}
        for layers in (1_000, 10_000):
            path = os.path.join(tmp, f"chain{layers}.yaml")
            Path(path).write_text(chain_spec(layers), encoding="utf-8")
            timings[layers] = median_seconds([str(CLI), "summary", path], max(3, runs // 3))
            print(f"summary {layers:>6,} layers     {timings[layers] * 1000:7.1f} ms")
    # The cost per layer, without the fixed start-up cost (the 9-layer summary's time).
    growth = (timings[10_000] - worked) / (timings[1_000] - worked)
    print(f"  10,000 vs 1,000 layers  {timings[10_000] / timings[1_000]:7.2f}x  "
          f"(per-layer cost: {growth:.1f}x for 10x the layers, 10 is linear; "
          f"target: 10,000 layers < 1 s)")


if __name__ == "__main__":
    main()
