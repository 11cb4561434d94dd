"""What `cnncalc draw` writes, read by the real programs: Graphviz's `dot` and Mermaid's own
parser and renderer (from tests/js, `npm ci`), and the SVG and HTML laid out by Chromium
(headless), where each layer's box is found with its label, clear of every other box and
wide enough for its text.

These tools are installed by `.ci/run`. With CI=true a missing one fails the test; on a
machine without it the test is skipped.
"""

import html
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cnncalc import analyze, load
from cnncalc.render.drawing.picture import picture
from conftest import ROOT
from test_draw import HOSTILE, SPECS

JS = ROOT / "tests" / "js"
MERMAID = JS / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
CHROMIUM = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom")


def need(program: str, path: Path | None = None) -> str:
    """The program's path; a failure under CI when it is missing, else a skip."""
    found = shutil.which(program) if path is None else (str(path) if path.exists() else None)
    if found is None:
        missing = f"{program} is not installed" + (f" ({path})" if path else "")
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}; .ci/run installs it")
        pytest.skip(missing)
    return found


@pytest.fixture
def cases(invoke, tmp_path):
    """(name, args) → text: every spec of the repository, with and without --depth, and
    the spec of hostile names."""
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    runs = [(spec, ()) for spec in SPECS] + [("specs/resnet_block_demo.yaml", ("--depth", "1")),
                                             ("specs/resnet_block_demo.yaml", ("--depth", "2")),
                                             (str(hostile), ())]

    def drawn(fmt: str) -> list[tuple[str, tuple, str]]:
        out = []
        for spec, extra in runs:
            result = invoke("draw", spec, "--format", fmt, "-q", *extra)
            assert result.exit_code == 0, result.output
            out.append((spec, extra, result.stdout))
        return out

    return drawn


def _labels(spec: str, extra: tuple) -> list[tuple[str, ...]]:
    depth = int(extra[1]) if extra else None
    return [node.lines() for node in picture(analyze(load(str(ROOT / spec))), depth).nodes]


def test_graphviz_lays_out_every_dot_file_showing_the_labels_as_written(cases, tmp_path):
    dot = need("dot")
    for spec, extra, text in cases("dot"):
        result = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0 and "Error" not in result.stderr, (spec, result.stderr)
        root = ET.fromstring(result.stdout)
        shown = {}
        for node in root.iter("{http://www.w3.org/2000/svg}g"):
            if node.get("class") == "node":
                shown[node.find("{http://www.w3.org/2000/svg}title").text] = tuple(
                    t.text for t in node.iter("{http://www.w3.org/2000/svg}text"))
        assert [shown[f"n{i}"] for i in range(len(shown))] == _labels(spec, extra), spec


def test_graphviz_refuses_what_is_not_dot():  # the check above can fail
    result = subprocess.run([need("dot"), "-Tsvg"], input='digraph { a [label="x] }',
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "syntax error" in result.stderr


def test_mermaid_parses_every_flowchart(cases, tmp_path):
    node = need("node")
    need("mermaid (npm ci in tests/js)", MERMAID)
    files = []
    for number, (spec, extra, text) in enumerate(cases("mermaid")):
        files.append(tmp_path / f"{number}.mmd")
        files[-1].write_text(text, encoding="utf-8")
    bad = tmp_path / "bad.mmd"
    bad.write_text("flowchart TB\n  end[\"x\"]\n", encoding="utf-8")  # `end` as an id
    result = subprocess.run([node, str(JS / "mermaid_parse.mjs"), *map(str, files), str(bad)],
                            capture_output=True, text=True, timeout=300)
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["ok"] for v in verdicts] == [True] * len(files) + [False], verdicts
    assert {v.get("type") for v in verdicts[:-1]} == {"flowchart-v2"}


def _chromium(page: Path) -> dict | list:
    """Open the page in headless Chromium; its script leaves JSON in <pre id="result">."""
    chromium = need("chromium")
    profile = page.parent / "profile"
    result = subprocess.run([chromium, *CHROMIUM, f"--user-data-dir={profile}",
                             page.as_uri()], capture_output=True, text=True, timeout=180)
    start = result.stdout.find('<pre id="result">')
    assert start >= 0, result.stderr[-2000:]
    text = result.stdout[start + len('<pre id="result">'):]
    return json.loads(html.unescape(text[:text.index("</pre>")]))


