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

from .network import Network, failure


def read(source: str, network: Network) -> None:
    if network.input is None:
        raise failure(source, "a PyTorch module needs the input size",
                      ("give it with --input, without the batch: --input 3x224x224",))
    try:
        import torch
        from torch import fx
    except ImportError:
        raise failure(source, "importing a PyTorch module needs torch",
                      ("pip install 'cnncalc[torch]'",)) from None
    from .torch_walk import Walk

    factory = _resolve(source)
    try:
        with torch.device("meta"):
            model = factory() if not isinstance(factory, torch.nn.Module) else factory
    except Exception as exc:
        raise failure(source, f"{_name(factory)}() failed: {type(exc).__name__}: {exc}") from None
    if not isinstance(model, torch.nn.Module):
        raise failure(source, f"{_name(factory)}() returned a {type(model).__name__}, not an "
                              f"nn.Module")
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
        raise failure(source, f"no such file: {target}")
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
        raise failure(source, f"{exc.filename}:{exc.lineno}: syntax error: {exc.msg}") from None
    except Exception as exc:
        raise failure(source, f"cannot import {target}: {type(exc).__name__}: {exc}") from None
    finally:
        sys.path.pop(0)
    if not attr or not hasattr(module, attr):
        raise failure(source, f"{target} has no {attr or 'name after the colon'}",
                      ("name a class or a function returning an nn.Module: "
                       f"{target}:Net",))
    return getattr(module, attr)


def _name(obj: Any) -> str:
    return getattr(obj, "__name__", type(obj).__name__)


def _untraceable(source: str, model, exc: Exception):
    """What fx could not trace, at the user's line, and what to do about it."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f"{os.sep}torch{os.sep}" not in f.filename]
    where = f" at {frames[-1].filename}:{frames[-1].lineno} (`{(frames[-1].line or '').strip()}`)" \
        if frames else ""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "control flow" in text:
        what = "Python control flow (if/while) on a tensor's value or shape"
    elif "Proxy" in text or "__array" in text:
        what = "a tensor's value or size used as a plain Python number"
    else:
        what = f"{type(exc).__name__}: {text}"
    return failure(source, f"torch.fx cannot trace {type(model).__name__}.forward{where}: {what}",
                   ("give flags as constants (torch.fx.symbolic_trace(..., concrete_args=...)), "
                    "or keep the part out of the trace: a leaf module (Tracer.is_leaf_module) "
                    "or a function wrapped with torch.fx.wrap; or export to ONNX and import "
                    "that",))


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
            raise failure(source, f"the model fails on an input of shape "
                                  f"{tuple(example.shape)}: {type(exc).__name__}: "
                                  f"{str(exc).splitlines()[0] if str(exc) else ''}",
                          ("check --input: channels first, without the batch",)) from None
        return self.values

