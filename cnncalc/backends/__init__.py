"""Numeric backends: run a spec's layers on real arrays, so that `cnncalc verify` can hold
the engine's shapes and counts against what the arrays actually do.

A backend is an op table keyed by layer kind name: one small function per kind. The
modules are imported only when a backend is asked for, so that `cnncalc summary` never
loads numpy or torch. Backends import nothing of cnncalc but its core records: not the
layer rules (their window arithmetic), not the engine. Every shape they report is read off
an array they computed, and what they need of a kind's declarations (an activation's
defaults) is handed to them by the caller (run/verify.py).
"""

from __future__ import annotations

import importlib
from typing import Any, Mapping

from ..core.errors import CnnCalcError
from ..core.messages import say
from ..core.records import FRAMEWORK, LAYOUT, ROUNDING, Framework, Layout, Rounding

BACKENDS = ("numpy", "torch")
DEVICES = ("cpu", "cuda")
INSTALL = {"numpy": "pip install numpy", "torch": "pip install 'cnncalc[torch]'"}


class BackendUnavailable(CnnCalcError):
    """The backend cannot run here (torch missing, no CUDA); the message says what to do."""


def load(name: str, *, seed: int = 0, rounding: Rounding = ROUNDING, device: str = "cpu",
         layout: Layout = LAYOUT, framework: Framework = FRAMEWORK,
         activation_defaults: Mapping[str, Mapping[str, Any]] | None = None):
    """A fresh backend (its random stream starts at `seed`) for one spec;
    `activation_defaults` are the parameters of each activation a conv's or dense's
    `activation:` key may name (layers.activation.ACTIVATION_DEFAULTS)."""
    if name not in BACKENDS:
        raise BackendUnavailable(say("backend.unknown", name=repr(name),
                                     names=", ".join(BACKENDS)))
    try:
        module = importlib.import_module(f".{name}_backend", __name__)
    except ModuleNotFoundError as exc:
        raise BackendUnavailable(say("backend.missing", name=name, package=exc.name,
                                     install=INSTALL[name])) from None
    except (ImportError, OSError, AttributeError, RuntimeError) as exc:
        # installed but broken: a missing shared library, a partial or shadowing package
        text = " ".join(str(exc).split())
        raise BackendUnavailable(say("backend.broken", name=name,
                                     detail=f"{type(exc).__name__}: {text}",
                                     install=INSTALL[name])) from None
    return module.BACKEND(seed=seed, rounding=rounding, device=device, layout=layout,
                          framework=framework, activation_defaults=activation_defaults)
