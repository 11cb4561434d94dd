"""One self-contained HTML page per run (`draw --format html`, `summary --format html`):
for each spec its table, its picture and the arithmetic behind every number (`--explain`),
with its errors, warnings and notes.

Inline CSS and inline SVG, no script and nothing fetched, so the file can be attached to a
pull request, kept as a CI artefact or opened from disk. Every text from the spec is
escaped (`printable`, then HTML's entities).
"""

from __future__ import annotations

import re
from html import escape

from ..core.printable import printable
from ..core.messages import language, say
from . import FAILED, total_label
from .columns import DEFAULT, chosen, for_report, heading, total_cell

STYLE = """
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 2em; color: #1a202c; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { border: 1px solid #cbd5e0; padding: 0.25em 0.6em; vertical-align: top; }
th { background: #edf2f7; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { background: #fde2e2; } tfoot td { font-weight: bold; }
.meta { color: #4a5568; } .error { color: #c53030; } .warning { color: #b7791f; }
figure { margin: 1em 0; overflow-x: auto; } code { font-size: 0.95em; }
"""


def render(reports, options) -> str:
    title = reports[0].title if len(reports) == 1 else "cnncalc"
    columns = chosen(options.columns, DEFAULT)
    body = "\n".join(_section(report, options.depth, options.style, columns)
                     for report in reports)
    return (f'<!DOCTYPE html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8"/>\n'
            f"<title>{_text(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>")


def fragment(report, options) -> str:
    """The report as a part of a page (a notebook's output): its section, with the style
    scoped to it so that it changes nothing else on the page."""
    scoped = re.sub(r"([^{}]+)\{", lambda m: "\n" + ", ".join(
        ".cnncalc" if s.strip() == "body" else f".cnncalc {s.strip()}"
        for s in m.group(1).split(",")) + " {", STYLE.strip())
    section = _section(report, options.depth, options.style, chosen(options.columns, DEFAULT))
    return f'<div class="cnncalc">\n<style>{scoped}</style>\n{section}\n</div>'


def _text(text) -> str:
    return escape(printable(str(text)))


def _section(report, depth, style, columns) -> str:
    from .svg import figure

    shape = "×".join(map(str, report.input_shape)) or "?"
    meta = say("html.meta", source=report.source or "", shape=shape, layout=report.layout,
               framework=report.framework, rounding=report.rounding,
               valid=say("valid" if report.valid else "invalid"))
    parts = [f"<section>\n<h1>{_text(report.title)}</h1>", f'<p class="meta">{_text(meta)}</p>']
    parts += [f'<p class="{d.severity}">{_text(d.one_line())}</p>'
              for d in report.errors + report.warnings + report.notes]
    if report.rows:
        parts += [f"<h2>{_text(say('html.layers'))}</h2>", _table(report, columns)]
    if report.valid and report.rows:
        parts += [f"<h2>{_text(say('html.picture'))}</h2>", f"<figure>\n{figure(report, depth, style)}\n</figure>"]
    if report.rows:
        parts += [f"<h2>{_text(say('html.arithmetic'))}</h2>", _explain(report)]
    return "\n".join(parts) + "\n</section>"


def _table(report, columns) -> str:
    """The layers with the chosen columns; a first column marks the failing layers, only
    where there are some (as in the terminal table)."""
    columns = for_report(columns, report)
    failing = report.failing
    marker = [""] if failing else []
    fixed = (say("column.index"), say("column.layer"), say("column.kind"))
    head = "".join(f"<th>{_text(c)}</th>" for c in (*marker, *fixed)) + \
        "".join(f"<th>{_text(heading(c))}</th>" for c in columns)
    rows = []
    for row in report.rows:
        marked = row.index in failing
        cells = [FAILED if marked else ""][:len(marker)] + [str(row.index), row.name, row.kind]
        rows.append(("<tr class=\"failed\">" if marked else "<tr>")
                    + "".join(f"<td>{_text(cell)}</td>" for cell in cells)
                    + "".join(_cell(c.cell(row), c.right) for c in columns) + "</tr>")
    foot = f'<td colspan="{3 + len(marker)}">{_text(total_label(report))}</td>' + "".join(
        _cell(total_cell(c, report), c.right) for c in columns)
    return (f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows)
            + f"\n</tbody>\n<tfoot><tr>{foot}</tr></tfoot>\n</table>")


def _cell(text: str, right: bool) -> str:
    return f'<td class="n">{_text(text)}</td>' if right else f"<td>{_text(text)}</td>"


def _explain(report) -> str:
    rows = "\n".join(f"<tr><td>{_text(row.name)}</td><td>"
                     + "<br/>".join(f"<code>{_text(line)}</code>" for line in row.explain)
                     + "</td></tr>" for row in report.rows)
    return (f"<table>\n<thead><tr><th>{_text(say('column.layer'))}</th>"
            f"<th>{_text(say('column.arithmetic'))}</th></tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody>\n</table>")
