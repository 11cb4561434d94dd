"""The layer registry and what every layer kind provides.

A kind is one class: it declares its parameters, turns an input shape into an output
shape, and counts its learnable parameters. The registry maps the spec's kind names to
one instance of each, and is the only place the rest of cnncalc learns what kinds exist.
"""

from typing import Any, Callable, ClassVar, Mapping

from ..core.errors import Diagnostic, LayerError
from ..core.messages import say
from ..core.params import Param
from ..core.record import Record
from ..core.records import (FRAMEWORK, LAYOUT, ROUNDING, Framework, Layer, Layout, Rounding,
                            in_layout)
from ..core.text import thousands
from .code import Code, Target
from .fields import Field
from .registry import REGISTRY

Shape = tuple[int, ...]  # channels-last: spatial axes, then channels; a vector is (n,)
Fields = tuple[Field, ...]  # one receptive field per spatial axis of the network input


class Counts(Record):
    """Learnable (and stored) numbers of one layer, with the arithmetic behind them."""

    weights: int = 0
    bias: int = 0
    non_trainable: int = 0
    formula: str = ""

    @property
    def total(self) -> int:
        return self.weights + self.bias + self.non_trainable

    def params(self, framework: Framework) -> int:
        """The parameter count as `framework` shows it: Keras counts every stored number
        (trainable or not); PyTorch's `parameters()` leaves out the non-trainable ones,
        which it keeps as buffers."""
        return self.total if framework == Framework.KERAS else self.total - self.non_trainable


def _first(fields: tuple) -> "Fields | None":
    """The default rule of a layer that keeps its input's positions: its input's field."""
    return fields[0]


class LayerContext:
    """What a kind's rules may consult (the walk's choices) while computing one layer, and
    the collector of what they report: diagnostics and the `--explain` lines."""

    __slots__ = ("layer", "rounding", "layout", "diagnostics", "explanation", "framework",
                 "details")

    def __init__(self, layer: Layer, rounding: Rounding = ROUNDING, layout: Layout = LAYOUT,
                 *, framework: Framework = FRAMEWORK, details: bool = True):
        self.layer = layer
        self.rounding = rounding
        self.layout = layout  # how shapes are shown in messages
        self.diagnostics: list[Diagnostic] = []
        self.explanation: list[str] = []
        self.framework = framework  # whose rules decide where Keras and PyTorch differ
        # False when only the output and the errors matter (cnncalc sizes steps a layer for
        # thousands of sizes): warnings and notes are dropped, and the sliding-window rules
        # skip their explanation and fixes, the costly text.
        self.details = details

    def moved_to(self, layer: Layer) -> "LayerContext":
        """This context, for the next layer of a walk: one context goes along the layers
        (a new one for each cost as much as a memo hit's other work), its lists replaced
        only when the layer before used them (the walk has taken what they held)."""
        self.layer = layer
        if self.diagnostics:
            self.diagnostics = []
        if self.explanation:
            self.explanation = []
        return self

    def report(self, message: str, *, severity: str = "error", key: str | None = None,
               axis: str | None = None, fixes: tuple[str, ...] = (),
               code: str = "invalid") -> None:
        if severity != "error" and not self.details:
            return
        self.diagnostics.append(Diagnostic(
            message, severity=severity, code=code, axis=axis,
            key=key, layer=self.layer.name, index=self.layer.index, fixes=fixes))

    def explain(self, text: str) -> None:
        self.explanation.append(text)

    def shown(self, shape: Shape) -> Shape:
        return in_layout(shape, self.layout)

    def differs(self, text: str, key: str | None = None) -> None:
        """Record that Keras and PyTorch give this layer different results or validity.

        The text names both frameworks' behaviour, so that it reads the same whichever
        one the walk follows (`--portability` merges the notes of both walks)."""
        self.report(text, severity="note", key=key, code="portability")


def refuse_under(ctx: LayerContext, framework: Framework, difference: str, refusal: str, *,
                 key: str, axis: str | None = None, fixes: tuple[str, ...] = ()) -> None:
    """The one framework rule: Keras and PyTorch differ here (a note, whichever the walk
    follows), and `framework` refuses the layer (an error when the walk follows it)."""
    ctx.differs(difference, key=key)
    if ctx.framework == framework:
        raise LayerError(refusal, key=key, axis=axis, code="framework", fixes=fixes)


