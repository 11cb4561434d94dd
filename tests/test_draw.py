"""`cnncalc draw` and `summary --format html` as a user runs them: exact text for Mermaid
and DOT (golden files), well-formed SVG and HTML with one labelled box per layer, refusal
of invalid specs, escaping of hostile names. The real parsers and the browser are in
test_draw_tools.py; the layout's geometry in test_draw_layout.py."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cnncalc import analyze, load
from cnncalc.render.dot import quoted
from cnncalc.render.mermaid import label
from conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
SPECS = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("specs/*.yaml"),
                                                  *ROOT.glob("specs/zoo/*.yaml")])
HOSTILE = """\
name: 'hostile "names" <b>&amp; | end %%{init: {}}%%'
input: [8, 8, 3]
layers:
  - conv: {filters: 4, kernel: 3, name: end}
  - relu: {name: 'a"b<c>|d#35;e&amp;'}
  - conv: {filters: 4, kernel: 1, name: 'style x:#fff;', inputs: end}
  - add: {inputs: ['a"b<c>|d#35;e&amp;', 'style x:#fff;'], name: "합성곱 ×\\\\n}"}
"""


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("spec, depth", [("specs/taewan_39x31x1.yaml", None),
                                         ("specs/resnet_block_demo.yaml", None),
                                         ("specs/resnet_block_demo.yaml", "1"),
                                         ("specs/resnet_block_demo.yaml", "2")])
@pytest.mark.parametrize("fmt, suffix", [("mermaid", "mmd"), ("dot", "dot")])
def test_mermaid_and_dot_are_the_golden_text(invoke, golden, spec, depth, fmt, suffix):
    result = invoke("draw", spec, "--format", fmt, *(["--depth", depth] if depth else []))
    assert result.exit_code == 0
    name = Path(spec).stem + (f"_depth{depth}" if depth else "")
    golden(f"draw_{name}.{suffix}", result.stdout)


def test_an_inline_spec_is_drawn_like_a_file(invoke):
    result = invoke("draw", "--input", "39x31x1", "conv:filters=20,kernel=4", "maxpool:size=2",
                    "--format", "mermaid")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:] == [
        '  n0["input<br/>input · 39×31×1<br/>0 params"]',
        '  n1["conv1<br/>conv · 36×28×20<br/>340 params"]',
        '  n2["maxpool1<br/>maxpool · 18×14×20<br/>0 params"]',
        "  n0 --> n1",
        "  n1 --> n2"]


@pytest.mark.parametrize("fmt", ["svg", "mermaid", "dot", "html"])
def test_an_invalid_spec_is_refused_with_its_errors(invoke, fmt):
    result = invoke("draw", "--input", "4x4x1", "conv:filters=2,kernel=5", "dense:units=3",
                    "--format", fmt)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "layer 1 (conv1): height: the kernel spans 5 but the padded input is only 4" in \
        result.stderr


@pytest.mark.parametrize("paths, count", [(("specs/taewan_39x31x1.yaml",
                                             "specs/mnist_seed003.yaml"), 2),
                                           (("specs/zoo",), len(list(ROOT.glob("specs/zoo/*.yaml"))))])
def test_draw_takes_one_spec_file(invoke, paths, count):
    result = invoke("draw", *paths)
    assert result.exit_code == 2
    assert f"draw takes one spec file; {' '.join(paths)} names {count}" in result.stderr
    assert result.stdout == ""


def test_output_goes_to_the_file_named(invoke, tmp_path):
    target = tmp_path / "net.dot"
    result = invoke("draw", "specs/taewan_39x31x1.yaml", "--format", "dot", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == invoke(
        "draw", "specs/taewan_39x31x1.yaml", "--format", "dot").stdout


def test_an_unwritable_output_is_one_line_and_exit_1(invoke, tmp_path):
    result = invoke("draw", "specs/taewan_39x31x1.yaml", "-o", str(tmp_path / "no" / "x.svg"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "No such file or directory" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_mermaid_labels_and_ids_are_escaped(invoke, hostile):
    text = invoke("draw", hostile, "--format", "mermaid").stdout
    lines = text.splitlines()
    assert lines[0] == ('%% cnncalc draw: hostile "names" <b>&amp; | end #37;#37;'
                        '{init: {}}#37;#37;')
    assert lines[3] == '  n1["end<br/>conv · 6×6×4<br/>112 params"]'  # the id is n1, not end
    assert lines[4] == ('  n2["a#34;b#60;c#62;#124;d#35;35#59;e#38;amp#59;<br/>relu · 6×6×4'
                        '<br/>0 params"]')
    assert lines[5] == '  n3["style x#58;#35;fff#59;<br/>conv · 6×6×4<br/>20 params"]'
    # a backslash before n would be a line break in Mermaid: a zero-width space parts them
    assert lines[6] == '  n4["합성곱 ×#92;#8203;n#125;<br/>add · 6×6×4<br/>0 params"]'
    assert label("tab\there\x1b") == "tab#92;there#92;x1b"


def test_dot_strings_are_escaped(invoke, hostile):
    text = invoke("draw", hostile, "--format", "dot").stdout
    assert text.splitlines()[0] == 'digraph "hostile \\"names\\" <b>&amp;amp; | end ' \
                                   '%%{init: {}}%%" {'
    assert '  n2 [label="a\\"b<c>|d#35;e&amp;amp;\\nrelu · 6×6×4\\n0 params", ' in text
    assert '  n4 [label="합성곱 ×\\\\n}\\nadd · 6×6×4\\n0 params", ' in text
    assert quoted("a\nb\\N") == '"a\\\\nb\\\\N"'  # a newline shown as \n, never a DOT escape


def _layers(svg_text: str) -> dict[str, list[str]]:
    """data-name → the texts of each layer's box, from the parsed SVG."""
    root = ET.fromstring(svg_text)
    return {g.get("data-name"): [t.text for t in g.iter(f"{SVG}text")]
            for g in root.iter(f"{SVG}g") if g.get("class") == "layer"}


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("style", ["graph", "maps"])
def test_svg_is_well_formed_with_one_labelled_box_per_layer(invoke, spec, style):
    result = invoke("draw", spec, "--style", style, "-q")
    assert result.exit_code == 0
    report = analyze(load(str(ROOT / spec)))
    boxes = _layers(result.stdout)
    assert list(boxes) == ["input", *(row.name for row in report.rows)]
    for row in report.rows:
        name, shape = row.name.rsplit("/", 1)[-1], "×".join(map(str, row.output_shape))
        texts = boxes[row.name]
        assert texts[0] == name and shape in " ".join(texts)
        if style == "graph":
            assert texts[1:] == [f"{row.kind} · {shape}", f"{row.params:,} params"]


