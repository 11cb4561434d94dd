"""One row per layer of every spec, the spec named in the first column."""

from __future__ import annotations

import csv
import io

from .columns import CSV_DEFAULT, chosen


def render(reports, options) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = chosen(options.columns, CSV_DEFAULT)
    writer.writerow(("spec", "index", "name", "kind", *(c.key for c in columns))
                    + (("explain",) if options.explain else ()))
    for report in reports:
        for row in report.rows:
            writer.writerow((report.title, row.index, row.name, row.kind,
                             *(c.value(row) for c in columns))
                            + (("; ".join(row.explain),) if options.explain else ()))
    return out.getvalue().rstrip("\n")
