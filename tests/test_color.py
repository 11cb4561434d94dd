"""Colour: on for a terminal or when FORCE_COLOR asks for it; NO_COLOR always wins."""

import pytest

BOLD = "\x1b[1m"


@pytest.mark.parametrize("environment, coloured", [
    ({}, False),
    ({"FORCE_COLOR": "1"}, True),
    ({"FORCE_COLOR": ""}, False),  # set but empty asks for nothing (force-color.org)
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
])
def test_colour_follows_force_color_and_no_color(invoke, monkeypatch, environment, coloured):
    for name in ("FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = invoke("summary", "specs/taewan_39x31x1.yaml")
    assert result.exit_code == 0
    assert (BOLD in result.stdout) is coloured
    plain = result.stdout.replace(BOLD, "").replace("\x1b[0m", "")
    assert plain.splitlines()[0] == "taewan-39x31x1"
    assert plain.splitlines()[-1].split()[-2:] == ["64,320", "64,620"]


def test_verify_colours_its_table_under_force_color(invoke, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = invoke("verify", "specs/taewan_39x31x1.yaml")
    assert result.exit_code == 0
    assert BOLD in result.stdout