class LayerKind:
    """Base of every kind. Subclasses set `name`, `params`, `doc` and the rules.

    A class that sets `name` is a kind: defining it registers one instance under that
    name, which registry.py lists under the class's module (its place there is the order
    of `cnncalc kinds`, the README and the schema). A class without one (`WindowKind`,
    `Pool`) is a family of kinds."""

    name: ClassVar[str]
    params: ClassVar[tuple[Param, ...]] = ()
    doc: ClassVar[str] = ""
    # The rules in words, for `cnncalc kinds KIND` and the README's table (a test keeps
    # them in step): the output size per spatial axis, and the learnable parameters.
    output_rule: ClassVar[str] = "unchanged"
    count_rule: ClassVar[str] = "0"
    spatial: ClassVar[bool] = False  # needs spatial axes (conv, pooling)
    # Whether the layer's validity on one spatial axis may depend on another's size (a
    # reshape to fixed sizes): `cnncalc sizes` then reports the axes as coupled.
    couples_axes: ClassVar[bool] = False

    def __init_subclass__(cls, register: bool = True, **kwargs):
        """`register=False` keeps a class out of the registry (a test's own kind, put in
        for the length of the test)."""
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__ and register:
            REGISTRY.register(cls())

    def validate(self, params: Mapping[str, Any]) -> None:
        """Checks between parameters, at read time; raise LayerError(key=...)."""

    def under(self, layer: Layer, ctx: LayerContext) -> Layer:
        """The layer with what the walk's framework (`ctx.framework`) decides filled in
        where the spec left it to the framework (PReLU's `slopes`), after noting the
        difference; the walk reads every layer through this."""
        return layer

    def infer(self, layer: Layer, inputs: tuple[Shape, ...], ctx: LayerContext) -> Shape:
        """Output shape from the shapes of the layer's inputs (one, for a chain)."""
        if len(inputs) != 1:
            raise LayerError(say("one-input", count=len(inputs)), key="inputs")
        shape = inputs[0]
        if self.spatial and len(shape) < 2:
            raise LayerError(say("after-flatten", shape=list(shape)), code="after-flatten",
                             fixes=(say("fix.after-flatten"),))
        return self.output_shape(layer, shape, ctx)

    def output_shape(self, layer: Layer, shape: Shape, ctx: LayerContext) -> Shape:
        return shape

    def moves_axes(self, layer: Layer) -> bool:
        """Whether the layer puts its input's axes in another order (a permute): after it,
        an output axis is no longer the input axis of the same number, so `cnncalc sizes`
        can no longer tell which input axis a later error is about."""
        return False

    def unwritable(self, params: Mapping[str, Any], framework: Framework) -> str | None:
        """Why `framework` has no way to write a layer with these parameters (None when it
        has one). cnncalc computes such a layer all the same, by the other framework's
        rule; design queries and fixes use this to offer only what the user can write."""
        return None

    def along_axis(self, layer: Layer, shape: Shape, axis: int,
                   ctx: LayerContext) -> Callable[[int], int] | None:
        """For `cnncalc sizes`, which steps a layer for thousands of input sizes: when the
        output's size on spatial `axis` depends on the input's size there alone (every other
        axis, the channels and every error about them as for `shape`), the function from
        that input size to that output size, reporting to `ctx` and raising as `infer`
        does. None when the kind has no such rule: the whole layer is then stepped."""
        return None

    def counts(self, layer: Layer, inputs: tuple[Shape, ...],
               output: Shape | None) -> Counts:
        """The layer's weights. `output` is None when only the output's size failed (a
        kernel larger than its input): the weights exist all the same, so count them from
        the inputs and the parameters."""
        return Counts()

    def macs(self, layer: Layer, inputs: tuple[Shape, ...], output: Shape) -> int:
        """Multiply-accumulates against weights for one sample. Only the conv and dense
        families have any: pooling, normalisation and activations are counted as 0, as
        torch's FlopCounterMode does."""
        return 0

    def flops(self, layer: Layer, inputs: tuple[Shape, ...], output: Shape,
              macs: int | None = None) -> int:
        """2 per MAC (a multiply and an add) plus one add per output element for a bias;
        `macs` are the layer's, when the caller has counted them already."""
        if macs is None:
            macs = self.macs(layer, inputs, output)
        return 2 * macs + (elements(output) if layer.params.get("bias") else 0)

    def pytorch(self, layer: Layer, inputs: tuple[Shape, ...], output: Shape,
                target: Target) -> Code:
        """The layer as PyTorch code (`layers/code.py`); raise Inexpressible, saying why,
        where PyTorch cannot express it. Every kind defines it (a test says which owe it)."""
        raise NotImplementedError(f"{self.name} has no PyTorch code")

    def keras(self, layer: Layer, inputs: tuple[Shape, ...], output: Shape,
              target: Target) -> Code:
        """The layer as a Keras 3 layer; as `pytorch`."""
        raise NotImplementedError(f"{self.name} has no Keras code")

    def field_rule(self, layer: Layer, inputs: tuple[Shape, ...],
                   output: Shape) -> Callable[[tuple[Fields | None, ...]], Fields | None]:
        """`receptive_field` with all but the inputs' fields given: what the walk keeps
        with a layer's numbers and applies to every layer of the same kind, parameters and
        input shapes (a chain, each instance of a block). A kind whose rule has work that
        depends on those alone (a sliding window's windows) does it here, once. So does the
        default rule below: whether the layer keeps its input's positions (element-wise
        and channel-only kinds, half the layers of most networks) is decided here."""
        if type(self).receptive_field is LayerKind.receptive_field and \
                len(inputs[0]) == len(output) and inputs[0][:-1] == output[:-1]:
            return _first
        return lambda fields: self.receptive_field(layer, inputs, fields, output)

    def receptive_field(self, layer: Layer, inputs: tuple[Shape, ...],
                        fields: tuple[Fields | None, ...], output: Shape) -> Fields | None:
        """The fields of the output, from those of the inputs: None where an input's is
        unknown (the layer that lost it has said why), NoField raised where the output
        has positions but no field can be given.

        By default a layer that keeps its input's spatial sizes keeps its field
        (element-wise and channel-only layers); a kind that moves positions must say how,
        and one that says nothing reports no field rather than a wrong one."""
        if fields[0] is None:
            return None
        if len(inputs[0]) == len(output) and inputs[0][:-1] == output[:-1]:
            return fields[0]
        if len(output) < 2:
            return None  # flattened: the positions are gone (docs/layers.md says so)
        raise NoField(say("field.unknown", kind=self.name))


