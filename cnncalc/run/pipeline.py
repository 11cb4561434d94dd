"""The pipeline of one spec, as every command runs it: read, walk, hold to its limits.

`report_of` is the library's one call from a source to a finished `Report`; `cnncalc
summary` and `cnncalc check` are loops over it, and a reader of another format (a model
file) plugs in as another `read` function.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..core.constraints import enforce
from ..core.errors import SpecError
from ..core.records import Framework, Limit, Rounding, Spec
from ..core.report import Report
from ..engine.walk import analyze, portability


def report_of(read: Callable[[], Spec], source: str, rounding: Rounding | None = None,
              limits: Iterable[Limit] = (), *, framework: Framework | None = None,
              dtype: str = "float32", portable: bool = False,
              computed: dict | None = None) -> Report:
    """One spec's report: read it, walk it, hold it to the spec's and the run's limits.
    `portable` lists the Keras/PyTorch differences found by walking under both; `computed`
    is the layers computed by earlier walks of the run (`analyze`)."""
    try:
        spec = read()
    except SpecError as exc:
        return Report.unreadable(source, exc.diagnostics)
    walked = analyze(spec, rounding, framework=framework, dtype=dtype, computed=computed)
    report = enforce(walked, spec, limits)
    if report.errors:
        from ..solve.fixes import with_network_fixes  # only for a spec with errors

        report = with_network_fixes(spec, report, rounding, framework)
    return report._replace(portability=portability(spec, rounding)) if portable else report
