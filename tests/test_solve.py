"""`cnncalc solve` for one layer: every setting listed, written into a spec, gives the
target under the frameworks it names; a brute force through the spec reader and `analyze`
finds no setting it missed; the CLI prints the usual choices first."""

import json
from itertools import product

import pytest

from cnncalc import analyze, inline
from cnncalc.solve.settings import solve
from cnncalc.core.errors import SpecError

SMALL = {"kernel": (1, 2, 3, 4, 5), "size": (1, 2, 3, 4), "stride": (1, 2, 3),
         "padding": ("same", 0, 1, 2, 3), "dilation": (1, 2), "output_padding": (None, 1, 2)}
PROBLEMS = [("conv", 16, 8), ("conv", 15, 15), ("conv", 17, 5), ("maxpool", 16, 8),
            ("avgpool", 9, 4), ("depthwise_conv", 12, 6), ("conv_transpose", 6, 12),
            ("conv_transpose", 5, 11), ("separable_conv", 10, 4)]


def token(kind: str, values: dict) -> str:
    placeholders = {"conv": "filters=2,", "separable_conv": "filters=2,",
                    "conv_transpose": "filters=2,"}.get(kind, "")
    written = ",".join(f"{k}={v}" for k, v in values.items() if v is not None)
    return f"{kind}:{placeholders}{written}"


def gives(kind: str, values: dict, size: int, target: int, framework: str,
          rounding: str) -> bool:
    """Through the spec reader and the whole walk, on a 2-D input of that size."""
    try:
        spec = inline(f"{size}x{size}x2", [token(kind, values)], rounding=rounding)
    except SpecError:
        return False
    report = analyze(spec, framework=framework)
    return report.valid and report.rows[0].output_shape[:2] == (target, target)


@pytest.mark.parametrize("kind, size, target", PROBLEMS)
@pytest.mark.parametrize("rounding", ["floor", "strict"])
def test_every_setting_listed_gives_the_target(kind, size, target, rounding):
    found = solve(kind, size, target, rounding=rounding)
    assert found
    for setting in found:
        values = dict(setting.values)
        for framework in ("keras", "pytorch"):
            assert (framework in setting.frameworks) == (
                gives(kind, values, size, target, framework, rounding)
                and writable(kind, values, framework)), (setting, framework)
        assert setting.floors == (rounding == "floor" and not gives(
            kind, values, size, target, setting.frameworks[0], "strict"))


@pytest.mark.parametrize("kind, size, target", PROBLEMS)
def test_a_brute_force_finds_no_setting_it_missed(kind, size, target):
    found = {(dict_key(s.values), f) for s in solve(kind, size, target, search=SMALL)
             for f in s.frameworks}
    names = [name for name in SMALL if name in _params(kind)]
    brute = set()
    for values in product(*(SMALL[name] for name in names)):
        chosen = dict(zip(names, values))
        for framework in ("keras", "pytorch"):
            if gives(kind, chosen, size, target, framework, "floor") and \
                    writable(kind, chosen, framework):
                brute.add((dict_key(chosen.items()), framework))
    assert found == brute


def dict_key(values) -> tuple:
    return tuple(sorted(values))


def _params(kind: str) -> set[str]:
    from cnncalc.layers import REGISTRY

    return {p.name for p in REGISTRY[kind].params}


def writable(kind: str, values: dict, framework: str) -> bool:
    """Keras has no explicit padding on pooling or transposed convolutions."""
    explicit = values.get("padding") not in ("same", 0, None)
    return not (framework == "keras" and explicit and kind in (
        "maxpool", "avgpool", "minpool", "conv_transpose"))


def test_the_cli_lists_the_usual_choices_first(invoke):
    result = invoke("solve", "conv", "--input", "224", "--output", "112", "--limit", "4")
    assert result.exit_code == 0
    assert result.output == (
        "conv: every axis 224 → 112, rounding floor; searched kernel 1–11, stride 1–8, "
        "padding 0–10 or same, dilation 1–3\n"
        "   1. kernel 3, stride 2, padding same  (Keras only)\n"
        "   2. kernel 3, stride 2, padding 1  (rounds down)\n"
        "   3. kernel 5, stride 2, padding same  (Keras only)\n"
        "   4. kernel 5, stride 2, padding 2  (rounds down)\n"
        "  4 of 63 shown; --limit 0 lists every one\n")


def test_pooling_prefers_a_window_as_wide_as_its_stride(invoke):
    result = invoke("solve", "maxpool", "--input", "224x160", "--output", "112x80",
                    "--rounding", "strict", "--framework", "pytorch", "--limit", "2")
    assert result.output.splitlines()[1:3] == ["   1. size 2, stride 2",
                                               "   2. size 4, stride 2, padding 1"]
    assert "width 160 → 80" in result.output


def test_transposed_convolutions_in_both_conventions(invoke):
    result = invoke("solve", "conv_transpose", "--input", "56", "--output", "112", "--set",
                    "kernel=3", "--format", "json")
    settings = json.loads(result.output)["axes"][0]["settings"]
    assert settings[:3] == [
        {"kernel": 3, "stride": 2, "padding": "same", "output_padding": None, "dilation": 1,
         "frameworks": ["keras"], "rounds_down": False},
        {"kernel": 3, "stride": 2, "padding": "same", "output_padding": 1, "dilation": 1,
         "frameworks": ["keras"], "rounds_down": False},
        {"kernel": 3, "stride": 2, "padding": 1, "output_padding": 1, "dilation": 1,
         "frameworks": ["pytorch"], "rounds_down": False}]


def test_nothing_found_exits_1_and_bad_options_exit_2(invoke):
    assert invoke("solve", "conv", "--input", "4", "--output", "100", "--set", "stride=1",
                  "--set", "kernel=1").exit_code == 1
    for args in (["dense", "--input", "4", "--output", "2"],
                 ["conv", "--input", "4", "--output", "2", "--set", "kernel=abc"],
                 ["conv", "--input", "4", "--output", "2", "--set", "filters=3"],
                 ["conv", "--input", "4x4", "--output", "2x2x2"],
                 ["conv", "--input", "0", "--output", "2"]):
        assert invoke("solve", *args).exit_code == 2, args