def test_svg_escapes_hostile_names(invoke, hostile):
    text = invoke("draw", hostile).stdout
    boxes = _layers(text)  # parses: nothing broke the XML
    assert list(boxes) == ["input", "end", 'a"b<c>|d#35;e&amp;', "style x:#fff;",
                           "합성곱 ×\\n}"]
    assert boxes['a"b<c>|d#35;e&amp;'][0] == 'a"b<c>|d#35;e&amp;'
    assert "<c>" not in text


def test_depth_draws_one_node_per_block_wired_as_the_layers(invoke):
    text = invoke("draw", "specs/resnet_block_demo.yaml", "--depth", "1").stdout
    boxes = _layers(text)
    assert list(boxes) == ["input", "stem", "relu1", "stage1.1", "stage1.2", "stage2",
                           "stage3", "avgpool1", "flatten1", "dense1"]
    assert boxes["stage2"] == ["stage2", "stage · 16×16×32", "32,928 params"]
    edges = [line for line in invoke("draw", "specs/resnet_block_demo.yaml", "--depth", "1",
                                      "--format", "mermaid").stdout.splitlines()
             if "-->" in line]
    assert edges == [f"  n{i} --> n{i + 1}" for i in range(9)]


def test_maps_scale_logarithmically_when_sizes_differ_wildly(invoke):
    from cnncalc.render.drawing.maps import scale

    linear = scale([10, 20, 40], 3, 60)
    assert (linear(10), linear(40)) == (15, 60)
    wild = scale([3, 2048], 3, 60)
    assert (wild(3), wild(2048)) == (3, 60)
    assert wild(78) == pytest.approx(3 + 57 * 0.5, abs=0.5)  # 78 ≈ √(3·2048): halfway


