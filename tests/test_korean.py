"""Korean output (`--lang ko`, or a `ko` locale): the catalogs, the choice of language, the
worked example as the tutorials write it, every bad-input class, no English left, and a
table that stays aligned when its words are two cells wide."""

import inspect
import json
import re
import string

import pytest

from cnncalc.cli import cli
from cnncalc.core import messages
from cnncalc.core.messages import LANGUAGES, catalog, from_environment
from cnncalc.layers import REGISTRY
from cnncalc.layers.merge import Merge
from cnncalc.render.table import cell_width
from conftest import ROOT
from korean_leaks import leaks
from test_bad_input import CASES

LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG")


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_message_code_has_an_entry_with_the_same_placeholders(language):
    english, other = catalog("en"), catalog(language)
    assert sorted(set(english) ^ set(other)) == []
    assert {code: placeholders(text) for code, text in other.items()} == \
        {code: placeholders(text) for code, text in english.items()}


def _said_codes() -> set[str]:
    """The codes written literally (`say("inexact", ...)`), and the families built from a
    name (`verb.{verb}` for every merge kind, the units and axes)."""
    said = {code for path in (ROOT / "cnncalc").rglob("*.py")
            for code in re.findall(r'say\(\s*"([^"{]+)"\s*[,)]', path.read_text(encoding="utf-8"))}
    said |= {f"verb.{kind.verb}" for kind in (Merge, *REGISTRY.values())
             if isinstance(kind, Merge) or kind is Merge}
    said |= {f"axis.{axis}" for axis in messages.AXES} | {"error", "warning", "note"}
    from cnncalc.core.text import _UNITS

    said |= {f"unit.{n}.{unit}" for unit in (*_UNITS.values(), "position") for n in ("one", "many")}
    from cnncalc.render import columns, table, verify_table
    from cnncalc.run import verify

    said |= {c.header for c in (*columns.COLUMNS, *table.FIXED, *verify_table.COLUMNS)
             if c.header}
    said |= {"status." + status.replace(" ", "-") for status in (
        verify.AGREES, verify.DIFFERS, verify.UNSUPPORTED, verify.FAILED, verify.NOT_RUN)}
    codes = {code for path in (ROOT / "cnncalc").rglob("*.py")
             for code in re.findall(r'ExplainError\(\s*"([^"]+)"', path.read_text(encoding="utf-8"))}
    said |= {f"explain.{code}" for code in codes} | {"click.default", "click.required"}
    said |= {f"shown.{noun}{long}" for noun in ("list", "mapping") for long in ("", ".long")}
    said |= {"sizes.below", "sizes.above"}
    assert codes
    return said


def test_every_code_the_code_words_is_in_the_catalog():
    assert sorted(_said_codes() - set(catalog("en"))) == []


def test_every_catalog_entry_is_worded_somewhere():
    """No entry is left over from a text that is gone: each code is said (or written as a
    string, `say("a" if ... else "b")`) by the code, or is one of a family above."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "cnncalc").rglob("*.py")
                     if "messages" not in path.parts)
    quoted = {c for c in catalog("en") if f'"{c}"' in code or f"'{c}'" in code}
    assert sorted(set(catalog("en")) - quoted - _said_codes()) == []


def _help_texts():
    """Every paragraph of the commands' help (but the examples, `\b` paragraphs, shown as
    written) and every option's help."""
    commands = [(name, cli.get_command(None, name)) for name in cli.list_commands(None)]
    for name, command in [("", cli), *commands]:
        yield from (part for part in inspect.cleandoc(command.help).split("\n\n")
                    if not part.startswith("\b"))
        yield from (param.help for param in command.params if getattr(param, "help", None))


def test_every_help_text_has_a_korean_entry():
    from cnncalc.core.messages import ko

    missing = [text[:60] for text in _help_texts() if text not in ko.HELP]
    assert missing == []
    assert {"Options", "Commands", "Show this message and exit."} <= set(ko.HELP)


