"""The model zoo (specs/zoo/): published parameter counts, shapes at the stage boundaries,
multiply-accumulates against the published figures, receptive fields derived by hand,
the warnings each spec gives, and every spec run in PyTorch by `cnncalc verify`.

The published totals are PyTorch's `sum(p.numel() for p in model.parameters())` for the
torchvision models: a batch normalisation's γ and β count, its running mean and variance
(buffers) do not. They are asserted against `trainable`; `non_trainable` must be exactly
the running statistics, 2·C per batch normalisation, worked out from the architecture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from cnncalc import analyze, load

ZOO = ROOT / "specs" / "zoo"

# ResNet stages: (width, blocks); a bottleneck block's output is 4 × width.
RESNET18 = ((64, 2), (128, 2), (256, 2), (512, 2))
RESNET50 = ((64, 3), (128, 4), (256, 6), (512, 3))
# MobileNetV2's table (Sandler et al. 2018, Table 2) after its first row (t = 1, c = 16):
# expansion 6, output channels c, n blocks, the first with stride s.
MOBILENET_V2 = ((24, 2, 2), (32, 3, 2), (64, 4, 2), (96, 3, 1), (160, 3, 2), (320, 1, 1))


def report_of(name: str, **options):
    report = analyze(load(str(ZOO / f"{name}.yaml")), **options)
    assert report.valid, [d.one_line() for d in report.errors]
    return report


def blocks(report) -> dict:
    return {b.name: b.output_shape for b in report.blocks}


def rows(report) -> dict:
    return {r.name: r for r in report.rows}


def resnet_batchnorm_channels(stages, bottleneck: bool) -> list[int]:
    """The channels of every batch normalisation: the stem's, then per block one after
    each convolution, and one on the projected shortcut of a block whose input is smaller
    or narrower than its output (every stage's first block, but ResNet-18's first)."""
    channels, width_in = [64], 64
    for width, blocks in stages:
        out = 4 * width if bottleneck else width
        for _ in range(blocks):
            channels += [width, width, out] if bottleneck else [width, width]
            if width_in != out:
                channels.append(out)
            width_in = out
    return channels


def mobilenet_v2_batchnorm_channels() -> list[int]:
    """The stem's 32; the first block's depthwise (32) and projection (16); then per
    block the expansion and depthwise (6·input channels each) and the projection; last,
    the 1×1 convolution to 1280."""
    channels, c_in = [32, 32, 16], 16
    for c, n, _ in MOBILENET_V2:
        for _ in range(n):
            channels += [6 * c_in, 6 * c_in, c]
            c_in = c
    return channels + [1280]


# name, published parameters, running statistics (2·C per batch normalisation)
TOTALS = [
    ("lenet5", 61_706, 0),
    ("alexnet", 61_100_840, 0),
    ("vgg16", 138_357_544, 0),
    ("resnet18", 11_689_512, 2 * sum(resnet_batchnorm_channels(RESNET18, False))),
    ("resnet50", 25_557_032, 2 * sum(resnet_batchnorm_channels(RESNET50, True))),
    ("mobilenet_v2", 3_504_872, 2 * sum(mobilenet_v2_batchnorm_channels())),
]


@pytest.mark.parametrize("name, published, statistics", TOTALS, ids=[t[0] for t in TOTALS])
def test_published_parameter_totals(name, published, statistics):
    totals = report_of(name).totals
    assert totals.trainable == published
    assert totals.non_trainable == statistics
    assert totals.params == published  # the torchvision specs say `framework: pytorch`
    # Keras counts the running statistics as parameters too
    assert report_of(name, framework="keras").totals.params == published + statistics


def test_lenet5_layer_by_layer():
    lenet = rows(report_of("lenet5"))
    assert [lenet[n].params for n in ("c1", "c3", "c5", "f6", "output")] == [
        6 * 5 * 5 + 6, 16 * 6 * 5 * 5 + 16, 5 * 5 * 16 * 120 + 120, 120 * 84 + 84, 84 * 10 + 10]


def test_batchnorm_counts_add_up_row_by_row():
    """The running statistics are the batch normalisations' and no other layer's."""
    for name in ("resnet18", "resnet50", "mobilenet_v2"):
        layers = report_of(name).rows
        assert sum(r.non_trainable for r in layers) == sum(
            2 * r.output_shape[-1] for r in layers if r.kind == "batchnorm")


def test_resnet_stage_outputs():
    for name, widths, factor in (("resnet18", RESNET18, 1), ("resnet50", RESNET50, 4)):
        report = report_of(name)
        layers = rows(report)
        assert layers["stem"].output_shape == (112, 112, 64)
        assert layers["maxpool1"].output_shape == (56, 56, 64)
        shapes = blocks(report)
        stages = ["layer1.2" if name == "resnet18" else "layer1",
                  "layer2", "layer3", "layer4"]
        assert [shapes[s] for s in stages] == [
            (size, size, factor * width) for size, (width, _) in zip((56, 28, 14, 7), widths)]
        assert layers["fc"].output_shape == (1000,)


def test_mobilenet_v2_block_outputs():
    shapes = blocks(report_of("mobilenet_v2"))
    size, expected = 112, []
    for c, _, stride in MOBILENET_V2:
        size //= stride
        expected.append((size, size, c))
    assert [shapes[f"inverted{i}"] for i in range(1, 7)] == expected
    assert shapes["residual10"] == (7, 7, 160)
    assert rows(report_of("mobilenet_v2"))["conv3"].output_shape == (7, 7, 1280)


def test_alexnet_and_lenet_shapes():
    alexnet = rows(report_of("alexnet"))
    assert alexnet["conv1"].output_shape == (55, 55, 64)  # (224 + 4 − 11)//4 + 1
    assert [alexnet[f"maxpool{i}"].output_shape[0] for i in (1, 2, 3)] == [27, 13, 6]
    assert alexnet["flatten1"].output_shape == (6 * 6 * 256,)
    lenet = rows(report_of("lenet5"))
    assert [lenet[n].output_shape for n in ("c1", "s2", "c3", "s4")] == [
        (28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16)]


def test_exact_macs_of_the_chains():
    assert report_of("lenet5").totals.macs == (
        28 * 28 * 6 * 5 * 5 + 10 * 10 * 16 * 6 * 5 * 5 + 400 * 120 + 120 * 84 + 84 * 10)
    assert report_of("alexnet").totals.macs == (
        55 * 55 * 64 * 11 * 11 * 3 + 27 * 27 * 192 * 5 * 5 * 64 + 13 * 13 * 384 * 3 * 3 * 192
        + 13 * 13 * 256 * 3 * 3 * 384 + 13 * 13 * 256 * 3 * 3 * 256
        + 9216 * 4096 + 4096 * 4096 + 4096 * 1000)


def test_exact_macs_of_resnet18():
    """Per stage: the first 3×3 convolution (stride 2 from stage 2 on), three more 3×3,
    and the 1×1 projection, each at the stage's output size."""
    macs, channels = 112 * 112 * 64 * 7 * 7 * 3, 64
    for size, (width, _) in zip((56, 28, 14, 7), RESNET18):
        area = size * size
        macs += area * width * 3 * 3 * channels + 3 * area * width * 3 * 3 * width
        if channels != width:
            macs += area * width * channels
        channels = width
    macs += 512 * 1000
    assert report_of("resnet18").totals.macs == macs


