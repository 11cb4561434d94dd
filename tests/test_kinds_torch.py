"""Every new kind against the torch.nn module it stands for: torch's own output shapes,
parameter and buffer counts, and FlopCounterMode's FLOPs (which are 2·MACs for conv and
linear layers, bias left out; 0 for what it does not cover, as cnncalc's MACs)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from cnncalc import analyze, inline, load  # noqa: E402

from torch_twins import channels_last, twin  # noqa: E402

CASES = [
    ("8x8x16", "batchnorm"),
    ("100x16", "batchnorm"),
    ("6x5x4x3", "batchnorm"),
    ("8x8x16", "layernorm"),
    ("7x5x32", "global_avgpool"),
    ("7x5x32", "global_maxpool:keepdims=true"),
    ("11x6", "global_avgpool:keepdims=true"),
    ("7x9x4", "adaptive_avgpool:output=3"),
    ("7x9x4", "adaptive_maxpool:output=2x5"),
    ("5x6x7x2", "adaptive_avgpool:output=2x4x3"),
    ("3x3x4", "adaptive_avgpool:output=7"),
    ("28x28x12", "channel_pool:size=3"),
    ("28x28x12", "channel_pool:size=4,mode=avg"),
    ("5x5x3", "conv_transpose:filters=4,kernel=3,stride=2"),
    ("5x5x3", "conv_transpose:filters=4,kernel=3,stride=2,padding=1,output_padding=1"),
    ("6x7x3", "conv_transpose:filters=6,kernel=4,stride=2,padding=1,dilation=2,groups=3"),
    ("10x3", "conv_transpose:filters=2,kernel=5,stride=3,bias=false"),
    ("4x5x6x2", "conv_transpose:filters=3,kernel=2x3x2,stride=2x1x3,padding=1"),
    ("5x5x2", "conv_transpose:filters=2,kernel=3,dilation=3,output_padding=2"),
    ("10x12x8", "depthwise_conv:kernel=3,multiplier=2"),
    ("10x12x8", "depthwise_conv:kernel=3x5,stride=1,padding=same,bias=false"),
    ("12x8", "depthwise_conv:kernel=4,dilation=2,stride=2"),
    ("10x12x8", "separable_conv:filters=32,kernel=3"),
    ("10x12x8", "separable_conv:filters=32,kernel=3,multiplier=2,padding=same"),
    ("10x12x8", "separable_conv:filters=5,kernel=3,stride=2,bias=false"),
    ("5x6x3", "pad:padding=1x2"),
    ("9x3", "pad:padding=4"),
    ("5x6x3", "crop:cropping=1"),
    ("5x6x7x3", "crop:cropping=1x2x0"),
    ("5x6x3", "upsample"),
    ("5x6x3", "upsample:scale=2x3,mode=bilinear"),
    ("5x3", "upsample:scale=3,mode=bilinear"),
    ("3x4x5x2", "upsample:scale=2x1x3,mode=bilinear"),
    ("5x6x3", "reshape:shape=-1x3"),
    ("5x6x3", "reshape:shape=3x10x3"),
    ("4x4x8", "dense:units=10"),
    ("10x10x8", "conv:filters=16,kernel=3,groups=4"),
    ("5x6x3", "identity"),
    ("5x6x3", "permute:axes=2x1x3"),
    ("5x6x3", "permute:axes=3x1x2"),
    ("4x5x6x2", "permute:axes=4x2x3x1"),
    ("8x8x16", "groupnorm:groups=4"),
    ("8x7x6", "groupnorm:groups=6,affine=false"),
    ("12", "groupnorm:groups=3"),
    ("9x5x6", "groupnorm:groups=1,epsilon=0.00001"),
    ("8x7x6", "instancenorm"),
    ("8x7x6", "instancenorm:affine=true"),
    ("10x6", "instancenorm:affine=true"),
    ("3x4x5x6", "instancenorm"),
    ("8x7x6", "prelu:slopes=one"),
    ("8x7x6", "prelu:slopes=channel"),
    ("12", "prelu:slopes=channel"),
]


def torch_numbers(module, shape):
    """Output shape (channels-last), parameters, buffers and FLOPs as torch sees them."""
    with torch.device("meta"):
        module = module.to("meta")
        x = torch.zeros(1, shape[-1], *shape[:-1])
    with FlopCounterMode(display=False) as counter:
        y = module(x)
    buffers = sum(b.numel() for name, b in module.named_buffers()
                  if not name.endswith("num_batches_tracked"))
    return (channels_last(y.shape), sum(p.numel() for p in module.parameters()), buffers,
            counter.get_total_flops())


@pytest.mark.parametrize("input_text, token", CASES)
def test_kind_matches_torch(input_text, token):
    spec = inline(input_text, [token])
    report = analyze(spec, "floor", framework="pytorch")  # torch floors
    assert report.valid, [d.one_line() for d in report.errors]
    row = report.rows[0]
    shape, params, buffers, flops = torch_numbers(twin(spec.layers[0], spec.input_shape),
                                                  spec.input_shape)
    assert row.output_shape == shape
    assert (row.params, row.trainable, row.non_trainable) == (params, params, buffers)
    assert 2 * row.macs == flops


def test_batchnorm_counts_in_keras_are_torch_parameters_plus_buffers():
    spec = inline("8x8x16", ["batchnorm"])
    _, params, buffers, _ = torch_numbers(twin(spec.layers[0], spec.input_shape),
                                          spec.input_shape)
    assert analyze(spec).rows[0].params == params + buffers == 4 * 16


def test_pooling_ceil_mode_matches_torch():
    """The ceil rule: a last window must start inside the input or its left padding."""
    for size, stride, padding, x in [(2, 2, 1, 5), (3, 2, 1, 6), (3, 3, 0, 10), (2, 2, 0, 7)]:
        spec = inline(f"{x}x{x}x1", [f"maxpool:size={size},stride={stride},padding={padding}"])
        module = twin(spec.layers[0], spec.input_shape, ceil=True)
        assert analyze(spec, "ceil").rows[0].output_shape == torch_numbers(
            module, spec.input_shape)[0]


def vgg16_torch():
    """torchvision's vgg16 (configuration D), written out so torchvision is not needed."""
    nn = torch.nn
    layers, channels = [], 3
    for width in (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
                  512, 512, 512, "M"):
        if width == "M":
            layers.append(nn.MaxPool2d(2))
        else:
            layers += [nn.Conv2d(channels, width, 3, padding=1), nn.ReLU()]
            channels = width
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(7), nn.Flatten(),
                         nn.Linear(512 * 7 * 7, 4096), nn.ReLU(), nn.Dropout(),
                         nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(), nn.Linear(4096, 1000))


def test_vgg16_matches_torch():
    report = analyze(load("specs/zoo/vgg16.yaml"))
    shape, params, _, flops = torch_numbers(vgg16_torch(), (224, 224, 3))
    assert report.output_shape == shape == (1000,)
    assert report.totals.params == params == 138_357_544
    assert 2 * report.totals.macs == flops
