"""cnncalc: shape and parameter arithmetic for convolutional networks.

    >>> from cnncalc import analyze, load
    >>> report = analyze(load("specs/taewan_39x31x1.yaml"))
    >>> report.totals.params_without_bias
    64320

The library API: read a spec or a model file (`load`, `loads`, `build` a Python dict,
`inline`, `import_model`), walk it (`analyze`), or do both and hold it to its limits
(`report_of`, the pipeline every command runs). Messages are worded in the language the
locale asks for, or the one `set_language("ko")` chooses. A `Report` prints as the table, displays
itself in a notebook and has `table()`, `explain()`, `markdown()` and `to_json()`; see
docs/library.md. Each name is
imported when first used, so that importing one part of the package (a backend, the CLI's
`--help`) does not load the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.records import Spec
    from .core.report import Report
    from .engine.walk import analyze
    from .read.spec import build, inline, loads
    from .run.models import import_model, load
    from .core.messages import set_language
    from .run.pipeline import report_of

__version__ = "0.1.0"
_API = {"Spec": ".core.records", "Report": ".core.report", "analyze": ".engine.walk",
        "build": ".read.spec", "inline": ".read.spec", "load": ".run.models",
        "loads": ".read.spec", "import_model": ".run.models",
        "report_of": ".run.pipeline", "set_language": ".core.messages"}
__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'cnncalc' has no attribute {name!r}")
    return getattr(importlib.import_module(_API[name], __name__), name)
