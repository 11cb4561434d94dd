"""Korean beyond `summary` and `check`: `import` (Keras, ONNX and PyTorch models, refusals,
--allow-unsupported, broken files), `export`'s refusals, `draw`, `sizes` and `solve`,
each with no English left but the user's own text and the model's own names, and the
English output of the same commands unchanged (their JSON byte for byte)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from cnncalc.layers import REGISTRY
from conftest import ROOT
from korean_leaks import leaks

KINDS = " ".join(REGISTRY)  # an imported spec's kinds are spec syntax

KERAS2 = ROOT / "tests" / "keras2"


def _keras(path: Path, *layers, shape=(8, 8, 3)) -> Path:
    config = {"module": "keras", "class_name": "Sequential", "registered_name": None,
              "config": {"name": "m", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer",
                   "config": {"batch_shape": [None, *shape], "name": "in"}}, *layers]}}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
        archive.writestr("config.json", json.dumps(config))
    return path


def _layer(cls: str, name: str, **config):
    return {"module": "keras.layers", "class_name": cls, "registered_name": None,
            "config": {"name": name, **config}}


CONV = _layer("Conv2D", "conv", filters=4, kernel_size=[3, 3])
UNSUPPORTED = (_layer("UnitNormalization", "p1"), _layer("Lambda", "p2"),
               _layer("UnitNormalization", "p3"))


def _shown(result) -> str:
    """What a person reads: stderr, and stdout but the comment `import` writes into the
    spec (generated text, English in every language, as the spec's keys are)."""
    return result.stderr + "\n".join(line for line in result.stdout.splitlines()
                                     if not line.lstrip().startswith("#"))


def _model_text(path: Path) -> str:
    """A model file's own names (its layers' classes and names) as text."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return archive.read("config.json").decode()
    return path.read_bytes().decode("latin-1")


def _no_english(result, *sources) -> None:
    """`sources`: what the user wrote (text), or model files (their own names count)."""
    own = [_model_text(s) if isinstance(s, Path) else s for s in sources]
    assert leaks(_shown(result), KINDS, *own, *map(str, sources)) == [], _shown(result)


def test_an_import_refusal_in_korean(invoke, tmp_path, golden):
    path = _keras(tmp_path / "m.keras", CONV, *UNSUPPORTED)
    result = invoke("--lang", "ko", "import", str(path))
    assert result.exit_code == 1
    text = result.stderr.replace(str(tmp_path) + "/", "")
    golden("ko_import_refusal.txt", text)
    assert text == ("m.keras: 오류: 가져올 수 없습니다: cnncalc에 UnitNormalization ×2, Lambda에 "
                    "해당하는 종류가 없습니다 (처음: p1). 해결: --allow-unsupported로 그 첫 연산 "
                    "앞까지 스펙을 씁니다\n")
    english = invoke("import", str(path)).stderr.replace(str(tmp_path) + "/", "")
    assert english == ("m.keras: error: cannot import: no cnncalc kind for UnitNormalization ×2, "
                       "Lambda (first: p1). Fix: --allow-unsupported writes the spec up to the "
                       "first of them\n")


def test_allow_unsupported_in_korean(invoke, tmp_path):
    path = _keras(tmp_path / "m.keras", CONV, *UNSUPPORTED)
    result = invoke("--lang", "ko", "import", str(path), "--allow-unsupported")
    assert result.exit_code == 0
    assert result.stderr.strip() == (f"{path}: 경고: 스펙은 p1 (UnitNormalization) 앞에서 "
                                     f"멈춥니다: cnncalc에 해당하는 종류가 없습니다; 지원하지 "
                                     f"않는 연산 모두 3개")
    assert result.stdout.splitlines()[-1] == "  - conv: {name: conv, filters: 4, kernel: 3}"
    _no_english(result, path)


@pytest.mark.parametrize("layers, shape, said", [
    ((_layer("UnitNormalization", "first"), CONV), (8, 8, 3),
     "가져올 것이 없습니다: 모델이 first (UnitNormalization)(으)로 시작하는데"),
    ((CONV,), (None, None, 3), "모델의 입력 크기를 알 수 없습니다. 해결: 크기를 주세요: "
                               "cnncalc import"),
    ((_layer("Rescaling", "r", scale=[0.5, 0.5, 0.5], offset=0.0),), (8, 8, 3),
     "Rescaling(채널마다 다른 scale)"),
], ids=["nothing-left", "no-input-size", "per-channel"])
def test_import_problems_in_korean(invoke, tmp_path, layers, shape, said):
    path = _keras(tmp_path / "m.keras", *layers, shape=shape)
    result = invoke("--lang", "ko", "import", str(path), "--allow-unsupported")
    assert result.exit_code == 1 and said in result.stderr
    _no_english(result, path, "import -o spec.yaml")


@pytest.mark.parametrize("name, data, said", [
    ("cut.keras", b"PK\x03\x04\x14\x00\x00", "zip 아카이브가 아닙니다"),
    ("other.json", b'{"class_name": "Sequential", "config": {"layers": 3}}',
     "이 읽기 도구가 아는 Keras 모델 설정이 아닙니다"),
    ("model.h5", b"\x89HDF\r\n\x1a\n", "h5py가 읽을 수 있는 HDF5 파일이 아닙니다"),
    ("empty.onnx", b"", "ONNX 모델이 아닙니다 (protobuf 읽기 도구가 찾은 것: 파일이 비어 있습니다)"),
    ("cut.onnx", b"\x08\x07\x12", "ONNX 모델이 아닙니다 (protobuf 읽기 도구가 찾은 것: "),
    ("plain.json", b'{"layers": []}', "Keras 모델 설정이 아닙니다"),
])
def test_broken_model_files_in_korean(invoke, tmp_path, name, data, said):
    """One line, exit 1, in Korean; what a library found (zipfile's, h5py's own words)
    stays as the library words it, inside the parentheses."""
    (tmp_path / name).write_bytes(data)
    result = invoke("--lang", "ko", "import", str(tmp_path / name))
    assert result.exit_code == 1
    line, = result.stderr.splitlines()
    assert line.startswith(f"{tmp_path / name}: 오류: ") and said in line
    assert leaks(line[:line.index(said) + len(said)], str(tmp_path / name)) == []


def test_keras2_files_import_in_korean_as_in_english(invoke):
    for path in sorted(KERAS2.glob("*.json")):
        korean, english = (invoke("--lang", code, "import", str(path)) for code in ("ko", "en"))
        assert (korean.exit_code, korean.stdout) == (english.exit_code, english.stdout), path
        _no_english(korean, path.read_text(encoding="utf-8"), str(path))


def _onnx(path: Path, *, extra: str) -> Path:
    """Conv, then an op `extra`; built with the onnx package (a test dependency)."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper
    import numpy as np

    weight = numpy_helper.from_array(np.zeros((4, 3, 3, 3), np.float32), "w")
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node(extra, ["c"], ["y"], name="odd")]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info(
        "x", TensorProto.FLOAT, [1, 3, 8, 8])], [helper.make_tensor_value_info(
            "y", TensorProto.FLOAT, None)], [weight])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    return path


