"""The demo ResNet in specs/: hand-checked totals, torch's count, the table with block rows
and --depth (golden files), the JSON tree and the CLI option."""

from __future__ import annotations

import json
import re

import pytest
from conftest import GOLDEN, ROOT

from cnncalc import analyze, load
from cnncalc.render import Options, render

DEMO = "specs/resnet_block_demo.yaml"


def conv(c_in: int, c_out: int, k: int) -> int:
    return c_in * k * k * c_out + c_out


# Hand-checked: every conv and dense written out as C_in·K·K·C_out + bias.
BASIC = {16: 2 * conv(16, 16, 3), 32: 2 * conv(32, 32, 3), 64: 2 * conv(64, 64, 3)}
DOWN = {32: conv(16, 32, 3) + conv(32, 32, 3) + conv(16, 32, 1),
        64: conv(32, 64, 3) + conv(64, 64, 3) + conv(32, 64, 1)}
STEM, HEAD = conv(3, 16, 3), 64 * 10 + 10
TOTAL = STEM + 2 * BASIC[16] + DOWN[32] + BASIC[32] + DOWN[64] + BASIC[64] + HEAD


@pytest.fixture(scope="module")
def report():
    return analyze(load(str(ROOT / DEMO)))


def test_demo_totals_by_hand(report):
    assert report.valid and not report.warnings
    assert report.totals.params == TOTAL == 174_698
    assert report.output_shape == (10,)
    blocks = {b.name: b for b in report.blocks}
    assert {name: b.totals.params for name, b in blocks.items()} == {
        "stage1.1": BASIC[16], "stage1.2": BASIC[16],
        "stage2": DOWN[32] + BASIC[32], "stage2/down1": DOWN[32], "stage2/basic1": BASIC[32],
        "stage3": DOWN[64] + BASIC[64], "stage3/down1": DOWN[64], "stage3/basic1": BASIC[64]}
    assert [(b.input_shape, b.output_shape) for b in report.blocks if b.kind == "down"] == [
        ((32, 32, 16), (16, 16, 32)), ((16, 16, 32), (8, 8, 64))]


def test_demo_matches_torch(report):
    torch = pytest.importorskip("torch")
    nn = torch.nn

    class Block(nn.Module):
        def __init__(self, c_in, c_out, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1)
            self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1)
            self.shortcut = nn.Conv2d(c_in, c_out, 1, stride) if stride > 1 else None

        def forward(self, x):
            y = self.conv2(torch.relu(self.conv1(x)))
            return torch.relu(y + (self.shortcut(x) if self.shortcut else x))

    model = nn.Sequential(
        nn.Conv2d(3, 16, 3, 1, 1), nn.ReLU(), Block(16, 16, 1), Block(16, 16, 1),
        Block(16, 32, 2), Block(32, 32, 1), Block(32, 64, 2), Block(64, 64, 1),
        nn.AvgPool2d(8), nn.Flatten(), nn.Linear(64, 10))
    assert sum(p.numel() for p in model.parameters()) == report.totals.params
    assert tuple(model(torch.zeros(1, 3, 32, 32)).shape[1:]) == report.output_shape
    x = torch.zeros(1, 16, 32, 32)
    for block, name in zip(model[4:8], ("stage2/down1", "stage2/basic1", "stage3/down1",
                                        "stage3/basic1")):
        x = block(x)
        summary = next(b for b in report.blocks if b.name == name)
        assert sum(p.numel() for p in block.parameters()) == summary.totals.params
        assert tuple(x.shape[2:]) + tuple(x.shape[1:2]) == summary.output_shape


@pytest.mark.parametrize("depth", [None, 1, 2])
def test_table_golden(report, depth, golden):
    text = render("table", [report], Options(width=120, depth=depth)) + "\n"
    golden(f"resnet_block_demo.depth{depth or 'all'}.txt", text)