def test_mermaid_renders_every_label_as_written(cases, tmp_path):
    need("mermaid (npm ci in tests/js)", MERMAID)
    drawn = [case for case in cases("mermaid") if case[0].endswith(("hostile.yaml",
                                                                    "resnet_block_demo.yaml"))]
    blocks = "".join(f'<pre class="mermaid">{html.escape(text)}</pre>' for _, _, text in drawn)
    page = tmp_path / "mermaid.html"
    page.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{blocks}
<script src="{MERMAID.as_uri()}"></script><script>
mermaid.initialize({{startOnLoad: false}});
const done = (value) => {{ const out = document.createElement("pre"); out.id = "result";
  out.textContent = JSON.stringify(value); document.body.appendChild(out); }};
mermaid.run({{querySelector: ".mermaid"}}).then(() => done([...document.querySelectorAll(
  "svg")].map(svg => [...svg.querySelectorAll("g.node")].map(g => [...g.querySelectorAll(
  ".nodeLabel p")].map(p => p.innerHTML.split("<br>").map(line => {{
    const span = document.createElement("span"); span.innerHTML = line;
    return span.textContent; }}))[0])))).catch(error => done(String(error)));
</script></body></html>""", encoding="utf-8")
    shown = _chromium(page)
    assert isinstance(shown, list), shown
    for (spec, extra, _), labels in zip(drawn, shown):
        expected = [list(lines) for lines in _labels(spec, extra)]
        # the one change: a zero-width space parts a backslash from an `n`
        assert [[line.replace("\\\u200bn", "\\n") for line in lines] for lines in labels] == \
            expected, spec


MEASURE = """<script>
const boxes = [...document.querySelectorAll("g.layer")].map(g => {
  const r = g.getBoundingClientRect(), shape = g.querySelector("rect");
  const texts = [...g.querySelectorAll("text")];
  return {name: g.dataset.name, label: texts[0].textContent, x: r.x, y: r.y, w: r.width,
          h: r.height, figure: g.closest("svg").dataset.case || "",
          box: shape ? shape.getBoundingClientRect().width : null,
          text: Math.max(...texts.map(t => t.getBoundingClientRect().width))};
});
const out = document.createElement("pre"); out.id = "result";
out.textContent = JSON.stringify(boxes); document.body.appendChild(out);
</script>"""


def _check_boxes(boxes, names, graph: bool):
    """One box per layer, labelled with its name, none overlapping another; in the graph
    style each box's text fits in it."""
    assert [b["name"] for b in boxes] == names
    assert [b["label"] for b in boxes] == [name.rsplit("/", 1)[-1] for name in names]
    for i, a in enumerate(boxes):
        assert a["w"] > 0 and a["h"] > 0
        for b in boxes[i + 1:]:
            assert a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or \
                a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"], (a, b)
        if graph:
            assert a["text"] + 4 <= a["box"], a  # the label fits, with a margin


def test_chromium_lays_out_one_labelled_box_per_layer_in_every_svg(invoke, tmp_path):
    figures, expected = [], []
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    for spec in [*SPECS, str(hostile)]:
        report = analyze(load(str(ROOT / spec)))
        for style in ("graph", "maps"):
            text = invoke("draw", spec, "--style", style, "-q").stdout
            figures.append(text.replace("<svg ", f'<svg data-case="{len(figures)}" ', 1))
            expected.append((style, ["input", *(row.name for row in report.rows)]))
    page = tmp_path / "figures.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    + "\n".join(figures) + MEASURE + "</body></html>", encoding="utf-8")
    boxes = _chromium(page)
    for number, (style, names) in enumerate(expected):
        _check_boxes([b for b in boxes if b["figure"] == str(number)], names, style == "graph")


def test_chromium_shows_the_html_page_with_its_picture(invoke, tmp_path):
    text = invoke("draw", "specs/zoo/resnet50.yaml", "--format", "html").stdout
    assert "<script" not in text
    page = tmp_path / "resnet50.html"
    page.write_text(text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    report = analyze(load(str(ROOT / "specs/zoo/resnet50.yaml")))
    _check_boxes(_chromium(page), ["input", *(row.name for row in report.rows)], True)


def test_a_missing_tool_fails_under_ci_and_is_skipped_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-program is not installed"):
        need("no-such-program")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        need("no-such-program")


def test_ci_installs_the_tools():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export CI=true" in ci
    assert "apt-get install -y --no-install-recommends graphviz chromium fonts-nanum" in ci
    assert "(cd tests/js && npm ci --no-audit --no-fund)" in ci
