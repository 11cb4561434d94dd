"""One row per layer of every spec, the spec named in the first column."""

from __future__ import annotations

import csv
import io

from ..core.printable import printable
from .columns import CSV_DEFAULT, chosen, for_report


def render(reports, options) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    chosen_columns = chosen(options.columns, CSV_DEFAULT)
    writer.writerow(("spec", "index", "name", "kind", *(c.key for c in chosen_columns),
                     "valid")
                    + (("explain",) if options.explain else ()))
    for report in reports:
        failing = report.failing
        columns = for_report(chosen_columns, report)
        for row in report.rows:  # an unknown number (None) is an empty cell
            values = ((report.title, row.index, row.name, row.kind,
                       *(c.value(row) for c in columns),
                       "false" if row.index in failing else "true")
                      + (("; ".join(row.explain),) if options.explain else ()))
            writer.writerow([printable(v) if isinstance(v, str) else v for v in values])
    return out.getvalue().rstrip("\n")
