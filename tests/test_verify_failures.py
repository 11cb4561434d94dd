"""verify under memory pressure: a spec over the guard is refused on its own and the others
still run; an allocation that fails anyway (whatever the guard allowed) is a clear error
naming the input or the layer, with numpy and torch alike; JSON is printed either way."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

WORKED = "specs/taewan_39x31x1.yaml"
HUGE = "input: [80000, 80000, 2]\nlayers:\n  - conv: {filters: 2, kernel: 1}\n"
REFUSAL = ("verifying needs about 238.4 GiB, most at layer conv1, more than --max-memory "
           "2 GiB; use a smaller --batch or input, or raise --max-memory")


@pytest.fixture
def huge(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE)
    return str(path)


def test_one_spec_over_the_guard_does_not_stop_the_others(invoke, huge):
    result = invoke("verify", huge, WORKED)
    assert result.exit_code == 1
    assert result.stderr == f"error: {huge}: {REFUSAL}\n"
    assert f"✗ not verified: {huge}: {REFUSAL}" in result.stdout
    assert result.stdout.rstrip().endswith("✓ all 9 layers agree with the numpy backend")


def test_json_is_printed_when_a_run_is_refused(invoke, huge):
    alone = invoke("verify", huge, "--format", "json")
    assert alone.exit_code == 1
    document = json.loads(alone.stdout)
    assert document["error"] == f"{huge}: {REFUSAL}" and document["agrees"] is False
    assert [layer["status"] for layer in document["layers"]] == ["not run"]
    both = json.loads(invoke("verify", huge, WORKED, "--format", "json").stdout)
    assert [d.get("error") for d in both] == [document["error"], None]
    assert [d["agrees"] for d in both] == [False, True]


def run_limited(spec: str, *args: str) -> subprocess.CompletedProcess:
    """`cnncalc verify` on `spec` in a process that may map at most 6 GiB, with the guard
    raised to 1 TiB: every large allocation fails as on a machine without the memory."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({6 * 1024**3}, {6 * 1024**3}))
        from cnncalc.cli import main
        sys.argv = ["cnncalc", "verify", "-", "--max-memory", "1T", *{list(args)!r}]
        main()
    """)
    return subprocess.run([sys.executable, "-c", code], input=spec, capture_output=True,
                          text=True, timeout=300)


def backends():
    try:
        import torch  # noqa: F401
    except ImportError:
        return ["numpy"]
    return ["numpy", "torch"]


@pytest.mark.parametrize("backend", backends())
def test_an_input_that_cannot_be_allocated_is_a_clear_error(backend):
    result = run_limited("input: [160000, 160000, 1]\nlayers:\n  - relu\n", "--backend",
                         backend, "--format", "json")
    assert result.returncode == 1, result.stderr
    error = ("-: the network input (1, 160000, 160000, 1) could not be made: out of memory: "
             "Unable to allocate 95.4 GiB for an array with shape (1, 160000, 160000, 1) and "
             "data type float32")
    assert result.stderr == f"error: {error}\n"
    assert json.loads(result.stdout)["error"] == error


@pytest.mark.parametrize("backend", backends())
def test_a_layer_that_cannot_be_allocated_is_named(backend):
    result = run_limited("input: [1000, 1000, 1]\nlayers:\n  - upsample: {scale: 100}\n"
                         "  - relu\n", "--backend", backend)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    notes = result.stdout.splitlines()[-2:]
    assert notes[0].startswith("  upsample1: failed: out of memory: ")
    assert "40000000000 bytes" in notes[0] or "37.3 GiB" in notes[0]
    assert notes[1] == "  relu1: not run: upsample1 did not run"


@pytest.mark.parametrize("package, error", [
    ('raise OSError("libtorch_cpu.so: cannot open shared object file: No such file or '
     'directory")\n',
     "OSError: libtorch_cpu.so: cannot open shared object file: No such file or directory"),
    ("__version__ = '0'\n",  # a torch without torch.nn
     "ImportError: cannot import name 'nn' from 'torch'"),
])
def test_a_broken_torch_is_one_line_and_exit_one(tmp_path, package, error):
    fake = tmp_path / "torch"
    fake.mkdir()
    (fake / "__init__.py").write_text(package)
    result = subprocess.run([sys.executable, "-m", "cnncalc", "verify", WORKED, "--backend",
                             "torch"], capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            cwd=Path(__file__).parent.parent)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: the torch backend cannot load: {error}")
    assert result.stderr.endswith("; the package is installed but broken, reinstall it: "
                                  "pip install 'cnncalc[torch]'\n")
    assert result.stderr.count("\n") == 1


def test_an_absurd_batch_is_refused_in_exact_arithmetic(invoke):
    result = invoke("verify", WORKED, "--batch", "9" * 400)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: taewan-39x31x1: verifying needs about 2182787284")
    assert " TiB, most at layer conv2, more than --max-memory 2 GiB" in result.stderr


def test_json_is_printed_when_the_backend_cannot_run(invoke, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.delitem(sys.modules, "cnncalc.backends.torch_backend", raising=False)
    result = invoke("verify", WORKED, "--backend", "torch", "--format", "json")
    assert result.exit_code == 1
    message = ("the torch backend needs the torch package, which is not installed: "
               "pip install 'cnncalc[torch]'")
    assert json.loads(result.stdout) == {"backend": "torch", "agrees": False, "error": message}
    assert result.stderr == f"Error: {message}\n"
