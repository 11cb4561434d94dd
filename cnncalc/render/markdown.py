"""A GitHub-flavoured table per spec, for pasting into a README or a pull request."""

from __future__ import annotations

from . import inputs_text, shape_text


def render(reports, options) -> str:
    return "\n\n".join(_one(report, options.explain) for report in reports)


def _one(report, explain: bool) -> str:
    header = ["#", "layer", "kind", "input", "output", "params (no bias)", "params"]
    align = ["--:", "---", "---", "---", "---", "--:", "--:"]
    if explain:
        header.append("arithmetic")
        align.append("---")
    lines = [f"### {report.title}", "", _line(header), _line(align)]
    for row in report.rows:
        cells = [str(row.index), row.name, row.kind, inputs_text(row),
                 shape_text(row.output_shape), f"{row.params_without_bias:,}", f"{row.params:,}"]
        if explain:
            cells.append("<br>".join(row.explain))
        lines.append(_line(cells))
    totals = ["", "**total**", "", "", "", f"**{report.totals.params_without_bias:,}**",
              f"**{report.totals.params:,}**"] + ([""] if explain else [])
    lines.append(_line(totals))
    for diagnostic in report.errors + report.warnings:
        lines.append(f"\n- **{diagnostic.severity}**: {diagnostic.one_line()}")
    return "\n".join(lines)


def _line(cells) -> str:
    return "| " + " | ".join(cells) + " |"