def test_an_onnx_import_in_korean(invoke, tmp_path):
    path = _onnx(tmp_path / "m.onnx", extra="Erf")
    refused = invoke("--lang", "ko", "import", str(path))
    assert refused.exit_code == 1 and "cnncalc에 Erf에 해당하는 종류가 없습니다" in refused.stderr
    _no_english(refused, path)
    allowed = invoke("--lang", "ko", "import", str(path), "--allow-unsupported")
    assert allowed.exit_code == 0 and "스펙은 odd (Erf) 앞에서 멈춥니다" in allowed.stderr
    _no_english(allowed, path)


TORCH_MODULE = """
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return torch.cumsum(self.conv(x), dim=1)


class Branchy(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x
"""


@pytest.mark.parametrize("name, args, said", [
    ("Net", ("--allow-unsupported",), "스펙은 cumsum (cumsum) 앞에서 멈춥니다"),
    ("Net", (), "cnncalc에 cumsum에 해당하는 종류가 없습니다"),
    ("Branchy", (), "텐서의 값이나 형상에 따른 Python 제어 흐름 (if/while)"),
    ("Missing", (), "에 Missing이(가) 없습니다. 해결: 클래스나 nn.Module을 돌려주는 함수를 "
                    "적으세요"),
])
def test_a_pytorch_import_in_korean(invoke, tmp_path, name, args, said):
    pytest.importorskip("torch")
    (tmp_path / "net.py").write_text(TORCH_MODULE, encoding="utf-8")
    source = f"{tmp_path / 'net.py'}:{name}"
    result = invoke("--lang", "ko", "import", source, "--input", "3x8x8", *args)
    assert said in result.stderr
    _no_english(result, TORCH_MODULE, source)


