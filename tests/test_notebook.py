"""A Report in a notebook and at the prompt: IPython's display formatter (no kernel needed)
finds its HTML and Markdown, `print` gives the table, `repr` one line."""

import pytest
from IPython.core.formatters import DisplayFormatter  # the test extra has ipython

import cnncalc
from cnncalc.render import Options, render


@pytest.fixture
def report():
    return cnncalc.analyze(cnncalc.load("specs/taewan_39x31x1.yaml"))


@pytest.fixture
def invalid():
    return cnncalc.analyze(cnncalc.load("specs/tensorflow_cnn_28x28x1.yaml"), "strict")


def test_the_formatter_finds_html_markdown_and_plain(report):
    data, _ = DisplayFormatter().format(report)
    # a _repr_html_ that raised would be left out silently: the key must be there
    assert sorted(data) == ["text/html", "text/markdown", "text/plain"]
    assert data["text/plain"] == ("<Report 'taewan-39x31x1': 9 layers, 64,620 params, "
                                  "output (100,), valid>")
    assert data["text/markdown"] == render("markdown", [report], Options())


def test_the_html_is_the_html_renderer_s_section_with_a_scoped_style(report):
    data, _ = DisplayFormatter().format(report, include=["text/html"])
    html = data["text/html"]
    page = render("html", [report], Options())
    section = page[page.index("<section>"):page.index("</section>") + len("</section>")]
    assert section in html  # the table, the picture and the arithmetic of summary --format html
    assert "<svg" in html and "<td>conv1</td>" in html and "64,620" in html
    assert html.startswith('<div class="cnncalc">') and "<html" not in html
    style = html[html.index("<style>") + 7:html.index("</style>")]
    rules = [rule.split("{")[0] for rule in style.split("}") if "{" in rule]
    assert rules and all(s.strip().startswith(".cnncalc") for r in rules for s in r.split(","))


def test_an_invalid_report_displays_its_errors(invalid):
    data, _ = DisplayFormatter().format(invalid)
    assert "is not an integer" in data["text/html"]
    assert "<svg" not in data["text/html"]  # no picture of an invalid network
    assert "invalid, 2 errors" in data["text/plain"]
    assert "**error**" in data["text/markdown"]


def test_print_shows_the_table_and_repr_is_short(report, invoke):
    assert str(report) + "\n" == invoke("summary", "specs/taewan_39x31x1.yaml").stdout
    assert "\n" not in repr(report) and len(repr(report)) < 100


def test_table_explain_and_json(report, invoke):
    assert report.table(columns="output,params,macs") + "\n" == invoke(
        "summary", "specs/taewan_39x31x1.yaml", "--columns", "output,params,macs").stdout
    assert report.table(columns=("output", "params")) == report.table(columns="output,params")
    explained = invoke("summary", "specs/taewan_39x31x1.yaml", "--explain").stdout
    assert explained.endswith(report.explain() + "\n")
    assert report.explain().splitlines()[1] == "  conv1     height (39 + 2·0 − 4)/1 + 1 = 36"
    assert report.to_json()["totals"]["params"] == 64_620


def test_an_unknown_column_is_a_value_error(report):
    with pytest.raises(ValueError, match="unknown column 'gflops'"):
        report.table(columns="params,gflops")


def test_build_takes_a_plain_dict():
    spec = cnncalc.build({"input": [28, 28, 1], "layers": [
        {"conv": {"filters": 64, "kernel": 3, "padding": "same"}}, {"maxpool": {"size": 2}},
        "flatten", {"dense": {"units": 10}}]})
    report = cnncalc.analyze(spec)
    assert [row.params for row in report.rows] == [640, 0, 0, 125_450]
    assert report.output_shape == (10,)
