"""PyTorch modules imported through torch.fx: the zoo networks (as torch twins built from
their specs, tests/spec_to_torch.py), the U-Net and EfficientNet-B0 twins. Every layer's
output shape must be the meta-device shape torch computes (read here with fx's ShapeProp,
independently of the importer), and the total must be `sum(p.numel() for p in
model.parameters())`: cnncalc counts PyTorch's way under `framework: pytorch`, batch
normalisation's running statistics (buffers) apart, as non-trainable."""

from __future__ import annotations

import textwrap

import pytest

torch = pytest.importorskip("torch")
from torch.fx import symbolic_trace  # noqa: E402
from torch.fx.passes.shape_prop import ShapeProp  # noqa: E402

from cnncalc import analyze, import_model, loads  # noqa: E402
from conftest import assert_refused  # noqa: E402
from cnncalc.core.errors import SpecError  # noqa: E402

CASES = [  # source, input (C, H, W), a published total where there is one
    ("spec_to_torch:lenet5", (1, 32, 32), 61_706),
    ("spec_to_torch:alexnet", (3, 224, 224), 61_100_840),
    ("spec_to_torch:vgg16", (3, 224, 224), 138_357_544),
    ("spec_to_torch:resnet18", (3, 224, 224), 11_689_512),
    ("spec_to_torch:resnet50", (3, 224, 224), 25_557_032),
    ("spec_to_torch:mobilenet_v2", (3, 224, 224), 3_504_872),
    ("torch_twins_extra:UNet", (1, 572, 572), 31_030_658),
    ("torch_twins_extra:EfficientNetB0", (3, 224, 224), 5_288_548),
]


def torch_shapes(model, sizes):
    """Each node's output shape, batch dropped, named as the importer names layers: a
    module's path (`pool`, then `pool_2`, `pool_3` for a module used again), or the node's
    name for a function or method."""
    graph = symbolic_trace(model)
    ShapeProp(graph).propagate(torch.empty(1, *sizes, device="meta"))
    shapes, uses = {}, {}
    for n in graph.graph.nodes:
        if n.op in ("placeholder", "output") or not hasattr(n.meta.get("tensor_meta"), "shape"):
            continue
        name = n.name
        if n.op == "call_module":
            uses[n.target] = uses.get(n.target, 0) + 1
            name = n.target if uses[n.target] == 1 else f"{n.target}_{uses[n.target]}"
        shapes[name] = tuple(n.meta["tensor_meta"].shape[1:])
    return shapes


@pytest.mark.parametrize("source, sizes, published", CASES, ids=[c[0] for c in CASES])
def test_every_layer_and_the_total_are_torch_own(source, sizes, published):
    module, _, factory = source.partition(":")
    with torch.device("meta"):
        model = getattr(__import__(module), factory)().eval()
    total = sum(p.numel() for p in model.parameters())
    report = analyze(loads(import_model(source, sizes).yaml))
    assert report.valid, [d.one_line() for d in report.errors]
    assert report.totals.params == total == published
    shapes = torch_shapes(model, sizes)
    compared = {row.name: row.output_shape for row in report.rows if row.name in shapes}
    assert compared == {name: shapes[name] for name in compared}
    padded = [row.name for row in report.rows if row.name.endswith(".pad")]
    assert len(compared) + len(padded) == len(report.rows)


def _write(tmp_path, body: str) -> str:
    path = tmp_path / "net.py"
    path.write_text("import torch\nfrom torch import nn\n\n" + textwrap.dedent(body))
    return str(path)


def test_control_flow_names_the_users_line(tmp_path, invoke):
    path = _write(tmp_path, """
        class Net(nn.Module):
            def forward(self, x):
                if x.sum() > 0:
                    return x * 2
                return x
        """)
    result = invoke("import", f"{path}:Net", "--input", "3x8x8")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{path}:Net: error: torch.fx cannot trace Net.forward at {path}:7 "
        f"(`if x.sum() > 0:`): Python control flow (if/while) on a tensor's value or shape. "
        f"Fix: give flags as constants")


def test_unsupported_modules_are_listed_by_class_and_count(tmp_path, invoke):
    path = _write(tmp_path, """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 8, 3)
                self.act = nn.LocalResponseNorm(2)
                self.norm1 = nn.Softmax2d()
                self.norm2 = nn.Softmax2d()

            def forward(self, x):
                return self.norm2(self.norm1(self.act(self.conv(x)))) - 1
        """)
    assert_refused(invoke, f"{path}:Net", "LocalResponseNorm, Softmax2d ×2, subtract with a constant", "act", "--input", "3x8x8")


def test_a_module_needs_its_input_size(invoke):
    result = invoke("import", "torch_twins_extra:UNet")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "torch_twins_extra:UNet: error: a PyTorch module needs the input size. Fix: give it "
        "with --input, without the batch: --input 3x224x224")


def test_a_wrong_input_size_says_what_torch_said(invoke):
    result = invoke("import", "spec_to_torch:lenet5", "--input", "3x32x32")
    assert result.exit_code == 1
    assert "the model fails on an input of shape (1, 3, 32, 32): RuntimeError" in result.stderr


def test_shared_weights_are_unsupported_but_shared_pools_are_not(tmp_path):
    path = _write(tmp_path, """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(4, 4, 3, padding=1)
                self.pool = nn.MaxPool2d(2)

            def forward(self, x):
                return self.pool(self.conv(self.pool(self.conv(x))))
        """)
    with pytest.raises(SpecError) as raised:
        import_model(f"{path}:Net", (4, 16, 16))
    assert "Conv2d called 2 times (shared weights)" in str(raised.value)
    assert "MaxPool2d" not in str(raised.value)


def test_ceil_mode_pools_make_the_spec_ceil(tmp_path):
    path = _write(tmp_path, """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.pool = nn.MaxPool2d(3, 2, ceil_mode=True)

            def forward(self, x):
                return self.pool(x)
        """)
    text = import_model(f"{path}:Net", (2, 8, 8)).yaml
    assert "rounding: ceil" in text
    assert analyze(loads(text)).rows[0].output_shape == (2, 4, 4)  # torch: 4, floor: 3


def test_a_difference_of_branches(tmp_path):
    path = _write(tmp_path, """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = nn.Conv2d(3, 4, 3, padding=1)
                self.b = nn.Conv2d(3, 4, 1)

            def forward(self, x):
                return self.a(x) - self.b(x)
        """)
    rows = analyze(loads(import_model(f"{path}:Net", (3, 8, 8)).yaml)).rows
    assert [(r.name, r.kind, r.inputs, r.output_shape) for r in rows] == [
        ("a", "conv", ("input",), (4, 8, 8)), ("b", "conv", ("input",), (4, 8, 8)),
        ("sub", "subtract", ("a", "b"), (4, 8, 8))]


def test_clamps_are_clip_and_relu6(tmp_path):
    path = _write(tmp_path, """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.tanh = nn.Hardtanh(-2.0, 2.0)
                self.six = nn.Hardtanh(0.0, 6.0)

            def forward(self, x):
                return self.six(self.tanh(x).clamp(0.0, 1.5))
        """)
    text = import_model(f"{path}:Net", (3, 4, 4)).yaml
    assert text.splitlines()[-3:] == ["  - clip: {name: tanh, min: -2.0, max: 2.0}",
                                      "  - clip: {name: clamp, min: 0.0, max: 1.5}",
                                      "  - relu6: {name: six}"]