@pytest.mark.parametrize("spec, target, said", [
    ("framework: pytorch\ninput: [11, 11, 3]\nlayers:\n  - maxpool: {size: 3, dilation: 2}\n",
     "keras", "Keras 풀링에는 dilation이 없습니다 (PyTorch의 MaxPool에는 있음)"),
    ("framework: pytorch\ninput: [8, 8, 3]\nlayers:\n"
     "  - conv_transpose: {filters: 3, kernel: 3, groups: 3}\n",
     "keras", "Keras 전치 합성곱에는 groups가 없습니다"),
    ("framework: keras\ninput: [8, 8, 3]\nlayers:\n  - prelu: {slopes: element}\n",
     "pytorch", "PyTorch의 PReLU는 기울기 하나나 채널마다 하나를 학습합니다"),
], ids=["pool-dilation", "transpose-groups", "prelu-element"])
def test_export_refusals_in_korean(invoke, tmp_path, spec, target, said):
    (tmp_path / "s.yaml").write_text(spec, encoding="utf-8")
    result = invoke("--lang", "ko", "export", str(tmp_path / "s.yaml"), "--to", target)
    assert result.exit_code == 1
    assert said in result.stderr
    assert leaks(result.stderr, spec, str(tmp_path), "slopes: channel") == [], result.stderr


def test_draw_in_korean(invoke):
    for fmt in ("svg", "mermaid", "dot", "html"):
        korean = invoke("--lang", "ko", "draw", "specs/taewan_39x31x1.yaml", "--format", fmt)
        assert korean.exit_code == 0
        assert "파라미터 7,240" in korean.stdout and "7,240 params" not in korean.stdout, fmt
    svg = invoke("--lang", "ko", "draw", "specs/taewan_39x31x1.yaml", "--format", "svg").stdout
    text = " ".join(re.findall(r">([^<>]+)<", re.sub(r"<style>.*?</style>", "", svg, flags=re.S)))
    assert leaks(text, (ROOT / "specs/taewan_39x31x1.yaml").read_text()) == []


def test_sizes_in_korean(invoke, golden):
    result = invoke("--lang", "ko", "sizes", "specs/zoo/unet.yaml", "specs/zoo/resnet50.yaml",
                    "--range", "32:1024")
    golden("ko_sizes.txt", result.stdout)
    assert "  높이: k ≥ 11일 때 16·k + 12 → 188, 204, 220, … (크기 53개)" in result.stdout
    assert "    출력 높이 = 입력 − 184" in result.stdout
    assert "  높이: 32 이상의 모든 크기 → 32, 33, 34, … (크기 993개)" in result.stdout
    specs = [(ROOT / "specs/zoo" / name).read_text() for name in ("unet.yaml", "resnet50.yaml")]
    assert leaks(result.stdout, *specs) == []


@pytest.mark.parametrize("args", [
    ("sizes", "specs/zoo/unet.yaml", "specs/zoo/resnet50.yaml", "--range", "32:1024"),
    ("solve", "conv", "--input", "224", "--output", "112"),
    ("solve", "maxpool", "--input", "7", "--output", "3", "--set", "padding=same"),
])
def test_json_of_sizes_and_solve_is_the_same_in_korean(invoke, args):
    english, korean = (invoke("--lang", code, *args, "--format", "json").stdout
                       for code in ("en", "ko"))
    assert korean == english
    assert "16·k + 12 for k ≥ 11" in english or "or same" in english or "padding" in english


