"""The whole-network torch twins (tests/torch_twins_extra.py) are the published networks:
their parameter counts equal the published totals, their outputs have the published shapes,
and torch.fx traces them (the importer reads them that way). Built on the meta device, so
no memory goes to weights or activations.

Published totals: U-Net 31,030,658 (the 2015 architecture with biases, as Keras' summary of
the common implementations prints it); EfficientNet-B0 5,288,548 (torchvision's
`EfficientNet_B0_Weights.IMAGENET1K_V1.meta["num_params"]`).
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from torch.fx import symbolic_trace  # noqa: E402
from torch.fx.passes.shape_prop import ShapeProp  # noqa: E402

from torch_twins_extra import EfficientNetB0, UNet  # noqa: E402

CASES = [
    (UNet, (1, 1, 572, 572), 31_030_658, (1, 2, 388, 388)),
    (EfficientNetB0, (1, 3, 224, 224), 5_288_548, (1, 1000)),
]


def on_meta(factory):
    with torch.device("meta"):
        return factory().eval()


@pytest.mark.parametrize("factory, shape, params, output", CASES,
                         ids=[case[0].__name__ for case in CASES])
def test_twin_is_the_published_network(factory, shape, params, output):
    model = on_meta(factory)
    assert sum(p.numel() for p in model.parameters()) == params
    assert tuple(model(torch.empty(shape, device="meta")).shape) == output


@pytest.mark.parametrize("factory, shape, params, output", CASES,
                         ids=[case[0].__name__ for case in CASES])
def test_twin_traces_with_fx(factory, shape, params, output):
    graph_module = symbolic_trace(on_meta(factory))
    ShapeProp(graph_module).propagate(torch.empty(shape, device="meta"))
    result = next(n for n in graph_module.graph.nodes if n.op == "output")
    assert tuple(result.meta["tensor_meta"].shape) == output


def test_unet_crops_each_skip_to_the_decoder():
    """The paper's Fig. 1: skips of 568, 280, 136 and 64 cropped to 392, 200, 104 and 56."""
    model, seen = on_meta(UNet), []
    for up in model.up:
        up.conv.register_forward_pre_hook(lambda m, args: seen.append(tuple(args[0].shape)))
    model(torch.empty(1, 1, 572, 572, device="meta"))
    assert seen == [(1, 1024, 56, 56), (1, 512, 104, 104), (1, 256, 200, 200),
                    (1, 128, 392, 392)]
