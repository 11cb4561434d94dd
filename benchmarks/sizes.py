"""How long `cnncalc sizes` takes over 1–4,096 on every axis of each zoo spec, as a whole
process, against `cnncalc summary` of the same spec in the same run.

    python benchmarks/sizes.py [--runs 5] [SPEC ...]

Wall times depend on the machine and its load; the ratio to `summary` much less, and the
CPU time of the process (user + system) not on the load. Target: ResNet-50 under 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command`."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user
                  + after.children_system - before.children_system)


def medians(command: list[str], runs: int) -> tuple[float, float]:
    timed(command)  # warm the file cache
    results = [timed(command) for _ in range(runs)]
    return (statistics.median(r[0] for r in results),
            statistics.median(r[1] for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("specs", nargs="*")
    args = parser.parse_args()
    specs = args.specs or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "specs/zoo").glob("*.yaml"))
    cli = [sys.executable, "-m", "cnncalc"]
    print(f"{'spec':<40} {'summary':>16} {'sizes 1:4096':>18} {'ratio':>6}")
    for spec in specs:
        summary = medians(cli + ["summary", spec], args.runs)
        sizes = medians(cli + ["sizes", spec, "--range", "1:4096"], args.runs)
        print(f"{spec:<40} {summary[0]:6.3f} s ({summary[1]:.2f} cpu) "
              f"{sizes[0]:6.3f} s ({sizes[1]:.2f} cpu) {sizes[0] / summary[0]:6.1f}")


if __name__ == "__main__":
    main()