class NoField(LayerError):
    """Raised by a kind's `receptive_field` when its output has positions but no field
    can be given; the engine reports why (a note, unless `severity` says more) and shows
    none for this layer and those after it."""

    def __init__(self, message: str, *, severity: str = "note", code: str = "no-field",
                 **where):
        super().__init__(message, code=code, **where)
        self.severity = severity


def explicitly_padded(params: Mapping[str, Any]) -> bool:
    """Whether `padding` is a number of zeros above 0 on some axis (not `valid`, `same`)."""
    padding = params.get("padding", 0)
    if isinstance(padding, str):
        return False
    return any(p for p in (padding if isinstance(padding, tuple) else (padding,)))


def elements(shape: Shape) -> int:
    total = 1
    for n in shape:
        total *= n
    return total


def bias_counts(weights: tuple[int, ...], bias: int, with_bias: bool) -> Counts:
    """Counts of a weight tensor (the product of `weights`) plus an optional bias, with the
    product written out as the tutorials do: `20·3·3·40 = 7,200 (+40 bias)`."""
    total = elements(weights)
    formula = say("product.times").join(str(f) for f in weights) + f" = {thousands(total)}"
    if with_bias:
        formula += say("explain.bias", bias=thousands(bias))
    return Counts(weights=total, bias=bias if with_bias else 0, formula=formula)
