"""VGG-16 at 224×224×3, batch 1: how long `cnncalc verify` takes with numpy and with torch.

    python benchmarks/verify.py [--repeat 3]

Both backends draw the same ~138 million random weights from numpy's generator, so the
time spent drawing is reported apart from the time spent computing the layers. The
target is the numpy backend within 3× of torch on the CPU.
"""

from __future__ import annotations

import argparse
import time

from cnncalc import analyze
from cnncalc.backends import load
from cnncalc.read.spec import build
from cnncalc.run.verify import verify


def vgg16() -> dict:
    """The spec tree of VGG-16 (configuration D): 3×3 convs with padding 1, 2×2 pools."""
    layers = []
    for filters, convs in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        layers += [{"conv": {"filters": filters, "kernel": 3, "padding": 1,
                             "activation": "relu"}}] * convs
        layers.append({"maxpool": {"size": 2}})
    layers += ["flatten", {"dense": {"units": 4096, "activation": "relu"}},
               {"dense": {"units": 4096, "activation": "relu"}},
               {"dense": {"units": 1000, "activation": "softmax"}}]
    return {"name": "vgg16-224x224x3", "input": [224, 224, 3], "layers": layers}


class Timed:
    """A backend wrapper that adds up the seconds spent drawing random weights."""

    def __init__(self, backend):
        self.backend = backend
        self.drawing = 0.0
        draw = backend.draw

        def timed_draw(shape):
            start = time.perf_counter()
            values = draw(shape)
            self.drawing += time.perf_counter() - start
            return values

        backend.draw = timed_draw


def run(name: str, spec, report) -> tuple[float, float]:
    timed = Timed(load(name, rounding=report.rounding))
    start = time.perf_counter()
    result = verify(spec, report, timed.backend)
    total = time.perf_counter() - start
    if not result.agrees:
        raise SystemExit(f"{name}: the backend does not agree with the engine")
    return total, timed.drawing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per backend; best kept")
    repeat = parser.parse_args().repeat
    spec = build(vgg16())
    report = analyze(spec)
    print(f"{spec.name}: {len(spec.layers)} layers, {report.totals.params:,} parameters, "
          f"batch 1, best of {repeat}")
    results = {}
    for name in ("numpy", "torch"):
        total, drawing = min(run(name, spec, report) for _ in range(repeat))
        results[name] = total - drawing
        print(f"  {name:<6} {total:6.2f} s in all, {drawing:5.2f} s drawing weights, "
              f"{total - drawing:6.2f} s computing the layers")
    ratio = results["numpy"] / results["torch"]
    print(f"numpy / torch (computing): {ratio:.2f}× (target: within 3×)")


if __name__ == "__main__":
    main()
