"""Layers that pass elements on without computing: `identity` and `permute`.

Both come from imported models (nn.Identity, Keras Identity and Permute, ONNX Transpose,
torch's `permute`/`movedim`/`transpose`) and from the exporter's own channels-last
flatten, which moves torch's channels last before flattening.
"""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.messages import say
from ..core.params import Param, Sizes
from ..core.records import Layout, from_layout, in_layout
from .base import LayerKind, NoField, Shape
from .code import Code, torch_axis


class Identity(LayerKind):
    """nn.Identity, Keras Identity, ONNX Identity: a layer that returns its input, kept as
    a layer so that an imported model keeps its names and a spec can hold a placeholder."""

    name = "identity"
    doc = "passes its input on unchanged"

    def pytorch(self, layer, inputs, output, target) -> Code:
        return Code("{m}({x})", (("", "nn.Identity()"),))

    def keras(self, layer, inputs, output, target) -> Code:
        return Code('layers.Identity(name="{id}")({x})')


def stored_order(axes: tuple[int, ...], layout: Layout) -> tuple[int, ...]:
    """`axes` (the spec's: 1-based, batch excluded, in its layout) as a permutation of the
    stored channels-last axes: output axis s is input axis `stored_order(...)[s]`."""
    written = in_layout(tuple(range(len(axes))), layout)  # stored index of each written axis
    return from_layout(tuple(written[a - 1] for a in axes), layout)


class Permute(LayerKind):
    """Keras Permute / torch `permute` without the batch: `axes` lists the input's axes in
    their new order, numbered from 1 as the spec writes shapes (its layout). That is
    Keras's `dims` as written, and torch's `x.permute(0, ...)` with the leading 0 dropped;
    torch's `movedim(1, -1)` on a 2-D map is `axes: [2, 3, 1]` in a channels-first spec.

    What comes out is read in the spec's layout too: after `[2, 3, 1]` on a channels-first
    (C, H, W), the first axis, H, is the one a following conv takes for channels, as in
    torch."""

    name = "permute"
    doc = "reorders the axes (batch excluded)"
    output_rule = "the input's axes in the order `axes` lists them"
    params = (Param("axes", Sizes(), required=True,
                    doc="the axes in their new order, from 1, as the spec writes shapes"),)

    def validate(self, params):
        axes = params["axes"]
        if sorted(axes) != list(range(1, len(axes) + 1)):
            order = list(range(1, len(axes) + 1))
            raise LayerError(say("permute.order", axes=list(axes),
                                 order=", ".join(map(str, order))),
                             key="axes", fixes=(f"axes: {order[1:] + order[:1]}",))

    def output_shape(self, layer, shape, ctx) -> Shape:
        axes = layer.params["axes"]
        written = ctx.shown(shape)
        if len(axes) != len(shape):
            order = list(range(1, len(shape) + 1))
            raise LayerError(say("permute.count", axes=list(axes), count=len(axes),
                                 shape=list(written), rank=len(shape)), key="axes",
                             fixes=(say("fix.permute", order=order,
                                        example=order[1:] + order[:1]),))
        out = tuple(written[a - 1] for a in axes)
        ctx.explain(say("explain.permute", shape=list(written), axes=list(axes), out=list(out)))
        return from_layout(out, ctx.layout)

    def moves_axes(self, layer) -> bool:
        axes = layer.params["axes"]
        return axes != tuple(range(1, len(axes) + 1))

    def receptive_field(self, layer, inputs, fields, output):
        """Kept only when nothing moves: a field is told per spatial axis of the network
        input, and axes moved among themselves or into the channels are no longer those."""
        if fields[0] is None:
            return None
        if not self.moves_axes(layer):
            return fields[0]
        raise NoField(say("field.permute"))

    def pytorch(self, layer, inputs, output, target) -> Code:
        """One `permute` of torch's (N, C, *spatial) tensor: torch dim 1 holds the stored
        last axis, dims 2… the stored spatial ones."""
        order = stored_order(layer.params["axes"], target.layout)
        rank = len(order)
        dims = [torch_axis(order[-1], rank)] + [torch_axis(s, rank) for s in order[:-1]]
        return Code(f"{{x}}.permute(0, {', '.join(map(str, dims))})")

    def keras(self, layer, inputs, output, target) -> Code:
        """Keras tensors are stored as cnncalc stores them (channels last), whatever the
        spec's layout: its `dims` are the stored order, from 1."""
        dims = tuple(s + 1 for s in stored_order(layer.params["axes"], target.layout))
        return Code(f'layers.Permute({dims!r}, name="{{id}}")({{x}})')

