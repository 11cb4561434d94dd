"""PyTorch modules through torch.fx, on the meta device.

`package.module:factory` or `file.py:Class` is imported and called with no arguments
under `torch.device("meta")`: parameters get shapes but no memory. This runs the user's
own Python (their model file), unlike the Keras and ONNX readers, which read data only.
The module is traced symbolically (`torch.fx.symbolic_trace`) and run once on an empty
meta tensor of the `--input` shape, recording every node's result: tensors give each
layer's real output shape, plain numbers (`x.shape[2] // 2`) the bounds a slice uses.
Each node maps to a cnncalc kind (torch_ops.py); afterwards cnncalc's own shapes are
compared with torch's, layer by layer, so an import never disagrees with the model.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from typing import Any

from ...core.messages import say
from .network import Network, failure


def read(source: str, network: Network) -> None:
    if network.input is None:
        raise failure(source, say("import.torch-input"), (say("fix.torch-input"),))
    try:
        import torch
        from torch import fx
    except ImportError:
        raise failure(source, say("import.needs-torch"),
                      ("pip install 'cnncalc[torch]'",)) from None
    from .torch_walk import Walk

    factory = _resolve(source)
    try:
        with torch.device("meta"):
            model = factory() if not isinstance(factory, torch.nn.Module) else factory
    except Exception as exc:
        raise failure(source, say("import.factory-failed", factory=_name(factory),
                                  detail=f"{type(exc).__name__}: {exc}")) from None
    if not isinstance(model, torch.nn.Module):
        raise failure(source, say("import.not-module", factory=_name(factory),
                                  type=type(model).__name__))
    model = model.to("meta").eval()
    network.name = type(model).__name__
    network.origin = f"torch {torch.__version__.split('+')[0]}, torch.fx"
    try:
        graph = fx.symbolic_trace(model)
    except Exception as exc:
        raise _untraceable(source, model, exc) from None
    values = _Recorder(graph).record(torch.empty(1, *network.input, device="meta"), source)
    Walk(network, graph, values).run()


def _resolve(source: str):
    """The object `module:attr` or `file.py:attr` names. As `python -m` does, the current
    directory (for a module) or the file's own (for a file) is searched for its imports."""
    target, _, attr = source.rpartition(":")
    is_file = target.endswith(".py")
    if is_file and not os.path.isfile(target):
        raise failure(source, say("import.no-file", target=target))
    sys.path.insert(0, os.path.dirname(os.path.abspath(target)) if is_file else os.getcwd())
    try:
        if is_file:
            name = "_cnncalc_model_" + os.path.splitext(os.path.basename(target))[0]
            spec = importlib.util.spec_from_file_location(name, target)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(target)
    except SyntaxError as exc:
        raise failure(source, say("import.syntax", file=exc.filename, line=exc.lineno,
                                  detail=exc.msg)) from None
    except Exception as exc:
        raise failure(source, say("import.module-failed", target=target,
                                  detail=f"{type(exc).__name__}: {exc}")) from None
    finally:
        sys.path.pop(0)
    if not attr or not hasattr(module, attr):
        said = say("import.no-attribute", target=target, name=attr) if attr else \
            say("import.no-colon-name", target=target)
        raise failure(source, said, (say("fix.import-factory", target=target),))
    return getattr(module, attr)


def _name(obj: Any) -> str:
    return getattr(obj, "__name__", type(obj).__name__)


def _untraceable(source: str, model, exc: Exception):
    """What fx could not trace, at the user's line, and what to do about it."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f"{os.sep}torch{os.sep}" not in f.filename]
    where = say("import.trace-where", file=frames[-1].filename, line=frames[-1].lineno,
                text=(frames[-1].line or '').strip()) if frames else ""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "control flow" in text:
        what = say("import.trace-control-flow")
    elif "Proxy" in text or "__array" in text:
        what = say("import.trace-value")
    else:
        what = f"{type(exc).__name__}: {text}"
    return failure(source, say("import.untraceable", model=type(model).__name__, where=where,
                               what=what), (say("fix.untraceable"),))


class _Recorder:
    """Runs the traced graph once on a meta tensor, keeping every node's result."""

    def __init__(self, graph):
        from torch.fx import Interpreter

        values: dict = {}

        class Keep(Interpreter):
            def run_node(self, node):
                values[node] = result = super().run_node(node)
                return result

        self.interpreter = Keep(graph)
        self.values = values

    def record(self, example, source: str) -> dict:
        try:
            self.interpreter.run(example)
        except Exception as exc:
            detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            raise failure(source, say("import.model-fails", shape=tuple(example.shape),
                                      detail=detail), (say("fix.model-fails"),)) from None
        return self.values

