"""VGG-16 at 224×224×3: the published parameter count, 15.5 G multiply-accumulates (quoted
as "15.5 GFLOPs" in the literature, which counts MACs), and its memory."""

from __future__ import annotations

from cnncalc import analyze, load

# conv stages: (output size, channels, convolutions)
STAGES = [(224, 64, 2), (112, 128, 2), (56, 256, 3), (28, 512, 3), (14, 512, 3)]


def test_vgg16_params_macs_and_memory():
    report = analyze(load("specs/zoo/vgg16.yaml"))
    assert report.valid
    totals = report.totals
    assert totals.params == 138_357_544
    assert abs(totals.macs - 15.5e9) / 15.5e9 < 0.01
    conv_macs, inputs = 0, 3
    for size, channels, count in STAGES:
        for _ in range(count):
            conv_macs += size * size * channels * 3 * 3 * inputs
            inputs = channels
    dense_macs = 7 * 7 * 512 * 4096 + 4096 * 4096 + 4096 * 1000
    assert totals.macs == conv_macs + dense_macs == 15_470_264_320
    assert totals.flops == 2 * totals.macs + sum(
        size * size * channels * count for size, channels, count in STAGES) + 4096 + 4096 + 1000
    # every layer's output once, float32: convs, pools, flatten, dense and dropout
    elements = (sum(size * size * channels * count for size, channels, count in STAGES)
                + sum(size // 2 * (size // 2) * channels for size, channels, _ in STAGES)
                + 7 * 7 * 512 + 4096 * 4 + 1000)
    assert totals.activation_bytes == 4 * elements
    assert totals.param_bytes == 4 * 138_357_544
