"""How fast `cnncalc check` gets through a repository of specs.

Writes N generated specs of 10-30 layers into a temporary directory, then times whole
processes (start-up included, as CI pays it): `cnncalc check DIR` against one
`cnncalc summary FILE`, each the median of --runs runs after a warm-up run.
Target: 1,000 specs in under 3 s.

With --jobs, it also times `check -j 1` against `check -j N` (elapsed time, run in turn, the
median of the pair-by-pair ratios) for growing numbers of specs: where splitting the files
among processes starts to pay (run/jobs.py's MIN_SLICE), and what it gives.

    python benchmarks/check.py [--specs 1000] [--runs 5] [--jobs 2]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from pathlib import Path

# this directory is on sys.path when run as a script
from startup import CLI, median_seconds, seconds

TARGET_SECONDS = 3.0


def spec_text(rng: random.Random, index: int) -> str:
    """A valid chain of conv/activation/pool stages and a dense head, 10-30 layers."""
    side = size = rng.choice([32, 64, 96, 128, 224])
    count = rng.randint(10, 30)
    body = []
    while len(body) < count - 3:
        body.append(f"conv: {{filters: {rng.choice([8, 16, 32, 64])}, kernel: 3, "
                    f"padding: same}}")
        body.append(rng.choice(["relu", "gelu", "sigmoid", "dropout: {rate: 0.2}"]))
        if side % 2 == 0 and side > 4 and rng.random() < 0.5:
            body.append("maxpool: {size: 2}")
            side //= 2
    layers = body[:count - 3] + ["flatten", "dense: {units: 64, activation: relu}",
                                 "dense: {units: 10, activation: softmax}"]
    return "\n".join([f"name: generated-{index:04d}", f"input: [{size}, {size}, 3]", "layers:"]
                     + [f"  - {layer}" for layer in layers]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0,
                        help="also compare check -j 1 with check -j JOBS")
    options = parser.parse_args()
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as directory:
        for index in range(options.specs):
            Path(directory, f"spec{index:04d}.yaml").write_text(spec_text(rng, index))
        one = str(Path(directory, "spec0000.yaml"))
        summary = median_seconds([str(CLI), "summary", one], options.runs)
        check = median_seconds([str(CLI), "check", directory], options.runs)
    print(f"one summary:        {summary * 1000:7.0f} ms")
    print(f"check of {options.specs:,} specs: {check * 1000:7.0f} ms  "
          f"({options.specs / check:,.0f} specs/s, {check / summary:.1f}× one summary, "
          f"{(check - summary) / max(options.specs - 1, 1) * 1000:.2f} ms per extra spec)")
    verdict = "met" if check < TARGET_SECONDS * options.specs / 1000 else "MISSED"
    print(f"target {TARGET_SECONDS:.0f} s per 1,000 specs: {verdict}")
    if options.jobs:
        split_runs(options.jobs, options.runs)


def split_runs(jobs: int, runs: int) -> None:
    """`check -j 1` against `check -j JOBS` on 32 to 1,000 specs, elapsed time."""
    rng = random.Random(4)
    print(f"\n| specs | -j 1 | -j {jobs} | ratio |\n|--:|--:|--:|--:|")
    for count in (32, 64, 128, 256, 1000):
        with tempfile.TemporaryDirectory() as directory:
            for index in range(count):
                Path(directory, f"spec{index:04d}.yaml").write_text(spec_text(rng, index))
            one, many = ([str(CLI), "check", directory, "-j", str(n)] for n in (1, jobs))
            seconds(one), seconds(many)  # warm-up
            pairs = [(seconds(one), seconds(many)) for _ in range(runs)]
        print(f"| {count:,} | {statistics.median(a for a, _ in pairs) * 1000:,.0f} ms | "
              f"{statistics.median(b for _, b in pairs) * 1000:,.0f} ms | "
              f"{statistics.median(b / a for a, b in pairs):.2f}× |")


if __name__ == "__main__":
    main()
