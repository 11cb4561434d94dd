"""Merges: the joins of a non-sequential network (residual add, gating multiply, concat).

A merge reads two or more layers, named in its `inputs:`, and learns nothing. Its shape
rules compare the inputs axis by axis; a mismatch names both shapes, the layer that made
each and the axis, because in a residual network the fix is on one of the two branches.
Axes are shown and numbered as the spec writes shapes (its `layout`), batch excluded.
"""

from __future__ import annotations

from ..core.errors import LayerError
from ..core.messages import axis_name, say
from ..core.params import Int, Param
from ..core.records import Layout
from .base import LayerKind, NoField, Shape
from .code import Code, Inexpressible, torch_axis
from .fields import hull
from .windows import axis_names

MAX_RANK = 4  # an input has at most 3 spatial axes and channels


def axis_label(axis: int, rank: int) -> str:
    """The name of a stored (channels-last) axis: `height`, `channels`, `features`."""
    if rank == 1:
        return "features"
    return "channels" if axis == rank - 1 else axis_names(rank - 1)[axis]


class Merge(LayerKind):
    """Two or more inputs with the same number of axes; subclasses say how they combine."""

    verb = "merge"

    def infer(self, layer, inputs, ctx) -> Shape:
        if len(inputs) < 2:
            raise LayerError(
                say("merge.inputs", verb=say(f"verb.{self.verb}"), count=len(inputs),
                    names=", ".join(layer.inputs)), key="inputs", code="merge-inputs",
                fixes=(say("fix.merge-inputs", first=layer.inputs[0]),))
        for j, shape in enumerate(inputs[1:], start=1):
            if len(shape) != len(inputs[0]):
                raise LayerError(
                    say("merge.rank", verb=say(f"verb.{self.verb}"),
                        first=_source(layer, inputs, ctx, 0), other=_source(layer, inputs, ctx, j),
                        rank=len(inputs[0]), other_rank=len(shape)),
                    key="inputs", code="merge-rank", fixes=(say("fix.merge-rank"),))
        return self.combine(layer, inputs, ctx)

    def combine(self, layer, inputs: tuple[Shape, ...], ctx) -> Shape:
        raise NotImplementedError

    def receptive_field(self, layer, inputs, fields, output):
        """The band that holds every branch's, axis by axis (`hull`). A branch broadcast
        from size 1 reaches the merge still (jump 0: the walk reads every size-1 axis so),
        and its band joins every output's."""
        if any(f is None for f in fields):
            return None
        for shape in inputs:
            for axis, (x, out) in enumerate(zip(shape[:-1], output[:-1])):
                if x not in (out, 1):
                    raise NoField(say("field.join", axis=axis_name(axis_label(axis, len(shape)))),
                                  key="axis")
        axes = tuple(hull(axis, out) for axis, out in zip(zip(*fields), output[:-1]))
        if None in axes:
            steps = ", ".join(say("merge.source", shape="×".join(str(f.jump) for f in field),
                                  name=name) for name, field in zip(layer.inputs, fields))
            raise NoField(say("field.jumps", steps=steps), severity="warning", code="jumps",
                          key="inputs", fixes=(say("fix.field-jumps"),))
        return axes

    def mismatch(self, layer, inputs, ctx, i: int, j: int, axis: int, rule: str,
                 fixes: tuple[str, ...]) -> LayerError:
        label = axis_label(axis, len(inputs[i]))
        return LayerError(
            say("merge.shape", verb=say(f"verb.{self.verb}"), first=_source(layer, inputs, ctx, i),
                other=_source(layer, inputs, ctx, j), axis=axis_name(label),
                size=inputs[i][axis], other_size=inputs[j][axis], rule=rule),
            key="inputs", axis=label, code="merge-shape", fixes=fixes)


def _source(layer, inputs, ctx, i: int) -> str:
    return say("merge.source", shape=f"({', '.join(map(str, ctx.shown(inputs[i])))})",
               name=layer.inputs[i])


class Elementwise(Merge):
    """Keras Add/Multiply, torch `a + b`/`a * b`: equal shapes, or numpy broadcasting of
    size-1 axes (a (1, 1, C) gate scales every position of an (H, W, C) map)."""

    output_rule = "the inputs' common shape (size-1 axes broadcast)"

    symbol = "+"

    def combine(self, layer, inputs, ctx) -> Shape:
        out = inputs[0]
        for j, shape in enumerate(inputs[1:], start=1):
            for axis, (a, b) in enumerate(zip(out, shape)):
                if a != b and 1 not in (a, b):
                    i = next(i for i in range(j) if inputs[i][axis] == a)
                    raise self.mismatch(layer, inputs, ctx, i, j, axis,
                                        say("merge.broadcast"),
                                        _fixes(layer, inputs, ctx, i, j))
            out = tuple(map(max, out, shape))
        terms = f" {self.symbol} ".join(f"{name} {ctx.shown(shape)}"
                                        for name, shape in zip(layer.inputs, inputs))
        ctx.explain(f"{terms} = {ctx.shown(out)}")
        return out


    def pytorch(self, layer, inputs, output, target) -> Code:
        return Code(f" {self.operator} ".join(f"{{x{i}}}" for i in range(len(inputs))))

    def keras(self, layer, inputs, output, target) -> Code:
        return Code(f'layers.{self.keras_layer}(name="{{id}}")([{{inputs}}])')


