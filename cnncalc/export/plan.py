"""What both exporters share: one identifier per layer, each layer's code from its kind,
and a file as a small tree of lines.

A layer's identifier names its output variable, its module (PyTorch) and its layer
(Keras), so the generated code reads like the spec: `stage1_basic1_conv1` for the layer
`stage1/basic1/conv1`. Blocks are flattened into these scoped names.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Union

from ..core.errors import CnnCalcError
from ..core.messages import say
from ..core.records import NETWORK_INPUT, Layer, Rounding, Spec, from_layout
from ..core.report import Report
from ..layers import REGISTRY, Shape
from ..layers.activation import ACTIVATION_DEFAULTS
from ..layers.code import Code, Inexpressible, Target

INPUT = "x"  # the network input's variable in both files
# Names a layer's identifier may not take: Python's keywords, the names each file uses,
# and nn.Module's own attributes (a module named `eval` or `to` would hide them).
RESERVED = frozenset((*keyword.kwlist, INPUT, "self", "torch", "nn", "F", "keras", "layers",
                      "build", "model", "INPUT_SHAPE", "training", "add_module", "apply",
                      "bfloat16", "buffers", "children", "compile", "cpu", "cuda", "double",
                      "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer",
                      "get_extra_state", "get_parameter", "get_submodule", "half", "ipu",
                      "load_state_dict", "modules", "mtia", "named_buffers", "named_children",
                      "named_modules", "named_parameters", "parameters", "register_buffer",
                      "register_module", "register_parameter", "requires_grad_", "share_memory",
                      "state_dict", "to", "to_empty", "train", "type", "xpu", "zero_grad"))


class ExportRefused(CnnCalcError):
    """A layer the target framework cannot express: the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Step:
    """One layer ready to be written: its identifier, its inputs' identifiers, its output
    shape (channels last) and its kind's code."""

    layer: Layer
    name: str
    inputs: tuple[str, ...]
    shape: Shape
    code: Code

    def expression(self, module: str, others: dict[str, str] | None = None) -> str:
        """The code's expression with its inputs and modules filled in; `module` names the
        layer's own module (`self.conv1`) or layer id (`conv1`), `others` its other
        modules by suffix where they are not `module` + suffix."""
        fields = {"x": self.inputs[0], "inputs": ", ".join(self.inputs), "id": self.name,
                  "m": module}
        fields.update((f"x{i}", name) for i, name in enumerate(self.inputs))
        fields.update((f"m{suffix}", (others or {}).get(suffix, module + suffix))
                      for suffix, _ in self.code.modules)
        return self.code.expression.format(**fields)


def identifier(name: str) -> str:
    """A layer name as a Python identifier: path separators and other symbols as `_`."""
    text = re.sub(r"\W", "_", name)
    return text if text.isidentifier() and not text[0].isdigit() else f"layer_{text}"


def identifiers(spec: Spec) -> dict[str, str]:
    """Layer name → a distinct identifier, never a reserved one."""
    names, taken = {NETWORK_INPUT: INPUT}, set(RESERVED)
    for layer in spec.layers:
        base = identifier(layer.name)
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        names[layer.name] = name
    return names


def steps(spec: Spec, report: Report, target_name: str) -> list[Step]:
    """Every layer's code in `target_name` ("pytorch" or "keras"), the `activation:` key
    of a conv or dense applied after it."""
    names = identifiers(spec)
    target = Target(report.framework, spec.layout, report.rounding == Rounding.CEIL)
    shapes = {NETWORK_INPUT: spec.input_shape}
    result = []
    for layer, row in zip(spec.layers, report.rows):
        shapes[layer.name] = from_layout(row.output_shape, spec.layout)
        kind = REGISTRY[layer.kind]
        inputs = tuple(shapes[name] for name in layer.inputs)
        try:
            code = getattr(kind, target_name)(layer, inputs, shapes[layer.name], target)
        except Inexpressible as exc:
            raise ExportRefused(say("export.layer", layer=layer.name, kind=layer.kind,
                                    text=exc)) from None
        code = _activated(layer, code, target_name)
        result.append(Step(layer, names[layer.name], tuple(names[n] for n in layer.inputs),
                           shapes[layer.name], code))
    return result


def _activated(layer: Layer, code: Code, target_name: str) -> Code:
    """The code with its `activation:` key applied, as the activation kind writes it."""
    name = layer.params.get("activation")
    if name in (None, "linear"):
        return code
    kind, params = REGISTRY[name], ACTIVATION_DEFAULTS[name]
    own = 'name="{id}")'  # the Keras layer that is the layer itself
    if target_name == "pytorch":
        expression = kind.torch_call(code.expression, params)
    elif not params and own in code.expression:  # Keras's own `activation=` argument
        expression = code.expression.replace(own, f'activation="{name}", {own}', 1)
    else:
        expression = f"{kind.keras_call(params, '{id}_' + name)}({code.expression})"
        return Code(expression, code.modules,
                    "; ".join(filter(None, (code.comment, kind.keras_comment))))
    return Code(expression, code.modules, code.comment)


