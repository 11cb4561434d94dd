"""cnncalc against the physical floor of each workload, as whole processes in one session.

    python benchmarks/ratios.py [--runs 7] [--only NAME ...]

A floor is what a tight script needs to do the same work: `python -c "import click, yaml"`
for start-up (what any click command reading YAML imports), and benchmarks/floors/floor.py
for the per-layer workloads (libyaml events straight into dicts, the same integer
arithmetic in a loop, the same table, JSON or check bytes; this script checks the bytes are
cnncalc's before it times anything). cnncalc and its floor run in turn, A B A B ..., and
each row shows the median CPU time (user + system) of each and the median of the pair-by-
pair ratios, so the machine's drift and load move both alike. `check` may use every core
the machine gives it (the issue's terms), so its row is held to the elapsed time and shows
the CPU time beside it. Peak memory is the child's own maximum resident set. Python's
bytecode caches are written by the warm-up run, as a regular install has them
(PYTHONDONTWRITEBYTECODE is removed from the children's environment).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check import spec_text  # noqa: E402  (this directory's generated specs)
from startup import chain_spec  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("cnncalc"))
FLOOR = [sys.executable, str(ROOT / "benchmarks" / "floors" / "floor.py")]
IMPORTS = [sys.executable, "-c", "import click, yaml"]
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str]) -> tuple[float, float, bytes, float]:
    """CPU seconds (the process's and its workers'), peak resident MiB, standard output and
    elapsed seconds of one whole process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT,
                                 env=ENV)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read(), elapsed


def paired(a: list[str], b: list[str], runs: int) -> dict:
    """Medians of A's and B's CPU seconds, elapsed seconds and peaks, and of the pair-by-pair
    ratios A/B."""
    run(a), run(b)  # warm-up: file cache and bytecode
    pairs = [(run(a), run(b)) for _ in range(runs)]
    return {"a": statistics.median(p[0][0] for p in pairs),
            "b": statistics.median(p[1][0] for p in pairs),
            "ratio": statistics.median(p[0][0] / p[1][0] for p in pairs),
            "a_wall": statistics.median(p[0][3] for p in pairs),
            "b_wall": statistics.median(p[1][3] for p in pairs),
            "wall_ratio": statistics.median(p[0][3] / p[1][3] for p in pairs),
            "peak": statistics.median(p[0][1] for p in pairs)}


def same_bytes(a: list[str], b: list[str]) -> None:
    """The floor must print what cnncalc prints, or its time measures other work."""
    if run(a)[2] != run(b)[2]:
        sys.exit(f"the floor's output differs from cnncalc's: {' '.join(b)}")


def blocks_spec(layers: int) -> str:
    """The chain of chain_spec written as `repeat:` of a two-layer block."""
    return (f"name: blocks-{layers}\ninput: [32, 32, 8]\nblocks:\n  pair:\n"
            "    params: {filters: 8}\n    layers:\n"
            "      - conv: {filters: $filters, kernel: 3, padding: same}\n      - relu\n"
            f"layers:\n  - pair: {{repeat: {layers // 2}}}\n")


def workloads(directory: Path) -> dict:
    """Each row's (cnncalc command, floor command, whether their bytes must match)."""
    def written(name: str, text: str) -> str:
        path = directory / name
        path.write_text(text, encoding="utf-8")
        return str(path)
    chain = written("chain10k.yaml", chain_spec(10_000))
    blocks = written("blocks10k.yaml", blocks_spec(10_000))
    specs = directory / "specs"
    specs.mkdir()
    rng = random.Random(4)
    for index in range(1000):
        (specs / f"spec{index:04d}.yaml").write_text(spec_text(rng, index), encoding="utf-8")
    worked = "specs/taewan_39x31x1.yaml"
    return {
        "summary": ([CLI, "summary", worked], IMPORTS, False),
        "help": ([CLI, "--help"], IMPORTS, False),
        "chain-table": ([CLI, "summary", chain], FLOOR + ["summary", chain], True),
        "chain-json": ([CLI, "summary", chain, "--format", "json"],
                       FLOOR + ["summary", chain, "--format", "json"], True),
        "blocks-table": ([CLI, "summary", blocks], FLOOR + ["summary", blocks], True),
        "check": ([CLI, "check", str(specs)], FLOOR + ["check", str(specs)], True),
    }


TITLES = {
    "summary": ("summary of the worked example", 'python -c "import click, yaml"', 1.15),
    "help": ("cnncalc --help", 'python -c "import click, yaml"', 1.1),
    "chain-table": ("10,000-layer chain, table", "floor.py", 1.5),
    "chain-json": ("10,000-layer chain, --format json", "floor.py, json.dumps indent=2", 1.5),
    "blocks-table": ("10,000 layers in blocks, table", "floor.py", 1.5),
    "check": ("check of 1,000 specs (10-30 layers)", "floor.py", 2.0),
}
ELAPSED = ("check",)  # rows whose target is elapsed time: cnncalc may use every core


def growth(directory: Path, runs: int) -> None:
    """The 100,000-layer chain against the 10,000-layer one: time and JSON peak memory."""
    for layers in (10_000, 100_000):
        (directory / f"grow{layers}.yaml").write_text(chain_spec(layers), encoding="utf-8")
    small, large = (str(directory / f"grow{n}.yaml") for n in (10_000, 100_000))
    table = paired([CLI, "summary", large], [CLI, "summary", small], runs)
    print(f"| 100,000 / 10,000-layer chain, table | {table['a'] * 1000:,.0f} ms | "
          f"{table['b'] * 1000:,.0f} ms | {table['ratio']:.2f}× | ≤ 10.5× |")
    json = paired([CLI, "summary", large, "--format", "json"],
                  [CLI, "summary", small, "--format", "json"], runs)
    print(f"| 100,000 / 10,000-layer chain, JSON | {json['a'] * 1000:,.0f} ms "
          f"({json['peak']:,.0f} MiB peak) | {json['b'] * 1000:,.0f} ms | "
          f"{json['ratio']:.2f}× | ≤ 10.5× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", nargs="*", choices=[*TITLES, "growth"])
    options = parser.parse_args()
    chosen = options.only or [*TITLES, "growth"]
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        rows = workloads(directory)
        print("| workload | cnncalc | floor | ratio | target |\n|---|--:|--:|--:|--:|")
        for key in (k for k in TITLES if k in chosen):
            command, floor, exact = rows[key]
            if exact:
                same_bytes(command, floor)
            timing = paired(command, floor, options.runs)
            title, floor_name, target = TITLES[key]
            goal = f"≤ {target}×"
            if key in ELAPSED:
                print(f"| {title}, elapsed | {timing['a_wall'] * 1000:,.0f} ms | "
                      f"{timing['b_wall'] * 1000:,.0f} ms ({floor_name}) | "
                      f"{timing['wall_ratio']:.2f}× | {goal} |")
                title, goal = f"{title}, CPU", "(shown)"
            print(f"| {title} | {timing['a'] * 1000:,.0f} ms | {timing['b'] * 1000:,.0f} ms "
                  f"({floor_name}) | {timing['ratio']:.2f}× | {goal} |", flush=True)
        if "growth" in chosen:
            growth(directory, max(3, options.runs // 2))


if __name__ == "__main__":
    main()
