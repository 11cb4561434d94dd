"""A spec as one Keras 3 file: a functional model, one statement per layer, each layer
named after the spec's, channels last (SPEC §8: `build()`, nothing run on import); run,
it prints the parameter count as Keras counts them (batch norm's statistics included).

Keras needs a backend: the file leaves the choice to the user (KERAS_BACKEND); it runs on
any of them (the tests use torch).
"""

from __future__ import annotations

import re

from ..core.records import Spec
from ..core.report import Report
from .plan import INPUT, Step, Tree, class_name, commented, identifier, lines, steps


def _shape(step: Step) -> str:
    return "(None, " + ", ".join(map(str, step.shape)) + ")"


def _helpers_renamed(expression: str, own: str, taken: set[str]) -> str:
    """The expression with each helper layer's name (`conv1_pad`, `conv1_relu`) made
    distinct from every layer's and every earlier helper's (a spec may name a layer
    `conv1_pad`: Keras refuses a model with two layers of one name); `taken` grows."""
    for name in re.findall(r'name="(\w+)"', expression):
        if name == own:
            continue
        fresh, n = name, 2
        while fresh in taken:
            fresh, n = f"{name}_{n}", n + 1
        taken.add(fresh)
        expression = expression.replace(f'name="{name}"', f'name="{fresh}"', 1)
    return expression


def source(spec: Spec, report: Report) -> str:
    """The file's text; ExportRefused when a layer cannot be written in Keras."""
    plan = steps(spec, report, "keras")
    name = identifier(spec.name or class_name(spec))
    params = sum(row.trainable + row.non_trainable for row in report.rows)
    body: Tree = [f'{INPUT} = keras.Input(shape={tuple(spec.input_shape)}, name="input")']
    taken = {step.name for step in plan}
    for step in plan:
        if step.code.comment:
            body.append(f"# {step.code.comment}")
        expression = _helpers_renamed(step.expression(step.name), step.name, taken)
        body += commented(f"{step.name} = {expression}", _shape(step), 1)
    body.append(f'return keras.Model({INPUT}, {plan[-1].name}, name="{name}")')
    tree: Tree = [
        f'"""{spec.name or name}: written by `cnncalc export --to keras`'
        + ".",
        "",
        *([f"From {spec.source}."] if spec.source and not spec.source.startswith("<") else []),
        f"Input {tuple(spec.input_shape)} (channels last, batch left out); {params:,} "
        f"parameters as Keras counts them.",
        '"""',
        "",
        "import keras",
        "from keras import layers",
        "",
        "",
        ("def build() -> keras.Model:", body),
        "",
        "",
        ('if __name__ == "__main__":', [
            "model = build()",
            'print(f"{model.count_params():,} parameters")',
        ]),
    ]
    return "\n".join(lines(tree))
