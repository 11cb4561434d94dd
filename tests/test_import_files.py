"""Model files as input, as a user hits them: every command that takes a spec takes a
model file; hostile and broken files give one clear line and exit 1, nothing in them is
executed, and no torch, Keras or onnx is imported to read a Keras file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import assert_refused

KERAS2 = Path(__file__).parent / "keras2"
FUNCTIONAL = KERAS2 / "functional_keras2.2.json"


def keras_file(path: Path, config: dict, compress=zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compress) as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
        archive.writestr("config.json", json.dumps(config))
    return path


def sequential(*layers, shape=(8, 8, 3)):
    return {"module": "keras", "class_name": "Sequential", "registered_name": None,
            "config": {"name": "m", "layers": [
                {"module": "keras.layers", "class_name": "InputLayer",
                 "config": {"batch_shape": [None, *shape], "name": "in"}}, *layers]}}


def conv(name="c"):
    return {"module": "keras.layers", "class_name": "Conv2D", "registered_name": None,
            "config": {"name": name, "filters": 4, "kernel_size": [3, 3]}}


def test_summary_check_and_verify_take_model_files(invoke, tmp_path):
    path = keras_file(tmp_path / "m.keras", sequential(conv()))
    summary = invoke("summary", str(path), "--format", "json")
    assert summary.exit_code == 0
    assert json.loads(summary.stdout)["layers"][0]["output_shape"] == [6, 6, 4]
    assert invoke("check", str(path), str(FUNCTIONAL)).exit_code == 0
    verify = invoke("verify", str(path))
    assert verify.exit_code == 0
    assert "all 1 layers agree" in verify.stdout


def test_a_spec_written_as_json_is_still_a_spec(invoke, tmp_path):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({"input": [8, 8, 1], "layers": [{"conv": {"filters": 2,
                                                                          "kernel": 3}}]}))
    result = invoke("summary", str(path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["totals"]["params"] == 20


@pytest.mark.parametrize("size, message", [
    (200 * 2**20, r"config\.json declares 209,715,200 bytes, more than the 64 MiB a model "
                  r"config may have"),  # 200 MiB of spaces deflate to ~200 kB
    (8 * 2**20, r"config\.json inflates 10\d\d-fold \(a zip bomb\?\); refused"),
], ids=["over-the-cap", "over-the-ratio"])
def test_a_zip_bomb_is_refused_before_inflating(invoke, tmp_path, size, message):
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", b" " * size)
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert re.fullmatch(f"{re.escape(str(path))}: error: {message}", result.stderr.strip())


CANARY_CODE = "import os; open({canary!r}, 'w').write('ran')"


def test_nothing_in_a_config_is_executed(invoke, tmp_path):
    """A Lambda holding code, a `module`/`registered_name` naming os.system, a function
    config pointing at keras.models.load_model (the CVE payloads' shapes): unsupported ops,
    never looked up."""
    canary = tmp_path / "canary"
    command = f"python -c \"{CANARY_CODE.format(canary=str(canary))}\""
    lambda_layer = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
                    "config": {"name": "evil", "function": {
                        "module": "keras.models", "class_name": "function",
                        "config": "load_model", "registered_name": "function"},
                        "arguments": {"filepath": command}}}
    system = {"module": "os", "class_name": "system", "registered_name": "os.system",
              "config": {"name": "sys", "command": command}}
    activation = dict(conv("c2"), config={**conv("c2")["config"], "activation": {
        "module": "os", "class_name": "function", "config": "system",
        "registered_name": "function"}})
    path = keras_file(tmp_path / "evil.keras", sequential(conv(), lambda_layer, system,
                                                          activation))
    assert_refused(invoke, path, "Lambda, system, activation=os.system", "evil")
    assert not canary.exists()


@pytest.mark.parametrize("name, data, message", [
    ("cut.keras", b"PK\x03\x04\x14\x00\x00", "not a zip archive, as a .keras file is"),
    ("nozip.keras", b"{}", "not a zip archive, as a .keras file is"),
    ("cut.json", b'{"class_name": "Sequential", "config": {"layers": [', "not valid JSON"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
    ("other.json", b'{"class_name": "Sequential", "config": {"layers": 3}}',
     "not a Keras model config this reader knows"),
    ("model.h5", b"\x89HDF\r\n\x1a\n", "not an HDF5 file h5py can read"),
    ("model.pt", b"PK\x03\x04", "not a model cnncalc imports: give a .keras"),
], ids=["truncated-zip", "json-as-keras", "truncated-json", "deep-json", "odd-config",
        "truncated-h5", "torch-checkpoint"])
def test_broken_files_give_one_line(invoke, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = invoke("import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: error: ")
    assert message in lines[0]


def test_a_keras_archive_without_config(invoke, tmp_path):
    path = tmp_path / "empty.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", "{}")
    result = invoke("summary", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{path}: error: not a Keras archive: it holds no config.json"


def test_a_truncated_onnx_file(invoke, tmp_path):
    path = tmp_path / "cut.onnx"
    path.write_bytes(b"\x08\x07\x12\x07pytorch\x1a\x031.1\x3a\xff\xff")
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: error: not an ONNX model (")


def _onnx_file(path: Path) -> Path:
    from onnx import TensorProto, helper, save

    save(helper.make_model(helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="r")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])), str(path))
    return path


@pytest.mark.parametrize("suffix", [".keras", ".onnx"])
def test_reading_a_model_file_imports_no_framework(tmp_path, suffix):
    if suffix == ".onnx":
        pytest.importorskip("onnx")  # only to write the file
        path = _onnx_file(tmp_path / "m.onnx")
    else:
        path = keras_file(tmp_path / "m.keras", sequential(conv()))
    code = ("import sys; from cnncalc.cli import main; sys.argv = ['cnncalc', 'summary', "
            f"{str(path)!r}]\ntry:\n    main()\nexcept SystemExit as end:\n    assert not end.code\n"
            "print(sorted(m for m in ('torch', 'keras', 'onnx', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_import_writes_the_spec_to_a_file(invoke, tmp_path):
    out = tmp_path / "spec.yaml"
    result = invoke("import", str(FUNCTIONAL), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert invoke("summary", str(out)).exit_code == 0
    missing = tmp_path / "no" / "such" / "dir.yaml"
    result = invoke("import", str(FUNCTIONAL), "-o", str(missing))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{missing}: error: cannot write: No such file or directory"


def test_problems_of_an_imported_spec_name_the_file_and_layer_not_a_line(invoke, tmp_path):
    """The spec's text is made on the fly: a line number would point at nothing."""
    pool = {"module": "keras.layers", "class_name": "MaxPooling2D", "registered_name": None,
            "config": {"name": "pool", "pool_size": [2, 2]}}
    path = keras_file(tmp_path / "odd.keras", sequential(pool, shape=(7, 7, 1)))
    result = invoke("summary", str(path), "--columns", "output")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"{path}: warning: layer 1 (pool): height and width (7 − 2)/2 + 1 = 3.5 rounded "
        f"down to 3; the last 1 row and 1 column of the input not covered")


def test_a_bad_input_size_is_a_usage_error(invoke):
    result = invoke("import", str(FUNCTIONAL), "--input", "3xfoo")
    assert result.exit_code == 2
    assert "expected sizes such as 3x224x224, got '3xfoo'" in result.stderr


def test_an_input_size_replaces_the_declared_one(invoke):
    result = invoke("import", str(FUNCTIONAL), "--input", "64x48x3")
    assert result.exit_code == 0
    assert "input: [64, 48, 3]" in result.stdout.splitlines()
    result = invoke("import", str(FUNCTIONAL), "--input", "64x3")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"{FUNCTIONAL}: error: --input has 2 sizes, the model's "
                                     f"input 3")


def test_a_layer_reading_nothing_is_a_broken_file(invoke, tmp_path):
    config = json.loads(FUNCTIONAL.read_text())
    config["config"]["layers"][2]["inbound_nodes"] = [[["nowhere", 0, 0, {}]]]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(config))
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"{path}: error: conv2d_2 reads 'nowhere', which nothing "
                                     f"before it makes: a broken model file")
