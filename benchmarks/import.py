"""How fast a model people already have is imported and summarised: ResNet-50 from a
`.keras` file, from an `.onnx` file and from a torch module (fx on the meta device),
each as a whole process, against torchinfo's summary of the same torch model in the same
run. Target: the Keras and ONNX paths at least 5x faster than torchinfo.

    python benchmarks/import.py [--runs 5]

Needs keras, onnx (to make the files) and torchinfo
(`pip install -e '.[test,torch]' torchinfo`). The model
files are made first, in a temporary directory: the `.keras` file is Keras' own
`keras.applications.ResNet50(weights=None)` (25,636,712 parameters, Keras' layout), the
`.onnx` file torch's export of the torch ResNet-50 (tests/spec_to_torch.py, torchvision's
layout, 25,557,032 parameters), which fx and torchinfo also read. The Keras and ONNX runs
assert that no torch, keras or onnx module was imported.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from startup import CLI, ROOT, median_seconds  # this directory is on sys.path as a script

TESTS = ROOT / "tests"
TARGET = 5.0
MAKE = f"""
import os, sys, warnings
os.environ["KERAS_BACKEND"] = "torch"
warnings.filterwarnings("ignore")
sys.path.insert(0, {str(TESTS)!r})
import keras, torch, spec_to_torch
keras.applications.ResNet50(weights=None).save(sys.argv[1] + "/resnet50.keras")
torch.onnx.export(spec_to_torch.resnet50(), (torch.zeros(1, 3, 224, 224),),
                  sys.argv[1] + "/resnet50.onnx", dynamo=False,
                  training=torch.onnx.TrainingMode.TRAINING)
"""
NO_FRAMEWORK = """
import sys
from cnncalc.cli import main
sys.argv = ["cnncalc", "summary", sys.argv[1]]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
loaded = [m for m in ("torch", "keras", "onnx") if m in sys.modules]
assert not loaded, loaded
"""
TORCHINFO = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
import spec_to_torch, torchinfo
print(torchinfo.summary(spec_to_torch.resnet50(), (1, 3, 224, 224), verbose=0).total_params)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-c", MAKE, tmp], check=True, capture_output=True)
        keras_file, onnx_file = f"{tmp}/resnet50.keras", f"{tmp}/resnet50.onnx"
        fx = (f"cd {TESTS} && {CLI} import spec_to_torch:resnet50 --input 3x224x224 "
              f"| {CLI} summary -")
        times = {
            ".keras (stdlib, no torch)": median_seconds(
                [sys.executable, "-c", NO_FRAMEWORK, keras_file], runs),
            ".onnx (stdlib, no torch)": median_seconds(
                [sys.executable, "-c", NO_FRAMEWORK, onnx_file], runs),
            "torch module (fx, meta)": median_seconds(["sh", "-c", fx], runs),
            "torchinfo.summary": median_seconds([sys.executable, "-c", TORCHINFO], runs),
        }
    baseline = times["torchinfo.summary"]
    print(f"ResNet-50, whole processes, median of {runs} runs "
          f"(load average {os.getloadavg()[0]:.1f})")
    for name, seconds in times.items():
        print(f"  {name:28} {seconds:6.2f} s   {baseline / seconds:5.1f}x faster than torchinfo")
    for name in (".keras (stdlib, no torch)", ".onnx (stdlib, no torch)"):
        ratio = baseline / times[name]
        print(f"  {name}: {'meets' if ratio >= TARGET else 'MISSES'} the {TARGET:.0f}x target")


if __name__ == "__main__":
    main()
