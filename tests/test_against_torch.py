"""Differential test: the engine's shapes and counts against real torch.nn modules."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc import analyze, inline

torch = pytest.importorskip("torch")
F = torch.nn.functional

CONV = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}
POOL = {1: torch.nn.MaxPool1d, 2: torch.nn.MaxPool2d, 3: torch.nn.MaxPool3d}


def _axes(draw, rank, lo, hi):
    return tuple(draw(st.integers(lo, hi)) for _ in range(rank))


def _text(values):
    return "x".join(map(str, values))


@st.composite
def conv_case(draw):
    rank = draw(st.integers(1, 3))
    groups = draw(st.integers(1, 3))
    channels = groups * draw(st.integers(1, 3))
    filters = groups * draw(st.integers(1, 3))
    kernel, stride = _axes(draw, rank, 1, 4), _axes(draw, rank, 1, 3)
    dilation, padding = _axes(draw, rank, 1, 2), _axes(draw, rank, 0, 2)
    size = tuple(draw(st.integers(k * d, 12)) for k, d in zip(kernel, dilation))
    bias = draw(st.booleans())
    return rank, size, channels, filters, kernel, stride, dilation, padding, groups, bias


@settings(max_examples=150, deadline=None)
@given(conv_case())
def test_conv_shape_and_params_match_torch(case):
    rank, size, channels, filters, kernel, stride, dilation, padding, groups, bias = case
    token = (f"conv:filters={filters},kernel={_text(kernel)},stride={_text(stride)},"
             f"dilation={_text(dilation)},padding={_text(padding)},groups={groups},"
             f"bias={str(bias).lower()}")
    report = analyze(inline(f"{_text(size)}x{channels}", [token], rounding="floor"))
    module = CONV[rank](channels, filters, kernel, stride, padding, dilation, groups, bias)
    actual = module(torch.zeros(1, channels, *size)).shape
    row = report.rows[0]
    assert row.output_shape == (*actual[2:], actual[1])
    assert row.params == sum(p.numel() for p in module.parameters())
    assert row.params_without_bias == module.weight.numel()


@st.composite
def pool_case(draw):
    rank = draw(st.integers(1, 3))
    kernel = _axes(draw, rank, 1, 4)
    stride = _axes(draw, rank, 1, 4)
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)  # torch's limit
    size = tuple(draw(st.integers(k, 13)) for k in kernel)
    return rank, size, kernel, stride, padding, draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(pool_case())
def test_pool_shape_matches_torch_in_floor_and_ceil_mode(case):
    rank, size, kernel, stride, padding, ceil = case
    token = f"maxpool:size={_text(kernel)},stride={_text(stride)},padding={_text(padding)}"
    report = analyze(inline(f"{_text(size)}x2", [token], rounding="ceil" if ceil else "floor"))
    module = POOL[rank](kernel, stride, padding, ceil_mode=ceil)
    actual = module(torch.zeros(1, 2, *size)).shape
    assert report.rows[0].output_shape == (*actual[2:], 2)


@settings(max_examples=100, deadline=None)
@given(size=st.integers(1, 20), kernel=st.integers(1, 5), stride=st.integers(1, 4))
def test_same_padding_matches_tensorflow_padding_on_torch(size, kernel, stride):
    """Keras `same`: the total padding split with the odd pixel after, then a valid conv."""
    report = analyze(inline(f"{size}x1", [f"conv:filters=1,kernel={kernel},stride={stride},"
                                          f"padding=same"]))
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    x = F.pad(torch.zeros(1, 1, size), (total // 2, total - total // 2))
    actual = torch.nn.Conv1d(1, 1, kernel, stride)(x).shape
    assert report.rows[0].output_shape == (actual[-1], 1)
