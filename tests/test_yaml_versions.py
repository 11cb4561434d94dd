"""cnncalc's own refusals read the same whatever PyYAML and libyaml are installed.

libyaml's scanner reads a line ahead of the events it hands out; from PyYAML 6.0.4 on it
refuses 1,000 nested levels there, in its own words, before cnncalc has seen the 65th. These
tests stand in for any such parser, so they fail on every installed version if cnncalc lets
the parser's words through."""

import pytest
import yaml

from cnncalc.read import yamltree

DEEP_LINE = "input: " + "[" * 2000 + "]" * 2000 + "\nlayers: [relu]\n"
REFUSAL = "bad.yaml:1:71: error: nested more than 64 levels deep; a spec needs a few\n"


class StrictLibyaml(yaml.SafeLoader):
    """A parser that, like libyaml from PyYAML 6.0.4 on, refuses the 1,000th nested level
    before handing out the events of its line."""

    def __init__(self, text):
        super().__init__(text)
        first = text.find("[" * 1000)
        self.refused_at = first + 999 if first >= 0 else None  # the 1,000th `[` in a row
        self.handed_out = 0

    def get_event(self):
        if self.handed_out == 4 and self.refused_at is not None:  # after `input`
            mark = yaml.Mark("<unicode string>", self.refused_at, 0, self.refused_at,
                             None, None)
            raise yaml.scanner.ScannerError("while increasing flow level", mark,
                                            "exceeded maximum nesting depth", mark)
        self.handed_out += 1
        return super().get_event()


@pytest.mark.parametrize("loader", [StrictLibyaml, yaml.SafeLoader] + (
    [yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else []), ids=lambda c: c.__name__)
def test_deep_nesting_is_cnncalcs_refusal_with_any_parser(invoke, tmp_path, monkeypatch,
                                                         loader):
    monkeypatch.setattr(yamltree, "Loader", loader)
    (tmp_path / "bad.yaml").write_text(DEEP_LINE, encoding="utf-8")
    result = invoke("summary", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}/" + REFUSAL


@pytest.mark.parametrize("loader", [StrictLibyaml, yaml.SafeLoader],
                         ids=lambda c: c.__name__)
@pytest.mark.parametrize("text, position", [
    ("input: [8, 8, 1]\nlayers: [relu\n", "3:1"),
    ("input: [39, 31, 1]\nlayers:\n  - conv: {filters: 20, kernel: 4\n", "4:1"),
])
def test_malformed_yaml_is_one_line_at_the_parsers_position(invoke, tmp_path, monkeypatch,
                                                             loader, text, position):
    """The parser's own words follow `invalid YAML:`; no test depends on them."""
    monkeypatch.setattr(yamltree, "Loader", loader)
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    result = invoke("summary", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path}/bad.yaml:{position}: error: invalid YAML: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("text, readers", [
    (DEEP_LINE, [StrictLibyaml, yaml.SafeLoader]),
    ("input: [8, 8, 1]\nlayers: [relu\n", [StrictLibyaml]),  # no line could nest 64 deep
])
def test_only_a_line_that_could_nest_too_deep_is_read_twice(invoke, tmp_path, monkeypatch,
                                                           text, readers):
    used, build = [], yamltree._build
    monkeypatch.setattr(yamltree, "_build", lambda text, loader, builder: (
        used.append(loader), build(text, loader, builder))[1])
    monkeypatch.setattr(yamltree, "Loader", StrictLibyaml)
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    assert invoke("summary", str(tmp_path / "bad.yaml")).exit_code == 1
    assert used == readers
