"""A spec as one PyTorch file: an nn.Module whose `__init__` builds a module per layer with
weights, named after the layer, and whose `forward` is one statement per layer, in the
spec's order and wiring (SPEC §8: `INPUT_SHAPE`, `build()`, nothing run on import).

Tensors are channels first, as PyTorch expects; where a channels-last spec's meaning
depends on the order (flatten, reshape, concat's axis) the layer's code says so.
"""

from __future__ import annotations

from ..core.records import Layout, Spec, in_layout
from ..core.report import Report
from .plan import INPUT, Step, Tree, class_name, commented, lines, steps, wrapped


def _shape(step: Step) -> str:
    """The output as torch holds it, batch first: `(N, 16, 32, 32)`."""
    return "(N, " + ", ".join(map(str, in_layout(step.shape, Layout.CHANNELS_FIRST))) + ")"


def module_names(plan: list[Step]) -> dict[str, dict[str, str]]:
    """Each layer's modules' attribute names by suffix: the layer's name, and for a second
    module the name and suffix (`sep_depthwise`), made distinct from every layer's name
    (a spec may name a layer `sep_depthwise`: one attribute would hide the other)."""
    taken, names = {step.name for step in plan}, {}
    for step in plan:
        names[step.name] = {"": step.name}
        for suffix, _ in step.code.modules:
            if suffix:
                name, n = step.name + suffix, 2
                while name in taken:
                    name, n = f"{step.name}{suffix}_{n}", n + 1
                taken.add(name)
                names[step.name][suffix] = name
    return names


def _modules(plan: list[Step], names: dict[str, dict[str, str]]) -> Tree:
    body: Tree = ["super().__init__()"]
    for step in plan:
        for suffix, constructor in step.code.modules:
            body += wrapped(f"self.{names[step.name][suffix]} = {constructor}", 2)
    return body


def _forward(plan: list[Step], names: dict[str, dict[str, str]]) -> Tree:
    body: Tree = []
    for step in plan:
        if step.code.comment:
            body.append(f"# {step.code.comment}")
        others = {suffix: f"self.{name}" for suffix, name in names[step.name].items()}
        body += commented(f"{step.name} = {step.expression(f'self.{step.name}', others)}",
                          _shape(step), 2)
    body.append(f"return {plan[-1].name}")
    return body


def _imports(plan: list[Step]) -> list[str]:
    """torch.nn always; torch and torch.nn.functional where an expression calls them."""
    used = " ".join(step.code.expression for step in plan)
    return [*(["import torch"] if "torch." in used else []), "from torch import nn",
            *(["from torch.nn import functional as F"] if "F." in used else [])]


def source(spec: Spec, report: Report) -> str:
    """The file's text; ExportRefused when a layer cannot be written in PyTorch."""
    plan = steps(spec, report, "pytorch")
    names = module_names(plan)
    name = class_name(spec)
    shape = in_layout(spec.input_shape, Layout.CHANNELS_FIRST)
    params = sum(row.trainable for row in report.rows)
    tree: Tree = [
        f'"""{spec.name or name}: written by `cnncalc export --to pytorch`'
        + ".",
        "",
        *([f"From {spec.source}."] if spec.source and not spec.source.startswith("<") else []),
        f"Input {shape} (channels first, batch left out); {params:,} parameters.",
        '"""',
        "",
        *_imports(plan),
        "",
        f"INPUT_SHAPE = {shape}",
        "",
        "",
        (f"class {name}(nn.Module):", [
            ("def __init__(self):", _modules(plan, names)),
            "",
            (f"def forward(self, {INPUT}):", _forward(plan, names)),
        ]),
        "",
        "",
        ("def build() -> nn.Module:", [f"return {name}()"]),
        "",
        "",
        ('if __name__ == "__main__":', [
            "model = build()",
            'print(f"{sum(p.numel() for p in model.parameters()):,} parameters")',
        ]),
    ]
    return "\n".join(lines(tree))