Tree = list[Union[str, tuple[str, "Tree"]]]  # a line, or a header line and its body


def lines(tree: Tree, depth: int = 0) -> list[str]:
    """The tree's lines, each body indented four spaces under its header."""
    out = []
    for item in tree:
        if isinstance(item, tuple):
            out.append("    " * depth + item[0])
            out += lines(item[1], depth + 1)
        else:
            out.append("    " * depth + item if item else "")
    return out


WIDTH = 99  # the longest line written, as the project's own code


def commented(statement: str, comment: str, depth: int) -> Tree:
    """A statement with its comment after it, or on the line above when that would make
    the line too long; a statement still too long is wrapped."""
    if not comment:
        return wrapped(statement, depth)
    if 4 * depth + len(statement) + len(comment) + 4 <= WIDTH:
        return [f"{statement}  # {comment}"]
    return [f"# {comment}", *wrapped(statement, depth)]


def wrapped(statement: str, depth: int, inside: bool = False) -> Tree:
    """A statement longer than WIDTH split as black splits it: inside the brackets that
    end it when the line up to them fits (`y = f(a)(\n    x\n)`), else after the first
    opening bracket; the contents indented on their own line, or one item a line, each
    with its comma, where they do not fit (`inside`: the text is a bracket's contents);
    the closing bracket and what follows it on the next line."""
    if 4 * depth + len(statement) <= WIDTH:
        return [statement]
    pairs = _brackets(statement)
    items = _items(statement, pairs)
    if inside and len(items) > 1:
        return [line for item in items for line in wrapped(item + ",", depth, True)]
    assigned = statement.find(" = ") + 3 if " = " in statement else 0
    value = statement[assigned:]
    chain = _chain(value)
    if assigned and not inside and len(chain) > 2:  # black's parentheses for a call chain
        if 4 * (depth + 1) + len(value) <= WIDTH:
            return [(statement[:assigned] + "(", [value]), ")"]
        return [(statement[:assigned] + "(",
                 [line for part in chain for line in wrapped(part, depth + 1)]), ")"]
    last = next((start for start, end in pairs.items() if end == len(statement) - 1), -1)
    if last > assigned and last + 1 < len(statement) - 1 and 4 * depth + last + 1 <= WIDTH:
        return [(statement[:last + 1], wrapped(statement[last + 1:-1], depth + 1, True)),
                statement[-1]]
    start = statement.find("(", assigned)
    end = pairs.get(start, -1)
    if end < 0:  # `a + b`: parenthesised, as formatters do
        if not assigned:
            return [statement]
        return [(statement[:assigned] + "(", wrapped(statement[assigned:], depth + 1)), ")"]
    if end == start + 1:
        return [statement]
    return [(statement[:start + 1], wrapped(statement[start + 1:end], depth + 1, True)),
            *wrapped(statement[end:], depth)]


def _chain(text: str) -> list[str]:
    """The text cut before each method called on a call's result outside brackets
    (`f(x)`, `.a()`, `.b()`): black puts a value with more than one such call in
    parentheses of its own, one part a line where it does not fit on one."""
    pairs, parts, start, i = _brackets(text), [], 0, 0
    while i < len(text):
        if text[i] in "([":
            i = pairs.get(i, len(text))
            if text[i + 1:i + 2] == ".":
                parts.append(text[start:i + 1])
                start = i + 1
        elif text[i] == '"':
            i = text.index('"', i + 1)
        i += 1
    return [*parts, text[start:]] if text[start:] else parts


def _items(text: str, pairs: dict[int, int]) -> list[str]:
    """The text split at its commas outside brackets and quotes."""
    items, start, i = [], 0, 0
    while i < len(text):
        if text[i] in "([":
            i = pairs.get(i, len(text))
        elif text[i] == '"':
            i = text.index('"', i + 1)
        elif text[i] == ",":
            items.append(text[start:i].strip())
            start = i + 1
        i += 1
    items.append(text[start:].strip())
    return [item for item in items if item]


def _brackets(text: str) -> dict[int, int]:
    """Each opening bracket's index → the index of the bracket closing it (quoted text
    skipped)."""
    pairs, open_, quoted = {}, [], False
    for i, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "([":
            open_.append(i)
        elif not quoted and c in ")]" and open_:
            pairs[open_.pop()] = i
    return pairs


def class_name(spec: Spec) -> str:
    """The spec's name in CamelCase (`resnet-block-demo` → ResnetBlockDemo), else Net."""
    words = [w for w in re.split(r"\W|_", spec.name or "") if w]
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name.isidentifier() else "Net"