@pytest.mark.parametrize("environ, language", [
    ({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"), ({"LC_MESSAGES": "ko", "LANG": "C"}, "ko"),
    ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "ko"}, "ko"), ({}, "en"), ({"LANG": "kok_IN"}, "en"),
])
def test_the_locale_variables_choose_the_language_in_posix_order(environ, language):
    assert from_environment(environ) == language


def _run(invoke, monkeypatch, environ, *args):
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return invoke(*args)


def test_lang_ko_in_the_environment_and_lang_en_overriding_it(invoke, monkeypatch):
    korean = _run(invoke, monkeypatch, {"LANG": "ko_KR.UTF-8"}, "check", "specs/taewan_39x31x1.yaml")
    assert korean.stdout.splitlines()[-1] == "스펙 1개: 올바름 1, 올바르지 않음 0"
    english = _run(invoke, monkeypatch, {"LANG": "ko_KR.UTF-8"}, "check", "--lang", "en",
                   "specs/taewan_39x31x1.yaml")
    assert english.stdout.splitlines()[-1] == "1 spec, 1 valid, 0 invalid"
    posix = _run(invoke, monkeypatch, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "check",
                 "specs/taewan_39x31x1.yaml")
    assert posix.stdout.splitlines()[-1] == "1 spec, 1 valid, 0 invalid"
    # the group's option, and the last --lang given, decide as well
    for args in (("--lang", "ko", "check"), ("check", "--lang", "en", "--lang=ko")):
        result = _run(invoke, monkeypatch, {}, *args, "specs/taewan_39x31x1.yaml")
        assert result.stdout.splitlines()[-1] == "스펙 1개: 올바름 1, 올바르지 않음 0"


@pytest.mark.parametrize("args", [("--lang", "ko", "summary", "--help"),
                                  ("summary", "--help", "--lang", "ko")])
def test_help_in_korean_wherever_lang_is_written(invoke, monkeypatch, args):
    result = _run(invoke, monkeypatch, {}, *args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("사용법: ") and lines[0].endswith(" summary [OPTIONS] [SPECS]...")
    assert lines[2] == "  스펙마다 각 레이어의 출력 형상과 학습 파라미터 수."
    assert "옵션:" in lines
    assert "  -h, --help                      이 도움말을 보여 주고 끝냅니다." in lines
    assert "Shapes and parameter counts" not in result.stdout
    assert "Show the arithmetic behind every number." not in result.stdout


def test_the_command_list_in_korean(invoke, monkeypatch):
    lines = _run(invoke, monkeypatch, {"LANG": "ko_KR.UTF-8"}, "--help").stdout.splitlines()
    assert "  summary  스펙마다 각 레이어의 출력 형상과 학습 파라미터 수." in lines
    assert lines[lines.index("명령:") + 1].startswith("  check    여러 스펙을 한 번에")


def test_a_usage_error_in_korean_exits_2(invoke, monkeypatch):
    result = _run(invoke, monkeypatch, {}, "summary", "--lang", "ko", "--format", "nope", "x")
    assert result.exit_code == 2
    assert result.stderr.replace("cli summary", "cnncalc summary").splitlines() == [
        "사용법: cnncalc summary [OPTIONS] [SPECS]...",
        "도움말은 'cnncalc summary --help'", "",
        "오류: '--format'의 값이 잘못되었습니다: 'nope'은(는) 'table', 'json', 'markdown', "
        "'csv', 'html' 중 하나가 아닙니다."]


def test_the_worked_example_as_the_tutorials_write_it(invoke, golden):
    result = invoke("summary", "--lang", "ko", "specs/taewan_39x31x1.yaml", "--explain")
    assert result.exit_code == 0
    golden("ko_taewan_explain.txt", result.stdout)
    assert "  conv1     출력 높이 = (39 + 2·0 − 4)/1 + 1 = 36" in result.stdout
    assert "            학습 파라미터 1 × 4 × 4 × 20 = 320 (+ 편향 20)" in result.stdout


def test_the_tensorflow_tutorials_strict_error(invoke, golden):
    result = invoke("summary", "--lang", "ko", "specs/tensorflow_cnn_28x28x1.yaml",
                    "--rounding", "strict")
    assert result.exit_code == 1
    golden("ko_tensorflow_strict.txt", result.stdout + "\n" + result.stderr)


def test_every_bad_input_class_in_korean(invoke, golden, tmp_path):
    """Each case of test_bad_input.py: exit 1, as many one-line errors as in English, each
    at the same place, worded in Korean."""
    parts = []
    for case, (text, english) in CASES.items():
        (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
        result = invoke("summary", "--lang", "ko", str(tmp_path / "bad.yaml"))
        assert result.exit_code == 1, case
        lines = result.stderr.replace(str(tmp_path) + "/", "").splitlines()
        assert len(lines) == len(english), case
        for line, expected in zip(lines, english):
            place = expected.split(" error: ")[0]
            assert line.startswith(place + " 오류: "), (case, line)
        parts.append(f"# {case}\n" + "\n".join(lines))
    golden("ko_bad_input.txt", "\n".join(parts) + "\n")


def _visible(text: str) -> str:
    """An HTML page's text: without its style sheet, tags and entities."""
    text = re.sub(r"<style>.*?</style>|<svg.*?</svg>", " ", text, flags=re.DOTALL)
    return re.sub(r"&\w+;|&#\d+;", " ", re.sub(r"<[^>]*>", " ", text))


SPECS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "specs").rglob("*.yaml"))
VIEWS = [(), ("--explain",), ("--rounding", "floor"), ("--rounding", "strict"),
         ("--format", "markdown", "--explain", "--columns", "output,params,share,macs"),
         ("--format", "html")]


