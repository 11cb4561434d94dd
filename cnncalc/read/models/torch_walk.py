"""One pass over a graph torch.fx traced: every node whose result is a tensor becomes a
layer (torch_ops.py's tables say which), an alias (Identity, `.contiguous()`) or an
unsupported op named as torch names it; nodes whose result is a plain number
(`x.shape[2] // 2`) are arithmetic on sizes and make no layer. Afterwards cnncalc's shape
of every layer is compared with torch's.
"""

from __future__ import annotations

from typing import Callable

import torch
from torch.fx.node import map_arg

from ...core.messages import say
from .network import Network, Unsupported, failure
from .torch_ops import FUNCTIONS, METHODS, MODULES


class Walk:
    """One pass over a traced graph, adding a layer per tensor-valued node."""

    def __init__(self, network: Network, graph, values: dict):
        self.network = network
        self.graph = graph
        self.values = values
        self.expected: dict[str, tuple[int, ...]] = {}  # layer → torch's shape, batch dropped
        self.calls: dict[str, int] = {}

    def run(self) -> None:
        started = False
        for node in self.graph.graph.nodes:
            value = self.values.get(node)
            if node.op == "placeholder":
                if not started:
                    self.network.bind(node.name, "input")
                    started = True
                elif isinstance(value, torch.Tensor):
                    self.network.skip(node.name, say("unsupported.second-input"), (node.name,))
            elif node.op == "output":
                outputs = [n for n in _nodes(node.args) if isinstance(self.values.get(n),
                                                                       torch.Tensor)]
                if len(outputs) != 1:
                    self.network.skip("outputs", say("unsupported.outputs"), ("(out)",))
            elif isinstance(value, torch.Tensor):
                label = node.target if node.op == "call_module" else node.name
                try:
                    self.read(node, label)
                except Unsupported as exc:
                    self.network.skip(label, exc.what, (node.name,))
        self.check()

    def read(self, node, label: str) -> None:
        if node.op == "call_module":
            module = self.graph.get_submodule(node.target)
            self.calls[node.target] = self.calls.get(node.target, 0) + 1
            if self.calls[node.target] > 1 and any(True for _ in module.parameters()):
                raise Unsupported(say("unsupported.called", op=type(module).__name__,
                                      count=self.calls[node.target]))
            read = _lookup(module)
            if read is None:
                raise Unsupported(type(module).__name__)
            read(self, node, label, module)
        elif node.op == "call_function":
            read = FUNCTIONS.get(node.target)
            if read is None:
                raise Unsupported(getattr(node.target, "__name__", str(node.target)))
            read(self, node, label, None)
        elif node.op == "call_method":
            read = METHODS.get(node.target)
            if read is None:
                raise Unsupported(f".{node.target}()")
            read(self, node, label, None)
        else:
            raise Unsupported(say("unsupported.attribute", target=node.target))

    # --- what the entries use --------------------------------------------------------

    def shape(self, node) -> tuple[int, ...]:
        return tuple(self.values[node].shape)

    def data(self, node):
        """The tensor a layer reads: the call's first argument."""
        return node.args[0]

    def arg(self, node, index: int, name: str, default=None):
        """An argument by position (counting the tensor) or keyword, as a plain value."""
        value = node.args[index] if len(node.args) > index else node.kwargs.get(name, default)
        return map_arg(value, lambda n: self.values[n])

    def add(self, node, label: str, kind: str, params: dict, inputs=None) -> None:
        inputs = inputs or [self.data(node)]
        self.network.add(label, kind, params, [getattr(i, "name", i) for i in inputs],
                         (node.name,))
        if self.network.layer(node.name):
            self.expected[self.network.layer(node.name)] = self.shape(node)[1:]

    def check(self) -> None:
        """cnncalc's shape of every layer must be torch's: an import never disagrees with
        the model it came from."""
        if self.network.unsupported:
            return
        self.network.choose_rounding()
        for row in self.network.report().rows:
            want = self.expected.get(row.name)
            if want is not None and row.output_shape is not None and \
                    tuple(row.output_shape) != want:
                raise failure(self.network.source, say("import.torch-differs", layer=row.name,
                                                       engine=tuple(row.output_shape),
                                                       torch=want))


def _nodes(value) -> list:
    found: list = []
    map_arg(value, found.append)
    return found


def _lookup(module) -> Callable | None:
    for cls in type(module).__mro__:
        if cls.__module__.startswith("torch.nn") and cls.__name__ in MODULES:
            return MODULES[cls.__name__]
    return None
