"""Layers that only rearrange elements."""

from __future__ import annotations

from .base import LayerKind, Shape, register


class Flatten(LayerKind):
    name = "flatten"
    doc = "all axes into one vector"

    def output_shape(self, layer, shape, ctx) -> Shape:
        size = 1
        for n in shape:
            size *= n
        ctx.explain("·".join(map(str, shape)) + f" = {size:,}")
        return (size,)


register(Flatten())
