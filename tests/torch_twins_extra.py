"""Whole networks written in torch, for the importer's tests: torchvision from PyPI does not
import beside the pinned torch here, so these twins stand in for its models. Each is the
published architecture, layer for layer, and its parameter count equals the published one
(tests/test_twins_extra.py checks both counts and the output shapes).

- `UNet`: the original U-Net (Ronneberger et al. 2015, Fig. 1): 572×572×1 → 388×388×2,
  unpadded 3×3 convolutions, 2×2 max pooling, 2×2 transposed "up-convolutions" that halve
  the channels, the skip connections centre-cropped to the decoder's size, a 1×1 convolution
  to 2 classes; biases everywhere, no batch normalisation: 31,030,658 parameters.
- `EfficientNetB0`: torchvision's `efficientnet_b0` (Tan & Le 2019, Table 1): MBConv blocks
  with squeeze-and-excitation and SiLU; 5,288,548 parameters. Stochastic depth is left out
  (it is the identity in eval mode and changes no shape or count).

Both are written as people write them, so an fx import meets the usual constructs: modules,
`torch.cat`, `+`, `*` broadcasting a (N, C, 1, 1) gate, `torch.flatten`, and slicing by
offsets computed from `.shape` (the U-Net's crop).
"""

from __future__ import annotations

import torch
from torch import nn


def center_crop(skip: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """The centre of `skip` with the height and width of `like`, as the paper crops."""
    top = (skip.shape[2] - like.shape[2]) // 2
    left = (skip.shape[3] - like.shape[3]) // 2
    return skip[:, :, top:top + like.shape[2], left:left + like.shape[3]]


class DoubleConv(nn.Module):
    """Two unpadded 3×3 convolutions, each followed by a ReLU."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3)
        self.relu2 = nn.ReLU()

    def forward(self, x):
        return self.relu2(self.conv2(self.relu1(self.conv1(x))))


class Up(nn.Module):
    """A 2×2 up-convolution halving the channels, the cropped skip concatenated, two convs."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.conv = DoubleConv(cin, cout)

    def forward(self, x, skip):
        x = self.up(x)
        return self.conv(torch.cat([center_crop(skip, x), x], dim=1))


class UNet(nn.Module):
    def __init__(self, in_channels: int = 1, classes: int = 2, width: int = 64):
        super().__init__()
        widths = [width * 2 ** i for i in range(5)]          # 64, 128, 256, 512, 1024
        self.down = nn.ModuleList([DoubleConv(in_channels, widths[0])] + [
            DoubleConv(a, b) for a, b in zip(widths, widths[1:])])
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList([Up(a, b) for a, b in zip(widths[:0:-1], widths[-2::-1])])
        self.head = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        for i, down in enumerate(self.down):
            x = down(x if i == 0 else self.pool(x))
            skips.append(x)
        for up, skip in zip(self.up, reversed(skips[:-1])):
            x = up(x, skip)
        return self.head(x)


class ConvBNAct(nn.Sequential):
    """Convolution without bias, batch normalisation, then SiLU unless `act` is False."""

    def __init__(self, cin: int, cout: int, kernel: int, stride: int = 1, groups: int = 1,
                 act: bool = True):
        super().__init__(nn.Conv2d(cin, cout, kernel, stride, (kernel - 1) // 2,
                                   groups=groups, bias=False),
                         nn.BatchNorm2d(cout), *([nn.SiLU()] if act else []))


class SqueezeExcitation(nn.Module):
    """torchvision's: global average, 1×1 conv to `squeeze`, SiLU, 1×1 conv back, sigmoid
    gate multiplied into the input."""

    def __init__(self, channels: int, squeeze: int):
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.act = nn.SiLU()
        self.fc2 = nn.Conv2d(squeeze, channels, 1)
        self.gate = nn.Sigmoid()

    def forward(self, x):
        return x * self.gate(self.fc2(self.act(self.fc1(self.avgpool(x)))))


class MBConv(nn.Module):
    """Inverted residual: 1×1 expansion (unless the ratio is 1), depthwise k×k, SE squeezing
    to a quarter of the block's input channels, 1×1 projection; a residual where the shape
    is kept."""

    def __init__(self, cin: int, cout: int, expand: int, kernel: int, stride: int):
        super().__init__()
        hidden = cin * expand
        self.expand = ConvBNAct(cin, hidden, 1) if expand != 1 else nn.Identity()
        self.depthwise = ConvBNAct(hidden, hidden, kernel, stride, groups=hidden)
        self.se = SqueezeExcitation(hidden, max(1, cin // 4))
        self.project = ConvBNAct(hidden, cout, 1, act=False)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.project(self.se(self.depthwise(self.expand(x))))
        return x + y if self.residual else y


# EfficientNet-B0's stages: expansion, kernel, first stride, output channels, repeats.
B0_STAGES = ((1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
             (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1))


class EfficientNetB0(nn.Module):
    def __init__(self, classes: int = 1000):
        super().__init__()
        self.stem = ConvBNAct(3, 32, 3, stride=2)
        blocks, cin = [], 32
        for expand, kernel, stride, cout, repeats in B0_STAGES:
            for i in range(repeats):
                blocks.append(MBConv(cin, cout, expand, kernel, stride if i == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head = ConvBNAct(cin, 1280, 1)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(0.2)
        self.classifier = nn.Linear(1280, classes)

    def forward(self, x):
        x = self.avgpool(self.head(self.blocks(self.stem(x))))
        return self.classifier(self.dropout(torch.flatten(x, 1)))