@pytest.mark.parametrize("args, said", [
    (("solve", "conv", "--input", "224", "--output", "112", "--limit", "2"),
     "찾은 범위 kernel 1–11, stride 1–8, padding 0–10 또는 same, dilation 1–3"),
    (("solve", "specs/zoo/unet.yaml", "--free", "dec1/crop.cropping=0:100", "--limit", "2"),
     ""),
    (("solve", "specs/zoo/unet.yaml", "--free", "nope.cropping"), "스펙의 레이어로 LAYER.PARAM을"),
    (("solve", "specs/zoo/unet.yaml", "--free", "enc1/conv1.nope"), "매개변수 'nope'이(가) 없습니다"),
    (("solve", "specs/zoo/unet.yaml", "--free", "enc1/conv1.filters=9"),
     "범위는 MIN:MAX로 씁니다"),
    (("solve", "nope", "--input", "7", "--output", "3"), "스트라이드가 있는 레이어 종류가 아닙니다"),
    (("solve", "conv", "--input", "7", "--output", "3", "--set", "units=3"),
     "conv이(가) 찾는 것은"),
    (("solve", "conv", "--input", "7x", "--output", "3"), "크기 하나나 축마다 하나씩"),
    (("solve", "conv", "--input", "7", "--output", "3", "--set", "kernel"), "KEY=VALUE로 적으세요"),
    (("sizes", "specs/zoo/vgg16.yaml", "--range", "1:4096"), ""),
], ids=["layer", "free", "free-layer", "free-param", "free-range", "kind", "set", "input",
        "assignment", "sizes"])
def test_solve_and_sizes_in_korean(invoke, args, said):
    result = invoke("--lang", "ko", *args)
    assert said in result.output
    specs = " ".join((ROOT / a).read_text() for a in args if a.endswith(".yaml"))
    syntax = "cli KIND SPEC LAYER PARAM MIN MAX KEY VALUE"  # the usage line's, the options'
    assert leaks(result.output, syntax, KINDS, " ".join(args), specs) == [], result.output


def test_a_new_kinds_network_explained_in_korean(invoke):
    """The kinds added by issues 12 and 13, counted and explained in Korean."""
    result = invoke("--lang", "ko", "summary", "--explain", "--input", "8x8x4",
                    "conv:filters=4,kernel=3", "prelu:slopes=channel", "groupnorm:groups=2",
                    "instancenorm", "identity", "permute:axes=3x1x2", "pixel_shuffle:factor=2",
                    "space_to_depth:factor=2", "upsample:output=12", "rescale:scale=0.5",
                    "normalize", "layer_scale", "maxpool:size=2,dilation=2")
    assert "학습 파라미터 기울기 4개 (channel)" in result.stdout
    assert "학습 파라미터 γ, β 없음 (affine: false)" in result.stdout
    assert leaks(result.output, "prelu groupnorm instancenorm identity permute pixel_shuffle "
                 "space_to_depth upsample rescale normalize layer_scale channel") == [], \
        result.output


@pytest.mark.parametrize("args, said", [
    (("check", "nomatch*.yaml"), "이 패턴에 맞는 파일이 없습니다"),
    (("check", "specs/zoo/*.json"), "이 패턴에 맞는 파일이 없습니다"),
    (("verify", "specs/taewan_39x31x1.yaml", "--backend", "torch", "--device", "cuda"),
     "CUDA를 쓸 수 없습니다"),
    (("verify", "specs/zoo/vgg16.yaml", "--max-memory", "1M"),
     "vgg16: 검증에 약 784.3 MiB이(가) 필요하고 (가장 많은 곳은 레이어 dense1)"),
    (("verify", "specs/taewan_39x31x1.yaml", "--max-memory", "lots"),
     "512M이나 2G 같은 크기를 적으세요"),
], ids=["pattern", "no-json", "cuda", "memory", "memory-size"])
def test_check_and_verify_problems_in_korean(invoke, args, said):
    """Skipped where torch can use CUDA: the message is then not given."""
    if "cuda" in args:
        torch = pytest.importorskip("torch")
        if torch.cuda.is_available():
            pytest.skip("CUDA is available here")
    result = invoke("--lang", "ko", *args)
    assert result.exit_code != 0 and said in result.output
    specs = " ".join((ROOT / a).read_text() for a in args if a.endswith(".yaml") and "*" not in a)
    assert leaks(result.output, "cli SPECS", " ".join(args), specs) == [], result.output