@pytest.mark.parametrize("depth", [None, 1, 2, 3])
def test_plain_numbers_in_the_table_add_up_to_the_total(report, depth):
    """An open block's subtotal is in parentheses; the plain numbers are each counted once."""
    text = render("table", [report], Options(width=120, depth=depth))
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("─"))
    rows = [line for line in lines[start + 1:-2] if line.strip()]  # up to the rule
    params = [re.split(r"\s{2,}", row.strip())[-1] for row in rows]
    plain = [int(cell.replace(",", "")) for cell in params if not cell.startswith("(")]
    assert sum(plain) == int(lines[-1].split()[-1].replace(",", "")) == TOTAL
    # 37 layers and 8 block rows; depth 1: 9 rows; depth 2: stage1's 2 blocks open
    assert len(rows) == {None: 37 + 8, 1: 9, 2: 9 + 2 * 5 + 4, 3: 37 + 8}[depth]


def test_json_carries_block_paths_and_the_blocks_tree(report):
    document = json.loads(render("json", [report], Options()))
    for key in ("name", "input_shape", "valid", "layers", "totals", "errors", "warnings"):
        assert key in document  # SPEC.md §5 keys intact
    layer = next(row for row in document["layers"] if row["name"] == "stage2/basic1/conv2")
    assert layer["block"] == ["stage2", "basic1"]
    assert layer["inputs"] == ["stage2/basic1/relu1"]
    assert "block" not in document["layers"][0]  # a top-level layer
    stage2 = document["blocks"][2]
    # 11 layers making 16·16·32 each; convs 3×3 16→32 (stride 2), 1×1 16→32, 3×3 32→32 ×3
    macs = 16 * 16 * 32 * (3 * 3 * 16 + 1 * 1 * 16 + 3 * 3 * 32 * 3)
    assert stage2 == {
        "name": "stage2", "path": ["stage2"], "kind": "stage", "depth": 1,
        "first_index": 13, "last_index": 23, "input_shape": [32, 32, 16],
        "output_shape": [16, 16, 32],
        "totals": {"params": DOWN[32] + BASIC[32],
                   "params_without_bias": DOWN[32] + BASIC[32] - (32 + 32 + 32) - (32 + 32),
                   "trainable": DOWN[32] + BASIC[32], "non_trainable": 0,
                   "macs": macs, "flops": 2 * macs + 5 * 16 * 16 * 32,
                   "activation_bytes": 4 * 11 * 16 * 16 * 32,
                   "param_bytes": 4 * (DOWN[32] + BASIC[32]), "partial": False}}
    assert [b["name"] for b in document["blocks"]] == [
        "stage1.1", "stage1.2", "stage2", "stage2/down1", "stage2/basic1", "stage3",
        "stage3/down1", "stage3/basic1"]


def test_cli_depth_option(invoke):
    result = invoke("summary", DEMO, "--depth", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "resnet_block_demo.depth1.txt").read_text("utf-8")
    result = invoke("summary", DEMO, "--depth", "0")
    assert result.exit_code == 2
    assert "0 is not in the range x>=1" in result.output


def test_a_layer_nested_deeper_than_the_spec_has_layers_is_listed(invoke, tmp_path):
    """Every level is listed without --depth, however deep the nesting: a single conv two
    blocks deep has its own row, so the plain numbers still add up to the total (the table
    once listed levels only up to the layer count, and dropped this conv's row)."""
    spec = tmp_path / "nest.yaml"
    spec.write_text("name: nest\ninput: [8, 8, 3]\nblocks:\n"
                    "  inner:\n    layers:\n      - conv: {filters: 4, kernel: 3}\n"
                    "  outer:\n    layers:\n      - inner\n"
                    "layers:\n  - outer\n", encoding="utf-8")
    result = invoke("summary", str(spec))
    assert result.exit_code == 0, result.output
    assert result.stdout == """\
nest

  #  layer      kind   input      output     params (no bias)  params
─────────────────────────────────────────────────────────────────────
1-1  outer1     outer  (8, 8, 3)  (6, 6, 4)             (108)   (112)
1-1    inner1   inner  (8, 8, 3)  (6, 6, 4)             (108)   (112)
  1      conv1  conv   (8, 8, 3)  (6, 6, 4)               108     112
─────────────────────────────────────────────────────────────────────
     total                        (6, 6, 4)               108     112
"""
