"""Fixes that think about the whole network, tested by applying them: a suggested network
input makes the whole spec valid; a layer's own fix removes its error; one padding fixes
every axis of a layer; a pooling size that divides is offered; a too-large kernel says how
large; nothing is offered that the spec's framework cannot write."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnncalc import analyze, inline
from cnncalc import report_of
from cnncalc.read.spec import inline_value, load

TF = "specs/tensorflow_cnn_28x28x1.yaml"


def test_the_tensorflow_tutorial_gains_the_nearest_network_inputs(invoke):
    result = invoke("summary", TF, "--rounding", "strict")
    assert result.exit_code == 1
    assert ("Fix: an input height of 12 instead of 11; or padding: same on maxpool2 (output "
            "ceil(X/S)); or a network input of 26×26×1 or 30×30×1 (cnncalc sizes lists every "
            "size); or rounding: floor drops 1 row") in result.stderr
    for shape in ((26, 26, 1), (30, 30, 1)):
        assert analyze(inline("x".join(map(str, shape)), tokens_of(TF)), "strict").valid


def tokens_of(path: str) -> list[str]:
    """The layers of a chain spec as inline tokens."""
    tokens = []
    for layer in load(path).layers:
        written = {k: v for k, v in layer.params.items()
                   if v is not None and k not in ("bias", "activation")}
        tokens.append(layer.kind + (":" + ",".join(f"{k}={_text(v)}" for k, v in written.items())
                                    if written else ""))
    return tokens


def _text(value) -> str:
    return "x".join(map(str, value)) if isinstance(value, tuple) else str(value).lower()


def test_a_pooling_failing_on_both_axes_gets_one_padding_for_both(invoke):
    result = invoke("summary", "--input", "12x12x1", "--framework", "pytorch",
                    "maxpool:size=4,stride=3")
    height, width = result.stderr.strip().split("\n")
    assert "Fix: padding: 2 on maxpool1;" in height and "Fix: padding: 2 on maxpool1;" in width
    assert analyze(inline("12x12x1", ["maxpool:size=4,stride=3,padding=2"]),
                   framework="pytorch").valid


def test_keras_is_not_offered_explicit_pooling_padding(invoke):
    result = invoke("summary", "--input", "12x12x1", "--framework", "keras",
                    "maxpool:size=4,stride=3")
    assert "padding: 2" not in result.stderr
    assert "an input height of 13 instead of 12; or padding: same on maxpool1" in result.stderr


def test_pytorch_is_not_offered_same_pooling(invoke):
    result = invoke("summary", "--input", "12x12x1", "--framework", "pytorch",
                    "maxpool:size=5")
    assert "padding: same" not in result.stderr
    assert "size: 4 on maxpool1 (divides the input)" in result.stderr


def test_a_too_large_kernel_says_how_large(invoke):
    result = invoke("summary", "--input", "3x3x1", "conv:filters=1,kernel=5,dilation=2")
    assert "Fix: a kernel of 2 or less; or padding: 3 on conv1;" in result.stderr


LAYER = st.one_of(
    st.builds("conv:filters=2,kernel={},stride={},padding={}".format,
              st.integers(1, 5), st.integers(1, 3), st.sampled_from([0, 1, 2, "same"])),
    st.builds("maxpool:size={},padding={}".format, st.integers(2, 4), st.sampled_from([0, 1])),
    st.builds("avgpool:size={},stride={}".format, st.integers(2, 4), st.integers(1, 3)),
    st.builds("channel_pool:size={}".format, st.integers(2, 3)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(height=st.integers(5, 40), width=st.integers(5, 40), channels=st.integers(1, 6),
       tokens=st.lists(LAYER, min_size=1, max_size=4),
       framework=st.sampled_from(["keras", "pytorch"]))
def test_applying_each_fix_removes_its_error(height, width, channels, tokens, framework):
    shape = f"{height}x{width}x{channels}"
    report = report_of(lambda: inline(shape, tokens), "<test>", "strict",
                       framework=framework)
    for error in report.errors:
        for fix in error.fixes:
            fixed = apply(fix, shape, tokens, error.index)
            if fixed is None:
                continue  # a fix about a layer's input or the network's shape above it
            new_shape, new_tokens, rounding, whole = fixed
            after = analyze(inline(new_shape, new_tokens), rounding, framework=framework)
            if whole:
                assert after.valid, (fix, after.errors)
            else:
                assert not [e for e in after.errors if (e.index, e.axis, e.code) == (
                    error.index, error.axis, error.code)], (fix, error.message)
                assert not [e for e in after.errors if e.index == error.index
                            and e.code == "framework"], fix


def apply(fix: str, shape: str, tokens: list[str], index: int):
    """(input, layers, rounding, whether the whole spec must then be valid) with `fix`
    applied, or None for a fix that names no change of the spec itself."""
    tokens = list(tokens)
    if m := re.fullmatch(r"a network input of ([\d×]+)(?: or [\d×]+)? \(.*\)", fix):
        return m[1].replace("×", "x"), tokens, "strict", True
    if m := re.match(r"rounding: (floor|ceil)", fix):
        return shape, tokens, m[1], False
    if m := re.fullmatch(r"(padding|size): (.+?) on \S+(?: \(.*\))?", fix):
        return shape, _set(tokens, index, m[1], m[2]), "strict", False
    if m := re.fullmatch(r"a kernel of (\d+) or less", fix):
        key = "kernel" if tokens[index - 1].startswith("conv") else "size"
        return shape, _set(tokens, index, key, m[1]), "strict", False
    return None


def _set(tokens: list[str], index: int, key: str, value: str) -> list[str]:
    kind, _, rest = tokens[index - 1].partition(":")
    params = dict(pair.split("=") for pair in rest.split(",") if pair)
    params[key] = "x".join(map(str, inline_value(value.strip("[]").replace(", ", "x")))) \
        if value.startswith("[") else value
    tokens[index - 1] = kind + ":" + ",".join(f"{k}={v}" for k, v in params.items())
    return tokens
