"""cnncalc: shape and parameter arithmetic for convolutional networks.

    >>> from cnncalc import analyze, load
    >>> report = analyze(load("specs/taewan_39x31x1.yaml"))
    >>> report.totals.params_without_bias
    64320

Kept free of imports beyond what a summary needs, so the CLI starts fast.
"""

from .engine import analyze
from .model_files import import_model, load
from .spec import Spec, inline, loads

__version__ = "0.1.0"
__all__ = ["Spec", "analyze", "import_model", "inline", "load", "loads", "__version__"]