def test_summary_html_is_one_page_with_table_picture_and_arithmetic(invoke):
    result = invoke("summary", "specs/taewan_39x31x1.yaml", "--format", "html")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout.removeprefix("<!DOCTYPE html>\n"))
    body = root.find("body")
    cells = [[td.text for td in tr.findall("td")] for tr in body.iter("tr")]
    assert ["1", "conv1", "conv", "(39, 31, 1)", "(36, 28, 20)", "320", "340"] in cells
    totals = [[td.text for td in tr.findall("td")] for tr in body.iter("tr")
              if tr.findall("td") and tr.findall("td")[0].text == "total"]
    assert totals == [["total", None, "(100,)", "64,320", "64,620"]]
    svg = body.find(f"section/figure/{SVG}svg")
    assert len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "layer"]) == 10
    codes = [code.text for code in body.iter("code")]
    assert codes[:3] == ["height (39 + 2·0 − 4)/1 + 1 = 36",
                         "width (31 + 2·0 − 4)/1 + 1 = 28", "params 1·4·4·20 = 320 (+20 bias)"]
    assert not any(tag.tag in ("script", "link", "img") for tag in root.iter())


def test_html_shows_an_invalid_spec_without_a_picture(invoke):
    result = invoke("summary", "--input", "4x4x1", "conv:filters=2,kernel=5", "--format",
                    "html")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.removeprefix("<!DOCTYPE html>\n"))
    assert root.find(f".//{SVG}svg") is None
    errors = [p.text for p in root.iter("p") if p.get("class") == "error"]
    assert len(errors) == 1 and "the kernel spans 5" in errors[0]
    failed = [tr for tr in root.iter("tr") if tr.get("class") == "failed"]
    assert [td.text for td in failed[0]][:3] == ["!", "1", "conv1"]


def test_html_escapes_everything(invoke, hostile):
    text = invoke("draw", hostile, "--format", "html").stdout
    root = ET.fromstring(text.removeprefix("<!DOCTYPE html>\n"))  # well-formed
    assert root.find("head/title").text == 'hostile "names" <b>&amp; | end %%{init: {}}%%'
    assert "<b>" not in text and "<c>" not in text


@pytest.mark.parametrize("picture, args", [
    ("taewan_maps.svg", ("specs/taewan_39x31x1.yaml", "--style", "maps")),
    ("resnet_block_demo_depth2.svg", ("specs/resnet_block_demo.yaml", "--depth", "2"))])
def test_the_pictures_in_the_docs_are_what_draw_writes(invoke, tmp_path, picture, args):
    target = tmp_path / picture
    assert invoke("draw", *args, "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == \
        (ROOT / "docs" / "pictures" / picture).read_text(encoding="utf-8")


def test_maps_is_a_style_of_the_svg_only(invoke):
    result = invoke("draw", "specs/taewan_39x31x1.yaml", "--style", "maps", "--format", "dot")
    assert result.exit_code == 2
    assert "--style maps is for --format svg or html" in result.stderr


@pytest.mark.parametrize("shape, layout, sizes", [((36, 28, 20), "channels_last", (36, 28, 20)),
                                                  ((20, 36, 28), "channels_first", (36, 28, 20)),
                                                  ((100, 8), "channels_last", (100, 1, 8)),
                                                  ((160,), "channels_last", (160, 1, 1)),
                                                  ((4, 6, 5, 3), "channels_last", (4, 30, 3))])
def test_maps_read_height_width_and_channels_in_the_spec_layout(shape, layout, sizes):
    from cnncalc.render.drawing.picture import spatial

    assert spatial(shape, layout) == sizes


def test_summary_html_has_a_section_per_spec_and_the_columns_chosen(invoke):
    result = invoke("summary", "specs/taewan_39x31x1.yaml", "specs/mnist_seed003.yaml",
                    "--format", "html", "--columns", "output,macs")
    root = ET.fromstring(result.stdout.removeprefix("<!DOCTYPE html>\n"))
    assert root.find("head/title").text == "cnncalc"
    sections = root.findall("body/section")
    assert [s.find("h1").text for s in sections] == ["taewan-39x31x1", "mnist-seed003"]
    assert [th.text for th in sections[0].find("table/thead/tr")] == \
        ["#", "layer", "kind", "output", "MACs"]
    assert len(sections[1].findall(f"figure/{SVG}svg")) == 1


def test_the_mermaid_block_in_the_docs_is_what_draw_writes(invoke):
    docs = (ROOT / "docs" / "draw.md").read_text(encoding="utf-8")
    shown = docs[docs.index("```mermaid\n") + len("```mermaid\n"):]
    assert shown[:shown.index("```")] == invoke(
        "draw", "specs/resnet_block_demo.yaml", "--depth", "1", "--format", "mermaid").stdout
