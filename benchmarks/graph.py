"""How long `cnncalc summary` takes, as a whole process, on a ResNet-152-sized spec.

    python benchmarks/graph.py [--runs 5]

The spec is generated: ResNet-152's stem, its 3 + 8 + 36 + 3 bottleneck blocks (a block
definition used with `repeat:`, a projection shortcut on the first of each stage) and its
head, at 224×224×3, each conv followed by a batch normalisation as in torchvision's
resnet152 (whose 60,192,808 parameters the spec has: it is written the way
specs/zoo/resnet50.yaml is, with more blocks). The target: well under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ((64, 3, 1), (128, 8, 2), (256, 36, 2), (512, 3, 2))  # width, blocks, stride


def spec_text() -> str:
    norm = "batchnorm"
    block = [
        "conv: {filters: $width, kernel: 1, bias: false}", norm, "relu",
        "conv: {filters: $width, kernel: 3, stride: $stride, padding: 1, bias: false}",
        norm, "relu",
        "conv: {filters: $out, kernel: 1, bias: false, name: expand}", norm,
    ]
    lines = [
        "name: resnet152-sized", "input: [224, 224, 3]", "rounding: floor", "framework: pytorch",
        "blocks:",
        "  bottleneck:",
        "    params: {width: null, out: null, stride: 1}",
        "    layers:",
        *(f"      - {item}" for item in block),
        f"      - add: {{inputs: [{norm}3, input]}}", "      - relu",
        "  down:",
        "    params: {width: null, out: null, stride: 1}",
        "    layers:",
        *(f"      - {item}" for item in block),
        "      - conv: {filters: $out, kernel: 1, stride: $stride, bias: false, "
        "inputs: input, name: shortcut}",
        f"      - {norm}",
        f"      - add: {{inputs: [{norm}3, {norm}4]}}", "      - relu",
        "layers:",
        "  - conv: {filters: 64, kernel: 7, stride: 2, padding: 3, bias: false}",
        f"  - {norm}", "  - relu", "  - maxpool: {size: 3, stride: 2, padding: 1}",
    ]
    for width, blocks, stride in STAGES:
        lines.append(f"  - down: {{width: {width}, out: {4 * width}, stride: {stride}}}")
        lines.append(f"  - bottleneck: {{width: {width}, out: {4 * width}, "
                     f"repeat: {blocks - 1}}}")
    lines += ["  - avgpool: {size: 7}", "  - flatten", "  - dense: {units: 1000}"]
    return "\n".join(lines) + "\n"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "resnet152_sized.yaml"
        path.write_text(spec_text())
        from cnncalc import analyze, load

        report = analyze(load(str(path)))
        print(f"spec: {len(report.rows)} layers after expansion, {len(report.blocks)} "
              f"block instances, {report.totals.params:,} params, "
              f"{'valid' if report.valid else 'INVALID'}")
        base = [sys.executable, "-m", "cnncalc", "summary", str(path)]
        for label, extra in (("--version (start-up only)", None),
                             ("summary (table)", []), ("summary --depth 1", ["--depth", "1"]),
                             ("summary --format json", ["--format", "json"])):
            command = [sys.executable, "-m", "cnncalc", "--version"] if extra is None \
                else base + extra
            times = [timed(command) for _ in range(runs)]
            print(f"{label:<28} median {statistics.median(times):.3f} s, "
                  f"best {min(times):.3f} s ({runs} runs)")


if __name__ == "__main__":
    main()
