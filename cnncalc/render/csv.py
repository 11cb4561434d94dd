"""One row per layer of every spec, the spec named in the first column."""

from __future__ import annotations

import csv
import io

COLUMNS = ("spec", "index", "name", "kind", "input_shape", "output_shape",
           "params_without_bias", "params", "trainable", "non_trainable")


def _sizes(shape) -> str:
    return "" if shape is None else "x".join(map(str, shape))


def render(reports, options) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + (("explain",) if options.explain else ()))
    for report in reports:
        for row in report.rows:
            writer.writerow((report.title, row.index, row.name, row.kind,
                             ";".join(map(_sizes, row.input_shapes)),
                             _sizes(row.output_shape),
                             row.params_without_bias, row.params, row.trainable,
                             row.non_trainable)
                            + (("; ".join(row.explain),) if options.explain else ()))
    return out.getvalue().rstrip("\n")