# The published figures, in multiply-accumulates (the papers' and torchvision's "FLOPs"):
# ResNet-18 1.8 G (He et al. 2016, Table 1; torchvision 1.81), ResNet-50 4.1 G
# (torchvision's v1.5 4.09; the paper's 3.8 G puts the stride on the first 1×1 conv),
# MobileNetV2 300 M (Sandler et al. 2018, Table 4: 300M multiply-adds; torchvision 0.30),
# AlexNet 0.71 G (torchvision), VGG-16 15.5 G (torchvision 15.47).
@pytest.mark.parametrize("name, published", [
    ("resnet18", 1.8e9), ("resnet50", 4.1e9), ("mobilenet_v2", 0.3e9), ("alexnet", 0.71e9),
    ("vgg16", 15.5e9)])
def test_macs_match_the_published_figures(name, published):
    assert abs(report_of(name).totals.macs - published) / published < 0.02


def final_field(report, name: str):
    return [(f.size, f.jump, f.start) for f in rows(report)[name].receptive_field]


def test_resnet18_receptive_field_is_435():
    """With jump j, a k×k layer adds (k − 1)·j and multiplies j by its stride:
    stem 7×7/2: 7, j 2; max pooling 3×3/2: 7 + 2·2 = 11, j 4;
    stage 1, four 3×3: 11 + 4·2·4 = 43;
    stage 2, 3×3/2 then three 3×3: 43 + 2·4 = 51, j 8, + 3·2·8 = 99;
    stage 3: 99 + 2·8 = 115, j 16, + 3·2·16 = 211;
    stage 4: 211 + 2·16 = 243, j 32, + 3·2·32 = 435.
    The shortcuts see less (a 1×1 adds nothing), so each addition keeps the main path's
    field; symmetric padding keeps the first field centred on pixel 0 (start 0.5)."""
    report = report_of("resnet18")
    assert final_field(report, "layer4/residual1/add1") == [(435, 32, 0.5)] * 2
    assert final_field(report, "layer2/projection1/downsample") == [(43, 8, 0.5)] * 2
    assert final_field(report, "layer2/projection1/add1") == [(43 + 2 * 4 + 2 * 8, 8, 0.5)] * 2
    # the global pooling sees the fields of all 7 positions: 435 + 6·32
    assert final_field(report, "global_avgpool1") == [(435 + 6 * 32, 7 * 32, 0.5 + 3 * 32)] * 2
    assert not any(w.code == "jumps" for w in report.warnings)


