"""Model files wherever specs are read: `cnncalc import`, and `summary`, `check` and
`verify` given a `.keras`, Keras `.json` or `.onnx` file (cnncalc/read/models reads them).

This is the one place that joins the readers to the engine: a reader asks `measure` for
the sizes it must know (SAME padding with a stride, a crop by slice bounds, which rounding
a model's pools need), and the engine answers as it does for any spec.
"""

from __future__ import annotations

from ..read import models as importers
from ..core.records import Spec


def measure(text: str, rounding: str | None = None):
    """cnncalc's report of a spec's text."""
    from ..engine.walk import analyze
    from ..read.spec import build
    from ..read.yamltree import parse_yaml

    return analyze(build(parse_yaml(text)), rounding)


def import_model(source: str, input_sizes: tuple[int, ...] | None = None,
                 allow_unsupported: bool = False) -> importers.Imported:
    return importers.import_model(source, measure, input_sizes, allow_unsupported)


def load(path: str, bias: bool | None = None, parsed: dict | None = None) -> Spec:
    """A spec file, or the spec of a model file, imported on the fly; `parsed` is the
    layer parameters earlier specs of the run have read (read/reader.py)."""
    from ..read.spec import load as load_spec

    if importers.is_model_file(path):
        return importers.spec_of(import_model(path), path, bias)
    return load_spec(path, bias, parsed)