@pytest.mark.parametrize("spec", SPECS)
def test_no_english_in_korean_output_of_the_example_specs(invoke, spec):
    source = (ROOT / spec).read_text(encoding="utf-8")
    for args in [("summary", spec, *view) for view in VIEWS] + [("check", spec)]:
        result = invoke("--lang", "ko", *args)
        shown = _visible(result.output) if "html" in args else result.output
        assert leaks(shown, source, " ".join(args)) == [], args


def test_no_english_in_korean_errors(invoke, tmp_path):
    for case, (text, _) in CASES.items():
        (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
        result = invoke("--lang", "ko", "check", str(tmp_path / "bad.yaml"))
        assert leaks(result.output, text, str(tmp_path / "bad.yaml")) == [], case


@pytest.mark.parametrize("args", [
    ("explain", "specs/taewan_39x31x1.yaml", "--layer", "conv1"),
    ("explain", "conv", "--input", "7", "--kernel", "3", "--stride", "2", "--padding", "1"),
    ("explain", "maxpool", "--input", "9", "--kernel", "2", "--rounding", "floor"),
    ("verify", "specs/taewan_39x31x1.yaml"),
    ("summary", "specs/zoo/vgg16.yaml", "--max-params", "1000"),
])
def test_no_english_in_other_korean_commands(invoke, args):
    result = invoke("--lang", "ko", *args)
    specs = [(ROOT / arg).read_text(encoding="utf-8") for arg in args if arg.endswith(".yaml")]
    assert leaks(result.output, " ".join(args), *specs) == []


def test_json_is_the_same_in_every_language_but_the_words(invoke):
    args = ("summary", "--format", "json", "specs/tensorflow_cnn_28x28x1.yaml", "--rounding",
            "strict")
    english, korean = (json.loads(invoke("--lang", code, *args).stdout) for code in ("en", "ko"))

    def skeleton(value):
        if isinstance(value, dict):
            return {k: skeleton(v) for k, v in value.items() if k not in ("message", "fixes")}
        return [skeleton(v) for v in value] if isinstance(value, list) else value
    assert skeleton(korean) == skeleton(english)
    assert korean["errors"][0]["code"] == english["errors"][0]["code"] == "inexact"
    assert korean["errors"][0]["message"].startswith("maxpool2: 출력 높이 = (11 − 2)/2 + 1")


def test_the_table_stays_aligned_with_korean_names_and_headers(invoke):
    """Every row's cells start and end, in terminal cells, where the header's do."""
    result = invoke("summary", "--lang", "ko", "--input", "8x8x1",
                    "conv:filters=2,kernel=3,name=합성곱층", "maxpool:size=2,name=풀링",
                    "flatten", "dense:units=3,name=출력층")
    lines = result.stdout.splitlines()
    header, rows, total = lines[2], lines[4:8], lines[9]
    assert header.split() == ["#", "레이어", "종류", "입력", "출력", "학습", "파라미터", "(편향",
                              "제외)", "학습", "파라미터"]

    def cells(line, at):  # the terminal cell where the text at character `at` starts
        return cell_width(line[:at])
    starts = [cells(header, header.index(word)) for word in ("종류", "입력", "출력")]
    ends = [cells(header, len(header.rstrip()))]
    for row in rows:
        words = [m.start() for m in re.finditer(r"(?<=  )\S", row)]
        assert [cells(row, at) for at in words[1:4]] == starts, row
        assert cell_width(row.rstrip()) == ends[0], row
    assert total.split()[0] == "합계" and cell_width(total.rstrip()) == ends[0]
    assert "합성곱층" in lines[4] and "출력층" in lines[7]


def test_readable_totals_in_markdown_and_html(invoke):
    markdown = invoke("summary", "--format", "markdown", "specs/zoo/vgg16.yaml").stdout
    assert markdown.splitlines()[-1] == ("|  | **total** |  |  |  | **138,344,128** (138.34 M) "
                                         "| **138,357,544** (138.36 M) |")
    html = invoke("summary", "--format", "html", "specs/zoo/vgg16.yaml").stdout
    assert '<td class="n">138,357,544 (138.36 M)</td>' in html
    small = invoke("summary", "--format", "markdown", "specs/taewan_39x31x1.yaml").stdout
    assert small.splitlines()[-1].endswith("| **64,320** | **64,620** |")


@pytest.mark.parametrize("command", ["", *cli.list_commands(None)])
def test_korean_help_is_wrapped_by_terminal_cells(invoke, command):
    """click wraps by characters; a Korean line is wrapped by the cells it takes, within the
    80 columns click lays help out in here (the examples are shown as written)."""
    result = invoke("--lang", "ko", *([command] if command else []), "--help")
    wide = [line for line in result.stdout.splitlines() if not line.isascii()]
    assert wide and max(map(cell_width, wide)) <= 80
    assert "\u2063" not in result.stdout


def _docs():
    from cnncalc.core.constraints import CONSTRAINTS

    for kind in REGISTRY.values():
        yield from (kind.doc, kind.output_rule, kind.count_rule, *(p.doc for p in kind.params))
    yield from (constraint.param.doc for constraint in CONSTRAINTS.values())


def test_every_description_with_words_has_a_korean_entry():
    """A layer kind's or parameter's description, unless it is a formula alone (`2·C`)."""
    from cnncalc.core.messages import ko

    worded = {doc for doc in _docs() if re.search(r"[a-z]{2,}", re.sub(r"`[^`]*`", "", doc))}
    assert sorted(worded - set(ko.DOCS)) == []


def test_no_english_in_korean_kinds(invoke):
    """`cnncalc kinds` in Korean: the names of kinds, parameters and values are the spec's."""
    names = " ".join(f"{kind.name} " + " ".join(
        f"{p.name} {p.describe()} {p.default} {' '.join(map(str, getattr(p.type, 'values', ())))}"
        for p in kind.params) for kind in REGISTRY.values())
    formulas = " ".join(re.findall(r"`[^`]*`", " ".join(_docs())))
    proper = "squeeze-and-excitation seed leaky ReLU"  # names ("seed 004": the tutorials)
    for args in (("kinds",), ("kinds", *REGISTRY), ("kinds", "--format", "markdown")):
        result = invoke("--lang", "ko", *args)
        assert leaks(result.stdout, names, formulas, proper) == [], args