def _fixes(layer, inputs, ctx, i: int, j: int) -> tuple[str, ...]:
    """A projection that makes one branch the other's shape, the usual residual remedy:
    on the later-named branch (the shortcut, by habit) if it can shrink to the other."""
    for source, target in ((j, i), (i, j)):
        have, want = inputs[source], inputs[target]
        if all(x % y == 0 for x, y in zip(have[:-1], want[:-1])):
            if len(have) == 1:
                return (say("fix.merge-dense", units=want[0], name=layer.inputs[source]),)
            strides = [x // y for x, y in zip(have[:-1], want[:-1])]
            stride = strides[0] if len(set(strides)) == 1 else strides
            settings = f"filters: {want[-1]}" + (f", stride: {stride}" if stride != 1 else "")
            return (say("fix.merge-projection", settings=settings, name=layer.inputs[source]),)
    return (say("fix.merge-same", first=layer.inputs[i], other=layer.inputs[j],
                shape=ctx.shown(inputs[i]), other_shape=ctx.shown(inputs[j])),)


class Add(Elementwise):
    name = "add"
    verb = "add"
    operator, keras_layer = "+", "Add"
    doc = "element-wise sum of its inputs (a residual join)"


class Multiply(Elementwise):
    name = "multiply"
    verb = "multiply"
    operator, keras_layer = "*", "Multiply"
    symbol = "×"
    doc = "element-wise product of its inputs (a gate, as in squeeze-and-excitation)"


class Subtract(Elementwise):
    """Keras Subtract, torch `a - b`: the first input minus the others."""

    name = "subtract"
    verb = "subtract"
    symbol = "−"
    operator, keras_layer = "-", "Subtract"

    def keras(self, layer, inputs, output, target) -> Code:
        """Keras's Subtract takes exactly two inputs."""
        if len(inputs) != 2:
            raise Inexpressible(say("export.subtract", count=len(inputs)))
        return super().keras(layer, inputs, output, target)
    doc = "element-wise difference: the first input minus the others"


class Concat(Merge):
    """Keras Concatenate / torch.cat: one axis grows, every other axis must match."""

    name = "concat"
    verb = "concatenate"
    doc = "joins its inputs along channels, or along `axis`"
    output_rule = "the inputs joined along channels (or `axis`)"
    params = (Param("axis", Int(minimum=-MAX_RANK), None,
                    doc="axis as the spec writes shapes, batch excluded; negative counts "
                        "from the end; default: channels"),)

    def combine(self, layer, inputs, ctx) -> Shape:
        rank = len(inputs[0])
        axis = self._axis(layer.params["axis"], rank, ctx.layout)
        for j, shape in enumerate(inputs[1:], start=1):
            for other, (a, b) in enumerate(zip(inputs[0], shape)):
                if other != axis and a != b:
                    raise self.mismatch(
                        layer, inputs, ctx, 0, j, other,
                        say("concat.only", axis=axis_name(axis_label(axis, rank))),
                        (say("fix.concat-same", first=layer.inputs[0], other=layer.inputs[j],
                             axis=axis_name(axis_label(other, rank))),))
        total = sum(shape[axis] for shape in inputs)
        ctx.explain(say("explain.axis", axis=axis_name(axis_label(axis, rank)),
                        formula=" + ".join(str(s[axis]) for s in inputs), value=total))
        return inputs[0][:axis] + (total,) + inputs[0][axis + 1:]

    @staticmethod
    def _axis(axis: int | None, rank: int, layout: Layout) -> int:
        """The stored (channels-last) index of an axis numbered in the spec's layout."""
        if axis is None:
            return rank - 1
        if not -rank <= axis < rank:
            raise LayerError(say("concat.axis", axis=axis, rank=rank, last=rank - 1), key="axis",
                             fixes=(say("fix.concat-axis"),))
        axis %= rank
        if layout == Layout.CHANNELS_FIRST and rank > 1:
            return rank - 1 if axis == 0 else axis - 1
        return axis

    def pytorch(self, layer, inputs, output, target) -> Code:
        rank = len(inputs[0])
        dim = torch_axis(self._axis(layer.params["axis"], rank, target.layout), rank)
        return Code(f"torch.cat([{{inputs}}], dim={dim})")

    def keras(self, layer, inputs, output, target) -> Code:
        axis = self._axis(layer.params["axis"], len(inputs[0]), target.layout) + 1
        return Code(f'layers.Concatenate(axis={axis}, name="{{id}}")([{{inputs}}])')