def test_resnet50_and_mobilenet_v2_receptive_fields():
    """ResNet-50 (v1.5): one 3×3 per bottleneck, the first of stages 2-4 with stride 2:
    11 + 3·2·4 = 35; + 2·4 = 43, j 8, + 3·2·8 = 91; + 2·8 = 107, j 16, + 5·2·16 = 267;
    + 2·16 = 299, j 32, + 2·2·32 = 427.
    MobileNetV2: stem 3×3/2: 3, j 2; the first block's depthwise 3×3: 3 + 2·2 = 7; then
    one depthwise 3×3 per block, per row of the table (n blocks, the first with stride s):
    24: 7 + 2·2 = 11, j 4, + 2·4 = 19; 32: + 2·4 = 27, j 8, + 2·2·8 = 59;
    64: + 2·8 = 75, j 16, + 3·2·16 = 171; 96: + 3·2·16 = 267;
    160: + 2·16 = 299, j 32, + 2·2·32 = 427; 320: + 2·32 = 491."""
    assert final_field(report_of("resnet50"), "layer4/residual2/add1") == [(427, 32, 0.5)] * 2
    assert final_field(report_of("mobilenet_v2"), "conv3") == [(491, 32, 0.5)] * 2


# Where PyTorch floors a division: the layers of stride 2 (4 in AlexNet) on an even size.
# The 1×1 stride-2 shortcuts really never read the last row and column of their input;
# the others drop padding only.
FLOORED = {
    "lenet5": (set(), set()),
    "vgg16": (set(), set()),
    "alexnet": ({"conv1"}, set()),
    "resnet18": ({"stem", "maxpool1"} | {f"layer{i}/projection1/{n}" for i in (2, 3, 4)
                                         for n in ("basic1/conv1", "downsample")},
                 {f"layer{i}/projection1/downsample" for i in (2, 3, 4)}),
    "resnet50": ({"stem", "maxpool1"} | {f"layer{i}/projection1/{n}" for i in (2, 3, 4)
                                         for n in ("bottleneck1/conv2", "downsample")},
                 {f"layer{i}/projection1/downsample" for i in (2, 3, 4)}),
    "mobilenet_v2": ({"stem"} | {f"inverted{i}/depthwise" for i in (1, 2, 3, 5)}, set()),
}


@pytest.mark.parametrize("name", FLOORED)
def test_warnings_only_where_pytorch_floors(name):
    """No other warning (no branch left unread, no jumps that differ), and at least the
    layers that drop real input say so."""
    possible, certain = FLOORED[name]
    warned = {w.layer for w in report_of(name).warnings}
    assert certain <= warned <= possible


@pytest.mark.parametrize("path", sorted(ZOO.glob("*.yaml")), ids=lambda p: p.stem)
def test_verify_with_torch(invoke, path: Path):
    """Every layer of every zoo spec built as torch.nn modules at full size, batch 1:
    its output shape and parameter count equal the engine's."""
    pytest.importorskip("torch")
    result = invoke("verify", str(path.relative_to(ROOT)), "--backend", "torch")
    shown = (result.stdout + result.stderr).splitlines()
    assert result.exit_code == 0, "\n".join(line for line in shown if not line.startswith("✓"))
    layers = len(load(str(path)).layers)
    # the verdict itself: the failure verdict ("do not agree with ...") would not match
    assert f"✓ all {layers} layers agree with the torch backend" in result.stdout.splitlines()
