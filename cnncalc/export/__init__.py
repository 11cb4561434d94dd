"""Code from a spec: `cnncalc export --to pytorch|keras` (SPEC §8).

Each layer kind writes its own constructor and expression (`layers/code.py`); this folder
only names things, lays the code out from a small tree of lines, and refuses a spec that
the target cannot express. It sits beside `render/`: it reads a `Spec` and its `Report`.
"""

from __future__ import annotations

from typing import Callable

from ..core.records import Spec
from ..core.report import Report
from .plan import ExportRefused


def _pytorch(spec: Spec, report: Report) -> str:
    from .pytorch import source

    return source(spec, report)


def _keras(spec: Spec, report: Report) -> str:
    from .keras import source

    return source(spec, report)


TARGETS: dict[str, Callable[[Spec, Report], str]] = {"pytorch": _pytorch, "keras": _keras}


def export(spec: Spec, report: Report, to: str) -> str:
    """The Python file for `to` (a name in TARGETS) of a valid spec's report; ExportRefused
    says why a layer cannot be written."""
    return TARGETS[to](spec, report)


__all__ = ["TARGETS", "ExportRefused", "export"]
