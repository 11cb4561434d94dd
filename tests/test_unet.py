"""The original U-Net (specs/zoo/unet.yaml) against its torch twin (tests/torch_twins_extra.py,
built on the meta device): the same parameter count, the same shapes at every level, and for
input sizes `cnncalc sizes` calls valid, the twin's output is the input minus 184 as
`sizes` says; for one it calls invalid, the twin's pooling floors and the output is off."""

from __future__ import annotations

import pytest

from cnncalc import analyze, load
from cnncalc.solve.sizes import sizes

torch = pytest.importorskip("torch")

from torch_twins_extra import UNet  # noqa: E402

SPEC = "specs/zoo/unet.yaml"


def twin():
    with torch.device("meta"):
        return UNet().eval()


def test_the_spec_counts_what_the_twin_holds():
    report = analyze(load(SPEC))
    assert report.valid
    assert report.totals.params == sum(p.numel() for p in twin().parameters()) == 31_030_658
    assert report.rows[-1].output_shape == (388, 388, 2)


def test_every_level_has_the_twins_shapes():
    model, seen = twin(), []
    for up in model.up:
        up.conv.register_forward_pre_hook(lambda m, args: seen.append(tuple(args[0].shape)))
    model(torch.empty(1, 1, 572, 572, device="meta"))
    joined = [row.output_shape for row in analyze(load(SPEC)).rows if row.kind == "concat"]
    assert [(1, c, h, w) for h, w, c in joined] == seen


def test_sizes_says_what_the_twin_computes():
    result = sizes(load(SPEC), 150, 700)
    height = result.axes[0]
    assert height.pattern.text() == "16·k + 12 for k ≥ 11"
    assert height.output.text() == "input − 184"
    model = twin()
    for n in (188, 204, 572, 700 - 700 % 16 + 12 - 16):
        assert n in height.valid
        assert tuple(model(torch.empty(1, 1, n, n, device="meta")).shape) == (1, 2, n - 184,
                                                                            n - 184)
    assert 574 not in height.valid
    assert model(torch.empty(1, 1, 574, 574, device="meta")).shape[-1] != 574 - 184
