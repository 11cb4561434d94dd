"""Whole-process timings of `cnncalc export`, against `cnncalc summary` of the same spec in
the same run (absolute times depend on the machine and its load; the ratio and the CPU
time of the process much less).

    python benchmarks/export.py [--runs 5] [SPEC ...]

Target: ResNet-50 (specs/zoo/resnet50.yaml) under 0.5 s to either framework. Exporting
imports neither torch nor keras: the file is text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from draw import timed  # benchmarks/draw.py: median wall and CPU time of whole processes

CLI = Path(sys.executable).with_name("cnncalc")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("specs", nargs="*", default=["specs/zoo/resnet50.yaml"])
    args = parser.parse_args()
    print(f"{'spec':<32} {'command':<18} {'wall':>8} {'cpu':>7} {'÷ summary':>10}")
    for spec in args.specs:
        base = timed([str(CLI), "summary", spec], args.runs)
        print(f"{spec:<32} {'summary':<18} {base[0]:7.3f}s {base[1]:6.3f}s {1:10.2f}")
        for target in ("pytorch", "keras"):
            wall, cpu = timed([str(CLI), "export", spec, "--to", target], args.runs)
            print(f"{spec:<32} {'export ' + target:<18} {wall:7.3f}s {cpu:6.3f}s "
                  f"{wall / base[0]:10.2f}")


if __name__ == "__main__":
    main()
