"""Whole-process timings of `cnncalc draw`, as ratios against `cnncalc summary` of the same
spec run in the same session (absolute times depend on the machine and its load; ratios
and CPU times less so).

    python benchmarks/draw.py [--runs 7]

Reports:
- ResNet-50 (specs/zoo/resnet50.yaml), each format; target: each under 0.5 s;
- residual networks of 1,000 and 4,000 layers (a 5-layer block with a skip, repeated),
  SVG against summary; target: proportional growth (4× the layers, about 4× the time
  above start-up), no quadratic layout.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("cnncalc")
FORMATS = (("svg", []), ("svg --style maps", ["--style", "maps"]), ("mermaid", []),
           ("dot", []), ("html", []))


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median user+system CPU time of `runs` runs, after a warm-up."""
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def residual_spec(layers: int) -> str:
    """`layers` layers: a stem and blocks of conv, relu, conv, add (the skip), relu."""
    return (f"name: residual-{layers}\ninput: [32, 32, 16]\nblocks:\n  res:\n    layers:\n"
            "      - conv: {filters: 16, kernel: 3, padding: same}\n      - relu\n"
            "      - conv: {filters: 16, kernel: 3, padding: same, name: second}\n"
            "      - add: {inputs: [second, input]}\n      - relu\n"
            f"layers:\n  - conv: {{filters: 16, kernel: 3, padding: same}}\n"
            f"  - res: {{repeat: {(layers - 1) // 5}}}\n")


def line(label: str, wall: float, cpu: float, base: tuple[float, float] | None = None) -> str:
    ratio = f"   {wall / base[0]:5.2f}x summary" if base else ""
    return f"{label:<40} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms CPU{ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    spec = "specs/zoo/resnet50.yaml"
    base = timed([str(CLI), "summary", spec], runs)
    print(line("summary resnet50", *base))
    for label, extra in FORMATS:
        fmt = label.split()[0]
        print(line(f"draw resnet50 --format {label}",
                   *timed([str(CLI), "draw", spec, "--format", fmt, *extra], runs), base))
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for layers in (1_001, 4_001):
            path = os.path.join(folder, f"residual{layers}.yaml")
            Path(path).write_text(residual_spec(layers), encoding="utf-8")
            summary = timed([str(CLI), "summary", path], max(3, runs // 2))
            drawn = timed([str(CLI), "draw", path], max(3, runs // 2))
            results[layers] = summary, drawn
            print(line(f"summary {layers:,} layers", *summary))
            print(line(f"draw --format svg {layers:,} layers", *drawn, summary))
    empty = timed([sys.executable, "-c", "pass"], runs)[1]
    growth = [(results[4_001][i][1] - empty) / (results[1_001][i][1] - empty) for i in (0, 1)]
    print(f"CPU above `python -c pass` for 4x the layers: summary {growth[0]:.2f}x, "
          f"draw svg {growth[1]:.2f}x (4 is proportional, 16 quadratic)")


if __name__ == "__main__":
    main()
